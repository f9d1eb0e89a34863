'use strict';

// Property tests (fast-check): valid input round-trips, and hostile input of any
// type gets an ordinary error.
//
// Round trips: any email, display name, ttl, secret and clock drawn by the
// contract's rules mints a token that verifies to the same claims, whose bytes
// are the contract's compact JSON (what JSON.stringify writes), and that is
// refused before iat - leeway and from exp + leeway on. Any change to one
// character of it is refused.
//
// Hostile input: every public function, constructor and method, given strings,
// numbers, BigInts, Symbols, null and undefined, objects and arrays, Proxies,
// objects whose toString / valueOf / Symbol.toPrimitive / getters throw, boxed
// and subclassed strings and typed arrays, in any argument, throws a TypeError
// or a ChatAutologinError with one of the contract's codes (never
// `internal_error`), or lets the caller's own exception through, and never
// crashes the process. For text and numbers the outcome is exactly what the
// contract's rules say.

const assert = require('node:assert/strict');
const { describe, test } = require('node:test');
const util = require('node:util');
const fc = require('fast-check');

const {
  mintChatToken,
  verifyChatToken,
  inspectUnverified,
  Issuer,
  Verifier,
  ChatAutologinError,
} = require('..');
const { chatAutologin } = require('chat-autologin/express');
const { ERROR_CODES, SECRET, NOW } = require('./helpers.js');

const OLD_SECRET = 'the-previous-secret-of-this-service-desk-0123456789';
const RUNS = { numRuns: 500 };
const MAX_TTL = 86400;
const LEEWAY = 60;
const MAX_NOW = 253402300799; // 9999-12-31T23:59:59Z
const HEADER = '{"alg":"HS256","typ":"JWT"}';
const CODES = new Set(ERROR_CODES);
const TOKEN_CODES = new Set(
  ERROR_CODES.filter((code) => !code.startsWith('invalid_') || code === 'invalid_claims'),
);

// Rust's char::is_whitespace: the Unicode White_Space property.
const WHITE_SPACE = new Set([
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005,
  0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
]);
const SPACES = [...WHITE_SPACE].map((cp) => String.fromCodePoint(cp));
const isControl = (cp) => cp < 0x20 || (cp >= 0x7f && cp <= 0x9f);
const isSpace = (cp) => WHITE_SPACE.has(cp);
const codePoints = (text) => [...text].map((c) => c.codePointAt(0));

/** The contract's email rule. */
function emailOk(email) {
  const size = Buffer.byteLength(email, 'utf8');
  if (size < 3 || size > 254) return false;
  if (codePoints(email).some((cp) => isSpace(cp) || isControl(cp))) return false;
  const parts = email.split('@');
  return parts.length === 2 && parts[0] !== '' && parts[1] !== '';
}

/** The contract's display name rule. */
function nameOk(name) {
  const cps = codePoints(name);
  if (cps.length < 1 || cps.length > 255 || cps.some(isControl)) return false;
  return !cps.every(isSpace);
}

/** The contract's secret rule, on its bytes. */
function secretOk(secret) {
  const bytes = Buffer.from(typeof secret === 'string' ? Buffer.from(secret, 'utf8') : secret);
  if (bytes.length < 32) return false;
  let text;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return true;
  }
  return !codePoints(text).every(isSpace);
}

function mintError(email, name) {
  if (!emailOk(email)) return 'invalid_email';
  if (!nameOk(name)) return 'invalid_display_name';
  return null;
}

/** Asserts that `fn` throws a ChatAutologinError whose code is one of `codes`. */
function throwsCode(fn, codes) {
  assert.throws(fn, (error) => {
    assert.ok(error instanceof ChatAutologinError, `not a ChatAutologinError: ${error && error.stack}`);
    assert.ok(codes.has(error.code), `${error.code}: ${error.message}`);
    return true;
  });
}

const decode = (segment) => Buffer.from(segment, 'base64url');

// --- valid input ---------------------------------------------------------------

