'use strict';

// The Node API beyond the shared vectors: error classes and codes, TypeErrors,
// odd numbers, Issuer / Verifier / rotation / inspectUnverified, and secrets that
// never show.

const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');
const { describe, test } = require('node:test');
const util = require('node:util');

const api = require('..');
const { mintChatToken, verifyChatToken, inspectUnverified, Issuer, Verifier, ChatAutologinError } = api;
const { SECRET, NOW } = require('./helpers.js');

const EMAIL = 'ada@example.com';
const NAME = 'Ada Lovelace';
const OLD_SECRET = 'the-previous-secret-of-this-service-desk-0123456789';

/** Asserts that `fn` throws a ChatAutologinError with `code`. */
function throwsCode(fn, code) {
  assert.throws(fn, (error) => {
    assert.ok(
      error instanceof ChatAutologinError,
      `expected a ChatAutologinError, got ${error && error.stack}`,
    );
    assert.equal(error.code, code, error.message);
    return true;
  });
}

/** Asserts that `fn` throws a TypeError (and not a ChatAutologinError) whose message matches. */
function throwsType(fn, message) {
  assert.throws(fn, (error) => {
    assert.ok(error instanceof TypeError, `expected a TypeError, got ${error && error.stack}`);
    assert.ok(!(error instanceof ChatAutologinError));
    if (message) assert.match(error.message, message);
    return true;
  });
}

function token(options = {}) {
  return mintChatToken(EMAIL, NAME, options.ttl ?? 300, options.secret ?? SECRET, {
    now: options.now ?? NOW,
  });
}

describe('exports', () => {
  test('the contract names, and nothing private', () => {
    assert.deepEqual(Object.keys(api).sort(), [
      'ChatAutologinError',
      'Issuer',
      'Verifier',
      'companionScript',
      'diagnose',
      'inspectUnverified',
      'mintChatToken',
      'verifyChatToken',
    ]);
  });

  test('ESM import gives the same named exports', async () => {
    const esm = await import('chat-autologin');
    for (const name of Object.keys(api)) assert.equal(esm[name], api[name], name);
    assert.equal(esm.default, api);
  });

  test('the package resolves by name through its exports map', () => {
    assert.equal(require('chat-autologin'), api);
    assert.equal(require('chat-autologin/package.json').name, 'chat-autologin');
  });
});

describe('ChatAutologinError', () => {
  test('is an Error with a name, a code and a message', () => {
    assert.throws(
      () => verifyChatToken('not-a-token', SECRET, { now: NOW }),
      (error) => {
        assert.ok(error instanceof ChatAutologinError);
        assert.ok(error instanceof Error);
        assert.equal(error.name, 'ChatAutologinError');
        assert.equal(error.code, 'malformed_token');
        assert.ok(error.message.length > 10);
        assert.match(String(error), /^ChatAutologinError: /);
        return true;
      },
    );
  });

  test("its stack starts at the caller's line, not inside the package", () => {
    let error;
    try {
      verifyChatToken(token(), 'x'.repeat(40), { now: NOW });
    } catch (e) {
      error = e;
    }
    assert.equal(error.code, 'bad_signature');
    const frames = error.stack.split('\n').filter((line) => line.trim().startsWith('at '));
    assert.match(frames[0], /api\.test\.js/);
    assert.ok(!error.stack.includes('index.js'), error.stack);
  });

  test('each API surface reports its code', () => {
    throwsCode(() => mintChatToken('no-at-sign', NAME, 300, SECRET), 'invalid_email');
    throwsCode(() => mintChatToken(EMAIL, '', 300, SECRET), 'invalid_display_name');
    throwsCode(() => mintChatToken(EMAIL, NAME, 0, SECRET), 'invalid_ttl');
    throwsCode(() => mintChatToken(EMAIL, NAME, 300, 'short'), 'invalid_secret');
    throwsCode(() => new Issuer('short'), 'invalid_secret');
    throwsCode(() => new Issuer(SECRET, { ttl: 86401 }), 'invalid_ttl');
    throwsCode(() => new Issuer(SECRET).mint('a b@c.d', NAME), 'invalid_email');
    throwsCode(() => new Issuer(SECRET).mint(EMAIL, 'tab\there'), 'invalid_display_name');
    throwsCode(() => new Verifier([]), 'invalid_option');
    throwsCode(() => new Verifier(SECRET).verify('a'.repeat(8193)), 'token_too_large');
    throwsCode(() => new Verifier(SECRET).verify(token(), { now: NOW + 400 }), 'token_expired');
    throwsCode(() => new Verifier(SECRET).verify(token(), { now: NOW - 400 }), 'token_not_yet_valid');
    throwsCode(() => inspectUnverified('a.b'), 'malformed_token');
  });

  test('can be constructed and matched by user code', () => {
    const error = new ChatAutologinError('the token expired', 'token_expired');
    assert.equal(error.code, 'token_expired');
    assert.equal(error.message, 'the token expired');
    assert.equal(error.name, 'ChatAutologinError');
  });

  test('messages never contain the secret', () => {
    const secrets = ['short-secret-value', ' \t\r\n'.repeat(10), 'x'.repeat(31)];
    for (const secret of secrets) {
      for (const fn of [
        () => new Issuer(secret),
        () => new Verifier(secret),
        () => new Verifier([SECRET, secret]),
        () => mintChatToken(EMAIL, NAME, 300, secret),
        () => verifyChatToken(token(), secret),
      ]) {
        assert.throws(fn, (error) => {
          assert.equal(error.code, 'invalid_secret');
          assert.ok(!error.message.includes(secret), error.message);
          assert.ok(!error.stack.includes(secret));
          return true;
        });
      }
    }
    assert.throws(
      () => verifyChatToken(token(), 'y'.repeat(48), { now: NOW }),
      (error) => !error.message.includes('y'.repeat(48)),
    );
  });
});

