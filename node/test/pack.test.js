'use strict';

// What `npm pack` makes of this folder, and the guard on the platform
// packages. The packages as published (the release build, the platform
// package, a fresh install) are tested by `make test-dist`.

const assert = require('node:assert/strict');
const { execFileSync, spawnSync } = require('node:child_process');
const { copyFileSync, mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { test } = require('node:test');

const PACKAGE = join(__dirname, '..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const native = require('../native.js');

test('the main package holds the JavaScript, the types and the licenses, and no addon', () => {
  const [packed] = JSON.parse(
    execFileSync(NPM, ['pack', '--dry-run', '--json'], { cwd: PACKAGE, encoding: 'utf8', stdio: 'pipe' }),
  );
  assert.deepEqual(packed.files.map((file) => file.path).sort(), [
    'LICENSE-APACHE',
    'LICENSE-MIT',
    'README.md',
    'express.d.ts',
    'express.js',
    'fastify.d.ts',
    'fastify.js',
    'fetch.d.ts',
    'fetch.js',
    'index.d.ts',
    'index.js',
    'native.js',
    'options.js',
    'package.json',
    'web.js',
  ]);
});

test(
  'packing a platform package refuses a debug addon',
  { skip: !native._debugBuild() && 'a release build' },
  () => {
    // This folder's addon is the debug build that `make test-node` made.
    const platform = mkdtempSync(join(tmpdir(), 'chat-autologin-prepack-'));
    try {
      const addon = require.resolve('../native.js').replace(/native\.js$/, '');
      const file = Object.keys(require.cache).find(
        (path) => path.startsWith(addon) && path.endsWith('.node'),
      );
      copyFileSync(file, join(platform, 'addon.node'));
      writeFileSync(join(platform, 'package.json'), JSON.stringify({ name: 'platform', main: 'addon.node' }));
      const result = spawnSync(process.execPath, [join(PACKAGE, 'scripts', 'prepack.js')], {
        cwd: platform,
        encoding: 'utf8',
      });
      assert.equal(result.status, 1, result.stderr);
      assert.match(result.stderr, /addon\.node is a debug build; build it with `npm run build:release`/);
    } finally {
      rmSync(platform, { recursive: true, force: true });
    }
  },
);

test('packing a platform package refuses a missing addon', () => {
  const platform = mkdtempSync(join(tmpdir(), 'chat-autologin-prepack-'));
  try {
    writeFileSync(join(platform, 'package.json'), JSON.stringify({ name: 'platform', main: 'addon.node' }));
    const result = spawnSync(process.execPath, [join(PACKAGE, 'scripts', 'prepack.js')], {
      cwd: platform,
      encoding: 'utf8',
    });
    assert.equal(result.status, 1);
    assert.match(result.stderr, /platform has no addon \(addon\.node\)/);
  } finally {
    rmSync(platform, { recursive: true, force: true });
  }
});
