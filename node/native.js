'use strict';

// Loads the native addon built for this platform.
//
// A platform is named the way napi-rs names it: `linux-x64-gnu`, `darwin-arm64`,
// `win32-x64-msvc`, ... The addon is looked for in this package's folder first
// (`chat-autologin.<platform>.node`, what `npm run build` writes) and then in the
// per-platform package `chat-autologin-<platform>` (how the other platforms would
// ship, see README.md). Nothing is downloaded or compiled at install time.

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
  const error = new Error(
    `chat-autologin has no native addon for this platform (${name}). ` +
      `It looked for ${file} and for the package chat-autologin-${name}. ` +
      'Build it from source with `npm run build` in the package folder (needs Rust), ' +
      'or install on a platform that has a prebuilt addon.',
  );
  error.code = 'ERR_CHAT_AUTOLOGIN_NO_ADDON';
  error.cause = errors[0];
  throw error;
}

module.exports = load();
