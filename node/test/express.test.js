'use strict';

// The Express integration, in a real Express app listening on a loopback port
// and called over real HTTP with fetch: the token endpoint's answers, the
// companion and the script tag helper. The answers are those of the Python
// package's Flask and Django integrations.
//
// test/express4.test.js runs this file again with Express 4.

const assert = require('node:assert/strict');
const { createHash } = require('node:crypto');
const http = require('node:http');
const { mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { after, before, describe, test } = require('node:test');

const express = require('express');
const EXPRESS_VERSION = require('express/package.json').version;
const { ChatAutologinError, Verifier, companionScript } = require('..');
const chatAutologinModule = require('chat-autologin/express');
const { chatAutologin, DEFAULT_PATH, SCRIPT_ETAG } = chatAutologinModule;
const { SECRET } = require('./helpers.js');

const OLD_SECRET = 'the-previous-secret-of-this-service-desk-0123456789';
const SALES_SECRET = 'a-second-service-desk-project-has-its-own-secret-key-0123456789';

// Who is signed in: the test's stand-in for a session, keyed by a cookie.
const USERS = {
  ada: { email: 'ada@example.com', name: 'Ada Lovelace' },
  grace: { email: 'Grace@EXAMPLE.COM', name: '  ', displayName: 'Grace Hopper' },
  alan: { email: 'alan@sub.example.com', name: 'Alan Turing' },
  eve: { email: 'eve@evil.example', name: 'Eve' },
  nameless: { email: 'nameless@example.com' },
  blank: { email: '', name: 'No Email' },
  spaced: { email: 'spaced@example.com', name: 'Line\nbreak' },
  quoted: { email: '"a@example.com"@evil.example', name: 'Quoted' },
  zoe: { email: 'zoë@exämple.com', name: 'Zoë 山田' },
};

function session(req, res, next) {
  const match = /(?:^|;\s*)user=([^;]+)/.exec(req.headers.cookie || '');
  req.user = match ? USERS[match[1]] : undefined;
  next();
}

const signedIn = (req) => (req.user ? { email: req.user.email, name: req.user.name } : null);
const asIs = (req) => req.user || null;

/** A running app: its base URL and `get(path, { user, ...init })`. */
async function serve(app) {
  const server = await new Promise((resolve, reject) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    listening.on('error', reject);
  });
  const base = `http://127.0.0.1:${server.address().port}`;
  return {
    base,
    server,
    async request(path, { user, headers = {}, ...init } = {}) {
      const cookie = user ? { cookie: `user=${user}` } : {};
      const response = await fetch(base + path, { ...init, headers: { ...headers, ...cookie } });
      const text = await response.text();
      let body;
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
      return { status: response.status, headers: response.headers, body, text };
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

/** An app with the session, the router made from `options`, and a page. The
 * options named in `without` are left out (their defaults apply). */
function makeApp(options, { mount, without = [] } = {}) {
  const app = express();
  app.use(session);
  const settings = { secret: SECRET, getUser: signedIn, logger: null, ...options };
  for (const key of without) delete settings[key];
  const router = chatAutologin(settings);
  if (mount) app.use(mount, router);
  else app.use(router);
  app.get('/page', (req, res) => {
    let options;
    if (req.query.options) options = JSON.parse(req.query.options);
    try {
      res.type('html').send(res.locals.chatAutologinScript(options));
    } catch (error) {
      res.status(500).json({ name: error.name, code: error.code, message: error.message });
    }
  });
  return app;
}

/** Starts `makeApp(...)` for the tests of one describe block. */
function running(options, more) {
  const site = {};
  before(async () => Object.assign(site, await serve(makeApp(options, more))));
  after(() => site.close());
  return site;
}

function verify(token, secret = SECRET) {
  return new Verifier(secret).verify(token);
}

function assertNoStore(response) {
  assert.equal(response.headers.get('cache-control'), 'no-store');
}

/** `fn()` throws a ChatAutologinError with `code`, whose message starts with the
 * option's name, has `mentions` and no secret. */
function throwsCode(fn, code, option, mentions) {
  assert.throws(fn, (error) => {
    assert.ok(
      error instanceof ChatAutologinError,
      `expected a ChatAutologinError, got ${error && error.stack}`,
    );
    assert.equal(error.code, code, error.message);
    assert.ok(error.message.startsWith(`${option}: `), error.message);
    if (mentions) assert.ok(error.message.includes(mentions), error.message);
    for (const secret of [SECRET, SALES_SECRET, OLD_SECRET]) {
      assert.ok(!error.message.includes(secret), error.message);
      assert.ok(!error.stack.includes(secret), error.stack);
    }
    return true;
  });
}

function throwsType(fn, pattern) {
  assert.throws(fn, (error) => {
    assert.ok(error instanceof TypeError, `expected a TypeError, got ${error && error.stack}`);
    assert.ok(!(error instanceof ChatAutologinError));
    if (pattern) assert.match(error.message, pattern);
    return true;
  });
}

describe(`chat-autologin/express with Express ${EXPRESS_VERSION}`, () => {
  describe('the module', () => {
    test('is the function, with a named export of itself and the constants', () => {
      assert.equal(typeof chatAutologinModule, 'function');
      assert.equal(chatAutologin, chatAutologinModule);
      assert.equal(DEFAULT_PATH, '/chat-autologin');
      assert.equal(SCRIPT_ETAG, createHash('sha256').update(companionScript).digest('hex').slice(0, 16));
    });

    test('ESM imports it by name and by default', async () => {
      const esm = await import('chat-autologin/express');
      assert.equal(esm.default, chatAutologin);
      assert.equal(esm.chatAutologin, chatAutologin);
    });

    test('returns an Express router', () => {
      const router = chatAutologin({ secret: SECRET, getUser: signedIn });
      assert.equal(typeof router, 'function');
      assert.equal(typeof router.use, 'function');
      assert.equal(typeof router.get, 'function');
    });
  });

  describe('the token endpoint', () => {
    const site = running({});

    test('a signed-in visitor gets a token that verifies, and its exp as expiresAt', async () => {
      const before = Math.floor(Date.now() / 1000);
      const response = await site.request('/chat-autologin/token', { user: 'ada' });
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type'), /^application\/json\b/);
      assertNoStore(response);
      assert.deepEqual(Object.keys(response.body), ['token', 'expiresAt']);
      const claims = verify(response.body.token);
      assert.deepEqual([claims.email, claims.displayName], ['ada@example.com', 'Ada Lovelace']);
      assert.equal(response.body.expiresAt, claims.exp);
      assert.ok(Number.isInteger(response.body.expiresAt));
      assert.equal(claims.exp - claims.iat, 300);
      assert.ok(claims.iat >= before && claims.iat <= Math.floor(Date.now() / 1000) + 1);
      // The exact bytes, compact JSON as the Python integrations send.
      assert.equal(
        response.text,
        `{"token":"${response.body.token}","expiresAt":${response.body.expiresAt}}`,
      );
    });

    test('each request gets a fresh token, and a visitor who signed out gets 401', async () => {
      const first = await site.request('/chat-autologin/token', { user: 'ada' });
      assert.equal(verify(first.body.token).email, 'ada@example.com');
      const anonymous = await site.request('/chat-autologin/token');
      assert.equal(anonymous.status, 401);
    });

    test('an anonymous visitor gets 401 not_authenticated', async () => {
      const response = await site.request('/chat-autologin/token');
      assert.equal(response.status, 401);
      assert.deepEqual(response.body, { error: 'not_authenticated' });
      assertNoStore(response);
    });

    test('the identity never comes from the request', async () => {
      const forged = await site.request('/chat-autologin/token?email=ada@example.com&displayName=Ada', {
        headers: { 'X-Email': 'ada@example.com', 'X-User': 'ada' },
      });
      assert.equal(forged.status, 401);
      const eve = await site.request('/chat-autologin/token?email=ada@example.com&name=Ada', { user: 'eve' });
      assert.equal(verify(eve.body.token).email, 'eve@evil.example');
    });

    test('any Unicode in the email and name reaches the token as given', async () => {
      const response = await site.request('/chat-autologin/token', { user: 'zoe' });
      const claims = verify(response.body.token);
      assert.deepEqual([claims.email, claims.displayName], ['zoë@exämple.com', 'Zoë 山田']);
    });

    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']) {
      test(`${method} gets 405 method_not_allowed`, async () => {
        const response = await site.request('/chat-autologin/token', { method, user: 'ada' });
        assert.equal(response.status, 405);
        assert.deepEqual(response.body, { error: 'method_not_allowed' });
        assert.equal(response.headers.get('allow'), 'GET, HEAD');
        assertNoStore(response);
      });
    }

    test('HEAD is answered like GET, without a body', async () => {
      const response = await site.request('/chat-autologin/token', { method: 'HEAD', user: 'ada' });
      assert.equal(response.status, 200);
      assert.equal(response.text, '');
      assertNoStore(response);
    });

    test('with one secret, ?desk= is ignored', async () => {
      const response = await site.request('/chat-autologin/token?desk=anything', { user: 'ada' });
      assert.equal(response.status, 200);
      assert.equal(verify(response.body.token).email, 'ada@example.com');
    });

    test('other paths are not the router’s', async () => {
      assert.equal((await site.request('/chat-autologin/other', { user: 'ada' })).status, 404);
      assert.equal((await site.request('/token', { user: 'ada' })).status, 404);
    });
  });

  describe('the user getUser returns', () => {
    // No logger option: warnings go to console.
    const site = running({ getUser: asIs }, { without: ['logger'] });

    for (const [user, name] of [
      ['ada', 'Ada Lovelace'],
      ['grace', 'Grace Hopper'], // a blank name: displayName
      ['nameless', 'nameless@example.com'], // neither: the email
    ]) {
      test(`${user}: the display name is ${name}`, async () => {
        const response = await site.request('/chat-autologin/token', { user });
        assert.equal(response.status, 200);
        assert.equal(verify(response.body.token).displayName, name);
      });
    }

    test('a user the chat cannot take gets 403 with the core’s code, and a warning', async (t) => {
      const warn = t.mock.method(console, 'warn', () => {});
      for (const [user, code] of [
        ['blank', 'invalid_email'],
        ['spaced', 'invalid_display_name'],
      ]) {
        const response = await site.request('/chat-autologin/token', { user });
        assert.equal(response.status, 403);
        assert.deepEqual(response.body, { error: code });
        assertNoStore(response);
      }
      assert.equal(warn.mock.callCount(), 2);
      const logged = warn.mock.calls.map((call) => call.arguments.join(' ')).join('\n');
      assert.match(logged, /invalid_email/);
      assert.match(logged, /invalid_display_name/);
      assert.ok(!logged.includes(SECRET));
      assert.ok(!logged.includes('Line\nbreak'));
    });
  });

  describe('the logger option', () => {
    test('takes any object with warn(), and null silences it', async (t) => {
      const messages = [];
      const console_ = t.mock.method(console, 'warn', () => {});
      const logged = await serve(makeApp({ getUser: asIs, logger: { warn: (m) => messages.push(m) } }));
      const silent = await serve(makeApp({ getUser: asIs, logger: null }));
      try {
        assert.equal((await logged.request('/chat-autologin/token', { user: 'blank' })).status, 403);
        assert.equal((await silent.request('/chat-autologin/token', { user: 'blank' })).status, 403);
      } finally {
        await logged.close();
        await silent.close();
      }
      assert.equal(messages.length, 1);
      assert.match(messages[0], /^chat-autologin: no token for the signed-in user: invalid_email: /);
      assert.equal(console_.mock.callCount(), 0);
    });
  });

  describe('allowed email domains', () => {
    const site = running({ allowedEmailDomains: ['Example.com', '@other.example'] });

    for (const [user, status] of [
      ['ada', 200],
      ['grace', 200], // Grace@EXAMPLE.COM: the domain compares ignoring case
      ['alan', 403], // sub.example.com is another domain
      ['eve', 403],
      ['quoted', 403], // the domain is after the last @
    ]) {
      test(`${USERS[user].email}: ${status}`, async () => {
        const response = await site.request('/chat-autologin/token', { user });
        assert.equal(response.status, status);
        assertNoStore(response);
        if (status === 403) assert.deepEqual(response.body, { error: 'email_domain_not_allowed' });
      });
    }

    test('the check comes after the sign-in check', async () => {
      assert.equal((await site.request('/chat-autologin/token')).status, 401);
    });
  });

  describe('several service desks', () => {
    const site = running({ secret: undefined, secrets: { support: SECRET, sales: SALES_SECRET } });

    for (const [desk, secret, other] of [
      ['support', SECRET, SALES_SECRET],
      ['sales', SALES_SECRET, SECRET],
    ]) {
      test(`?desk=${desk} signs with that desk’s secret`, async () => {
        const response = await site.request(`/chat-autologin/token?desk=${desk}`, { user: 'ada' });
        assert.equal(response.status, 200);
        assertNoStore(response);
        assert.equal(verify(response.body.token, secret).email, 'ada@example.com');
        assert.throws(() => verify(response.body.token, other), { code: 'bad_signature' });
      });
    }

    test('without ?desk= the answer is 400 desk_required', async () => {
      for (const path of ['/chat-autologin/token', '/chat-autologin/token?desk=']) {
        const response = await site.request(path, { user: 'ada' });
        assert.equal(response.status, 400);
        assert.deepEqual(response.body, { error: 'desk_required' });
        assertNoStore(response);
      }
    });

    test('an unknown desk is 404 unknown_desk, signed in or not', async () => {
      for (const user of ['ada', undefined]) {
        const response = await site.request('/chat-autologin/token?desk=billing', { user });
        assert.equal(response.status, 404);
        assert.deepEqual(response.body, { error: 'unknown_desk' });
        assertNoStore(response);
      }
    });

    test('a known desk still needs a signed-in visitor', async () => {
      const response = await site.request('/chat-autologin/token?desk=sales');
      assert.equal(response.status, 401);
    });

    test('a Map of secrets works the same', async () => {
      const other = await serve(makeApp({ secret: undefined, secrets: new Map([['it', OLD_SECRET]]) }));
      try {
        const response = await other.request('/chat-autologin/token?desk=it', { user: 'ada' });
        assert.equal(verify(response.body.token, OLD_SECRET).email, 'ada@example.com');
        assert.equal((await other.request('/chat-autologin/token?desk=hr', { user: 'ada' })).status, 404);
      } finally {
        await other.close();
      }
    });
  });

  describe('asynchronous and failing getUser', () => {
    let errors;
    const site = {};
    const delayed = (value) => new Promise((resolve) => setTimeout(() => resolve(value), 5));
    before(async () => {
      errors = [];
      const app = express();
      app.use(session);
      const routes = {
        '/async': async (req) => {
          await delayed();
          return signedIn(req);
        },
        '/thenable': (req) => ({ then: (resolve) => resolve(signedIn(req)) }),
        '/throws': () => {
          throw new Error('the session store is down');
        },
        '/rejects': async () => {
          await delayed();
          throw new Error('the session store timed out');
        },
        '/number': () => 42,
        '/string': () => 'ada@example.com',
        '/no-email': () => ({ name: 'Ada' }),
        '/number-name': () => ({ email: 'ada@example.com', name: 7 }),
      };
      for (const [path, getUser] of Object.entries(routes)) {
        app.use(chatAutologin({ secret: SECRET, getUser, path }));
      }
      // Express's error handling: the app's own handler sees the error.
      app.use((error, req, res, next) => {
        errors.push([req.path, error]);
        if (req.path.startsWith('/rejects')) return res.status(503).json({ error: 'unavailable' });
        next(error);
      });
      Object.assign(site, await serve(app));
    });
    after(() => site.close());

    test('an async getUser is awaited', async () => {
      const response = await site.request('/async/token', { user: 'ada' });
      assert.equal(response.status, 200);
      assertNoStore(response);
      assert.equal(verify(response.body.token).email, 'ada@example.com');
      assert.equal((await site.request('/async/token')).status, 401);
    });

    test('a thenable is awaited too', async () => {
      assert.equal((await site.request('/thenable/token', { user: 'ada' })).status, 200);
      assert.equal((await site.request('/thenable/token')).status, 401);
    });

    test('a getUser that throws is a 500 through Express’s error handling, not a crash', async (t) => {
      t.mock.method(console, 'error', () => {}); // Express's default handler logs the stack
      const response = await site.request('/throws/token', { user: 'ada' });
      assert.equal(response.status, 500);
      assert.ok(!response.text.includes('eyJ'));
      const [path, error] = errors.at(-1);
      assert.equal(path, '/throws/token');
      assert.equal(error.message, 'the session store is down');
      // The server still answers.
      assert.equal((await site.request('/async/token', { user: 'ada' })).status, 200);
    });

    test('a rejection reaches the app’s error handler', async () => {
      const response = await site.request('/rejects/token', { user: 'ada' });
      assert.equal(response.status, 503);
      assert.deepEqual(response.body, { error: 'unavailable' });
      assert.equal(errors.at(-1)[1].message, 'the session store timed out');
    });

    test('a getUser that returns no user object is a TypeError, a 500', async (t) => {
      t.mock.method(console, 'error', () => {});
      for (const [path, message] of [
        ['/number/token', /^getUser returned a number; it must return \{ email, name \} or null$/],
        ['/string/token', /^getUser returned a string; it must return \{ email, name \} or null$/],
        ['/no-email/token', /^getUser returned a user whose email is .*undefined; it must be a string$/],
        ['/number-name/token', /^getUser returned a user whose name is a number; it must be a string$/],
      ]) {
        const response = await site.request(path, { user: 'ada' });
        assert.equal(response.status, 500, path);
        const [, error] = errors.at(-1);
        assert.ok(error instanceof TypeError);
        assert.match(error.message, message);
        assert.ok(!error.message.includes('ada@example.com'), error.message);
      }
    });
  });

  describe('options', () => {
    test('ttl sets the lifetime', async () => {
      const site = await serve(makeApp({ ttl: 60 }));
      try {
        const response = await site.request('/chat-autologin/token', { user: 'ada' });
        const claims = verify(response.body.token);
        assert.equal(claims.exp - claims.iat, 60);
        assert.equal(response.body.expiresAt, claims.exp);
      } finally {
        await site.close();
      }
    });

    for (const path of ['/api/chat', '/api/chat/']) {
      test(`path ${path}`, async () => {
        const site = await serve(makeApp({ path }));
        try {
          assert.equal((await site.request('/api/chat/token', { user: 'ada' })).status, 200);
          assert.equal((await site.request('/api/chat/client.js')).status, 200);
          assert.equal((await site.request('/chat-autologin/token', { user: 'ada' })).status, 404);
          assert.match((await site.request('/page')).text, /src="\/api\/chat\/client\.js\?v=/);
        } finally {
          await site.close();
        }
      });
    }

    test("path '/' puts the routes at the root", async () => {
      const site = await serve(makeApp({ path: '/' }));
      try {
        assert.equal((await site.request('/token', { user: 'ada' })).status, 200);
        assert.equal((await site.request('/client.js')).status, 200);
        assert.match((await site.request('/page')).text, /src="\/client\.js\?v=/);
      } finally {
        await site.close();
      }
    });

    test('a Buffer secret is used as its bytes', async () => {
      const bytes = Buffer.from(SECRET);
      const site = await serve(makeApp({ secret: bytes }));
      try {
        const response = await site.request('/chat-autologin/token', { user: 'ada' });
        assert.equal(verify(response.body.token, SECRET).email, 'ada@example.com');
      } finally {
        await site.close();
      }
    });
  });

  // The settings' rules, and the error of each setting refused (its code, its
  // name first, no secret quoted), are the endpoint vectors' settings cases
  // (test/endpoint-vectors.test.js); here, what only JavaScript values have.
  describe('a missing or invalid setting throws when the router is created', () => {
    const getUser = signedIn;

    test('no secret, or an undefined one (an unset environment variable), or null', () => {
      for (const options of [
        { getUser },
        { secret: process.env.CHAT_AUTOLOGIN_TEST_UNSET, getUser },
        { secret: null, getUser },
        { secret: undefined, secrets: undefined, getUser },
      ]) {
        throwsCode(() => chatAutologin(options), 'invalid_secret', 'secret', 'environment variable');
      }
    });

    test('the core judges the secret: the core’s error, under the option’s name', () => {
      throwsCode(() => chatAutologin({ secret: 'too-short', getUser }), 'invalid_secret', 'secret');
      throwsCode(() => chatAutologin({ secret: 'x'.repeat(31), getUser }), 'invalid_secret', 'secret', '32');
      throwsCode(() => chatAutologin({ secret: new Uint8Array(31), getUser }), 'invalid_secret', 'secret');
      chatAutologin({ secret: 'x'.repeat(32), getUser });
      chatAutologin({ secret: new Uint8Array(32), getUser });
      chatAutologin({ secret: Buffer.from(SECRET), getUser });
    });

    test('secrets: an object or a Map, each name and secret judged by the core', () => {
      throwsCode(() => chatAutologin({ secrets: new Map(), getUser }), 'invalid_option', 'secrets', 'empty');
      throwsCode(
        () => chatAutologin({ secrets: new Map([['', SECRET]]), getUser }),
        'invalid_option',
        'secrets',
        'service desk name',
      );
      throwsCode(
        () => chatAutologin({ secrets: new Map([['support', 'short']]), getUser }),
        'invalid_secret',
        'secrets',
        '"support"',
      );
      throwsCode(
        () => chatAutologin({ secrets: { sales: undefined }, getUser }),
        'invalid_secret',
        'secrets',
        '"sales"',
      );
      throwsCode(
        () => chatAutologin({ secrets: { support: SECRET, sales: SECRET.slice(0, 31) }, getUser }),
        'invalid_secret',
        'secrets',
        '"sales"',
      );
      chatAutologin({ secrets: { support: SECRET, 'it.Desk_2-b': Buffer.from(OLD_SECRET) }, getUser });
      chatAutologin({ secrets: new Map([['d'.repeat(64), SECRET]]), getUser });
      throwsCode(
        () => chatAutologin({ secrets: new Map([['d'.repeat(65), SECRET]]), getUser }),
        'invalid_option',
        'secrets',
      );
    });

    test('ttl: whole seconds, 1 to 86400', () => {
      for (const ttl of [NaN, Infinity, -Infinity, 300n, new Number(300), [300]]) {
        throwsCode(() => chatAutologin({ secret: SECRET, ttl, getUser }), 'invalid_ttl', 'ttl');
      }
      chatAutologin({ secret: SECRET, ttl: 1, getUser });
      chatAutologin({ secret: SECRET, ttl: 86_400, getUser });
      chatAutologin({ secret: SECRET, ttl: undefined, getUser });
    });

    test('allowedEmailDomains: an array or a Set', () => {
      chatAutologin({ secret: SECRET, getUser, allowedEmailDomains: new Set(['example.com']) });
      chatAutologin({ secret: SECRET, getUser, allowedEmailDomains: ['Example.COM', '@xn--bcher-kva.de'] });
      chatAutologin({ secret: SECRET, getUser, allowedEmailDomains: null });
      for (const domains of [new Set(), new Set(['']), { 0: 'example.com', length: 1 }]) {
        throwsCode(
          () => chatAutologin({ secret: SECRET, getUser, allowedEmailDomains: domains }),
          'invalid_option',
          'allowedEmailDomains',
        );
      }
    });

    test('path: no Express route patterns', () => {
      for (const path of ['/chat/:id', '/chat(.*)', '/*', '/chat/*splat', '/chat?', '/chat+', '/{chat}']) {
        throwsCode(() => chatAutologin({ secret: SECRET, getUser, path }), 'invalid_option', 'path');
      }
    });

    test('not an object, no getUser function, an unknown option, a logger without warn(): TypeErrors', () => {
      throwsType(() => chatAutologin(), /^chatAutologin takes an options object/);
      throwsType(() => chatAutologin(SECRET), /^chatAutologin takes an options object, not a string$/);
      throwsType(() => chatAutologin([SECRET]), /^chatAutologin takes an options object/);
      throwsType(() => chatAutologin(null), /^chatAutologin takes an options object/);
      throwsType(() => chatAutologin({ secret: SECRET }), /getUser must be a function/);
      throwsType(() => chatAutologin({ secret: SECRET, getUser: 'req.user' }), /getUser must be a function/);
      throwsType(
        () => chatAutologin({ secret: SECRET, getUser, userLoader: getUser }),
        /unknown option "userLoader"/,
      );
      throwsType(() => chatAutologin({ secret: SECRET, getUser, logger: {} }), /logger must have a warn/);
      throwsType(
        () => chatAutologin({ secret: SECRET, getUser, logger: console.warn }),
        /logger must have a warn/,
      );
    });
  });

  // A property that a bug elsewhere in the app (or a dependency) put on
  // Object.prototype is inherited by every object literal: the options are read
  // as own properties only, so none of these reaches the settings, the lookup,
  // the logger or the tag.
  describe('a polluted Object.prototype', () => {
    const POLLUTION = {
      secret: SALES_SECRET,
      secrets: { evil: SALES_SECRET },
      ttl: 7,
      getUser: () => ({ email: 'mallory@evil.example', name: 'Mallory' }),
      allowedEmailDomains: ['evil.example'],
      path: '/evil',
      logger: { warn: () => assert.fail('the polluted logger was used') },
      desk: 'evil',
      show: true,
      nonce: 'evil-nonce',
      retryFor: 5,
      signedIn: false,
    };

    function thrown(fn) {
      try {
        fn();
      } catch (error) {
        return [error.name, error.code, error.message];
      }
      return null;
    }

    /** What the integration does with plain options, all of it observed. */
    async function observe(warn) {
      const seen = {
        errors: [
          thrown(() => chatAutologin({ getUser: signedIn })),
          thrown(() => chatAutologin({ secret: SECRET })),
          thrown(() => chatAutologin({ secrets: { support: SECRET }, getUser: signedIn })),
        ],
      };
      const app = express();
      app.use(session);
      app.use(chatAutologin({ secret: SECRET, getUser: asIs }));
      app.get('/page', (req, res) => res.send(res.locals.chatAutologinScript()));
      app.get('/page-options', (req, res) => res.send(res.locals.chatAutologinScript({})));
      const desks = express.Router();
      desks.use(chatAutologin({ secrets: { support: SECRET }, getUser: asIs }));
      desks.get('/page', (req, res) => res.send(res.locals.chatAutologinScript({ desk: 'support' })));
      app.use('/desks', desks);
      const site = await serve(app);
      try {
        const token = async (path, user) => {
          const response = await site.request(path, { user });
          if (response.status !== 200) {
            return [response.status, typeof response.body === 'object' ? response.body : 'not JSON'];
          }
          const claims = verify(response.body.token);
          return [response.status, claims.email, claims.displayName, claims.exp - claims.iat];
        };
        seen.tokens = [
          await token('/chat-autologin/token', 'ada'),
          await token('/chat-autologin/token', 'eve'),
          await token('/chat-autologin/token', 'nameless'),
          await token('/chat-autologin/token', undefined),
          await token('/chat-autologin/token', 'blank'),
          await token('/desks/chat-autologin/token?desk=support', 'ada'),
          await token('/desks/chat-autologin/token?desk=evil', 'ada'),
          await token('/evil/token', 'ada'),
        ];
        seen.pages = [];
        for (const [path, user] of [
          ['/page', 'ada'],
          ['/page-options', 'ada'],
          ['/page', undefined],
          ['/desks/page', 'ada'],
        ]) {
          seen.pages.push((await site.request(path, { user })).text);
        }
      } finally {
        await site.close();
      }
      seen.warnings = warn.mock.callCount();
      return seen;
    }

    test('changes nothing', async (t) => {
      const warn = t.mock.method(console, 'warn', () => {});
      const clean = await observe(warn);
      assert.deepEqual(clean.tokens, [
        [200, 'ada@example.com', 'Ada Lovelace', 300],
        [200, 'eve@evil.example', 'Eve', 300],
        [200, 'nameless@example.com', 'nameless@example.com', 300],
        [401, { error: 'not_authenticated' }],
        [403, { error: 'invalid_email' }],
        [200, 'ada@example.com', 'Ada Lovelace', 300],
        [404, { error: 'unknown_desk' }],
        [404, 'not JSON'],
      ]);
      assert.deepEqual(
        clean.errors.map((error) => error && error.slice(0, 2)),
        [['ChatAutologinError', 'invalid_secret'], ['TypeError', undefined], null],
      );
      const src = `/chat-autologin/client.js?v=${SCRIPT_ETAG}`;
      assert.deepEqual(clean.pages, [
        `<script src="${src}" defer></script>`,
        `<script src="${src}" defer></script>`,
        `<script src="${src}" defer data-anonymous="true"></script>`,
        `<script src="/desks${src}" defer data-desk="support"></script>`,
      ]);
      assert.equal(clean.warnings, 1);
      try {
        for (const [key, value] of Object.entries(POLLUTION)) Object.prototype[key] = value;
        const polluted = await observe(warn);
        assert.deepEqual(polluted, { ...clean, warnings: 2 });
      } finally {
        for (const key of Object.keys(POLLUTION)) delete Object.prototype[key];
      }
      assert.deepEqual(
        Object.keys(POLLUTION).filter((key) => key in {}),
        [],
      );
    });
  });

  describe('GET <path>/client.js', () => {
    const site = running({});

    test('is the companion script', async () => {
      const response = await site.request('/chat-autologin/client.js');
      assert.equal(response.status, 200);
      assert.equal(response.text, companionScript);
      assert.equal(response.headers.get('content-type'), 'application/javascript; charset=utf-8');
      assert.equal(response.headers.get('cache-control'), 'public, max-age=86400');
      assert.equal(response.headers.get('etag'), `"${SCRIPT_ETAG}"`);
    });

    test('revalidates with its ETag', async () => {
      // Not fetch: with If-None-Match it adds Cache-Control: no-cache, which
      // asks the server for a full answer; a browser revalidating does not.
      const revalidate = (etag) =>
        new Promise((resolve, reject) => {
          const request = http.get(
            `${site.base}/chat-autologin/client.js`,
            { headers: { 'If-None-Match': etag } },
            (response) => {
              let text = '';
              response.setEncoding('utf8');
              response.on('data', (chunk) => (text += chunk));
              response.on('end', () => resolve({ status: response.statusCode, text }));
            },
          );
          request.on('error', reject);
        });
      const fresh = await revalidate(`"${SCRIPT_ETAG}"`);
      assert.equal(fresh.status, 304);
      assert.equal(fresh.text, '');
      const stale = await revalidate('"other"');
      assert.equal(stale.status, 200);
      assert.equal(stale.text, companionScript);
    });

    test('needs no signed-in visitor, and HEAD works', async () => {
      const response = await site.request('/chat-autologin/client.js', { method: 'HEAD' });
      assert.equal(response.status, 200);
      assert.equal(response.text, '');
    });
  });

  // The tag for each option, and each refused option's code, are the endpoint
  // vectors' script tag cases; here, the helper in Express's pages.
  describe('res.locals.chatAutologinScript()', () => {
    const site = running({});
    const desks = running({ secret: undefined, secrets: { support: SECRET, sales: SALES_SECRET } });
    const page = (s, options, user = 'ada') =>
      s.request(
        options === undefined ? '/page' : `/page?options=${encodeURIComponent(JSON.stringify(options))}`,
        { user },
      );
    const src = `/chat-autologin/client.js?v=${SCRIPT_ETAG}`;

    test('writes the companion’s tag', async () => {
      const response = await page(site);
      assert.equal(response.text, `<script src="${src}" defer></script>`);
      // The companion finds the endpoint as "token" next to its own URL.
      assert.equal(
        new URL('token', `https://site.example${src}`).href,
        'https://site.example/chat-autologin/token',
      );
    });

    test('with its options, in the same order as the Python integrations', async () => {
      const response = await page(desks, { desk: 'sales', show: true, nonce: 'r4nd"om', retryFor: 30 });
      assert.equal(
        response.text,
        `<script src="${src}" defer data-desk="sales" data-show="true" data-retry-for="30" nonce="r4nd&quot;om"></script>`,
      );
      assert.equal((await page(site, { show: false })).text, `<script src="${src}" defer></script>`);
    });

    test('for a page nobody is signed in on, data-anonymous="true"', async () => {
      const anonymous = `<script src="${src}" defer data-anonymous="true"></script>`;
      assert.equal((await page(site, undefined, null)).text, anonymous);
      assert.equal((await page(site, {}, null)).text, anonymous);
      assert.equal(
        (await page(desks, { desk: 'support', show: true }, null)).text,
        `<script src="${src}" defer data-desk="support" data-show="true" data-anonymous="true"></script>`,
      );
      // getUser's answer at render time: null, undefined and false are nobody.
      const answers = { null: null, undefined: undefined, false: false, ada: USERS.ada };
      const app = express();
      app.use(chatAutologin({ secret: SECRET, getUser: (req) => answers[req.query.as] }));
      app.get('/page', (req, res) => res.send(res.locals.chatAutologinScript()));
      const other = await serve(app);
      try {
        for (const as of ['null', 'undefined', 'false']) {
          assert.equal((await other.request(`/page?as=${as}`)).text, anonymous, as);
        }
        assert.equal((await other.request('/page?as=ada')).text, `<script src="${src}" defer></script>`);
      } finally {
        await other.close();
      }
    });

    test('signedIn overrides getUser, which then does not run (an async getUser needs it)', async () => {
      let calls = 0;
      const app = express();
      app.use(session);
      app.use(
        chatAutologin({
          secret: SECRET,
          getUser: async (req) => {
            calls += 1;
            return signedIn(req);
          },
        }),
      );
      app.get('/page', (req, res) =>
        res.send(res.locals.chatAutologinScript({ signedIn: Boolean(req.user), show: true })),
      );
      const other = await serve(app);
      try {
        assert.equal(
          (await other.request('/page')).text,
          `<script src="${src}" defer data-show="true" data-anonymous="true"></script>`,
        );
        assert.equal(
          (await other.request('/page', { user: 'ada' })).text,
          `<script src="${src}" defer data-show="true"></script>`,
        );
        assert.equal(calls, 0);
      } finally {
        await other.close();
      }
      // And the other way: a signed-in visitor's page written as anonymous.
      assert.equal(
        (await page(site, { signedIn: false })).text,
        `<script src="${src}" defer data-anonymous="true"></script>`,
      );
      assert.equal((await page(site, { signedIn: true }, null)).text, `<script src="${src}" defer></script>`);
    });

    test('refuses a wrong desk or retryFor (ChatAutologinError), a wrong type or an unknown option (TypeError)', async () => {
      for (const [s, options, name, message] of [
        [
          desks,
          undefined,
          'ChatAutologinError',
          /several service desks are configured \("support", "sales"\)/,
        ],
        [desks, { desk: 'sales', retryFor: 601 }, 'ChatAutologinError', /1 to 600, not 601/],
        [site, { desk: 'support' }, 'ChatAutologinError', /a single secret is configured/],
        [desks, { desk: 'sales', retryFor: '30' }, 'TypeError', /retryFor must be a number/],
        [desks, { desk: 5 }, 'TypeError', /desk must be a string/],
        [desks, { desk: 'sales', show: 'yes' }, 'TypeError', /show must be a boolean/],
        [desks, { desk: 'sales', nonce: 1 }, 'TypeError', /nonce must be a string/],
        [desks, { desk: 'sales', src: '/x' }, 'TypeError', /unknown option "src"/],
        [desks, 'sales', 'TypeError', /takes an options object/],
      ]) {
        const response = await page(s, options);
        assert.equal(response.status, 500);
        assert.equal(response.body.name, name, JSON.stringify(options));
        assert.equal(response.body.code, name === 'TypeError' ? undefined : 'invalid_option');
        assert.match(response.body.message, message);
      }
    });

    test('is set for every request through the router, and reaches templates', async () => {
      const views = mkdtempSync(join(tmpdir(), 'chat-autologin-views-'));
      try {
        writeFileSync(join(views, 'home.tpl'), '<body>{{script}}</body>');
        const app = express();
        app.engine('tpl', (file, locals, done) => {
          const { readFileSync } = require('node:fs');
          done(
            null,
            readFileSync(file, 'utf8').replace('{{script}}', locals.chatAutologinScript({ show: true })),
          );
        });
        app.set('views', views);
        app.set('view engine', 'tpl');
        app.use(session);
        app.use(chatAutologin({ secret: SECRET, getUser: signedIn }));
        app.get('/', (req, res) => res.render('home'));
        app.post('/form', (req, res) => res.send(typeof res.locals.chatAutologinScript));
        const other = await serve(app);
        try {
          const home = await other.request('/', { user: 'ada' });
          assert.equal(home.text, `<body><script src="${src}" defer data-show="true"></script></body>`);
          assert.equal((await other.request('/form', { method: 'POST' })).text, 'function');
        } finally {
          await other.close();
        }
      } finally {
        rmSync(views, { recursive: true, force: true });
      }
    });

    test('under a mount path, the tag and the routes follow it', async () => {
      const other = await serve(makeApp({}, { mount: '/shop' }));
      try {
        assert.equal((await other.request('/shop/chat-autologin/token', { user: 'ada' })).status, 200);
        assert.equal((await other.request('/shop/chat-autologin/client.js')).text, companionScript);
        // The page is outside the mount path: the router does not see it.
        assert.equal((await other.request('/page')).status, 500);
      } finally {
        await other.close();
      }
      // A page inside the mount path gets the prefixed tag.
      const app = express();
      app.use(session);
      const shop = express.Router();
      shop.use(chatAutologin({ secret: SECRET, getUser: signedIn }));
      shop.get('/page', (req, res) => res.send(res.locals.chatAutologinScript()));
      app.use('/shop', shop);
      const mounted = await serve(app);
      try {
        const html = (await mounted.request('/shop/page', { user: 'ada' })).text;
        assert.equal(html, `<script src="/shop${src}" defer></script>`);
      } finally {
        await mounted.close();
      }
    });
  });
});