describe('wrong types are TypeErrors', () => {
  const values = [undefined, null, 42, true, {}, [], Symbol('s'), 10n, () => 'x', new Date(0)];

  test('email and name', () => {
    for (const bad of values) {
      throwsType(() => mintChatToken(bad, NAME, 300, SECRET), /^email must be a string/);
      throwsType(() => mintChatToken(EMAIL, bad, 300, SECRET), /^name must be a string/);
      throwsType(() => new Issuer(SECRET).mint(bad, NAME), /^email must be a string/);
      throwsType(() => new Issuer(SECRET).mint(EMAIL, bad), /^name must be a string/);
    }
    // A String object is not a string.
    throwsType(() => mintChatToken(new String(EMAIL), NAME, 300, SECRET), /^email/);
  });

  test('ttl', () => {
    for (const bad of ['300', null, undefined, 300n, {}, [300], new Date(0)]) {
      throwsType(() => mintChatToken(EMAIL, NAME, bad, SECRET), /^ttl must be a number of seconds/);
    }
    for (const bad of ['300', 300n, {}, [300]]) {
      throwsType(() => new Issuer(SECRET, { ttl: bad }), /^ttl must be a number of seconds/);
    }
  });

  test('now, leeway and maxLifetime', () => {
    for (const bad of ['1764115200', 1764115200n, {}, [NOW]]) {
      throwsType(() => mintChatToken(EMAIL, NAME, 300, SECRET, { now: bad }), /^now must be a number/);
      throwsType(() => new Issuer(SECRET).mint(EMAIL, NAME, { now: bad }), /^now must be a number/);
      throwsType(() => verifyChatToken(token(), SECRET, { now: bad }), /^now must be a number/);
      throwsType(() => new Verifier(SECRET).verify(token(), { now: bad }), /^now must be a number/);
      throwsType(() => verifyChatToken(token(), SECRET, { leeway: bad }), /^leeway must be a number/);
      throwsType(() => new Verifier(SECRET, { maxLifetime: bad }), /^maxLifetime must be a number/);
    }
    throwsType(
      () => new Issuer(SECRET).mint(EMAIL, NAME, { now: new Date() }),
      /not a Date; use date.getTime\(\) \/ 1000/,
    );
  });

  test('secrets', () => {
    for (const bad of [
      undefined,
      null,
      42,
      {},
      new ArrayBuffer(40),
      new Uint16Array(40),
      new DataView(new ArrayBuffer(40)),
    ]) {
      throwsType(
        () => mintChatToken(EMAIL, NAME, 300, bad),
        /^secret must be a string, a Buffer or a Uint8Array/,
      );
      throwsType(() => new Issuer(bad), /^secret must be/);
      throwsType(() => new Verifier(bad), /^secret must be/);
      throwsType(() => verifyChatToken(token(), bad), /^secret must be/);
    }
    throwsType(() => new Verifier([SECRET, 42]), /^secrets\[1\] must be/);
    throwsType(() => verifyChatToken(token(), [SECRET, null]), /^secrets\[1\] must be/);
    // An Issuer has one secret.
    throwsType(() => new Issuer([SECRET]), /^secret must be/);
    throwsType(() => mintChatToken(EMAIL, NAME, 300, [SECRET]), /^secret must be/);
  });

  test('tokens', () => {
    for (const bad of [undefined, null, 42, {}, Buffer.from(token())]) {
      throwsType(() => verifyChatToken(bad, SECRET), /^token must be a string/);
      throwsType(() => new Verifier(SECRET).verify(bad), /^token must be a string/);
      throwsType(() => inspectUnverified(bad), /^token must be a string/);
    }
  });

  test('options must be an object with known keys', () => {
    for (const bad of [42, 'now', true, [NOW]]) {
      throwsType(() => mintChatToken(EMAIL, NAME, 300, SECRET, bad), /^options must be an object/);
      throwsType(() => new Issuer(SECRET, bad), /^options must be an object/);
      throwsType(() => new Verifier(SECRET, bad), /^options must be an object/);
      throwsType(() => new Verifier(SECRET).verify(token(), bad), /^options must be an object/);
    }
    throwsType(
      () => new Verifier(SECRET, { maxLifeTime: 60 }),
      /unknown option "maxLifeTime"; the options here are leeway, maxLifetime/,
    );
    throwsType(() => verifyChatToken(token(), SECRET, { max_lifetime: 60 }), /unknown option "max_lifetime"/);
    throwsType(() => new Issuer(SECRET, { expiresIn: 60 }), /unknown option "expiresIn"/);
    throwsType(() => mintChatToken(EMAIL, NAME, 300, SECRET, { ttl: 60 }), /unknown option "ttl"/);
    throwsType(() => new Issuer(SECRET).mint(EMAIL, NAME, { ttl: 60 }), /unknown option "ttl"/);
    throwsType(() => new Verifier(SECRET).verify(token(), { leeway: 10 }), /unknown option "leeway"/);
  });

  test('null and undefined options and option values take the defaults', () => {
    assert.equal(new Issuer(SECRET, null).ttl, 300);
    assert.equal(new Issuer(SECRET, { ttl: undefined }).ttl, 300);
    assert.equal(new Issuer(SECRET, { ttl: null }).ttl, 300);
    const verifier = new Verifier(SECRET, { leeway: null, maxLifetime: undefined });
    assert.equal(verifier.leeway, 60);
    assert.equal(verifier.maxLifetime, 86400);
    const fresh = new Issuer(SECRET).mint(EMAIL, NAME, { now: null });
    assert.equal(verifyChatToken(fresh, SECRET, null).email, EMAIL);
  });

  test('classes need new', () => {
    throwsType(() => Issuer(SECRET));
    throwsType(() => Verifier(SECRET));
  });

  test('methods called on something else are TypeErrors', () => {
    throwsType(() => Issuer.prototype.mint.call({}, EMAIL, NAME));
    throwsType(() => Verifier.prototype.verify.call({}, token()));
  });
});

