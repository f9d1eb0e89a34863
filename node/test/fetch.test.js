'use strict';

// The Web-standard handler beyond the shared vectors: called with Request
// objects as Next.js, Bun or Remix would, under Hono for a throwing getUser,
// and the options that are JavaScript's.

const assert = require('node:assert/strict');
const { test } = require('node:test');

const { Hono } = require('hono');
const { Verifier, ChatAutologinError } = require('..');
const fetchModule = require('chat-autologin/fetch');
const { createChatAutologin, DEFAULT_PATH, SCRIPT_ETAG } = fetchModule;
const { SECRET } = require('./helpers.js');

const ADA = { email: 'ada@example.com', name: 'Ada Lovelace' };
const at = (path, init) => new Request(`https://site.example${path}`, init);

test('the exports', () => {
  assert.equal(fetchModule, createChatAutologin);
  assert.equal(fetchModule.default, createChatAutologin);
  assert.equal(DEFAULT_PATH, '/chat-autologin');
  assert.match(SCRIPT_ETAG, /^[0-9a-f]{16}$/);
});

test('a Request in, a Response out; an async getUser reads the request', async () => {
  const chat = createChatAutologin({
    secret: SECRET,
    getUser: async (request) => (request.headers.get('cookie') === 'session=ada' ? ADA : null),
  });
  assert.equal(chat.prefix, '/chat-autologin');
  assert.equal(chat.tokenPath, '/chat-autologin/token');
  assert.equal(chat.clientJsPath, '/chat-autologin/client.js');
  let response = await chat(at('/chat-autologin/token', { headers: { cookie: 'session=ada' } }));
  assert.ok(response instanceof Response);
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('cache-control'), 'no-store');
  const body = await response.json();
  assert.equal(new Verifier(SECRET).verify(body.token).email, ADA.email);
  response = await chat(at('/chat-autologin/token'));
  assert.equal(response.status, 401);
  assert.deepEqual(await response.json(), { error: 'not_authenticated' });
  response = await chat(at('/chat-autologin/token', { method: 'HEAD', headers: { cookie: 'session=ada' } }));
  assert.equal(response.status, 200);
  assert.equal(response.body, null);
  response = await chat(
    at('/chat-autologin/client.js', { headers: { 'if-none-match': `"${SCRIPT_ETAG}"` } }),
  );
  assert.equal(response.status, 304);
  assert.equal(response.body, null);
});

test('a path the handler does not own is 404 without asking getUser', async () => {
  let calls = 0;
  const chat = createChatAutologin({ secret: SECRET, path: '/auth/chat', getUser: () => (calls++, ADA) });
  for (const path of ['/auth/chat', '/auth/chat/', '/auth/chat/other', '/chat-autologin/token', '/']) {
    const response = await chat(at(path));
    assert.equal(response.status, 404, path);
  }
  assert.equal(calls, 0);
  // A query or a fragment is not part of the path.
  assert.equal((await chat(at('/auth/chat/token?x=/auth#y'))).status, 200);
});

test('a getUser that throws rejects the handler: the framework’s own 500', async () => {
  const chat = createChatAutologin({
    secret: SECRET,
    getUser: () => {
      throw new Error('the session store is down');
    },
  });
  await assert.rejects(chat(at('/chat-autologin/token')), /the session store is down/);
  const app = new Hono();
  app.all('/chat-autologin/*', (c) => chat(c.req.raw));
  const response = await app.request('/chat-autologin/token');
  assert.equal(response.status, 500);
});

test('the tag: anonymous from getUser(request), or as `signedIn` says', () => {
  const chat = createChatAutologin({
    secret: SECRET,
    getUser: (request) => (request?.headers.get('x-user') ? ADA : null),
  });
  const plain = `<script src="/chat-autologin/client.js?v=${SCRIPT_ETAG}" defer></script>`;
  assert.equal(chat.scriptTag(at('/', { headers: { 'x-user': '1' } })), plain);
  assert.ok(chat.scriptTag(at('/')).includes('data-anonymous="true"'));
  assert.equal(chat.scriptTag(null, { signedIn: true }), plain);
  assert.ok(chat.scriptTag(null, { signedIn: false, show: true }).includes('data-anonymous="true"'));
  assert.throws(() => chat.scriptTag(null, { signedIn: true, retryFor: 0 }), ChatAutologinError);
  assert.throws(() => chat.scriptTag(null, { signedIn: true, colour: 'red' }), TypeError);
  assert.throws(() => chat.scriptTag(null, { signedIn: 'yes' }), /signedIn must be a boolean/);
});

test('warnings go to console by default (logger undefined too), to `logger` when given, nowhere with null', async () => {
  const bad = { email: 'not-an-email', name: 'Ada' };
  const warnings = [];
  const original = console.warn;
  console.warn = (message) => warnings.push(`console: ${message}`);
  try {
    await createChatAutologin({ secret: SECRET, getUser: () => bad })(at('/chat-autologin/token'));
    await createChatAutologin({ secret: SECRET, getUser: () => bad, logger: undefined })(
      at('/chat-autologin/token'),
    );
    const logger = { warn: (message) => warnings.push(`logger: ${message}`) };
    await createChatAutologin({ secret: SECRET, getUser: () => bad, logger })(at('/chat-autologin/token'));
    await createChatAutologin({ secret: SECRET, getUser: () => bad, logger: null })(
      at('/chat-autologin/token'),
    );
  } finally {
    console.warn = original;
  }
  assert.equal(warnings.length, 3, warnings.join('\n'));
  assert.match(warnings[0], /^console: .*email/);
  assert.match(warnings[1], /^console: .*email/);
  assert.match(warnings[2], /^logger: .*email/);
  assert.ok(!warnings.join('').includes('not-an-email'));
});

test('a misconfigured handler throws at creation, without the secret', () => {
  const long = 'a-secret-put-where-a-secret-does-not-go-0123456789';
  const cases = [
    [{ getUser: () => null }, ChatAutologinError, /^secret: /],
    [{ secret: 'short', getUser: () => null }, ChatAutologinError, /^secret: /],
    [
      { secret: SECRET, getUser: () => null, allowedEmailDomains: [] },
      ChatAutologinError,
      /^allowedEmailDomains: /,
    ],
    [{ secret: SECRET }, TypeError, /getUser must be a function/],
    [{ secret: SECRET, getUser: () => null, [long]: 1 }, TypeError, /unknown option/],
    [{ secret: SECRET, getUser: () => null, logger: 'console' }, TypeError, /logger must have a warn/],
    [undefined, TypeError, /options object/],
  ];
  for (const [options, type, message] of cases) {
    assert.throws(
      () => createChatAutologin(options),
      (error) => {
        assert.ok(error instanceof type, String(error));
        assert.match(error.message, message);
        assert.ok(!error.message.includes(SECRET) && !error.message.includes(long), error.message);
        return true;
      },
    );
  }
});
