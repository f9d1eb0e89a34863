'use strict';

// Interop both ways with the npm libraries a Node back end already uses:
// jsonwebtoken and jose. Tokens are compared byte for byte where the contract
// says they are identical, and each side verifies the other's tokens.

const assert = require('node:assert/strict');
const { createSecretKey } = require('node:crypto');
const { before, describe, test } = require('node:test');

const jwt = require('jsonwebtoken');
const { mintChatToken, verifyChatToken, Issuer, Verifier, ChatAutologinError } = require('..');
const { SECRET, NOW } = require('./helpers.js');

let jose;
before(async () => {
  jose = await import('jose');
});

const PEOPLE = [
  ['ada@example.com', 'Ada Lovelace'],
  ['Grace.Hopper+chat@Navy.MIL', '  Grace  Hopper '],
  ['ünïcødé@例え.jp', 'Zoë 🦀 李小龍 👩‍👩‍👧‍👦'],
  ['"quoted"@example.com', 'Back\\slash "quotes" </script> \u2028 \u00a0'],
  ['a@b', 'x'.repeat(255)],
];

const SECRETS = [
  ['a string secret', SECRET],
  ['a Buffer secret', Buffer.from('0123456789abcdef0123456789abcdef0123456789', 'utf8')],
  ['binary bytes', Buffer.from(Array.from({ length: 48 }, (_, i) => (i * 37 + 128) % 256))],
];

function claimsOf(payload) {
  return { email: payload.email, displayName: payload.displayName, iat: payload.iat, exp: payload.exp };
}

function rejects(fn, code) {
  assert.throws(fn, (error) => error instanceof ChatAutologinError && error.code === code);
}

describe('jsonwebtoken', () => {
  for (const [label, secret] of SECRETS) {
    test(`tokens are byte-identical, with ${label}`, () => {
      for (const [email, name] of PEOPLE) {
        const ours = mintChatToken(email, name, 300, secret, { now: NOW });
        const theirs = jwt.sign({ email, displayName: name, iat: NOW, exp: NOW + 300 }, secret, {
          algorithm: 'HS256',
        });
        assert.equal(ours, theirs, `${email} / ${name}`);
        assert.equal(new Issuer(secret, { ttl: 300 }).mint(email, name, { now: NOW }), theirs);
      }
    });

    test(`jsonwebtoken verifies our tokens, with ${label}`, () => {
      for (const [email, name] of PEOPLE) {
        const ours = new Issuer(secret).mint(email, name, { now: NOW });
        const payload = jwt.verify(ours, secret, { algorithms: ['HS256'], clockTimestamp: NOW + 10 });
        assert.deepEqual(payload, { email, displayName: name, iat: NOW, exp: NOW + 300 });
        const { header } = jwt.decode(ours, { complete: true });
        assert.deepEqual(header, { alg: 'HS256', typ: 'JWT' });
      }
    });

    test(`we verify jsonwebtoken's tokens, with ${label}`, () => {
      const verifier = new Verifier(secret);
      for (const [email, name] of PEOPLE) {
        // jsonwebtoken's own iat and expiresIn.
        const theirs = jwt.sign({ email, displayName: name }, secret, { algorithm: 'HS256', expiresIn: 300 });
        const claims = verifier.verify(theirs);
        assert.deepEqual(claims, claimsOf(jwt.decode(theirs)));
        assert.deepEqual(verifyChatToken(theirs, secret), claims);
      }
    });
  }

  test("the vendor's example: iat and exp as Date.now() / 1000, fractions kept", () => {
    const iat = Date.now() / 1000;
    const theirs = jwt.sign({ email: 'ada@example.com', displayName: 'Ada', iat, exp: iat + 300 }, SECRET);
    assert.deepEqual(new Verifier(SECRET).verify(theirs), {
      email: 'ada@example.com',
      displayName: 'Ada',
      iat,
      exp: iat + 300,
    });
  });

  test('a KeyObject secret on their side is the same key', () => {
    const key = createSecretKey(Buffer.from(SECRET));
    const theirs = jwt.sign({ email: 'ada@example.com', displayName: 'Ada', iat: NOW, exp: NOW + 60 }, key);
    assert.equal(theirs, mintChatToken('ada@example.com', 'Ada', 60, SECRET, { now: NOW }));
  });

  test('what we refuse from jsonwebtoken', () => {
    const claims = { email: 'ada@example.com', displayName: 'Ada', iat: NOW, exp: NOW + 60 };
    const verifier = new Verifier(SECRET);
    for (const algorithm of ['HS384', 'HS512']) {
      rejects(
        () => verifier.verify(jwt.sign(claims, SECRET, { algorithm }), { now: NOW }),
        'unsupported_algorithm',
      );
    }
    rejects(
      () => verifier.verify(jwt.sign(claims, null, { algorithm: 'none' }), { now: NOW }),
      'unsupported_algorithm',
    );
    rejects(
      () => verifier.verify(jwt.sign(claims, 'another-secret-'.repeat(3)), { now: NOW }),
      'bad_signature',
    );
    rejects(
      () => verifier.verify(jwt.sign({ ...claims, exp: NOW - 61 }, SECRET), { now: NOW }),
      'token_expired',
    );
    rejects(
      () => verifier.verify(jwt.sign({ ...claims, email: 42 }, SECRET), { now: NOW }),
      'invalid_claims',
    );
    rejects(
      () => verifier.verify(jwt.sign({ displayName: 'Ada', iat: NOW, exp: NOW + 60 }, SECRET), { now: NOW }),
      'invalid_claims',
    );
    rejects(
      () => verifier.verify(jwt.sign({ ...claims, exp: NOW + 86401 }, SECRET), { now: NOW }),
      'lifetime_too_long',
    );
    // Extra header fields such as kid are ignored.
    assert.equal(
      verifier.verify(jwt.sign(claims, SECRET, { keyid: 'desk-1' }), { now: NOW }).email,
      'ada@example.com',
    );
  });

  test('what jsonwebtoken refuses from us', () => {
    const ours = mintChatToken('ada@example.com', 'Ada', 60, SECRET, { now: NOW });
    assert.throws(
      () => jwt.verify(ours, 'another-secret-'.repeat(3), { algorithms: ['HS256'] }),
      /invalid signature/,
    );
    assert.throws(
      () => jwt.verify(ours, SECRET, { algorithms: ['HS256'], clockTimestamp: NOW + 61 }),
      /jwt expired/,
    );
  });
});