/** One character (code point) that passes `keep`, as a string. */
const char = (keep) =>
  fc
    .oneof(fc.integer({ min: 0, max: 0x7f }), fc.integer({ min: 0, max: 0x10ffff }))
    .filter((cp) => (cp < 0xd800 || cp > 0xdfff) && keep(cp))
    .map((cp) => String.fromCodePoint(cp));

const emailChar = char((cp) => !isControl(cp) && !isSpace(cp) && cp !== 0x40);
const emailPart = fc.string({ unit: emailChar, minLength: 1, maxLength: 30 });
const emails = fc
  .oneof(
    fc.emailAddress(),
    fc.tuple(emailPart, emailPart).map(([local, domain]) => `${local}@${domain}`),
    fc
      .tuple(
        fc.string({ unit: emailChar, minLength: 60, maxLength: 130 }),
        fc.string({ unit: emailChar, minLength: 60, maxLength: 130 }),
      )
      .map(([local, domain]) => `${local}@${domain}`),
  )
  .filter(emailOk);

const nameChar = char((cp) => !isControl(cp));
const names = fc
  .oneof(
    fc.string({ unit: nameChar, minLength: 1, maxLength: 40 }),
    fc.string({ unit: nameChar, minLength: 200, maxLength: 255 }),
    fc.string({
      unit: fc.constantFrom(...'"\\/{}[]:,\u2028\u2029 <>&\'aé山🦀'),
      minLength: 1,
      maxLength: 30,
    }),
  )
  .filter(nameOk);

const secrets = fc
  .oneof(
    fc.constant(SECRET),
    fc.string({ unit: nameChar, minLength: 32, maxLength: 100 }),
    fc.uint8Array({ minLength: 32, maxLength: 100 }),
    fc.uint8Array({ minLength: 32, maxLength: 100 }).map((bytes) => Buffer.from(bytes)),
  )
  .filter(secretOk);

const ttls = fc.integer({ min: 1, max: MAX_TTL });
const nows = fc.oneof(
  fc.integer({ min: 0, max: MAX_NOW }),
  fc.double({ min: 0, max: MAX_NOW, noNaN: true }),
  fc.constant(NOW),
);

describe('round trips', () => {
  test('any valid input mints a token that verifies to the same claims', () => {
    fc.assert(
      fc.property(emails, names, ttls, secrets, nows, (email, name, ttl, secret, now) => {
        const token = mintChatToken(email, name, ttl, secret, { now });
        const iat = Math.floor(now) + 0; // -0 is written as 0
        const expected = { email, displayName: name, iat, exp: iat + ttl };

        assert.deepEqual(verifyChatToken(token, secret, { now }), expected);
        assert.deepEqual(verifyChatToken(token, [OLD_SECRET, secret], { now }), expected);
        assert.deepEqual(new Verifier([secret, OLD_SECRET]).verify(token, { now }), expected);

        const issuer = new Issuer(secret, { ttl });
        assert.equal(issuer.mint(email, name, { now }), token);
        assert.deepEqual(issuer.issue(email, name, { now }), { token, iat, exp: iat + ttl });

        // The contract's bytes: the fixed header, then JSON.stringify's compact UTF-8.
        const [header, payload, signature] = token.split('.');
        assert.equal(decode(header).toString('latin1'), HEADER);
        assert.deepEqual(decode(payload), Buffer.from(JSON.stringify(expected), 'utf8'));
        assert.equal(decode(signature).length, 32);
        assert.deepEqual(inspectUnverified(token), { header: JSON.parse(HEADER), claims: expected });
      }),
      RUNS,
    );
  });

  test('a token is valid from iat - leeway until exp + leeway', () => {
    fc.assert(
      fc.property(
        emails,
        names,
        ttls,
        fc.integer({ min: 0, max: MAX_NOW }),
        fc.integer({ min: -LEEWAY - 100, max: MAX_TTL + LEEWAY + 100 }),
        (email, name, ttl, iat, offset) => {
          const at = iat + Math.min(offset, ttl + LEEWAY + 100);
          fc.pre(at >= 0 && at <= MAX_NOW);
          const token = new Issuer(SECRET, { ttl }).mint(email, name, { now: iat });
          const verifier = new Verifier(SECRET);
          if (at >= iat + ttl + LEEWAY) {
            throwsCode(() => verifier.verify(token, { now: at }), new Set(['token_expired']));
          } else if (at < iat - LEEWAY) {
            throwsCode(() => verifier.verify(token, { now: at }), new Set(['token_not_yet_valid']));
          } else {
            assert.deepEqual(verifier.verify(token, { now: at }), {
              email,
              displayName: name,
              iat,
              exp: iat + ttl,
            });
          }
        },
      ),
      RUNS,
    );
  });

  test('any change to one character of a token is refused', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ \n';
    fc.assert(
      fc.property(
        emails,
        names,
        fc.nat(),
        fc.oneof(fc.constantFrom(...alphabet), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })),
        (email, name, position, replacement) => {
          const token = mintChatToken(email, name, 300, SECRET, { now: NOW });
          const index = position % token.length;
          fc.pre(token[index] !== replacement);
          const changed = token.slice(0, index) + replacement + token.slice(index + 1);
          for (const other of [changed, token.slice(0, index), token + replacement]) {
            throwsCode(() => verifyChatToken(other, SECRET, { now: NOW }), TOKEN_CODES);
          }
        },
      ),
      RUNS,
    );
  });
});

