// The browser tests' harness: starts the widget emulator (`chat-autologin
// serve`) and the Flask test site as child processes, launches headless
// Chromium through playwright-core, and stops all of them again.
//
// Every child is stopped when its test group ends, and again, as a last
// resort, when this process exits or is interrupted: no orphans, even when a
// test or a start-up fails. Should this process be killed outright, the
// children get SIGTERM from the kernel (setpriv --pdeathsig, from util-linux),
// the site also stops when its standard input (a pipe held by this process)
// closes, and Chromium when playwright's pipe to it closes.

'use strict';

const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');

const ROOT = path.resolve(__dirname, '..', '..');
const TARGET_DIR = process.env.CARGO_TARGET_DIR || path.join(ROOT, 'target');
const EMULATOR_BIN = path.join(TARGET_DIR, 'debug', 'chat-autologin');
const PYTHON = path.join(ROOT, '.venv', 'bin', 'python');
const FLASK_SITE = path.join(__dirname, 'sites', 'flask_site.py');
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const SETPRIV = '/usr/bin/setpriv';
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5_000;

/** A fresh secret of the length the vendor generates (76 characters). */
function newSecret() {
  return crypto.randomBytes(57).toString('base64url');
}

const running = new Set();

function killAll() {
  for (const child of running) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
  running.clear();
}

process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(signal, () => {
    killAll();
    process.kill(process.pid, signal);
  });
}

function mustExist(file, hint) {
  if (!fs.existsSync(file)) {
    throw new Error(`${file} is missing: ${hint} (make test-browser does it)`);
  }
}

/**
 * Starts a child process and resolves with { url, child, output() } once it
 * has printed a line matching `pattern` (whose first group is the URL).
 */
function startProcess(name, command, args, env, pattern) {
  if (process.platform === 'linux' && fs.existsSync(SETPRIV)) {
    args = ['--pdeathsig', 'TERM', '--', command, ...args];
    command = SETPRIV;
  }
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  running.add(child);
  let output = '';
  const keep = (chunk) => {
    output = (output + chunk).slice(-20_000);
  };
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', keep);
  child.stdout.setEncoding('utf8');
  const exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    });
  });
  const handle = {
    name,
    child,
    exited,
    output: () => output,
    stop: () => stopProcess(handle),
  };
  return new Promise((resolve, reject) => {
    let settled = false;
    let stdout = '';
    const fail = (why) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      stopProcess(handle).finally(() => reject(new Error(`${name} did not start: ${why}\n${output}`)));
    };
    const timer = setTimeout(() => fail(`no URL within ${START_TIMEOUT_MS} ms`), START_TIMEOUT_MS);
    child.once('error', (error) => {
      running.delete(child);
      fail(error.message);
    });
    exited.then(({ code, signal }) => fail(`it exited (${signal || code})`));
    child.stdout.on('data', (chunk) => {
      keep(chunk);
      if (settled) return;
      stdout += chunk;
      const match = pattern.exec(stdout);
      if (match) {
        settled = true;
        clearTimeout(timer);
        handle.url = match[1];
        resolve(handle);
      }
    });
  });
}

/** SIGTERM, then SIGKILL if it has not exited within STOP_TIMEOUT_MS. */
async function stopProcess(handle) {
  const { child } = handle;
  if (child.pid === undefined) return; // it never started
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.stdin.destroy();
  child.kill('SIGTERM');
  let timer;
  const killed = new Promise((resolve) => {
    timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve();
    }, STOP_TIMEOUT_MS);
  });
  await Promise.race([handle.exited, killed]);
  clearTimeout(timer);
  await handle.exited;
}

/**
 * Starts `chat-autologin serve` on a free port, accepting `secret`; with
 * `newUserDelay` (seconds) a new user's first logins fail for that long.
 */
async function startEmulator({ secret, newUserDelay } = {}) {
  mustExist(EMULATOR_BIN, 'build it with `cargo build -p chat-autologin-cli`');
  const args = ['serve', '--port', '0', '--secret-env', 'EMULATOR_SECRET'];
  if (newUserDelay !== undefined) args.push('--new-user-delay', String(newUserDelay));
  const handle = await startProcess(
    'the emulator',
    EMULATOR_BIN,
    args,
    { EMULATOR_SECRET: secret },
    /chat-autologin emulator listening on (http:\/\/\S+\/)\r?\n/,
  );
  handle.log = async () => {
    const response = await fetch(new URL('api/log', handle.url));
    if (!response.ok) throw new Error(`GET /api/log: ${response.status}`);
    return response.json();
  };
  handle.reset = async () => {
    const response = await fetch(new URL('api/reset', handle.url), {
      method: 'POST',
    });
    if (!response.ok) throw new Error(`POST /api/reset: ${response.status}`);
  };
  return handle;
}

/**
 * Starts the Flask test site on a free port, signing tokens with `secret`,
 * its pages using the widget of the emulator at `emulatorUrl`.
 */
async function startFlaskSite({ secret, emulatorUrl, allowedDomains = [] }) {
  mustExist(PYTHON, 'create the venv and build the extension with `make python-develop`');
  return startProcess(
    'the Flask site',
    PYTHON,
    [FLASK_SITE],
    {
      CHAT_AUTOLOGIN_SECRET: secret,
      EMULATOR_URL: emulatorUrl,
      ALLOWED_DOMAINS: allowedDomains.join(','),
      PORT: '0',
      EXIT_ON_STDIN_EOF: '1',
      PYTHONUNBUFFERED: '1',
    },
    /site listening on (http:\/\/\S+\/)\r?\n/,
  );
}

/** Headless Chromium, with a fresh profile (playwright makes a temporary one). */
function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: START_TIMEOUT_MS,
  });
}

/**
 * Waits for several starts (promises of a process handle or a browser). If
 * one fails, the others are stopped or closed, and its error is thrown.
 */
async function startTogether(...starts) {
  const results = await Promise.allSettled(starts);
  const failed = results.find((result) => result.status === 'rejected');
  if (!failed) return results.map((result) => result.value);
  await Promise.allSettled(
    results
      .filter((result) => result.status === 'fulfilled')
      .map(({ value }) => (value.stop ? value.stop() : value.close())),
  );
  throw failed.reason;
}

module.exports = {
  newSecret,
  startTogether,
  startEmulator,
  startFlaskSite,
  launchBrowser,
  stopProcess,
};