describe('odd numbers are refused by the core with the contract code', () => {
  test('ttl: -1, 0, 1.5, NaN, Infinity, 2**53, 2**32 + 300, 1e20, booleans', () => {
    for (const bad of [
      -1,
      0,
      -0,
      0.5,
      1.5,
      299.999,
      NaN,
      Infinity,
      -Infinity,
      86401,
      2 ** 53,
      2 ** 32 + 300,
      4294967295,
      1e20,
      true,
      false,
    ]) {
      throwsCode(() => mintChatToken(EMAIL, NAME, bad, SECRET), 'invalid_ttl');
      throwsCode(() => new Issuer(SECRET, { ttl: bad }), 'invalid_ttl');
    }
  });

  test('ttl edges 1 and 86400 are fine', () => {
    for (const ttl of [1, 86400, 300.0]) {
      const claims = verifyChatToken(mintChatToken(EMAIL, NAME, ttl, SECRET, { now: NOW }), SECRET, {
        now: NOW,
      });
      assert.equal(claims.exp - claims.iat, ttl);
      assert.equal(new Issuer(SECRET, { ttl }).ttl, ttl);
    }
  });

  test('now: negative, NaN, infinite, milliseconds, 2**53, booleans', () => {
    for (const bad of [-1, -0.5, NaN, Infinity, -Infinity, Date.now(), 2 ** 53, 253402300800, true, false]) {
      throwsCode(() => mintChatToken(EMAIL, NAME, 300, SECRET, { now: bad }), 'invalid_option');
      throwsCode(() => new Issuer(SECRET).mint(EMAIL, NAME, { now: bad }), 'invalid_option');
      throwsCode(() => verifyChatToken(token(), SECRET, { now: bad }), 'invalid_option');
      throwsCode(() => new Verifier(SECRET).verify(token(), { now: bad }), 'invalid_option');
    }
  });

  test('now may be fractional, and iat is its floor', () => {
    const claims = inspectUnverified(mintChatToken(EMAIL, NAME, 300, SECRET, { now: NOW + 0.999 })).claims;
    assert.equal(claims.iat, NOW);
    assert.equal(claims.exp, NOW + 300);
    assert.equal(inspectUnverified(new Issuer(SECRET).mint(EMAIL, NAME, { now: 0 })).claims.iat, 0);
    assert.equal(
      inspectUnverified(new Issuer(SECRET).mint(EMAIL, NAME, { now: 253402300799 })).claims.iat,
      253402300799,
    );
  });

  test('leeway: -1, 300.5, NaN, Infinity, booleans; 0, 0.5 and 300 are fine', () => {
    for (const bad of [-1, -0.001, 300.5, 301, NaN, Infinity, true, false]) {
      throwsCode(() => verifyChatToken(token(), SECRET, { now: NOW, leeway: bad }), 'invalid_option');
      throwsCode(() => new Verifier(SECRET, { leeway: bad }), 'invalid_option');
    }
    for (const leeway of [0, 0.5, 300]) assert.equal(new Verifier(SECRET, { leeway }).leeway, leeway);
  });

  test('maxLifetime: 0, 0.5, 86401, NaN, Infinity, booleans; 1 and 86400 are fine', () => {
    for (const bad of [0, 0.5, -1, 86400.5, 86401, NaN, Infinity, true]) {
      throwsCode(() => verifyChatToken(token(), SECRET, { now: NOW, maxLifetime: bad }), 'invalid_option');
      throwsCode(() => new Verifier(SECRET, { maxLifetime: bad }), 'invalid_option');
    }
    for (const maxLifetime of [1, 1.5, 86400])
      assert.equal(new Verifier(SECRET, { maxLifetime }).maxLifetime, maxLifetime);
  });

  test('the clock-skew edges', () => {
    const t = token({ ttl: 300 });
    assert.equal(verifyChatToken(t, SECRET, { now: NOW + 300 + 59.5 }).email, EMAIL);
    throwsCode(() => verifyChatToken(t, SECRET, { now: NOW + 360 }), 'token_expired');
    throwsCode(() => verifyChatToken(t, SECRET, { now: NOW + 300, leeway: 0 }), 'token_expired');
    assert.equal(verifyChatToken(t, SECRET, { now: NOW - 60 }).email, EMAIL);
    throwsCode(() => verifyChatToken(t, SECRET, { now: NOW - 60.5 }), 'token_not_yet_valid');
    throwsCode(() => verifyChatToken(t, SECRET, { now: NOW, maxLifetime: 299 }), 'lifetime_too_long');
  });
});

