'use strict';

// The secret never shows: not in an error's message, stack, util.inspect or
// JSON, not in util.inspect / JSON.stringify / String of an Issuer or a
// Verifier, and not in what the Express integration throws for its settings,
// logs through its logger, or answers.
//
// Each test runs with random 76-character secrets (shaped like the vendor's)
// and adversarial ones: secrets with JSON's metacharacters (`"`, `\`, `{}`) and
// util.format's placeholders (`%s %j`), so that an escaped copy would be missed
// by a plain search, a secret holding a whole token, a secret that starts like
// every token, non-ASCII text, and raw bytes in a Buffer and in a Uint8Array.
// The search looks for the secret as it is, as JSON and util.inspect would
// write it, in hex, base64 and as a list of bytes, and for every 16-character
// piece of its random part (a cut or partial copy). Every adversarial secret
// has a random part of its own, so no fixed text of a message can match it by
// chance (a secret such as "the secret is only whitespace" would).

const assert = require('node:assert/strict');
const { randomInt } = require('node:crypto');
const { describe, test } = require('node:test');
const util = require('node:util');

const express = require('express');
const {
  mintChatToken,
  verifyChatToken,
  inspectUnverified,
  Issuer,
  Verifier,
  ChatAutologinError,
} = require('..');
const { chatAutologin } = require('chat-autologin/express');
const { SECRET, NOW } = require('./helpers.js');

const OTHER_SECRET = 'the-sales-desk-has-a-secret-key-of-its-own-0123456789';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomText(size = 76) {
  let text = '';
  for (let i = 0; i < size; i++) text += ALPHABET[randomInt(ALPHABET.length)];
  return text;
}

const bytesOf = (value) => (typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.from(value));

class Secret {
  constructor(label, value, randomParts) {
    this.label = label;
    this.value = value;
    this.randomParts = randomParts;
  }

  /** The secret as every common way of writing it would show it. */
  forms() {
    const bytes = bytesOf(this.value);
    const forms = [
      bytes.toString('hex'),
      bytes.toString('hex').toUpperCase(),
      bytes.toString('hex').match(/../g).join(' '), // util.inspect of a Buffer
      bytes.toString('base64'),
      bytes.toString('base64url'),
      [...bytes].join(', '), // util.inspect of a Uint8Array, Rust's Debug of bytes
      [...bytes].join(','), // JSON of an array of bytes
    ];
    if (typeof this.value === 'string') {
      forms.push(this.value, JSON.stringify(this.value).slice(1, -1), util.inspect(this.value).slice(1, -1));
    }
    return forms;
  }

  /** Every 16-character piece of the random parts, also as hex and as a list of bytes
   * (util.inspect shows only the first 50 bytes of a Buffer, 100 of a Uint8Array). */
  pieces(size = 16) {
    const pieces = new Set();
    for (const part of this.randomParts) {
      for (let i = 0; i + size <= part.length; i++) {
        const piece = Buffer.from(part.slice(i, i + size));
        pieces.add(piece.toString('latin1'));
        pieces.add(piece.toString('hex'));
        pieces.add(piece.toString('hex').match(/../g).join(' '));
        pieces.add([...piece].join(', '));
      }
    }
    return pieces;
  }

  /** Asserts that no text holds the secret, also with its whitespace taken out
   * (util.inspect lays out a long list of bytes in aligned columns). */
  assertHidden(texts, where) {
    const squeeze = (text) => text.replace(/\s+/g, '');
    const needles = [...this.forms(), ...this.pieces()];
    const squeezed = needles.map(squeeze).filter((needle) => needle.length >= 16);
    for (const text of texts) {
      assert.equal(typeof text, 'string', where);
      const flat = squeeze(text);
      const found =
        needles.find((needle) => text.includes(needle)) ?? squeezed.find((needle) => flat.includes(needle));
      assert.ok(found === undefined, `${where}: the secret (${this.label}) shows in ${JSON.stringify(text)}`);
    }
  }
}

