'use strict';

// What the endpoint-vector tests of the Express, Fastify and fetch integrations share:
// the cases of tests/vectors/endpoint.json, the case's settings as options,
// a loopback HTTP client, and the checks of an answer against a case.

const assert = require('node:assert/strict');
const http = require('node:http');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { ChatAutologinError, Verifier, companionScript } = require('..');

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

// The query of the largest case is 20 KB; Node's default header limit, 16 KB,
// would answer 431 before the framework sees the request.
const MAX_HEADER_SIZE = 65536;

/** The case's settings as the integration's options, plus `extra`. */
function options(settings, extra) {
  const opts = { ...extra };
  for (const [key, value] of Object.entries(settings)) opts[NAMES[key]] = value;
  return opts;
}

// A user's string; UTF-16 code units rebuild one that JSON cannot carry raw.
const text = (value) => (value && typeof value === 'object' ? String.fromCharCode(...value.utf16) : value);

/** The case's user lookup, counting its calls. */
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

/** One request over HTTP to 127.0.0.1:`port`: { status, headers, body }. */
function request(port, { method, path, query, headers }) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path: query ? `${path}?${query}` : path,
        headers,
        maxHeaderSize: MAX_HEADER_SIZE,
        agent: false,
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

/** A settings case's error, as the integration raised it. */
function checkSettingsError(testCase, error) {
  check(error instanceof ChatAutologinError, `${testCase.id}: ${error}`);
  assert.equal(error.code, testCase.expect.error.code, error.message);
  check(error.message.startsWith(`${NAMES[testCase.expect.error.setting]}: `), error.message);
  for (const secret of testCase.message_excludes) {
    check(!error.message.includes(secret), error.message);
    check(!String(error.stack).includes(secret), 'the stack shows a secret');
  }
}

/** A request case's answer, with the lookup's calls and the warnings logged. */
function checkAnswer(testCase, answer, getUser, warnings) {
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
}

/** A script-tag case's options in JavaScript's spelling. */
function scriptOptions(testCase) {
  const { retry_for: retryFor, ...rest } = testCase.options;
  return retryFor === undefined ? rest : { ...rest, retryFor };
}

/** What a page that writes the tag answers: { tag } or { error, type }. */
function tagOrError(write) {
  try {
    return { tag: write() };
  } catch (error) {
    return { error: error.code, type: error.name };
  }
}

/** A script-tag case's outcome, as tagOrError() gave it. */
function checkTag(testCase, answer) {
  if (testCase.expect.error) {
    assert.deepEqual(answer, { error: testCase.expect.error, type: 'ChatAutologinError' });
  } else {
    assert.deepEqual(answer, { tag: testCase.expect.tag });
  }
}

const SIGNED_IN = { email: 'ada@example.com', displayName: 'Ada' };

module.exports = {
  VECTORS,
  MAX_HEADER_SIZE,
  SIGNED_IN,
  options,
  lookup,
  request,
  checkSettingsError,
  checkAnswer,
  scriptOptions,
  tagOrError,
  checkTag,
};
