'use strict';

// Every case of tests/vectors/mint.json and verify.json, each named by its id,
// through the one-shot functions and through Issuer / Verifier.

const assert = require('node:assert/strict');
const { describe, test } = require('node:test');

const { mintChatToken, verifyChatToken, Issuer, Verifier, ChatAutologinError } = require('..');
const { vectorCases, value, ERROR_CODES } = require('./helpers.js');

const mintCases = vectorCases('mint');
const verifyCases = vectorCases('verify');

/** Runs `fn` and checks its outcome against a vector's `expect`. */
function check(expect, fn) {
  if ('error' in expect) {
    assert.throws(fn, (error) => {
      assert.ok(error instanceof ChatAutologinError, `expected a ChatAutologinError, got ${error}`);
      assert.equal(error.code, expect.error, error.message);
      // Short enough to log: never a dump of the token or a 300-digit number.
      assert.ok(error.message.length < 300, error.message);
      return true;
    });
  } else if ('type_error' in expect) {
    assert.throws(fn, (error) => {
      assert.ok(error instanceof TypeError, `expected a TypeError, got ${error}`);
      assert.ok(!(error instanceof ChatAutologinError));
      assert.match(error.message, new RegExp(`^${expect.type_error} `));
      return true;
    });
  } else if ('token' in expect) {
    assert.equal(fn(), expect.token);
  } else if ('claims' in expect) {
    assert.deepEqual(fn(), expect.claims);
  } else {
    assert.fail(`unknown expectation ${JSON.stringify(expect)}`);
  }
}

describe('mint vectors: mintChatToken', () => {
  for (const c of mintCases) {
    test(c.id, () => {
      check(c.expect, () =>
        mintChatToken(value(c.email), value(c.name), value(c.ttl), value(c.secret), { now: value(c.now) }),
      );
    });
  }
});

describe('mint vectors: Issuer', () => {
  for (const c of mintCases) {
    test(c.id, () => {
      // ttl is optional for an Issuer: null means the default, not a type error.
      const expect =
        c.ttl === null ? { token: mintChatToken(c.email, c.name, 300, c.secret, { now: c.now }) } : c.expect;
      check(expect, () =>
        new Issuer(value(c.secret), { ttl: value(c.ttl) }).mint(value(c.email), value(c.name), {
          now: value(c.now),
        }),
      );
    });
  }
});

function verifyOptions(c) {
  const options = { now: value(c.now) };
  if ('leeway' in c) options.leeway = value(c.leeway);
  if ('max_lifetime' in c) options.maxLifetime = value(c.max_lifetime);
  return options;
}

function secrets(c) {
  return 'secrets' in c ? c.secrets.map(value) : value(c.secret);
}

describe('verify vectors: verifyChatToken', () => {
  for (const c of verifyCases) {
    test(c.id, () => {
      check(c.expect, () => verifyChatToken(value(c.token), secrets(c), verifyOptions(c)));
    });
  }
});

describe('verify vectors: Verifier', () => {
  for (const c of verifyCases) {
    test(c.id, () => {
      const { now, ...options } = verifyOptions(c);
      check(c.expect, () => new Verifier(secrets(c), options).verify(value(c.token), { now }));
    });
  }
});

test('every error code appears in at least one vector', () => {
  const seen = new Set([...mintCases, ...verifyCases].map((c) => c.expect.error).filter(Boolean));
  assert.deepEqual([...seen].sort(), [...ERROR_CODES].sort());
});

test('the vector files are not empty', () => {
  assert.ok(mintCases.length > 50, `${mintCases.length} mint cases`);
  assert.ok(verifyCases.length > 100, `${verifyCases.length} verify cases`);
});