describe('Issuer', () => {
  test('mints the same token as mintChatToken', () => {
    const issuer = new Issuer(SECRET, { ttl: 600 });
    assert.equal(issuer.ttl, 600);
    assert.equal(
      issuer.mint(EMAIL, NAME, { now: NOW }),
      mintChatToken(EMAIL, NAME, 600, SECRET, { now: NOW }),
    );
  });

  test('issue returns the token with its iat and exp, from the core', () => {
    const issuer = new Issuer(SECRET, { ttl: 600 });
    const minted = issuer.issue(EMAIL, NAME, { now: NOW + 0.9 });
    assert.deepEqual(Object.keys(minted), ['token', 'iat', 'exp']);
    assert.deepEqual(minted, {
      token: issuer.mint(EMAIL, NAME, { now: NOW }),
      iat: NOW,
      exp: NOW + 600,
    });
    const claims = verifyChatToken(minted.token, SECRET, { now: NOW });
    assert.equal(claims.exp, minted.exp);
  });

  test('issue uses the system clock by default', () => {
    const before = Math.floor(Date.now() / 1000);
    const { token, iat, exp } = new Issuer(SECRET).issue(EMAIL, NAME);
    assert.ok(iat >= before && iat <= Math.floor(Date.now() / 1000));
    assert.equal(exp, iat + 300);
    assert.deepEqual(verifyChatToken(token, SECRET), { email: EMAIL, displayName: NAME, iat, exp });
  });

  test('issue refuses what mint refuses, with the same codes and TypeErrors', () => {
    const issuer = new Issuer(SECRET);
    throwsCode(() => issuer.issue('no-at-sign', NAME), 'invalid_email');
    throwsCode(() => issuer.issue(EMAIL, 'tab\there'), 'invalid_display_name');
    throwsCode(() => issuer.issue(EMAIL, '\ud83d'), 'invalid_display_name');
    throwsCode(() => issuer.issue(EMAIL, NAME, { now: -1 }), 'invalid_option');
    throwsCode(() => issuer.issue(EMAIL, NAME, { now: NaN }), 'invalid_option');
    throwsType(() => issuer.issue(42, NAME), /email must be a string/);
    throwsType(() => issuer.issue(EMAIL, NAME, { now: new Date() }), /not a Date/);
    throwsType(() => issuer.issue(EMAIL, NAME, { ttl: 5 }), /unknown option "ttl"/);
  });

  test('defaults to a 300 s lifetime and the system clock', () => {
    const issuer = new Issuer(SECRET);
    assert.equal(issuer.ttl, 300);
    const before = Math.floor(Date.now() / 1000);
    const claims = verifyChatToken(issuer.mint(EMAIL, NAME), SECRET);
    const after = Math.floor(Date.now() / 1000);
    assert.ok(claims.iat >= before && claims.iat <= after, `${claims.iat} not in ${before}..${after}`);
    assert.equal(claims.exp, claims.iat + 300);
  });

  test('string, Buffer, Uint8Array and a view into a larger buffer are the same secret', () => {
    const expected = new Issuer(SECRET).mint(EMAIL, NAME, { now: NOW });
    const bytes = Buffer.from(SECRET, 'utf8');
    const padded = new Uint8Array(bytes.length + 20);
    padded.set(bytes, 10);
    for (const secret of [
      bytes,
      new Uint8Array(bytes),
      padded.subarray(10, 10 + bytes.length),
      Buffer.from(padded.buffer, 10, bytes.length),
    ]) {
      assert.equal(new Issuer(secret).mint(EMAIL, NAME, { now: NOW }), expected);
      assert.equal(mintChatToken(EMAIL, NAME, 300, secret, { now: NOW }), expected);
    }
  });

  test('a string secret is used as UTF-8, never decoded', () => {
    const secret = 'clé-secrète-ünïcødé-🔑-' + 'x'.repeat(20);
    const t = mintChatToken(EMAIL, NAME, 300, secret, { now: NOW });
    assert.equal(verifyChatToken(t, Buffer.from(secret, 'utf8'), { now: NOW }).email, EMAIL);
    const hexLooking = 'ab'.repeat(32);
    const t2 = mintChatToken(EMAIL, NAME, 300, hexLooking, { now: NOW });
    throwsCode(
      () =>
        verifyChatToken(t2, Buffer.from(hexLooking, 'hex').toString('latin1') + 'x'.repeat(32), { now: NOW }),
      'bad_signature',
    );
    assert.equal(verifyChatToken(t2, Buffer.from(hexLooking), { now: NOW }).email, EMAIL);
  });

  test('a secret changed after construction does not change the issuer', () => {
    const bytes = Buffer.from(SECRET);
    const issuer = new Issuer(bytes);
    bytes.fill(0);
    assert.equal(verifyChatToken(issuer.mint(EMAIL, NAME, { now: NOW }), SECRET, { now: NOW }).email, EMAIL);
  });

  test('email and name are kept exactly, Unicode included', () => {
    const cases = [
      ['Ada.Lovelace+chat@Example.COM', '  Ada  '],
      ['ünïcødé@例え.jp', 'Zoë 🦀 李小龍'],
      ['"quoted"@example.com', 'Back\\slash "quotes" </script>'],
      ['a@b', 'x'.repeat(255)],
      ['🦀@🦀', '👩‍👩‍👧‍👦'],
    ];
    for (const [email, name] of cases) {
      const t = new Issuer(SECRET).mint(email, name, { now: NOW });
      assert.deepEqual(new Verifier(SECRET).verify(t, { now: NOW }), {
        email,
        displayName: name,
        iat: NOW,
        exp: NOW + 300,
      });
      assert.deepEqual(inspectUnverified(t).claims, { email, displayName: name, iat: NOW, exp: NOW + 300 });
    }
  });

  test('a lone UTF-16 surrogate is refused, not replaced', () => {
    throwsCode(() => mintChatToken('a\uD800@example.com', NAME, 300, SECRET), 'invalid_email');
    throwsCode(() => new Issuer(SECRET).mint(EMAIL, 'Ada \uDC00'), 'invalid_display_name');
    throwsCode(() => new Issuer(SECRET).mint(EMAIL, '\uD83E'), 'invalid_display_name');
    assert.throws(
      () => new Issuer(SECRET).mint(EMAIL, 'x\uDFFF'),
      (error) => error.code === 'invalid_display_name' && /U\+DFFF/.test(error.message),
    );
    // A pair is one character and fine.
    assert.equal(
      inspectUnverified(new Issuer(SECRET).mint(EMAIL, '\uD83E\uDD80', { now: NOW })).claims.displayName,
      '🦀',
    );
  });

  test('lone surrogates are found without String.prototype.isWellFormed too (Node 18)', () => {
    const script = `
      delete String.prototype.isWellFormed;
      const { Issuer } = require(${JSON.stringify(join(__dirname, '..'))});
      const issuer = new Issuer('x'.repeat(32));
      const codes = ['a\\uD800@b.c', 'ok@b.c'].map((email) => {
        try { issuer.mint(email, 'Zoë \\uD83E\\uDD80', { now: 0 }); return 'ok'; } catch (e) { return e.code; }
      });
      try { issuer.mint('a@b.c', 'x\\uDC00y'); } catch (e) { codes.push(e.code, /U\\+DC00/.test(e.message)); }
      console.log(JSON.stringify(codes));
    `;
    const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), ['invalid_email', 'ok', 'invalid_display_name', true]);
  });

  test('many tokens from one issuer', () => {
    const issuer = new Issuer(SECRET);
    const verifier = new Verifier(SECRET);
    for (let i = 0; i < 2000; i++) {
      const email = `user${i}@example.com`;
      assert.equal(
        verifier.verify(issuer.mint(email, `User ${i}`, { now: NOW + i }), { now: NOW + i }).email,
        email,
      );
    }
  });
});