// --- text and numbers of any kind: the contract's rules decide ---------------------

const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: fc.constantFrom(...'a@b. \t\n\0\x7f\x85\xa0\u2028\u3000é山🦀'), maxLength: 12 }),
  // Whitespace only, or nearly.
  fc.string({ unit: fc.constantFrom(...SPACES, 'a'), minLength: 1, maxLength: 4 }),
  // Near misses: no '@', two of them, an empty side, a long side.
  fc
    .array(fc.string({ unit: emailChar, maxLength: 6 }), { minLength: 1, maxLength: 3 })
    .map((parts) => parts.join('@')),
  fc
    .array(fc.string({ unit: emailChar, minLength: 100, maxLength: 140 }), { minLength: 2, maxLength: 2 })
    .map((parts) => parts.join('@')),
  // Near the limits of 3 and 254 bytes (and 255 characters for a name).
  fc
    .tuple(fc.constantFrom(0, 1, 2, 250, 251, 252, 253, 254, 255, 256, 510), fc.constantFrom('a', 'é'))
    .map(([size, c]) => c.repeat(Math.floor(size / Buffer.byteLength(c))) + '@b'),
  emails,
  names,
);

describe('the contract decides', () => {
  test('any email and display name', () => {
    const issuer = new Issuer(SECRET);
    const verifier = new Verifier(SECRET);
    fc.assert(
      fc.property(anyText, anyText, (email, name) => {
        for (const [e, n] of [
          [email, 'Ada'],
          ['ada@example.com', name],
          [email, name],
        ]) {
          const expected = mintError(e, n);
          const mints = [
            () => mintChatToken(e, n, 300, SECRET, { now: NOW }),
            () => issuer.mint(e, n, { now: NOW }),
            () => issuer.issue(e, n, { now: NOW }).token,
          ];
          for (const mint of mints) {
            if (expected === null) {
              assert.deepEqual(verifier.verify(mint(), { now: NOW }), {
                email: e,
                displayName: n,
                iat: NOW,
                exp: NOW + 300,
              });
            } else {
              throwsCode(mint, new Set([expected]));
            }
          }
        }
      }),
      RUNS,
    );
  });

  test('any secret', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 80 }),
          fc.string({ unit: fc.constantFrom(...SPACES, 'a', 'é'), minLength: 10, maxLength: 40 }),
          fc.uint8Array({ maxLength: 80 }),
          fc.uint8Array({ maxLength: 80 }).map((bytes) => Buffer.from(bytes)),
        ),
        (secret) => {
          const calls = [
            () => new Issuer(secret),
            () => new Verifier(secret),
            () => new Verifier([SECRET, secret]),
            () => mintChatToken('a@b.c', 'A', 300, secret, { now: NOW }),
            () => verifyChatToken('x.y.z', secret, { now: NOW }),
            () => verifyChatToken('x.y.z', [secret], { now: NOW }),
          ];
          for (const call of calls) {
            if (secretOk(secret)) {
              try {
                call();
              } catch (error) {
                // verifyChatToken's token
                assert.ok(error instanceof ChatAutologinError, error && error.stack);
                assert.equal(error.code, 'malformed_token');
              }
            } else {
              throwsCode(call, new Set(['invalid_secret']));
            }
          }
        },
      ),
      RUNS,
    );
  });

  const numbers = fc.oneof(
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constantFrom(0, 1, 300, 86400, 86401, -0, 0.5, 1e-300, 2 ** 53, 2 ** 64, Infinity, NaN),
  );

  test('any ttl', () => {
    fc.assert(
      fc.property(numbers, (ttl) => {
        const valid = typeof ttl === 'number' && Number.isInteger(ttl) && ttl >= 1 && ttl <= MAX_TTL;
        if (valid) {
          assert.equal(new Issuer(SECRET, { ttl }).ttl, ttl);
          const token = mintChatToken('a@b.c', 'A', ttl, SECRET, { now: NOW });
          assert.equal(verifyChatToken(token, SECRET, { now: NOW }).exp, NOW + ttl);
        } else {
          throwsCode(() => new Issuer(SECRET, { ttl }), new Set(['invalid_ttl']));
          throwsCode(() => mintChatToken('a@b.c', 'A', ttl, SECRET, { now: NOW }), new Set(['invalid_ttl']));
        }
      }),
      RUNS,
    );
  });

  test('any now, leeway and maxLifetime', () => {
    const finite = (value) => typeof value === 'number' && Number.isFinite(value);
    const issuer = new Issuer(SECRET);
    fc.assert(
      fc.property(numbers, numbers, numbers, (now, leeway, maxLifetime) => {
        const option = new Set(['invalid_option']);
        if (finite(now) && now >= 0 && now <= MAX_NOW) {
          issuer.mint('a@b.c', 'A', { now });
        } else {
          throwsCode(() => issuer.mint('a@b.c', 'A', { now }), option);
          throwsCode(() => new Verifier(SECRET).verify('a.b.c', { now }), option);
        }
        const leewayOk = finite(leeway) && leeway >= 0 && leeway <= 300;
        const lifetimeOk = finite(maxLifetime) && maxLifetime >= 1 && maxLifetime <= MAX_TTL;
        if (leewayOk && lifetimeOk) {
          new Verifier(SECRET, { leeway, maxLifetime });
        } else {
          throwsCode(() => new Verifier(SECRET, { leeway, maxLifetime }), option);
          throwsCode(() => verifyChatToken('a.b.c', SECRET, { leeway, maxLifetime }), option);
        }
      }),
      RUNS,
    );
  });

  test('any text as a token is refused with a token code', () => {
    const tokenChars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ \n';
    const verifier = new Verifier([SECRET, OLD_SECRET]);
    fc.assert(
      fc.property(
        fc.oneof(
          // UTF-16 code units: lone surrogates included.
          fc.string({
            unit: fc.integer({ min: 0, max: 0xffff }).map((u) => String.fromCharCode(u)),
            maxLength: 200,
          }),
          fc.string({ unit: fc.constantFrom(...tokenChars), maxLength: 400 }),
          fc
            .array(fc.string({ unit: fc.constantFrom(...tokenChars.slice(0, 64)), maxLength: 60 }), {
              maxLength: 4,
            })
            .map((parts) => parts.join('.')),
          fc.integer({ min: 8100, max: 9000 }).map((n) => 'e'.repeat(n)),
        ),
        (token) => {
          throwsCode(() => verifyChatToken(token, SECRET, { now: NOW }), TOKEN_CODES);
          throwsCode(() => verifier.verify(token, { now: NOW }), TOKEN_CODES);
          try {
            assert.deepEqual(Object.keys(inspectUnverified(token)), ['header', 'claims']);
          } catch (error) {
            assert.ok(error instanceof ChatAutologinError, error && error.stack);
            assert.ok(['token_too_large', 'malformed_token'].includes(error.code), error.message);
          }
        },
      ),
      RUNS,
    );
  });
});

