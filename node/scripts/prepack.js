'use strict';

// `npm pack` / `npm publish` of a platform package (npm/<platform>/) runs this
// first: it refuses an addon that is missing or a debug build. A debug addon
// is many times larger and slower, and nothing else would tell them apart.

const { existsSync } = require('node:fs');
const { join } = require('node:path');

const manifest = require(join(process.cwd(), 'package.json'));
const addon = join(process.cwd(), manifest.main);

if (!existsSync(addon)) {
  console.error(
    `prepack: ${manifest.name} has no addon (${manifest.main}); \`make dist\` builds and copies it`,
  );
  process.exit(1);
}
let native;
try {
  native = require(addon);
} catch (error) {
  // An addon for another platform cannot be loaded here; the release workflow
  // checks each one on its own platform before packing.
  if (process.env.CHAT_AUTOLOGIN_CROSS_PACK === '1') process.exit(0);
  console.error(`prepack: ${manifest.main} does not load on this machine: ${error.message}`);
  process.exit(1);
}
if (native._debugBuild()) {
  console.error(
    `prepack: ${manifest.main} is a debug build; build it with \`npm run build:release\` (or \`make dist\`)`,
  );
  process.exit(1);
}