describe('Verifier', () => {
  test('defaults: leeway 60, maxLifetime 86400', () => {
    const verifier = new Verifier(SECRET);
    assert.equal(verifier.leeway, 60);
    assert.equal(verifier.maxLifetime, 86400);
    const tuned = new Verifier([SECRET], { leeway: 5, maxLifetime: 600 });
    assert.equal(tuned.leeway, 5);
    assert.equal(tuned.maxLifetime, 600);
  });

  test('returns fresh plain claim objects', () => {
    const verifier = new Verifier(SECRET);
    const t = token();
    const a = verifier.verify(t, { now: NOW });
    const b = verifier.verify(t, { now: NOW });
    assert.notEqual(a, b);
    assert.equal(Object.getPrototypeOf(a), Object.prototype);
    assert.deepEqual(Object.keys(a), ['email', 'displayName', 'iat', 'exp']);
    a.email = 'changed';
    assert.equal(b.email, EMAIL);
  });

  test('keeps fractional iat and exp', async () => {
    const jwt = require('jsonwebtoken');
    const t = jwt.sign({ email: EMAIL, displayName: NAME, iat: NOW + 0.25, exp: NOW + 300.75 }, SECRET, {
      algorithm: 'HS256',
    });
    assert.deepEqual(new Verifier(SECRET).verify(t, { now: NOW }), {
      email: EMAIL,
      displayName: NAME,
      iat: NOW + 0.25,
      exp: NOW + 300.75,
    });
  });

  test('claims are checked for type only, whatever their characters', () => {
    const jwt = require('jsonwebtoken');
    for (const [email, displayName] of [
      ['not an email', ''],
      ['🦀\u0000🦀', '\n\t'],
      ['', '名前'],
      ['a'.repeat(3000), 'b'],
    ]) {
      const t = jwt.sign({ email, displayName, iat: NOW, exp: NOW + 60 }, SECRET);
      assert.deepEqual(new Verifier(SECRET).verify(t, { now: NOW }), {
        email,
        displayName,
        iat: NOW,
        exp: NOW + 60,
      });
      assert.deepEqual(verifyChatToken(t, SECRET, { now: NOW }), {
        email,
        displayName,
        iat: NOW,
        exp: NOW + 60,
      });
    }
  });

  test('a failed verification does not leak into the next result', () => {
    const verifier = new Verifier(SECRET);
    const good = token();
    const other = mintChatToken('bob@example.org', 'Bob', 60, SECRET, { now: NOW + 7 });
    assert.equal(verifier.verify(good, { now: NOW }).email, EMAIL);
    throwsCode(() => verifier.verify(good + '.x', { now: NOW }), 'malformed_token');
    throwsCode(() => verifier.verify(good + 'x', { now: NOW }), 'bad_signature');
    assert.deepEqual(verifier.verify(other, { now: NOW + 7 }), {
      email: 'bob@example.org',
      displayName: 'Bob',
      iat: NOW + 7,
      exp: NOW + 67,
    });
  });

  test('rotation: the current and the previous secret', () => {
    const current = token({ secret: SECRET });
    const previous = token({ secret: OLD_SECRET });
    const rotating = new Verifier([SECRET, OLD_SECRET]);
    assert.equal(rotating.verify(current, { now: NOW }).email, EMAIL);
    assert.equal(rotating.verify(previous, { now: NOW }).email, EMAIL);
    assert.equal(JSON.stringify(rotating), '{"secrets":2,"leeway":60,"maxLifetime":86400}');
    throwsCode(() => new Verifier([SECRET]).verify(previous, { now: NOW }), 'bad_signature');
    throwsCode(() => new Verifier(SECRET).verify(previous, { now: NOW }), 'bad_signature');
    assert.equal(verifyChatToken(previous, [SECRET, OLD_SECRET], { now: NOW }).email, EMAIL);
    assert.equal(verifyChatToken(previous, [Buffer.from(OLD_SECRET)], { now: NOW }).email, EMAIL);
    throwsCode(() => verifyChatToken(previous, [SECRET], { now: NOW }), 'bad_signature');
  });

  test('a list of secrets: empty is invalid_option, one bad secret is invalid_secret', () => {
    throwsCode(() => new Verifier([]), 'invalid_option');
    throwsCode(() => verifyChatToken(token(), [], { now: NOW }), 'invalid_option');
    throwsCode(() => new Verifier([SECRET, 'short']), 'invalid_secret');
    throwsCode(() => verifyChatToken(token(), [SECRET, ' '.repeat(40)], { now: NOW }), 'invalid_secret');
  });

  test('rejections in the contract order', () => {
    const verifier = new Verifier(SECRET);
    const [header, payload, signature] = token().split('.');
    throwsCode(() => verifier.verify(`${header}.${payload}`, { now: NOW }), 'malformed_token');
    throwsCode(() => verifier.verify(`${header}.${payload}.${signature}=`, { now: NOW }), 'malformed_token');
    throwsCode(() => verifier.verify(` ${header}.${payload}.${signature}`, { now: NOW }), 'malformed_token');
    const none = Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url');
    throwsCode(() => verifier.verify(`${none}.${payload}.`, { now: NOW }), 'unsupported_algorithm');
    throwsCode(
      () => verifier.verify(`${header}.${payload}.${signature.slice(0, -2)}AA`, { now: NOW }),
      'bad_signature',
    );
    // A bad signature is reported before an expiry.
    throwsCode(
      () => verifier.verify(`${header}.${payload}.${'A'.repeat(43)}`, { now: NOW + 1e6 }),
      'bad_signature',
    );
    throwsCode(() => verifier.verify('é.é.é', { now: NOW }), 'malformed_token');
    throwsCode(() => verifier.verify('', { now: NOW }), 'malformed_token');
  });
});