// --- values of any type ---------------------------------------------------------

/** What the odd values' own traps and methods throw: the caller's error, let through. */
class Boom extends Error {}

function boom(what) {
  return () => {
    throw new Boom(what);
  };
}

/** Odd values, made afresh for each use (some are consumed or detached). */
function oddValues() {
  const hostile = {
    toString: boom('toString'),
    valueOf: boom('valueOf'),
    [Symbol.toPrimitive]: boom('toPrimitive'),
    toJSON: boom('toJSON'),
  };
  const getters = {};
  for (const key of ['now', 'ttl', 'leeway', 'maxLifetime', 'secret', 'getUser', 'length', 'then']) {
    Object.defineProperty(getters, key, { get: boom(key), enumerable: true });
  }
  const revocable = Proxy.revocable({}, {});
  revocable.revoke();
  const trapAll = new Proxy(
    {},
    {
      get: boom('get'),
      has: boom('has'),
      ownKeys: boom('ownKeys'),
      getOwnPropertyDescriptor: boom('getOwnPropertyDescriptor'),
      getPrototypeOf: boom('getPrototypeOf'),
    },
  );
  const detached = new Uint8Array(new ArrayBuffer(64));
  structuredClone(detached.buffer, { transfer: [detached.buffer] });
  class MyString extends String {}
  class MyBytes extends Uint8Array {}
  const sparse = [];
  sparse[5] = SECRET;
  const recursive = [];
  recursive.push(recursive);
  return [
    undefined,
    null,
    true,
    false,
    0,
    -0,
    NaN,
    Infinity,
    -Infinity,
    1e308,
    -1,
    2 ** 53 + 2,
    Number.MIN_VALUE,
    0n,
    300n,
    2n ** 1000n,
    Symbol('secret'),
    Symbol.iterator,
    '',
    ' '.repeat(40),
    '\0'.repeat(40),
    '\ud800',
    'x'.repeat(1_000_000),
    {},
    [],
    [undefined],
    [SECRET, null],
    [[SECRET]],
    sparse,
    recursive,
    Object.create(null),
    Object.freeze({ now: NOW }),
    { now: '1764115200' },
    { ttl: 300n },
    { unknown: 1 },
    hostile,
    getters,
    revocable.proxy,
    trapAll,
    new Proxy({}, {}),
    new Proxy(Buffer.from(SECRET), {}),
    () => SECRET,
    class {},
    new Date(NOW * 1000),
    /regexp/,
    new Map([['now', NOW]]),
    new Set([SECRET]),
    new WeakMap(),
    Promise.resolve(SECRET),
    new String(SECRET),
    new MyString(SECRET),
    new Number(300),
    new Boolean(true),
    Buffer.alloc(0),
    Buffer.from(SECRET),
    MyBytes.from(Buffer.from(SECRET)),
    new Uint8Array(new SharedArrayBuffer(64)).fill(65),
    detached,
    new Uint16Array(40),
    new Float64Array(3),
    new DataView(new ArrayBuffer(64)),
    new ArrayBuffer(64),
    new Error('an error'),
    new ChatAutologinError('an error', 'bad_signature'),
    new Issuer(SECRET),
    new Verifier(SECRET),
    globalThis,
  ];
}

