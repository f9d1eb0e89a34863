'use strict';

// The npm tarballs of dist/, installed as a user would: a fresh project,
// `npm install ./chat-autologin-<v>.tgz ./chat-autologin-linux-x64-gnu-<v>.tgz`.
// Run by `make test-dist` (tests/dist/test_dist.sh), which sets DIST.

const assert = require('node:assert/strict');
const { execFileSync, spawnSync } = require('node:child_process');
const { copyFileSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const { after, before, test } = require('node:test');

const ROOT = join(__dirname, '..', '..');
const NODE_PACKAGE = join(ROOT, 'node');
const DIST = resolve(process.env.DIST || join(ROOT, 'dist'));
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const { version } = require(join(NODE_PACKAGE, 'package.json'));

let consumer;

function run(command, args, cwd) {
  return execFileSync(command, args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

before(() => {
  consumer = mkdtempSync(join(tmpdir(), 'chat-autologin-npm-'));
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
  const tarballs = [`chat-autologin-${version}.tgz`, `chat-autologin-linux-x64-gnu-${version}.tgz`];
  run(NPM, ['install', '--no-audit', '--no-fund', ...tarballs.map((name) => join(DIST, name))], consumer);
});

after(() => {
  if (consumer) rmSync(consumer, { recursive: true, force: true });
});

test('the platform package is installed beside the main one, and the addon comes from it', () => {
  const installed = readdirSync(join(consumer, 'node_modules')).filter((name) =>
    name.startsWith('chat-autologin'),
  );
  assert.deepEqual(installed.sort(), ['chat-autologin', 'chat-autologin-linux-x64-gnu']);
  const script = `
    require('chat-autologin');
    const addons = Object.keys(require.cache).filter((file) => file.endsWith('.node'));
    console.log(JSON.stringify(addons));
  `;
  const [addon, ...others] = JSON.parse(run(process.execPath, ['-e', script], consumer));
  assert.deepEqual(others, []);
  assert.ok(addon.startsWith(join(consumer, 'node_modules', 'chat-autologin-linux-x64-gnu')), addon);
});

test('the shared vectors pass against the installed package', () => {
  copyFileSync(join(__dirname, 'vectors.js'), join(consumer, 'vectors.js'));
  const out = run(process.execPath, ['vectors.js', join(ROOT, 'tests', 'vectors')], consumer);
  assert.match(out, / 0 failures\n$/);
  process.stdout.write(out);
});

test('the installed package loads from CommonJS and from an ES module', () => {
  const script = `
    const { Issuer, Verifier } = require('chat-autologin');
    import('chat-autologin').then((esm) => {
      const token = new Issuer('x'.repeat(76)).mint('ada@example.com', 'Ada', { now: 1764115200 });
      console.log(JSON.stringify({ email: new esm.Verifier('x'.repeat(76)).verify(token, { now: 1764115200 }).email }));
    });
  `;
  assert.deepEqual(JSON.parse(run(process.execPath, ['-e', script], consumer)), { email: 'ada@example.com' });
});

test('the installed express integration serves tokens in an Express app', () => {
  // The app's own Express: here the one the package is tested with.
  symlinkSync(
    join(NODE_PACKAGE, 'node_modules', 'express'),
    join(consumer, 'node_modules', 'express'),
    'dir',
  );
  const script = `
    const express = require('express');
    const { Verifier } = require('chat-autologin');
    const secret = 'x'.repeat(76);
    const { chatAutologin } = require('chat-autologin/express');
    const app = express();
    app.use(chatAutologin({ secret, getUser: () => ({ email: 'ada@example.com', name: 'Ada' }) }));
    const server = app.listen(0, '127.0.0.1', async () => {
      const base = 'http://127.0.0.1:' + server.address().port + '/chat-autologin/';
      const answer = await (await fetch(base + 'token')).json();
      server.close();
      console.log(JSON.stringify({ email: new Verifier(secret).verify(answer.token).email }));
    });
  `;
  assert.deepEqual(JSON.parse(run(process.execPath, ['-e', script], consumer)), { email: 'ada@example.com' });
});

test('the installed fetch handler and Fastify plugin load from CommonJS and ES modules, and answer', () => {
  // The app's own Fastify: here the one the package is tested with.
  symlinkSync(
    join(NODE_PACKAGE, 'node_modules', 'fastify'),
    join(consumer, 'node_modules', 'fastify'),
    'dir',
  );
  const script = `
    const { Verifier } = require('chat-autologin');
    const secret = 'x'.repeat(76);
    const getUser = () => ({ email: 'ada@example.com', name: 'Ada' });
    Promise.all([import('chat-autologin/fetch'), import('chat-autologin/fastify')]).then(async ([fetchEsm, fastifyEsm]) => {
      const { createChatAutologin } = require('chat-autologin/fetch');
      const chat = fetchEsm.createChatAutologin({ secret, getUser });
      const answer = await (await chat(new Request('http://site/chat-autologin/token'))).json();
      const app = require('fastify')();
      app.register(fastifyEsm.default, { secret, getUser });
      const injected = (await app.inject({ url: '/chat-autologin/token' })).json();
      console.log(JSON.stringify({
        same: fetchEsm.createChatAutologin === createChatAutologin && fastifyEsm.default === require('chat-autologin/fastify'),
        fetch: new Verifier(secret).verify(answer.token).email,
        fastify: new Verifier(secret).verify(injected.token).email,
      }));
    });
  `;
  const out = JSON.parse(run(process.execPath, ['-e', script], consumer));
  assert.deepEqual(out, { same: true, fetch: 'ada@example.com', fastify: 'ada@example.com' });
});

test('the installed types check without @types/node', () => {
  writeFileSync(
    join(consumer, 'use.ts'),
    `import { Issuer, Verifier, type ChatClaims } from 'chat-autologin';
const issuer = new Issuer('x'.repeat(76), { ttl: 300 });
const claims: ChatClaims = new Verifier(['x'.repeat(76)], { leeway: 5 }).verify(issuer.mint('a@b', 'A'));
// @ts-expect-error: ttl is a number
new Issuer('x'.repeat(76), { ttl: '300' });
export { claims };
`,
  );
  writeFileSync(
    join(consumer, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        noEmit: true,
        module: 'node16',
        moduleResolution: 'node16',
        types: [],
        lib: ['es2022'],
      },
      files: ['use.ts'],
    }),
  );
  run(
    process.execPath,
    [join(NODE_PACKAGE, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', consumer],
    consumer,
  );
});

// Another platform, faked in a child process: the error names it, the
// platforms that have an addon, and how to build one from source.
const OTHER_PLATFORMS = [
  { platform: 'darwin', arch: 'arm64', name: 'darwin-arm64', prebuilt: true },
  { platform: 'win32', arch: 'x64', name: 'win32-x64-msvc', prebuilt: true },
  { platform: 'linux', arch: 'arm64', name: 'linux-arm64-gnu', prebuilt: true },
  { platform: 'freebsd', arch: 'x64', name: 'freebsd-x64', prebuilt: false },
  {
    platform: 'linux',
    arch: 'riscv64',
    name: 'linux-riscv64-gnu',
    prebuilt: false,
  },
];

for (const fake of OTHER_PLATFORMS) {
  test(`on ${fake.name} (faked) the loader says what to do`, () => {
    const script = `
      Object.defineProperty(process, 'platform', { value: ${JSON.stringify(fake.platform)} });
      Object.defineProperty(process, 'arch', { value: ${JSON.stringify(fake.arch)} });
      try {
        require('chat-autologin');
        console.log(JSON.stringify({ loaded: true }));
      } catch (error) {
        console.log(JSON.stringify({ code: error.code, message: error.message }));
      }
    `;
    const result = spawnSync(process.execPath, ['-e', script], {
      cwd: consumer,
      encoding: 'utf8',
    });
    assert.equal(result.status, 0, result.stderr);
    const out = JSON.parse(result.stdout);
    assert.equal(out.code, 'ERR_CHAT_AUTOLOGIN_NO_ADDON', result.stdout);
    assert.match(out.message, new RegExp(`this platform \\(${fake.name}\\)`));
    assert.match(
      out.message,
      /Prebuilt addons exist for linux-x64-gnu, linux-arm64-gnu, linux-x64-musl, linux-arm64-musl, darwin-x64, darwin-arm64, win32-x64-msvc/,
    );
    assert.match(out.message, /build it from source \(needs Rust/);
    assert.match(out.message, /npm run build:release/);
    assert.match(out.message, /npm install <path to>\/chat-autologin\/node/);
    assert.equal(out.message.includes(`optional dependency chat-autologin-${fake.name}`), fake.prebuilt);
  });
}

test("the loader's list of platforms is the package's napi targets and its npm/ folders", () => {
  const { napi } = require(join(NODE_PACKAGE, 'package.json'));
  const names = {
    'x86_64-unknown-linux-gnu': 'linux-x64-gnu',
    'aarch64-unknown-linux-gnu': 'linux-arm64-gnu',
    'x86_64-unknown-linux-musl': 'linux-x64-musl',
    'aarch64-unknown-linux-musl': 'linux-arm64-musl',
    'x86_64-apple-darwin': 'darwin-x64',
    'aarch64-apple-darwin': 'darwin-arm64',
    'x86_64-pc-windows-msvc': 'win32-x64-msvc',
  };
  const targets = napi.targets.map((triple) => names[triple]);
  const folders = readdirSync(join(NODE_PACKAGE, 'npm')).sort();
  assert.deepEqual([...targets].sort(), folders);
  const script = `
    Object.defineProperty(process, 'platform', { value: 'aix' });
    try { require('chat-autologin'); } catch (error) { console.log(error.message); }
  `;
  const message = run(process.execPath, ['-e', script], consumer);
  assert.ok(message.includes(`Prebuilt addons exist for ${targets.join(', ')}.`), message);
});
