'use strict';

// The Fastify plugin beyond the shared vectors: Fastify's conventions
// (metadata, encapsulation, the reply decorator, the context's prefix, the
// request logger), an async getUser, a getUser that throws, and the options
// that are JavaScript's (types, unknown keys).
// test/fastify4.test.js runs this file again with Fastify 4.

const assert = require('node:assert/strict');
const { test } = require('node:test');

const Fastify = require('fastify');
const { Verifier, ChatAutologinError } = require('..');
const plugin = require('chat-autologin/fastify');
const { chatAutologin, DEFAULT_PATH, SCRIPT_ETAG } = plugin;
const { SECRET } = require('./helpers.js');

const ADA = { email: 'ada@example.com', name: 'Ada Lovelace' };

test('the plugin has the metadata of fastify-plugin, and its exports', () => {
  assert.equal(plugin, chatAutologin);
  assert.equal(plugin.default, chatAutologin);
  assert.equal(chatAutologin[Symbol.for('skip-override')], true);
  assert.equal(chatAutologin[Symbol.for('fastify.display-name')], 'chat-autologin');
  assert.equal(DEFAULT_PATH, '/chat-autologin');
  assert.match(SCRIPT_ETAG, /^[0-9a-f]{16}$/);
});

test('an async getUser, its token, and the decorator in the registering context', async () => {
  const app = Fastify();
  await app.register(chatAutologin, {
    secret: SECRET,
    getUser: async (request) => request.headers['x-user'] && ADA,
  });
  app.get('/page', (_request, reply) =>
    reply.type('text/html').send(reply.chatAutologinScript({ signedIn: true })),
  );
  let answer = await app.inject({ url: '/chat-autologin/token', headers: { 'x-user': '1' } });
  assert.equal(answer.statusCode, 200, answer.body);
  const body = answer.json();
  assert.equal(new Verifier(SECRET).verify(body.token).displayName, ADA.name);
  answer = await app.inject({ url: '/chat-autologin/token' });
  assert.equal(answer.statusCode, 401);
  answer = await app.inject({ url: '/page' });
  assert.equal(answer.body, `<script src="/chat-autologin/client.js?v=${SCRIPT_ETAG}" defer></script>`);
  await app.close();
});

test('the tag asks getUser whether the visitor is anonymous, unless told', async () => {
  const app = Fastify();
  await app.register(chatAutologin, {
    secret: SECRET,
    getUser: (request) => (request.query.in ? ADA : null),
  });
  app.get('/page', (request, reply) =>
    reply.send(reply.chatAutologinScript(request.query.told ? { signedIn: true } : undefined)),
  );
  app.get('/bad', (_request, reply) => reply.send(reply.chatAutologinScript({ signedIn: 1 })));
  assert.ok((await app.inject({ url: '/page' })).body.includes('data-anonymous="true"'));
  assert.ok(!(await app.inject({ url: '/page?in=1' })).body.includes('data-anonymous'));
  assert.ok(!(await app.inject({ url: '/page?told=1' })).body.includes('data-anonymous'));
  const bad = await app.inject({ url: '/bad' });
  assert.equal(bad.statusCode, 500);
  assert.match(bad.json().message, /signedIn must be a boolean/);
  await app.close();
});

test("routes and the tag follow the registering context's prefix; encapsulation holds", async () => {
  const app = Fastify();
  await app.register(
    async (child) => {
      await child.register(chatAutologin, { secret: SECRET, getUser: () => ADA, path: '/chat' });
      child.get('/page', (_request, reply) => reply.send(reply.chatAutologinScript()));
    },
    { prefix: '/v1' },
  );
  app.post('/echo', (request, reply) => reply.send(request.body));
  app.get('/outside', (_request, reply) => reply.send(typeof reply.chatAutologinScript));
  await app.ready();
  assert.equal((await app.inject({ url: '/v1/chat/token' })).statusCode, 200);
  assert.equal((await app.inject({ url: '/chat/token' })).statusCode, 404);
  assert.equal(
    (await app.inject({ url: '/v1/page' })).body,
    `<script src="/v1/chat/client.js?v=${SCRIPT_ETAG}" defer></script>`,
  );
  // The decorator stays in the context that registered the plugin.
  assert.equal((await app.inject({ url: '/outside' })).body, 'undefined');
  // Any method and body reaches the core (405); the site's own parsers are untouched.
  const xml = { 'content-type': 'text/xml' };
  const post = await app.inject({ method: 'POST', url: '/v1/chat/token', headers: xml, payload: '<a/>' });
  assert.equal(post.statusCode, 405);
  assert.equal(post.headers.allow, 'GET, HEAD');
  assert.equal(
    (await app.inject({ method: 'POST', url: '/echo', headers: xml, payload: '<a/>' })).statusCode,
    415,
  );
  await app.close();
});