const ODD_COUNT = oddValues().length;

// fast-check looks into the values it generates (and prints them): an odd value
// is generated as a reference, and looked up by `real` inside the property.
class Odd {
  constructor(index) {
    this.index = index;
  }
}

function real(value) {
  return value instanceof Odd ? oddValues()[value.index] : value;
}

const odd = fc.integer({ min: 0, max: ODD_COUNT - 1 }).map((index) => new Odd(index));
const anything = fc.oneof(
  odd,
  fc.anything({
    maxDepth: 2,
    withBigInt: true,
    withBoxedValues: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withNullPrototype: true,
    withObjectString: true,
    withSparseArray: true,
    withTypedArray: true,
  }),
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((u) => String.fromCharCode(u)), maxLength: 50 }),
);
const validOr = (valid) => fc.oneof(fc.constant(valid), anything);

/** Calls `fn`: a value, a TypeError, a ChatAutologinError with a contract code, or a Boom. */
function outcome(fn) {
  try {
    fn();
  } catch (error) {
    if (error instanceof Boom || error instanceof TypeError) return;
    assert.ok(error instanceof ChatAutologinError, `not an ordinary error: ${util.inspect(error)}`);
    assert.ok(CODES.has(error.code), `${error.code}: ${error.message}`);
    assert.ok(typeof error.message === 'string' && error.message.length > 0);
    assert.ok(error instanceof Error && typeof error.stack === 'string');
  }
}

