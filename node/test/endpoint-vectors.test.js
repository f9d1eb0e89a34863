'use strict';

// Every case of tests/vectors/endpoint.json through the Express integration, in a
// real Express app on a loopback port, called over real HTTP.
// test/endpoint-vectors-express4.test.js runs this file again with Express 4.

const assert = require('node:assert/strict');
const http = require('node:http');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { after, before, describe, test } = require('node:test');

const express = require('express');
const { ChatAutologinError, Verifier, companionScript } = require('..');
const { chatAutologin } = require('chat-autologin/express');

const VECTORS = JSON.parse(
  readFileSync(join(__dirname, '..', '..', 'tests', 'vectors', 'endpoint.json'), 'utf8'),
);
const NAMES = {
  secret: 'secret',
  secrets: 'secrets',
  ttl: 'ttl',
  allowed_email_domains: 'allowedEmailDomains',
  path_prefix: 'path',
};

// The case's settings as the integration's options.
function options(settings, extra) {
  const opts = { ...extra };
  for (const [key, value] of Object.entries(settings)) opts[NAMES[key]] = value;
  return opts;
}

// A user's string; UTF-16 code units rebuild one that JSON cannot carry raw.
const text = (value) => (value && typeof value === 'object' ? String.fromCharCode(...value.utf16) : value);

function lookup(user) {
  const fn = () => {
    fn.calls += 1;
    return user === null ? null : { email: text(user.email), displayName: text(user.displayName) };
  };
  fn.calls = 0;
  return fn;
}

function check(assertion, message) {
  assert.ok(assertion, message);
}

// One server for the whole file; each case sets the app it runs. The header
// limit is raised for the 20 KB query (Node's default, 16 KB, answers 431
// before Express sees the request).
let current = null;
const server = http.createServer({ maxHeaderSize: 65536 }, (req, res) => current(req, res));
let port;

before(async () => {
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = server.address().port;
});
after(() => new Promise((resolve) => server.close(resolve)));

function request({ method, path, query, headers }) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path: query ? `${path}?${query}` : path,
        headers,
        maxHeaderSize: 65536,
      },
      (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('endpoint vectors: settings', () => {
  assert.equal(VECTORS.settings_cases.length, VECTORS.counts.settings);
  for (const testCase of VECTORS.settings_cases) {
    test(testCase.id, () => {
      let error;
      try {
        chatAutologin(options(testCase.settings, { getUser: () => null }));
      } catch (caught) {
        error = caught;
      }
      check(error instanceof ChatAutologinError, `${testCase.id}: ${error}`);
      assert.equal(error.code, testCase.expect.error.code, error.message);
      check(error.message.startsWith(`${NAMES[testCase.expect.error.setting]}: `), error.message);
      for (const secret of testCase.message_excludes) {
        check(!error.message.includes(secret), error.message);
        check(!String(error.stack).includes(secret), 'the stack shows a secret');
      }
    });
  }
});

describe('endpoint vectors: requests', () => {
  assert.equal(VECTORS.request_cases.length, VECTORS.counts.requests);
  for (const testCase of VECTORS.request_cases) {
    test(testCase.id, async () => {
      const getUser = lookup(testCase.user);
      const warnings = [];
      const app = express();
      app.use(
        chatAutologin(options(testCase.settings, { getUser, logger: { warn: (m) => warnings.push(m) } })),
      );
      current = app;
      const answer = await request(testCase.request);
      const expect = testCase.expect;
      assert.equal(answer.status, expect.status, answer.body.toString());
      if (expect.not_routed) {
        assert.equal(getUser.calls, 0);
        return;
      }
      assert.equal(getUser.calls > 0, expect.looks_up_user);
      for (const [name, value] of Object.entries(expect.headers)) {
        const got = answer.headers[name.toLowerCase()];
        check(got !== undefined, `no ${name}`);
        if (name === 'Cache-Control') {
          const directives = got.split(',').map((d) => d.trim());
          for (const wanted of value.split(', ')) check(directives.includes(wanted), got);
        } else {
          assert.equal(got, value, name);
        }
      }
      if (expect.warning === null) {
        assert.deepEqual(warnings, []);
      } else {
        assert.equal(warnings.length, 1);
        check(warnings[0].includes(expect.warning), warnings[0]);
      }
      if (expect.script) {
        assert.equal(answer.body.toString('utf8'), companionScript);
      } else if (expect.body !== null) {
        assert.equal(answer.body.toString('utf8'), expect.body);
      } else if (expect.token) {
        const body = JSON.parse(answer.body.toString('utf8'));
        assert.deepEqual(Object.keys(body), ['token', 'expiresAt']);
        const claims = new Verifier(expect.token.secret).verify(body.token);
        assert.equal(claims.email, expect.token.email);
        assert.equal(claims.displayName, expect.token.displayName);
        assert.equal(claims.exp - claims.iat, expect.token.ttl);
        assert.equal(body.expiresAt, claims.exp);
        check(Math.abs(claims.iat - Date.now() / 1000) < 60, 'iat is now');
      } else {
        assert.equal(answer.body.length, 0);
      }
    });
  }
});

describe('endpoint vectors: script tags', () => {
  assert.equal(VECTORS.script_tag_cases.length, VECTORS.counts.script_tags);
  for (const testCase of VECTORS.script_tag_cases) {
    test(testCase.id, async () => {
      const user = testCase.signed_in ? { email: 'ada@example.com', displayName: 'Ada' } : null;
      const app = express();
      app.use(chatAutologin(options(testCase.settings, { getUser: () => user })));
      app.get('/page', (req, res) => {
        const { retry_for: retryFor, ...rest } = testCase.options;
        const scriptOptions = retryFor === undefined ? rest : { ...rest, retryFor };
        try {
          res.json({ tag: res.locals.chatAutologinScript(scriptOptions) });
        } catch (error) {
          res.json({ error: error.code, type: error.name });
        }
      });
      current = app;
      const answer = JSON.parse(
        (await request({ method: 'GET', path: '/page', headers: {} })).body.toString(),
      );
      if (testCase.expect.error) {
        assert.deepEqual(answer, { error: testCase.expect.error, type: 'ChatAutologinError' });
      } else {
        assert.deepEqual(answer, { tag: testCase.expect.tag });
      }
    });
  }
});
