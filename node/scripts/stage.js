'use strict';

// `node scripts/stage.js <dir>`: writes the main npm package, as it is
// published, into <dir>: the files its package.json lists, and a package.json
// whose optionalDependencies name, at exactly this version, every platform
// package under npm/ that holds its addon (napi-rs's layout: npm installs only
// the one whose os / cpu / libc fit). The checkout's own package.json has none,
// so that `npm ci` in this folder never looks for them.

const { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const PACKAGE = join(__dirname, '..');
const destination = process.argv[2];
if (!destination) {
  console.error('usage: node scripts/stage.js <dir>');
  process.exit(2);
}

const manifest = require(join(PACKAGE, 'package.json'));
const optional = {};
for (const platform of readdirSync(join(PACKAGE, 'npm')).sort()) {
  if (!existsSync(join(PACKAGE, 'npm', platform, 'package.json'))) continue;
  const platformManifest = require(join(PACKAGE, 'npm', platform, 'package.json'));
  if (platformManifest.version !== manifest.version) {
    console.error(
      `stage: ${platformManifest.name} is version ${platformManifest.version}, not ${manifest.version}`,
    );
    process.exit(1);
  }
  if (existsSync(join(PACKAGE, 'npm', platform, platformManifest.main))) {
    optional[platformManifest.name] = manifest.version;
  }
}
if (Object.keys(optional).length === 0) {
  console.error('stage: no platform package holds its addon; `make dist` copies it into npm/<platform>/');
  process.exit(1);
}

mkdirSync(destination, { recursive: true });
for (const file of manifest.files) copyFileSync(join(PACKAGE, file), join(destination, file));
const { scripts, devDependencies, ...published } = manifest;
writeFileSync(
  join(destination, 'package.json'),
  `${JSON.stringify({ ...published, optionalDependencies: optional }, null, 2)}\n`,
);