describe('values of any type', () => {
  const token = mintChatToken('a@b.c', 'A', 300, SECRET, { now: NOW });
  const issuer = new Issuer(SECRET);
  const verifier = new Verifier([SECRET, OLD_SECRET]);

  test('given to mint: an ordinary error', () => {
    fc.assert(
      fc.property(
        validOr('ada@example.com'),
        validOr('Ada'),
        validOr(300),
        validOr(SECRET),
        validOr({ now: NOW }),
        (...values) => {
          const [email, name, ttl, secret, options] = values.map(real);
          outcome(() => mintChatToken(email, name, ttl, secret, options));
          outcome(() => mintChatToken(email, name, ttl, secret));
          outcome(() => new Issuer(secret, { ttl }));
          outcome(() => new Issuer(secret, options));
          outcome(() => new Issuer(secret));
          outcome(() => issuer.mint(email, name, options));
          outcome(() => issuer.mint(email, name));
          outcome(() => issuer.issue(email, name, options));
        },
      ),
      RUNS,
    );
  });

  test('given to verify and inspect: an ordinary error', () => {
    fc.assert(
      fc.property(
        validOr(token),
        validOr([SECRET]),
        validOr({ now: NOW, leeway: 60, maxLifetime: 600 }),
        validOr({ now: NOW }),
        (...values) => {
          const [tok, secrets, options, verifyOptions] = values.map(real);
          outcome(() => verifyChatToken(tok, secrets, options));
          outcome(() => verifyChatToken(tok, secrets));
          outcome(() => new Verifier(secrets, options));
          outcome(() => new Verifier(secrets));
          outcome(() => verifier.verify(tok, verifyOptions));
          outcome(() => verifier.verify(tok));
          outcome(() => inspectUnverified(tok));
        },
      ),
      RUNS,
    );
  });

  test('given to the Express integration: an ordinary error', () => {
    const getUser = () => null;
    fc.assert(
      fc.property(anything, anything, (...values) => {
        const [value, other] = values.map(real);
        outcome(() => chatAutologin(value));
        outcome(() => chatAutologin({ secret: value, getUser }));
        outcome(() => chatAutologin({ secret: SECRET, getUser, ttl: value }));
        outcome(() => chatAutologin({ secrets: value, getUser }));
        outcome(() => chatAutologin({ secrets: { support: value, sales: other }, getUser }));
        outcome(() => chatAutologin({ secret: SECRET, getUser, allowedEmailDomains: value }));
        outcome(() => chatAutologin({ secret: SECRET, getUser, path: value, logger: other }));
      }),
      { numRuns: 100 },
    );
  });

  test('each odd value in each argument, the others valid', () => {
    const calls = [
      [mintChatToken, ['a@b.c', 'A', 300, SECRET, { now: NOW }]],
      [verifyChatToken, [token, SECRET, { now: NOW, leeway: 60, maxLifetime: 600 }]],
      [verifyChatToken, [token, [SECRET, OLD_SECRET], { now: NOW }]],
      [inspectUnverified, [token]],
      [(...args) => new Issuer(...args), [SECRET, { ttl: 300 }]],
      [(...args) => issuer.mint(...args), ['a@b.c', 'A', { now: NOW }]],
      [(...args) => issuer.issue(...args), ['a@b.c', 'A', { now: NOW }]],
      [(...args) => new Verifier(...args), [SECRET, { leeway: 60, maxLifetime: 600 }]],
      [(...args) => new Verifier(...args), [[SECRET, OLD_SECRET]]],
      [(...args) => verifier.verify(...args), [token, { now: NOW }]],
    ];
    const options = ['now', 'ttl', 'leeway', 'maxLifetime'];
    for (let index = 0; index < ODD_COUNT; index++) {
      for (const [fn, args] of calls) {
        for (let position = 0; position < args.length; position++) {
          const changed = [...args];
          changed[position] = oddValues()[index];
          outcome(() => fn(...changed));
          // In an option, and in a list of secrets.
          const last = args[args.length - 1];
          if (last !== null && typeof last === 'object' && !Array.isArray(last)) {
            for (const key of Object.keys(last).filter((k) => options.includes(k))) {
              outcome(() => fn(...args.slice(0, -1), { ...last, [key]: oddValues()[index] }));
            }
          }
        }
      }
      outcome(() => new Verifier([SECRET, oddValues()[index]]));
      outcome(() => verifyChatToken(token, [oddValues()[index], SECRET], { now: NOW }));
    }
  });

  test('methods called on the wrong object, and getters, are TypeErrors or values', () => {
    for (const value of oddValues()) {
      for (const [Class, names] of [
        [Issuer, ['mint', 'issue', 'toJSON']],
        [Verifier, ['verify', 'toJSON']],
      ]) {
        for (const name of names) {
          outcome(() => Class.prototype[name].call(value, 'a@b.c', 'A'));
        }
        for (const getter of ['ttl', 'leeway', 'maxLifetime']) {
          const descriptor = Object.getOwnPropertyDescriptor(Class.prototype, getter);
          if (descriptor) outcome(() => descriptor.get.call(value));
        }
        outcome(() => Class(SECRET));
      }
    }
  });
});

