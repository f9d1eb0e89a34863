'use strict';

// Every case of tests/vectors/diagnose.json, as the Rust and Python suites run them.

const assert = require('node:assert/strict');
const { describe, test } = require('node:test');

const { diagnose, mintChatToken, ChatAutologinError } = require('..');
const { vectorFile } = require('./helpers.js');

const file = vectorFile('diagnose');

describe('diagnose vectors', () => {
  test('every case is loaded', () => {
    assert.equal(file.cases.length, file.case_count);
  });

  for (const c of file.cases) {
    test(c.id, () => {
      if ('error' in c) {
        assert.throws(
          () => diagnose(c.token, { secrets: c.secrets, now: c.now }),
          (error) => error instanceof ChatAutologinError && error.code === c.error,
        );
        return;
      }
      const diagnosis = diagnose(c.token, { secrets: c.secrets, now: c.now });
      assert.equal(diagnosis.verdict.accepted, c.verdict.accepted);
      assert.equal(diagnosis.verdict.code, c.verdict.code);
      assert.equal(diagnosis.signature, c.signature);
      assert.deepEqual(
        diagnosis.findings.map((finding) => finding.code),
        c.findings,
      );
      const shown = JSON.stringify(diagnosis);
      for (const secret of c.secrets) assert.ok(!shown.includes(secret.trim()));
    });
  }
});

describe('diagnose', () => {
  const secret = 'Xk3f9Qm2Lp7Rt4Vw8Zb1Nc6Hd5Jg0Ks3Ue7Yi2Oa9Pq4Ws6Ex1Rz8Tc5Vb2Nm7Lk4Jh9Gf3Dd6Sa';
  const now = 1764115200;
  const token = mintChatToken('ada@example.com', 'Ada', 300, secret, { now });

  test('mirrors the shared JSON schema', () => {
    const diagnosis = diagnose(token, { secrets: Buffer.from(secret), now: now + 10 });
    assert.deepEqual(Object.keys(diagnosis), [
      'verdict',
      'signature',
      'signer',
      'findings',
      'header',
      'claims',
      'now',
    ]);
    assert.deepEqual(diagnosis.verdict, {
      accepted: true,
      code: null,
      message: 'the chat accepts this token',
    });
    assert.equal(diagnosis.signer, 0);
    assert.deepEqual(diagnosis.claims, {
      email: 'ada@example.com',
      displayName: 'Ada',
      iat: now,
      exp: now + 300,
    });
    assert.equal(diagnosis.now, now + 10);
    // Without options: no signature check, the system clock.
    const unsigned = diagnose(token);
    assert.equal(unsigned.signature, 'not_checked');
    assert.equal(unsigned.verdict.code, 'token_expired');
  });

  test('bad arguments', () => {
    assert.throws(() => diagnose(42), TypeError);
    assert.throws(() => diagnose(token, { secret }), TypeError);
    assert.throws(() => diagnose(token, { secrets: 42 }), TypeError);
    assert.throws(
      () => diagnose(token, { now: -1 }),
      (error) => error instanceof ChatAutologinError && error.code === 'invalid_option',
    );
    // A lone surrogate is a malformed token, not an encoding error.
    assert.equal(diagnose('ey\ud800').verdict.code, 'malformed_token');
  });
});