function adversarialSecrets() {
  const r = Array.from({ length: 8 }, () => randomText(24));
  const token = mintChatToken('ada@example.com', 'Ada', 300, randomText(), { now: NOW });
  const unicodePart = randomText(30);
  const bytes = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), Buffer.from(r[6])]);
  return [
    ...[0, 1, 2].map((i) => {
      const value = randomText();
      return new Secret(`random ${i}`, value, [value]);
    }),
    new Secret('JSON metacharacters', `"${r[0]}\\"{}\\\\${r[1]}"}{`, [r[0], r[1]]),
    new Secret('a JSON object', JSON.stringify({ alg: 'none', k: r[2] }), [r[2]]),
    new Secret('format placeholders', `%s %j %o %d %% \${x} {0} ${r[3]}`, [r[3]]),
    new Secret('a whole token', `${token}${r[4]}`, [r[4]]),
    new Secret('a token’s start', `eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.${r[5]}`, [r[5]]),
    new Secret('non-ASCII', `Zoë 山田 🦀 ${unicodePart} ñ`, [unicodePart]),
    new Secret('a trailing newline', `${r[6]}${r[7]}\n`, [r[6] + r[7]]),
    new Secret('a Buffer of raw bytes', bytes, [r[6]]),
    new Secret('a Uint8Array', new Uint8Array(bytes), [r[6]]),
  ];
}

const SECRETS = adversarialSecrets();

/** Everything an error shows. */
function errorTexts(error) {
  const texts = [
    String(error),
    error.message,
    error.stack,
    util.inspect(error),
    util.inspect(error, { showHidden: true, depth: null }),
  ];
  texts.push(
    JSON.stringify(error),
    JSON.stringify(Object.entries(error)),
    util.format('%s %o', error, error),
  );
  if (error.cause) texts.push(...errorTexts(error.cause));
  return texts;
}

/** What a call shows: its error's texts, or its result. */
function shown(call) {
  try {
    const result = call();
    return { texts: [util.inspect(result, { depth: null }), JSON.stringify(result) ?? ''], failed: false };
  } catch (error) {
    assert.ok(error instanceof ChatAutologinError || error instanceof TypeError, util.inspect(error));
    return { texts: errorTexts(error), failed: true };
  }
}

/** The first `size` bytes of a secret, of the same type. */
function cut(value, size) {
  if (typeof value !== 'string') return value.subarray(0, size);
  return Buffer.from(value, 'utf8')
    .subarray(0, size)
    .toString('utf8')
    .replace(/\ufffd+$/, '');
}