describe('inspectUnverified', () => {
  test('returns the header and claims without checking anything', () => {
    const t = mintChatToken(EMAIL, NAME, 300, OLD_SECRET, { now: 1000 });
    assert.deepEqual(inspectUnverified(t), {
      header: { alg: 'HS256', typ: 'JWT' },
      claims: { email: EMAIL, displayName: NAME, iat: 1000, exp: 1300 },
    });
    assert.deepEqual(Object.keys(inspectUnverified(t)), ['header', 'claims']);
  });

  test('shows any JSON the token carries', () => {
    const jwt = require('jsonwebtoken');
    const t = jwt.sign({ sub: 42, nested: { a: [1, 'two', null, true] }, iat: 1.5 }, 'any', {
      algorithm: 'HS512',
      keyid: 'k1',
    });
    const { header, claims } = inspectUnverified(t);
    assert.deepEqual(header, { alg: 'HS512', typ: 'JWT', kid: 'k1' });
    assert.deepEqual(claims, { sub: 42, nested: { a: [1, 'two', null, true] }, iat: 1.5 });
  });

  test('a __proto__ key is data, not a prototype', () => {
    const payload = Buffer.from('{"__proto__":{"polluted":true},"email":"a@b"}').toString('base64url');
    const { claims } = inspectUnverified(`eyJhbGciOiJIUzI1NiJ9.${payload}.`);
    assert.equal({}.polluted, undefined);
    assert.equal(claims.polluted, undefined);
    assert.deepEqual(Object.getOwnPropertyDescriptor(claims, '__proto__').value, { polluted: true });
  });

  test('refuses what is not a token', () => {
    throwsCode(() => inspectUnverified('a'.repeat(8193)), 'token_too_large');
    for (const bad of ['', 'abc', 'a.b', 'a.b.c.d', 'e30.e30', 'W10.e30.', 'e30.W10.']) {
      throwsCode(() => inspectUnverified(bad), 'malformed_token');
    }
    assert.deepEqual(inspectUnverified('e30.e30.'), { header: {}, claims: {} });
  });
});

