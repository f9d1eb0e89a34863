'use strict';

// Every case of tests/vectors/mint.json and verify.json, each named by its id,
// through the one-shot functions and through Issuer / Verifier.

const assert = require('node:assert/strict');
const { describe, test } = require('node:test');

const { mintChatToken, verifyChatToken, Issuer, Verifier, ChatAutologinError } = require('..');
const { vectorFile, value, ERROR_CODES } = require('./helpers.js');

const mintFile = vectorFile('mint');
const verifyFile = vectorFile('verify');
const mintCases = mintFile.cases;
const verifyCases = verifyFile.cases;

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

/** The token of the vector that mints the same input with the default ttl, 300. */
function defaultTtlToken(c) {
  const same = mintCases.find(
    (o) =>
      o.ttl === 300 &&
      o.email === c.email &&
      o.name === c.name &&
      JSON.stringify(o.secret) === JSON.stringify(c.secret) &&
      JSON.stringify(o.now) === JSON.stringify(c.now) &&
      'token' in o.expect,
  );
  assert.ok(same, `no vector mints ${c.id}'s input with ttl 300`);
  return same.expect.token;
}

describe('mint vectors: Issuer', () => {
  for (const c of mintCases) {
    test(c.id, () => {
      // ttl is optional for an Issuer: null means the default, not a type error.
      const expect = c.ttl === null ? { token: defaultTtlToken(c) } : c.expect;
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

test("the error codes are the generator's", () => {
  // Each file's error_codes are the codes its cases expect, and together they
  // are exactly this package's list.
  const generated = new Set();
  for (const file of [mintFile, verifyFile]) {
    const expected = new Set(file.cases.map((c) => c.expect.error).filter(Boolean));
    assert.deepEqual([...file.error_codes].sort(), [...expected].sort());
    for (const code of file.error_codes) generated.add(code);
  }
  assert.deepEqual([...ERROR_CODES].sort(), [...generated].sort());
});

test('the vector files hold exactly the generated cases', () => {
  assert.equal(mintCases.length, mintFile.case_count);
  assert.equal(verifyCases.length, verifyFile.case_count);
  assert.equal(new Set(mintCases.map((c) => c.id)).size, mintCases.length);
  assert.equal(new Set(verifyCases.map((c) => c.id)).size, verifyCases.length);
});
