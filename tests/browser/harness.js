// The browser tests' harness: starts the widget emulator (`chat-autologin
// serve`), the Flask test site, the example sites (examples/) and `make demo`
// as child processes, launches headless Chromium through playwright-core, and
// stops all of them again.
//
// Every child is stopped when its test group ends, and again, as a last
// resort, when this process exits or is interrupted: no orphans, even when a
// test or a start-up fails. Should this process be killed outright, the
// children get SIGTERM from the kernel (setpriv --pdeathsig, from util-linux),
// the Flask test site also stops when its standard input (a pipe held by this
// process) closes, and Chromium when playwright's pipe to it closes. A child
// started in a process group of its own (`make demo`) is stopped with all of
// its group.

'use strict';

const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
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
// The example sites: Django migrates its database first, and the machine may
// be busy compiling.
const SITE_START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 5_000;

// The example sites (examples/), each started as its README says. They all
// take CHAT_AUTOLOGIN_SECRET, CHAT_WIDGET_SCRIPT_URL and PORT, and print
// `example site on http://127.0.0.1:<port>/`.
const EXAMPLE_SITES = {
  flask: {
    command: PYTHON,
    args: [path.join(ROOT, 'examples', 'flask', 'app.py')],
    needs: [PYTHON, 'create the venv and build the extension with `make python-develop`'],
  },
  django: {
    command: PYTHON,
    args: [path.join(ROOT, 'examples', 'django', 'run.py')],
    needs: [PYTHON, 'create the venv and build the extension with `make python-develop`'],
  },
  fastapi: {
    command: PYTHON,
    args: [path.join(ROOT, 'examples', 'fastapi', 'app.py')],
    needs: [PYTHON, 'create the venv and build the extension with `make python-develop`'],
  },
  express: {
    command: process.execPath,
    args: [path.join(ROOT, 'examples', 'express', 'server.js')],
    needs: [
      path.join(ROOT, 'examples', 'express', 'node_modules', 'chat-autologin'),
      'build the Node addon and install the example with `make build-node examples-express-install`',
    ],
  },
  axum: {
    command: path.join(TARGET_DIR, 'debug', 'chat-autologin-example-axum'),
    args: [],
    needs: [
      path.join(TARGET_DIR, 'debug', 'chat-autologin-example-axum'),
      'build it with `cargo build -p chat-autologin-example-axum`',
    ],
  },
};

/** A fresh secret of the length the vendor generates (76 characters). */
function newSecret() {
  return crypto.randomBytes(57).toString('base64url');
}

const running = new Set();
// The process groups of the children that have one of their own: killed at the
// end even after their leader has exited, should others in them remain.
const groups = new Set();

/** Sends `signal` to the child, or to its process group if it has one of its own. */
function signalChild(child, signal) {
  try {
    if (child.ownGroup) process.kill(-child.pid, signal);
    else child.kill(signal);
  } catch {
    // already gone
  }
}

function killAll() {
  for (const child of running) signalChild(child, 'SIGKILL');
  running.clear();
  for (const group of groups) {
    try {
      process.kill(-group, 'SIGKILL');
    } catch {
      // none left
    }
  }
  groups.clear();
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
 * Starts a child process and resolves with { url, child, exited, closed,
 * output(), stop(signal) } once it has printed a line matching `pattern`
 * (whose first group is the URL). In `env`, a variable set to undefined is
 * removed from the child's environment. Options: `timeout` (ms) for that line;
 * `ownGroup`: start the child in a process group (and session) of its own, as
 * a shell starts a job, its stop() and the last-resort kill then going to the
 * whole group.
 */
function startProcess(
  name,
  command,
  args,
  env,
  pattern,
  { timeout = START_TIMEOUT_MS, ownGroup = false } = {},
) {
  if (process.platform === 'linux' && fs.existsSync(SETPRIV)) {
    args = ['--pdeathsig', 'TERM', '--', command, ...args];
    command = SETPRIV;
  }
  const childEnv = { ...process.env, ...env };
  for (const [key, value] of Object.entries(childEnv)) {
    if (value === undefined) delete childEnv[key];
  }
  const child = spawn(command, args, {
    cwd: ROOT,
    env: childEnv,
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: ownGroup,
  });
  child.ownGroup = ownGroup;
  running.add(child);
  if (ownGroup && child.pid !== undefined) groups.add(child.pid);
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
  // Once it has exited and its output has all been read.
  const closed = new Promise((resolve) => child.once('close', () => resolve()));
  const handle = {
    name,
    child,
    exited,
    closed,
    output: () => output,
    stop: (signal) => stopProcess(handle, signal),
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
    const timer = setTimeout(() => fail(`no URL within ${timeout} ms`), timeout);
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

/**
 * Sends `signal` (SIGTERM by default; to the process group of a child that
 * has its own), then SIGKILL if it has not exited within STOP_TIMEOUT_MS.
 * Resolves with { code, signal, killed }: how it exited, and whether it took
 * SIGKILL; undefined if it had already exited, or never started.
 */
async function stopProcess(handle, signal = 'SIGTERM') {
  const { child } = handle;
  if (child.pid === undefined) return undefined; // it never started
  if (child.exitCode !== null || child.signalCode !== null) return undefined;
  child.stdin.destroy();
  signalChild(child, signal);
  let timer;
  let killed = false;
  const kill = new Promise((resolve) => {
    timer = setTimeout(() => {
      killed = true;
      signalChild(child, 'SIGKILL');
      resolve();
    }, STOP_TIMEOUT_MS);
  });
  await Promise.race([handle.exited, kill]);
  clearTimeout(timer);
  return { ...(await handle.exited), killed };
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

/**
 * Starts the example site `name` (a key of EXAMPLE_SITES) on a free port,
 * signing tokens with `secret`, its pages embedding the widget script at
 * `widgetScriptUrl`.
 */
async function startExampleSite(name, { secret, widgetScriptUrl }) {
  const site = EXAMPLE_SITES[name];
  if (!site) throw new Error(`no example site ${name}`);
  mustExist(...site.needs);
  return startProcess(
    `the ${name} example site`,
    site.command,
    site.args,
    {
      CHAT_AUTOLOGIN_SECRET: secret,
      CHAT_WIDGET_SCRIPT_URL: widgetScriptUrl,
      CHAT_JIRA_ID: undefined,
      CHAT_SERVICE_DESK_ID: undefined,
      PORT: '0',
      PYTHONUNBUFFERED: '1',
    },
    /example site on (http:\/\/\S+\/)\r?\n/,
    { timeout: SITE_START_TIMEOUT_MS },
  );
}

/** A TCP port of 127.0.0.1 that is free now (the system's pick). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Whether something accepts connections on 127.0.0.1:`port`. */
function isListening(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
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

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Waits until `locator` (a playwright locator of one element) reads exactly
 * `text`, across page loads, for `timeout` ms at most. Its error says what it
 * read instead.
 */
async function waitForExactText(locator, text, timeout) {
  try {
    await locator.filter({ hasText: new RegExp(`^${escapeRegExp(text)}$`) }).waitFor({ timeout });
  } catch (error) {
    const actual = await locator.textContent({ timeout: 1000 }).catch(() => '(absent)');
    error.message = `${locator} reads ${JSON.stringify(actual)}, not ${JSON.stringify(text)}\n${error.message}`;
    throw error;
  }
  assert.equal(await locator.textContent(), text);
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
  EXAMPLE_SITES,
  freePort,
  isListening,
  newSecret,
  startTogether,
  startEmulator,
  startExampleSite,
  startFlaskSite,
  startProcess,
  launchBrowser,
  stopProcess,
  waitForExactText,
};