describe('secrets never show', () => {
  const bytes = Buffer.from('bytes-secret-'.repeat(4));
  const subjects = [
    ['Issuer', () => new Issuer(SECRET, { ttl: 120 })],
    ['Issuer from bytes', () => new Issuer(bytes)],
    ['Verifier', () => new Verifier([SECRET, OLD_SECRET], { leeway: 5 })],
    ['Verifier from bytes', () => new Verifier(bytes)],
  ];
  const needles = [
    SECRET,
    OLD_SECRET,
    'bytes-secret',
    SECRET.slice(0, 16),
    bytes.toString('hex').slice(0, 16),
  ];

  for (const [label, make] of subjects) {
    test(label, () => {
      const subject = make();
      const shown = [
        util.inspect(subject),
        util.inspect(subject, { showHidden: true, depth: Infinity, getters: true }),
        util.inspect({ nested: [subject] }, { depth: Infinity }),
        util.format('%o %O %j %s', subject, subject, subject, subject),
        JSON.stringify(subject),
        JSON.stringify({ subject }),
        String(Object.keys(subject)),
        String(Object.getOwnPropertyNames(subject)),
        String(Object.getOwnPropertySymbols(subject).length),
      ].join('\n');
      for (const needle of needles) assert.ok(!shown.includes(needle), `${label} shows ${needle}:\n${shown}`);
      assert.ok(!shown.includes('External'), shown);
      assert.deepEqual(Object.keys(subject), []);
      assert.deepEqual({ ...subject }, {});
      assert.deepEqual(structuredClone(subject), {});
    });
  }

  test('what inspect and JSON.stringify do show', () => {
    const issuer = new Issuer(SECRET, { ttl: 120 });
    assert.equal(util.inspect(issuer), 'Issuer { ttl: 120 }');
    assert.equal(JSON.stringify(issuer), '{"ttl":120}');
    const verifier = new Verifier([SECRET, OLD_SECRET], { leeway: 5 });
    assert.equal(util.inspect(verifier), 'Verifier { secrets: 2, leeway: 5, maxLifetime: 86400 }');
    assert.equal(JSON.stringify(verifier), '{"secrets":2,"leeway":5,"maxLifetime":86400}');
  });
});

describe('companionScript', () => {
  test('is the browser companion, the file the core ships', () => {
    const file = join(__dirname, '..', '..', 'crates', 'chat-autologin', 'companion', 'client.js');
    assert.equal(api.companionScript, require('node:fs').readFileSync(file, 'utf8'));
    assert.match(api.companionScript, /loginWithToken/);
  });
});

describe('the native addon', () => {
  test('a panic inside it is an ordinary JavaScript error, not a crash', () => {
    const script = `
      const native = require(${JSON.stringify(join(__dirname, '..', 'native.js'))});
      try {
        native._panicForTests();
        console.log('no error');
      } catch (error) {
        console.log(JSON.stringify({ isError: error instanceof Error, code: error.code, message: error.message }));
      }
      // The addon still works afterwards.
      const { Issuer } = require(${JSON.stringify(join(__dirname, '..'))});
      console.log(new Issuer('x'.repeat(32)).mint('a@b', 'A', { now: 0 }).split('.').length);
    `;
    const result = spawnSync(process.execPath, ['-e', script], {
      encoding: 'utf8',
      env: { ...process.env, RUST_BACKTRACE: '0' },
    });
    assert.equal(result.status, 0, result.stderr);
    const [first, second] = result.stdout.trim().split('\n');
    const error = JSON.parse(first);
    assert.equal(error.isError, true);
    assert.equal(error.code, 'internal_error');
    assert.match(error.message, /a deliberate panic for the tests.*this is a bug/);
    assert.equal(second, '3');
  });

  test('works in a worker thread too', async () => {
    const { Worker } = require('node:worker_threads');
    const worker = new Worker(
      `const { parentPort, workerData } = require('node:worker_threads');
       const { Issuer, Verifier } = require(workerData.pkg);
       const t = new Issuer(workerData.secret).mint('w@example.com', 'Worker', { now: workerData.now });
       parentPort.postMessage(new Verifier(workerData.secret).verify(t, { now: workerData.now }));`,
      { eval: true, workerData: { pkg: join(__dirname, '..'), secret: SECRET, now: NOW } },
    );
    const claims = await new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    assert.deepEqual(claims, { email: 'w@example.com', displayName: 'Worker', iat: NOW, exp: NOW + 300 });
    await worker.terminate();
  });
});