describe('secrets in odd containers and odd strings', () => {
  // A Proxy of an array passes Array.isArray; an array whose element changes
  // when read could differ between the check and the addon's read. The list is
  // copied before it is checked, so both end as a Verifier or a normal error.
  test('a Proxy of an array of secrets', () => {
    outcome(() => new Verifier(new Proxy([SECRET], {})));
    outcome(() => verifyChatToken('a.b.c', new Proxy([SECRET], {}), { now: NOW }));
  });

  test('an array of secrets whose element changes when read', () => {
    let reads = 0;
    const flip = [];
    Object.defineProperty(flip, 0, { get: () => (++reads === 1 ? SECRET : 42), enumerable: true });
    outcome(() => new Verifier(flip));
  });

  // A string secret with a lone surrogate cannot be written as UTF-8: rather
  // than replace it with U+FFFD (two secrets, one key), it is refused, as in
  // Python and as emails and names are.
  test('a secret with a lone surrogate is refused', () => {
    const secret = `${SECRET}\ud800`;
    const refused = { name: 'ChatAutologinError', code: 'invalid_secret' };
    assert.throws(() => new Issuer(secret), refused);
    assert.throws(() => new Verifier([secret]), refused);
    assert.throws(() => mintChatToken('a@b.c', 'A', 300, secret, { now: NOW }), refused);
  });
});
