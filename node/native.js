'use strict';

// Loads the native addon built for this platform.
//
// A platform is named the way napi-rs names it: `linux-x64-gnu`, `darwin-arm64`,
// `win32-x64-msvc`, ... The addon is looked for in this package's folder first
// (`chat-autologin.<platform>.node`, what `npm run build` writes in a checkout)
// and then in the platform package `chat-autologin-<platform>`, which npm
// installs as an optional dependency on the platforms its os / cpu / libc
// fields fit. Nothing is downloaded or compiled at install time.

const { existsSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

function isMusl() {
  try {
    // Reading ldd is fast and does not start a process.
    return readFileSync('/usr/bin/ldd', 'utf8').includes('musl');
  } catch {
    // No ldd to read: ask the process report, which names glibc when there is one.
    try {
      const report = process.report && process.report.getReport();
      const header = report && (typeof report === 'string' ? JSON.parse(report) : report).header;
      return !(header && header.glibcVersionRuntime);
    } catch {
      return false;
    }
  }
}

function platformName() {
  const { platform, arch } = process;
  switch (platform) {
    case 'linux':
      return `linux-${arch}-${isMusl() ? 'musl' : 'gnu'}`;
    case 'win32':
      return `win32-${arch}-msvc`;
    default:
      return `${platform}-${arch}`;
  }
}

/** The platforms that have a prebuilt platform package (node/npm/<platform>/). */
const SUPPORTED = [
  'linux-x64-gnu',
  'linux-arm64-gnu',
  'linux-x64-musl',
  'linux-arm64-musl',
  'darwin-x64',
  'darwin-arm64',
  'win32-x64-msvc',
];

function noAddonMessage(name, file) {
  const prebuilt = SUPPORTED.includes(name)
    ? `; the one for ${name} is the optional dependency chat-autologin-${name}, which npm skipped: ` +
      'reinstall without --omit=optional / --no-optional, with a package-lock.json made or updated on this platform'
    : '';
  return (
    `chat-autologin has no native addon for this platform (${name}). ` +
    `Prebuilt addons exist for ${SUPPORTED.join(', ')}${prebuilt}. ` +
    'To build it from source (needs Rust 1.88 or newer and Node 18 or newer): ' +
    'git clone https://github.com/chat-autologin/chat-autologin && cd chat-autologin/node && ' +
    'npm ci && npm run build:release, then install that folder in your project: ' +
    'npm install <path to>/chat-autologin/node. ' +
    `(Looked for ${file} and the package chat-autologin-${name}.)`
  );
}

function load() {
  const name = platformName();
  const file = join(__dirname, `chat-autologin.${name}.node`);
  const errors = [];
  if (existsSync(file)) {
    try {
      return require(file);
    } catch (error) {
      errors.push(error);
    }
  }
  try {
    return require(`chat-autologin-${name}`);
  } catch (error) {
    errors.push(error);
  }
  const error = new Error(noAddonMessage(name, file));
  error.code = 'ERR_CHAT_AUTOLOGIN_NO_ADDON';
  error.cause = errors[0];
  throw error;
}

// `node native.js` prints this platform's name: `make demo` names the addon it
// builds with it.
if (require.main === module) {
  console.log(platformName());
} else {
  module.exports = load();
}