describe('options are read as own properties only', () => {
  // A prototype-pollution bug elsewhere in an application must not move the
  // clock, the leeway, the lifetime or the ttl of a token check.
  const POLLUTED = { now: NOW + 10, leeway: 300, maxLifetime: 1, ttl: 7 };

  test('a polluted Object.prototype changes no mint and no verification', () => {
    const expired = mintChatToken(EMAIL, NAME, 300, SECRET, { now: NOW });
    const fresh = mintChatToken(EMAIL, NAME, 300, SECRET);
    const expiredIn = (fn) => throwsCode(fn, 'token_expired');
    try {
      for (const [name, value] of Object.entries(POLLUTED)) {
        Object.defineProperty(Object.prototype, name, { value, configurable: true, writable: true });
      }
      // The polluted clock would make the old token valid: it must stay expired.
      for (const options of [undefined, {}]) {
        expiredIn(() => verifyChatToken(expired, SECRET, options));
        expiredIn(() => verifyChatToken(expired, [SECRET], options));
        expiredIn(() => new Verifier(SECRET, options).verify(expired, options));
        expiredIn(() => new Verifier([SECRET, OLD_SECRET], options).verify(expired));
        // A fresh token (300 s) verifies: the polluted maxLifetime of 1 s is not read.
        assert.equal(verifyChatToken(fresh, SECRET, options).email, EMAIL);
        assert.equal(new Verifier(SECRET, options).verify(fresh, options).email, EMAIL);
        const verifier = new Verifier(SECRET, options);
        assert.equal(verifier.leeway, 60);
        assert.equal(verifier.maxLifetime, 86400);
        // The polluted ttl and now are not read either.
        const issuer = new Issuer(SECRET, options);
        assert.equal(issuer.ttl, 300);
        const minted = issuer.issue(EMAIL, NAME, options);
        assert.ok(Math.abs(minted.iat - Date.now() / 1000) < 60, `iat ${minted.iat}`);
        assert.equal(minted.exp - minted.iat, 300);
        const claims = inspectUnverified(mintChatToken(EMAIL, NAME, 300, SECRET, options)).claims;
        assert.ok(Math.abs(claims.iat - Date.now() / 1000) < 60, `iat ${claims.iat}`);
        assert.equal(inspectUnverified(issuer.mint(EMAIL, NAME, options)).claims.exp - claims.iat, 300);
      }
      // Given as own properties, the options still count.
      assert.equal(verifyChatToken(expired, SECRET, { now: NOW + 10 }).email, EMAIL);
      assert.equal(new Issuer(SECRET, { ttl: 7 }).ttl, 7);
    } finally {
      for (const name of Object.keys(POLLUTED)) delete Object.prototype[name];
    }
    assert.equal({}.now, undefined);
  });
});

describe('big tokens across the boundary', () => {
  const huge = 'a'.repeat(10_000_000);

  test('a string of more than 8192 code units is refused by its length, with the core message', () => {
    const verifier = new Verifier(SECRET);
    for (const token of [huge, 'é'.repeat(8193), '\uD800'.repeat(8193)]) {
      throwsCode(() => verifier.verify(token, { now: NOW }), 'token_too_large');
      throwsCode(() => verifyChatToken(token, SECRET, { now: NOW }), 'token_too_large');
      throwsCode(() => inspectUnverified(token), 'token_too_large');
    }
    // 8194 code units (decided by length) and 4097 two-byte ones (converted,
    // measured by the core): 8194 bytes either way, and one message.
    const messages = new Set();
    for (const token of ['a'.repeat(8194), 'é'.repeat(4097)]) {
      try {
        verifier.verify(token, { now: NOW });
      } catch (error) {
        messages.add(error.message);
      }
    }
    assert.equal(messages.size, 1, [...messages].join(' | '));
  });

  test('a lone surrogate counts three bytes', () => {
    throwsCode(() => verifyChatToken(`${'a'.repeat(8187)}\uD800`, SECRET, { now: NOW }), 'malformed_token');
    throwsCode(() => verifyChatToken(`${'a'.repeat(8190)}\uD800`, SECRET, { now: NOW }), 'token_too_large');
  });

  test('10 MB is refused in well under 50 ms', () => {
    const verifier = new Verifier(SECRET);
    const timings = [];
    for (let i = 0; i < 7; i++) {
      const start = process.hrtime.bigint();
      for (const call of [
        () => verifier.verify(huge, { now: NOW }),
        () => verifyChatToken(huge, SECRET, { now: NOW }),
        () => inspectUnverified(huge),
      ]) {
        throwsCode(call, 'token_too_large');
      }
      timings.push(Number(process.hrtime.bigint() - start) / 3e6);
    }
    timings.sort((a, b) => a - b);
    // Converting 10 MB for the addon took some 35 ms; a length check takes
    // microseconds. The bound is generous, for slow and busy machines.
    assert.ok(timings[3] < 50, `median ${timings[3]} ms`);
  });
});