test('a getUser that throws or rejects is Fastify’s own 500', async () => {
  for (const getUser of [
    () => {
      throw new Error('the session store is down');
    },
    async () => {
      throw new Error('the session store is down');
    },
  ]) {
    const app = Fastify();
    await app.register(chatAutologin, { secret: SECRET, getUser });
    const answer = await app.inject({ url: '/chat-autologin/token' });
    assert.equal(answer.statusCode, 500);
    assert.equal(answer.json().message, 'the session store is down');
    await app.close();
  }
});

test("warnings go to the request's logger by default, to `logger` when given, nowhere with null", async () => {
  const lines = [];
  const stream = { write: (line) => lines.push(JSON.parse(line)) };
  const bad = { email: 'not-an-email', name: 'Ada' };
  let app = Fastify({ logger: { level: 'warn', stream } });
  await app.register(chatAutologin, { secret: SECRET, getUser: () => bad });
  assert.equal((await app.inject({ url: '/chat-autologin/token' })).statusCode, 403);
  await app.close();
  assert.equal(lines.length, 1, JSON.stringify(lines));
  assert.equal(lines[0].level, 40);
  assert.match(lines[0].msg, /email/);
  assert.ok(!lines[0].msg.includes('not-an-email'));

  const warnings = [];
  app = Fastify({ logger: { level: 'warn', stream } });
  await app.register(chatAutologin, {
    secret: SECRET,
    getUser: () => bad,
    logger: { warn: (m) => warnings.push(m) },
  });
  await app.inject({ url: '/chat-autologin/token' });
  await app.close();
  assert.equal(warnings.length, 1);
  assert.equal(lines.length, 1);

  app = Fastify({ logger: { level: 'warn', stream } });
  await app.register(chatAutologin, { secret: SECRET, getUser: () => bad, logger: null });
  await app.inject({ url: '/chat-autologin/token' });
  await app.close();
  assert.equal(lines.length, 1);
});

test('a misconfigured plugin fails at ready, without the secret', async () => {
  const long = 'a-secret-put-where-a-secret-does-not-go-0123456789';
  const cases = [
    [{ getUser: () => null }, ChatAutologinError, /^secret: /],
    [{ secret: 'short', getUser: () => null }, ChatAutologinError, /^secret: /],
    [{ secret: SECRET, getUser: () => null, path: long }, ChatAutologinError, /^path: /],
    [{ secret: SECRET, getUser: () => null, ttl: 0 }, ChatAutologinError, /^ttl: /],
    [{ secret: SECRET }, TypeError, /getUser must be a function/],
    [{ secret: SECRET, getUser: () => null, [long]: 1 }, TypeError, /unknown option/],
    [{ secret: SECRET, getUser: () => null, prefix: '/x' }, TypeError, /unknown option "prefix"/],
    [{ secret: SECRET, getUser: () => null, logger: {} }, TypeError, /logger must have a warn/],
  ];
  for (const [options, type, message] of cases) {
    const app = Fastify();
    app.register(chatAutologin, options);
    const error = await app.ready().then(
      () => null,
      (caught) => caught,
    );
    await app.close().catch(() => {});
    assert.ok(error instanceof type, `${JSON.stringify(Object.keys(options))}: ${error}`);
    assert.match(error.message, message);
    assert.ok(!error.message.includes(SECRET) && !error.message.includes(long), error.message);
  }
});
