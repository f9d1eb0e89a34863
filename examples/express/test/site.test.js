'use strict';

// The example site as a visitor uses it: server.js on a free port, over HTTP.
// The same checks as examples/axum/tests/site.rs and examples/test_examples.py.

const assert = require('node:assert/strict');
const { spawn, spawnSync } = require('node:child_process');
const path = require('node:path');
const { test } = require('node:test');
const { Verifier, companionScript } = require('chat-autologin');

const SECRET = 'example-site-secret-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGH';
const SERVER = path.join(__dirname, '..', 'server.js');
const SETTINGS = [
  'CHAT_AUTOLOGIN_SECRET',
  'CHAT_WIDGET_SCRIPT_URL',
  'CHAT_JIRA_ID',
  'CHAT_SERVICE_DESK_ID',
  'PORT',
];

/** This process's environment, without the site's settings, plus `env`. */
function siteEnv(env) {
  const base = { ...process.env };
  for (const name of SETTINGS) delete base[name];
  return { ...base, ...env };
}

/** Starts the site; resolves with { base, stop() } once it has printed its URL. */
function start(env = {}) {
  const child = spawn(process.execPath, [SERVER], {
    env: siteEnv({ CHAT_AUTOLOGIN_SECRET: SECRET, PORT: '0', ...env }),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    return exited;
  };
  return new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no startup line within 30 s: ${JSON.stringify(stdout)}`));
    }, 30_000);
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`the site exited (${signal || code}): ${JSON.stringify(stdout)}`));
    });
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      if (!stdout.includes('\n')) return;
      clearTimeout(timer);
      const match = /^example site on (http:\/\/127\.0\.0\.1:(\d+))\/\n$/.exec(stdout);
      if (!match) {
        child.kill('SIGKILL');
        reject(new Error(`startup line ${JSON.stringify(stdout)}`));
        return;
      }
      assert.notEqual(match[2], '0', 'the real port is printed');
      resolve({ base: match[1], stop });
    });
  });
}

/** A browser of sorts: one cookie, and redirects not followed. */
class Visitor {
  constructor(base) {
    this.base = base;
    this.cookie = '';
  }

  async get(path) {
    return this.send(path, { method: 'GET' });
  }

  async post(path, form) {
    return this.send(path, { method: 'POST', body: new URLSearchParams(form) });
  }

  async send(path, init) {
    const headers = this.cookie ? { Cookie: this.cookie } : {};
    const response = await fetch(this.base + path, { ...init, headers, redirect: 'manual' });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) {
      const [pair, ...attributes] = setCookie.split(';');
      const expired = attributes.some((a) => /^\s*expires=Thu, 01 Jan 1970/i.test(a));
      this.cookie = expired ? '' : pair;
    }
    return { status: response.status, headers: response.headers, body: await response.text() };
  }
}

test('sign in, get a token and sign out', async () => {
  const site = await start();
  try {
    const visitor = new Visitor(site.base);

    // Signed out: the form, and the widget with the emulator's defaults.
    let page = await visitor.get('/');
    assert.equal(page.status, 200);
    assert.match(page.body, /<form id="sign-in" method="post" action="\/sign-in">/);
    assert.ok(page.body.includes('<script src="http://127.0.0.1:8787/chat-widget.js"></script>'));
    assert.ok(page.body.includes('<chat-widget jira-id="emulator" service-desk-id="1"></chat-widget>'));
    assert.ok(page.body.includes('<script src="/chat-autologin/client.js?v='));
    // Nobody is signed in on this page: the companion asks for no token.
    assert.match(page.body, /<script src="\/chat-autologin\/client\.js\?v=\w+" defer data-anonymous="true">/);
    assert.ok(page.body.includes('<span id="chat-state">waiting</span>'));
    let token = await visitor.get('/chat-autologin/token');
    assert.equal(token.status, 401);
    assert.equal(token.body, '{"error":"not_authenticated"}');
    assert.equal((await visitor.get('/chat-autologin/client.js')).body, companionScript);

    // Sign in: a session cookie and back to the home page.
    const signedIn = await visitor.post('/sign-in', { email: 'ada@example.com', name: 'Ada <the first>' });
    assert.equal(signedIn.status, 303);
    assert.equal(signedIn.headers.get('location'), '/');
    assert.match(signedIn.headers.get('set-cookie'), /^example_session=[0-9a-f]{64}; .*HttpOnly/);
    const cookie = visitor.cookie;

    page = await visitor.get('/');
    assert.ok(page.body.includes('<strong id="user-name">Ada &lt;the first&gt;</strong>'), page.body);
    assert.ok(page.body.includes('<span id="user-email">ada@example.com</span>'));
    assert.ok(page.body.includes('<form id="sign-out" method="post" action="/sign-out">'));
    assert.ok(page.body.includes('window.chatAutologin'));
    assert.ok(page.body.includes('chat.logout()'));
    assert.match(page.body, /<script src="\/chat-autologin\/client\.js\?v=\w+" defer><\/script>/);
    assert.ok(!page.body.includes('data-anonymous'));

    token = await visitor.get('/chat-autologin/token');
    assert.equal(token.status, 200, token.body);
    assert.equal(token.headers.get('cache-control'), 'no-store');
    const body = JSON.parse(token.body);
    const claims = new Verifier([SECRET]).verify(body.token);
    assert.equal(claims.email, 'ada@example.com');
    assert.equal(claims.displayName, 'Ada <the first>');
    assert.equal(claims.exp, body.expiresAt);

    // Sign out: the session is gone, its cookie cleared.
    const signedOut = await visitor.post('/sign-out', {});
    assert.equal(signedOut.status, 303);
    assert.equal(signedOut.headers.get('location'), '/');
    assert.equal(visitor.cookie, '');
    assert.equal((await visitor.get('/chat-autologin/token')).status, 401);
    page = await visitor.get('/');
    assert.ok(page.body.includes('id="sign-in"'));
    assert.ok(page.body.includes('data-anonymous="true"'));
    // The old cookie is worth nothing now.
    visitor.cookie = cookie;
    assert.equal((await visitor.get('/chat-autologin/token')).status, 401);
  } finally {
    await site.stop();
  }
});

test('the form says what the chat would refuse', async () => {
  const site = await start();
  try {
    const visitor = new Visitor(site.base);
    let reply = await visitor.post('/sign-in', { email: 'not-an-email', name: 'Ada' });
    assert.equal(reply.status, 400);
    assert.ok(reply.body.includes('<p class="problem">the email must contain exactly one'), reply.body);
    assert.equal(reply.headers.get('set-cookie'), null);
    reply = await visitor.post('/sign-in', { email: 'ada@example.com', name: '   ' });
    assert.equal(reply.status, 400);
    assert.ok(reply.body.includes('display name'), reply.body);
    assert.equal((await visitor.get('/chat-autologin/token')).status, 401);
  } finally {
    await site.stop();
  }
});

test('the widget is configured from the environment', async () => {
  const site = await start({
    CHAT_WIDGET_SCRIPT_URL: 'https://widget.example/chat.js?a=1&b=2',
    CHAT_JIRA_ID: '0123-abcd',
    CHAT_SERVICE_DESK_ID: '42',
  });
  try {
    const page = (await new Visitor(site.base).get('/')).body;
    assert.ok(page.includes('<script src="https://widget.example/chat.js?a=1&amp;b=2"></script>'));
    assert.ok(page.includes('<chat-widget jira-id="0123-abcd" service-desk-id="42"></chat-widget>'));
  } finally {
    await site.stop();
  }
});

test('a missing or invalid secret stops it at start', () => {
  for (const secret of [undefined, 'short']) {
    const env =
      secret === undefined ? siteEnv({ PORT: '0' }) : siteEnv({ PORT: '0', CHAT_AUTOLOGIN_SECRET: secret });
    const result = spawnSync(process.execPath, [SERVER], { env, encoding: 'utf8', timeout: 30_000 });
    assert.equal(result.status, 1, result.stderr);
    assert.equal(result.stdout, '');
    assert.ok(result.stderr.startsWith('error: CHAT_AUTOLOGIN_SECRET'), result.stderr);
    assert.equal(result.stderr.trimEnd().split('\n').length, 1, result.stderr);
    if (secret !== undefined) {
      assert.ok(result.stderr.includes('at least 32'), result.stderr);
      assert.ok(result.stderr.includes('invalid_secret'), result.stderr);
      assert.ok(!result.stderr.includes('short'), result.stderr);
    }
  }
});

test('SIGTERM stops it cleanly', async () => {
  const site = await start();
  // An open keep-alive connection must not hold it up.
  await new Visitor(site.base).get('/');
  assert.deepEqual(await site.stop(), { code: 0, signal: null });
});
