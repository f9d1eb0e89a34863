'use strict';

// The token endpoint's second step, the one function of the addon written
// against Node-API by hand (bindings/node/src/hot.rs): strings short enough
// for its stack buffers and longer ones, text outside the BMP, lone surrogates
// in either, and arguments of the wrong type. What it answers must be what the
// core answers, whatever the path the strings took.

const assert = require('node:assert/strict');
const { test } = require('node:test');

const { createSite } = require('../web.js');
const { Verifier } = require('..');
const { SECRET } = require('./helpers.js');

const site = createSite({ secret: SECRET });
const verifier = new Verifier(SECRET);

// The answer for a signed-in `user` through the site, as an adapter gets it.
const answerFor = (user) => site.token('GET', '', undefined, () => user);

const claimsOf = (answer) => verifier.verify(JSON.parse(answer.text).token);

test('emails and names of every length reach the token as they were given', () => {
  const cases = [
    ['ada@example.com', 'Ada Lovelace'],
    // Past the UTF-8 read on the stack (up to 250 bytes): read from the heap.
    [`${'a'.repeat(230)}@example.com`, 'A'.repeat(255)],
    ['ada@example.com', 'é'.repeat(255)],
    // Outside the BMP: four bytes of UTF-8 each, 1020 in all.
    ['ada@example.com', '😀'.repeat(255)],
    // At the edge of the stack read, and past it.
    ['ada@example.com', 'n'.repeat(250)],
    ['ada@example.com', 'n'.repeat(251)],
    ['ada@example.com', 'n'.repeat(255)],
    ['ada@example.com', 'é'.repeat(125)],
    ['ada@example.com', 'é'.repeat(126)],
    ['ada@example.com', `${'n'.repeat(246)}😀`],
    ['ada@example.com', `${'n'.repeat(247)}😀`],
    ['ñandú@example.com', 'Ñandú'],
    // U+FFFD itself is text (a lone surrogate reads as it): read again, kept.
    ['ada@example.com', 'Ada \ufffd'],
    ['ada@example.com', `${'n'.repeat(250)}\ufffd`],
  ];
  for (const [email, name] of cases) {
    const answer = answerFor({ email, name });
    assert.equal(answer.status, 200, `${email.length} / ${name.length}: ${answer.text}`);
    const claims = claimsOf(answer);
    assert.equal(claims.email, email);
    assert.equal(claims.displayName, name);
  }
});

test('a lone surrogate is refused, short or long, in the email or the name', () => {
  const cases = [
    [{ email: 'ada\ud800@example.com', name: 'Ada' }, 'invalid_email'],
    [{ email: `${'a'.repeat(200)}\udc00@example.com`, name: 'Ada' }, 'invalid_email'],
    [{ email: 'ada@example.com', name: 'Ada \ud83d' }, 'invalid_display_name'],
    [{ email: 'ada@example.com', name: `${'A'.repeat(200)}\ude00` }, 'invalid_display_name'],
    [{ email: 'ada@example.com', name: 'Ada \ufffd \ud800' }, 'invalid_display_name'],
  ];
  for (const [user, code] of cases) {
    const answer = answerFor(user);
    assert.equal(answer.status, 403, answer.text);
    assert.deepEqual(JSON.parse(answer.text), { error: code });
    assert.match(answer.warning, new RegExp(code));
  }
});

test('nobody signed in is a 401; the name falls back to displayName, then to the email', () => {
  assert.equal(answerFor(null).status, 401);
  assert.equal(
    claimsOf(answerFor({ email: 'ada@example.com', displayName: 'Countess' })).displayName,
    'Countess',
  );
  assert.equal(claimsOf(answerFor({ email: 'ada@example.com', name: '  ' })).displayName, 'ada@example.com');
});

test('the addon function refuses arguments of the wrong type with a TypeError', () => {
  const native = require('../native.js');
  const handle = native.webSiteNew(
    { t: 'text', s: SECRET },
    { t: 'unset' },
    { t: 'unset' },
    { t: 'unset' },
    { t: 'unset' },
    ['secret', 'secrets', 'ttl', 'allowedEmailDomains', 'path'],
  );
  const tokenAnswer = native.webTokenAnswerer(handle);
  assert.match(tokenAnswer(0), /^401\d{7}\{/);
  for (const args of [
    [0, 42],
    [0, 'ada@example.com', {}],
    [0, null],
    ['zero', 'ada@example.com'],
    [undefined, 'ada@example.com'],
  ]) {
    assert.throws(() => tokenAnswer(...args), TypeError, JSON.stringify(args));
  }
  // And still answers after those refusals.
  assert.match(tokenAnswer(0, 'ada@example.com', 'Ada'), /^200\d{7}\{/);
});