describe('jose', () => {
  for (const [label, secret] of SECRETS) {
    const key = () => new Uint8Array(typeof secret === 'string' ? Buffer.from(secret, 'utf8') : secret);

    test(`tokens are byte-identical, with ${label}`, async () => {
      for (const [email, name] of PEOPLE) {
        const theirs = await new jose.SignJWT({ email, displayName: name })
          .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
          .setIssuedAt(NOW)
          .setExpirationTime(NOW + 300)
          .sign(key());
        assert.equal(mintChatToken(email, name, 300, secret, { now: NOW }), theirs, `${email} / ${name}`);
      }
    });

    test(`jose verifies our tokens, with ${label}`, async () => {
      for (const [email, name] of PEOPLE) {
        const ours = new Issuer(secret).mint(email, name, { now: NOW });
        const { payload, protectedHeader } = await jose.jwtVerify(ours, key(), {
          algorithms: ['HS256'],
          typ: 'JWT',
          currentDate: new Date((NOW + 10) * 1000),
        });
        assert.deepEqual(payload, { email, displayName: name, iat: NOW, exp: NOW + 300 });
        assert.deepEqual(protectedHeader, { alg: 'HS256', typ: 'JWT' });
      }
    });

    test(`we verify jose's tokens, with ${label}`, async () => {
      const verifier = new Verifier([secret]);
      for (const [email, name] of PEOPLE) {
        // jose's own clock, and a header without typ.
        const theirs = await new jose.SignJWT({ email, displayName: name })
          .setProtectedHeader({ alg: 'HS256' })
          .setIssuedAt()
          .setExpirationTime('5m')
          .sign(key());
        assert.deepEqual(verifier.verify(theirs), claimsOf(jose.decodeJwt(theirs)));
      }
    });
  }

  test('typ is compared ignoring ASCII case; other algorithms are refused', async () => {
    const claims = { email: 'ada@example.com', displayName: 'Ada' };
    const key = new TextEncoder().encode(SECRET);
    const sign = (header) =>
      new jose.SignJWT(claims)
        .setProtectedHeader(header)
        .setIssuedAt(NOW)
        .setExpirationTime(NOW + 60)
        .sign(key);
    const verifier = new Verifier(SECRET);
    assert.equal(
      verifier.verify(await sign({ alg: 'HS256', typ: 'jwt' }), { now: NOW }).email,
      'ada@example.com',
    );
    rejects(() => verifier.verify('x', { now: NOW }), 'malformed_token');
    const hs512 = await sign({ alg: 'HS512', typ: 'JWT' });
    rejects(() => verifier.verify(hs512, { now: NOW }), 'unsupported_algorithm');
    const otherTyp = await sign({ alg: 'HS256', typ: 'at+jwt' });
    rejects(() => verifier.verify(otherTyp, { now: NOW }), 'unsupported_algorithm');
  });

  test('jose refuses our token under another key or after expiry', async () => {
    const ours = mintChatToken('ada@example.com', 'Ada', 60, SECRET, { now: NOW });
    await assert.rejects(
      jose.jwtVerify(ours, new TextEncoder().encode('another-secret-'.repeat(3)), {
        currentDate: new Date(NOW * 1000),
      }),
      { code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' },
    );
    await assert.rejects(
      jose.jwtVerify(ours, new TextEncoder().encode(SECRET), { currentDate: new Date((NOW + 61) * 1000) }),
      {
        code: 'ERR_JWT_EXPIRED',
      },
    );
  });
});