function signed(header, payload, secret) {
  const { createHmac } = require('node:crypto');
  const segment = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${segment(header)}.${segment(payload)}`;
  return `${input}.${createHmac('sha256', bytesOf(secret)).update(input).digest('base64url')}`;
}

const CLAIMS = { email: 'ada@example.com', displayName: 'Ada', iat: NOW, exp: NOW + 300 };
const HS256 = { alg: 'HS256', typ: 'JWT' };

/** A call that fails for each reason an error can have, with `secret` in it. */
function* failingCalls(secret) {
  const issuer = new Issuer(secret);
  const verifier = new Verifier([secret, SECRET]);
  const now = { now: NOW };
  const token = issuer.mint('ada@example.com', 'Ada', now);
  const longLived = new Issuer(secret, { ttl: 86400 }).mint('ada@example.com', 'Ada', now);
  const stranger = mintChatToken('ada@example.com', 'Ada', 300, `${SECRET}-not-this-one`, now);
  const tokens = [
    '',
    'not-a-token',
    'a.b.c',
    'e'.repeat(9000),
    `${token}x`,
    token.slice(0, -1),
    token.replace('.', '. '),
    stranger,
    signed({ alg: 'none' }, CLAIMS, secret),
    signed({ alg: 'HS512' }, CLAIMS, secret),
    signed({ ...HS256, crit: ['b64'] }, CLAIMS, secret),
    signed(HS256, { ...CLAIMS, email: 5 }, secret),
    signed(HS256, { ...CLAIMS, exp: NOW - 1000 }, secret),
  ];
  for (const bad of tokens) {
    yield () => verifier.verify(bad, now);
    yield () => verifyChatToken(bad, secret, now);
    yield () => verifyChatToken(bad, [secret], now);
    yield () => inspectUnverified(bad);
  }
  yield () => verifier.verify(token, { now: NOW + 3600 });
  yield () => verifier.verify(token, { now: NOW - 3600 });
  yield () => new Verifier(secret, { maxLifetime: 60 }).verify(longLived, now);
  yield () => verifyChatToken(token, secret, { now: NOW, leeway: 301 });
  yield () => verifyChatToken(token, secret, { now: NaN });
  yield () => verifyChatToken(token, secret, { now: NOW, surprise: secret });
  yield () => verifyChatToken(token, [secret, 5], now);
  yield () => verifyChatToken(token, { secret }, now);
  yield () => verifyChatToken(token, [], now);
  yield () => new Verifier([secret, cut(secret, 20)]);
  yield () => new Verifier(secret, { leeway: '60' });
  yield () => mintChatToken('no-at-sign', 'Ada', 300, secret, now);
  yield () => mintChatToken('ada@example.com', '\n', 300, secret, now);
  yield () => mintChatToken('ada@example.com', 'Ada\ud800', 300, secret, now);
  yield () => mintChatToken('ada@example.com', 'Ada', 0, secret, now);
  yield () => mintChatToken('ada@example.com', 'Ada', '300', secret, now);
  yield () => mintChatToken('ada@example.com', 'Ada', 300, [secret], now);
  yield () => mintChatToken('ada@example.com', 'Ada', 300, secret, { now: -1 });
  yield () => new Issuer(secret, { ttl: 86401 });
  yield () => new Issuer(secret, { ttl: true });
  yield () => new Issuer(secret, { secret });
  yield () => issuer.mint('a b@example.com', 'Ada', now);
  yield () => issuer.issue('ada@example.com', 'x'.repeat(256), now);
  // The arguments swapped: the secret where the token goes.
  if (typeof secret === 'string') {
    yield () => verifyChatToken(secret, token, now);
    yield () => new Verifier(SECRET).verify(secret, now);
    yield () => inspectUnverified(secret);
  }
}

for (const secret of SECRETS) {
  describe(`the secret: ${secret.label}`, () => {
    test('the search finds it written in any way', () => {
      const bytes = bytesOf(secret.value);
      const disguised = [
        JSON.stringify({ secret: bytes.toString('latin1') }),
        // A Buffer shows its first 50 bytes; each secret ends with its random part.
        util.inspect(bytes.subarray(-40)),
        util.inspect(new Uint8Array(bytes), { maxArrayLength: null }),
        JSON.stringify([...bytes]),
        `<Issuer ${bytes.toString('hex')}>`,
        bytes.toString('base64'),
        `prefix ${secret.randomParts[0].slice(3, 19)}…`,
      ];
      if (typeof secret.value === 'string') {
        disguised.push(JSON.stringify({ secret: secret.value }), util.inspect([secret.value]), secret.value);
      }
      for (const text of disguised) {
        assert.throws(() => secret.assertHidden([text], 'a disguised secret'), assert.AssertionError, text);
      }
      secret.assertHidden(['the secret is 20 bytes; it must be at least 32'], 'fixed text');
    });

    test('no error shows it', () => {
      let failures = 0;
      for (const call of failingCalls(secret.value)) {
        const { texts, failed } = shown(call);
        secret.assertHidden(texts, 'an error');
        failures += failed;
      }
      assert.ok(failures > 50, String(failures));
    });

    test('a secret refused as too short does not show either', () => {
      const part = randomText(31);
      for (const [value, parts] of [
        [cut(secret.value, 31), secret.randomParts],
        [part, [part]],
      ]) {
        const refused = new Secret(`${secret.label}, cut short`, value, parts);
        for (const call of [
          () => new Issuer(value),
          () => new Verifier([SECRET, value]),
          () => mintChatToken('a@b.c', 'A', 300, value, { now: NOW }),
          () => verifyChatToken('a.b.c', value, { now: NOW }),
        ]) {
          const { texts, failed } = shown(call);
          assert.ok(failed);
          refused.assertHidden(texts, 'refusing a short secret');
        }
      }
    });

    test('no Issuer, Verifier or result shows it', () => {
      const issuer = new Issuer(secret.value, { ttl: 600 });
      const verifier = new Verifier([secret.value, SECRET], { leeway: 30 });
      const issued = issuer.issue('ada@example.com', 'Ada', { now: NOW });
      const claims = verifier.verify(issued.token, { now: NOW });
      const texts = [];
      for (const object of [issuer, verifier, issued, claims, inspectUnverified(issued.token)]) {
        texts.push(
          util.inspect(object),
          util.inspect(object, { showHidden: true, depth: null, getters: true }),
          util.inspect(object, { customInspect: false, showHidden: true, depth: null }),
          util.format('%s %o %O %j', object, object, object, object),
          JSON.stringify(object),
          String(object),
          Object.getOwnPropertyNames(object).join(' '),
          util.inspect(structuredClone(object), { depth: null }),
        );
      }
      secret.assertHidden(texts, 'an object');
    });
  });
}

// --- Express ----------------------------------------------------------------------

/** Settings that are refused, each holding the secret (or a cut of it). */
function settingsErrors(value) {
  const getUser = () => null;
  return [
    { secret: cut(value, 20), getUser },
    { secret: value, getUser, ttl: 0 },
    { secret: value, getUser, ttl: '300' },
    { secret: value, getUser, ttl: 1e9 },
    { secret: [value], getUser },
    { secret: value, secrets: { support: value }, getUser },
    { secrets: { support: cut(value, 20) }, getUser },
    { secrets: { support: value, sales: cut(value, 31) }, getUser },
    {
      secrets: new Map([
        ['support', value],
        ['sales', 5],
      ]),
      getUser,
    },
    { secrets: [value], getUser },
    { secrets: {}, getUser },
    { secret: value, getUser, allowedEmailDomains: 'example.com' },
    { secret: value, getUser, allowedEmailDomains: [] },
    { secret: value, getUser, path: 'no-slash' },
    { secret: value, getUser, logger: {} },
    { secret: value, getUser: 'not a function' },
    { secret: value, getUser, unknown: value },
  ];
}

/** The router's options with `value` in each slot in turn (and as an unknown
 * key), the others valid, each with whether it must be refused: a secret may
 * also be a valid domain (letters, digits, dots) or service desk name. */
function everySlot(value) {
  const getUser = () => null;
  const slots = [
    [{ secret: value, secrets: { support: SECRET }, getUser }, true],
    [{ secrets: value, getUser }, true],
    [{ secrets: { support: value, sales: 5 }, getUser }, true],
    [{ secrets: { support: SECRET, sales: value }, getUser, ttl: 0 }, true],
    [{ secret: SECRET, ttl: value, getUser }, true],
    [{ secret: SECRET, getUser: value }, true],
    [{ secret: SECRET, getUser, allowedEmailDomains: value }, true],
    [{ secret: SECRET, getUser, allowedEmailDomains: [value] }, false],
    [{ secret: SECRET, getUser, allowedEmailDomains: ['example.com', value] }, false],
    [{ secret: SECRET, getUser, path: value }, true],
    [{ secret: SECRET, getUser, logger: value }, true],
    [{ secret: SECRET, getUser, surprise: value }, true],
    [value, true],
  ];
  if (typeof value === 'string') {
    slots.push(
      [{ secrets: { [value]: SECRET }, getUser }, false],
      [{ secrets: new Map([[value, SECRET]]), getUser }, false],
      [{ secret: SECRET, getUser, [value]: 1 }, true],
      [{ [value]: SECRET, getUser }, true],
    );
  }
  return slots;
}

/** The script tag helper's options with `value` in each slot in turn. */
function everyScriptSlot(value) {
  const slots = [
    { desk: value },
    { desk: 'support', show: value },
    { desk: 'support', nonce: value, retryFor: 0 },
    { desk: 'support', retryFor: value },
    { desk: 'support', signedIn: value, retryFor: 601 },
    { desk: 'support', surprise: value },
    value,
  ];
  if (typeof value === 'string') slots.push({ desk: 'support', [value]: true });
  return slots;
}

/** Serves `app` on a loopback port for `fn(base)`. */
async function serving(app, fn) {
  const server = await new Promise((resolve, reject) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    listening.on('error', reject);
  });
  try {
    return await fn(`http://127.0.0.1:${server.address().port}`);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

class LoaderFailed extends Error {}

// What getUser gives on each request, and the answers' statuses: a token, two
// users the chat cannot take (logged as warnings), an anonymous visitor, and a
// getUser that throws, and one that rejects (handed to Express's error handling).
const ANSWERS = [
  { email: 'ada@example.com', name: 'Ada Lovelace' },
  { email: 'no-at-sign', name: 'Ada' },
  { email: 'ada@example.com', name: 'Tab\there' },
  null,
  new LoaderFailed('the user store is down'),
  Promise.reject(new LoaderFailed('the user store is down')),
];
ANSWERS[5].catch(() => {});
const STATUSES = [200, 403, 403, 401, 500, 500];

describe('the Express integration', () => {
  for (const secret of SECRETS) {
    test(`settings errors do not show the secret: ${secret.label}`, () => {
      for (const settings of settingsErrors(secret.value)) {
        const { texts, failed } = shown(() => chatAutologin(settings));
        assert.ok(failed, Object.keys(settings).join());
        secret.assertHidden(texts, `chatAutologin(${Object.keys(settings).join()})`);
      }
    });

    test(`in any option, or as an option's name, the secret shows in no error: ${secret.label}`, async () => {
      for (const [options, mustRefuse] of everySlot(secret.value)) {
        const { texts, failed } = shown(() => chatAutologin(options));
        if (mustRefuse) assert.ok(failed, util.inspect(Object.keys(options)));
        secret.assertHidden(texts, 'chatAutologin() with the secret in an option');
      }
      // The script tag helper, for a single secret and for several.
      for (const settings of [{ secret: SECRET }, { secrets: { support: SECRET, sales: OTHER_SECRET } }]) {
        const app = express();
        app.use(chatAutologin({ ...settings, getUser: () => null }));
        app.get('/page', (req, res) => {
          const results = everyScriptSlot(secret.value).map((options) =>
            shown(() => res.locals.chatAutologinScript(options)),
          );
          res.json(results);
        });
        await serving(app, async (base) => {
          const results = await (await fetch(`${base}/page`)).json();
          for (const { texts, failed } of results) {
            assert.ok(failed);
            secret.assertHidden(texts, 'chatAutologinScript() with the secret in an option');
          }
        });
      }
    });

    test(`logs, answers and errors do not show the secret: ${secret.label}`, async () => {
      const logged = [];
      const logger = {};
      for (const level of ['warn', 'error', 'info', 'debug', 'log', 'trace']) {
        logger[level] = (...args) => logged.push(util.format(...args), util.inspect(args, { depth: null }));
      }
      for (const options of [
        { secret: secret.value },
        { secrets: { support: secret.value, sales: SECRET } },
      ]) {
        const answers = [...ANSWERS];
        const getUser = () => {
          const answer = answers.shift();
          if (answer instanceof Error) throw answer;
          return answer;
        };
        const router = chatAutologin({ ...options, getUser, logger });
        const app = express();
        app.use(router);
        app.get('/page', (req, res) =>
          res
            .type('html')
            .send(res.locals.chatAutologinScript({ desk: options.secrets ? 'support' : undefined })),
        );
        app.use((error, req, res, next) => {
          logger.error('request failed', error);
          res.status(500).json({ error: 'internal' });
        });
        const query = options.secrets ? '?desk=support' : '';
        const texts = [util.inspect(router, { depth: 4, showHidden: true })];
        await serving(app, async (base) => {
          const statuses = [];
          for (let i = 0; i < ANSWERS.length; i++) {
            const response = await fetch(`${base}/chat-autologin/token${query}`);
            statuses.push(response.status);
            texts.push(await response.text(), JSON.stringify([...response.headers]));
          }
          assert.deepEqual(statuses, STATUSES);
          texts.push(await (await fetch(`${base}/page`)).text());
        });
        secret.assertHidden(texts, 'the Express router');
      }
      assert.ok(logged.some((line) => line.includes('no token for the signed-in user')));
      assert.ok(logged.some((line) => line.includes('request failed')));
      secret.assertHidden(logged, 'a log line');
    });
  }
});
