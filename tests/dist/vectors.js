'use strict';

// Runs the shared token vectors against an installed chat-autologin.
//
// `make test-dist` copies this file into a fresh npm project that installed the
// packed tarballs, and runs it there, so that `require('chat-autologin')` is the
// installed copy: `node vectors.js <vectors dir>`.

const { readFileSync } = require('node:fs');
const { join, sep } = require('node:path');

const { mintChatToken, verifyChatToken, Issuer, Verifier, ChatAutologinError } = require('chat-autologin');

/** A vector value as JavaScript: `{"float"}` a number, `{"hex"}` a Buffer, `{"utf16"}` text. */
function value(raw) {
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
    if ('float' in raw) return Number(raw.float);
    if ('hex' in raw) return Buffer.from(raw.hex, 'hex');
    if ('utf16' in raw) {
      return raw.utf16.map((part) => (typeof part === 'number' ? String.fromCharCode(part) : part)).join('');
    }
  }
  return raw;
}

function outcome(call) {
  try {
    const result = call();
    return typeof result === 'string' ? { token: result } : { claims: { ...result } };
  } catch (error) {
    if (error instanceof ChatAutologinError) return { error: error.code };
    if (error instanceof TypeError) return { type_error: error.message };
    throw error;
  }
}

/** JSON with sorted keys: the claims' key order is not part of the vectors. */
function canonical(object) {
  return JSON.stringify(object, (key, v) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort()) : v,
  );
}

function agrees(expect, got) {
  if ('type_error' in expect) return (got.type_error ?? '').startsWith(`${expect.type_error} `);
  return canonical(got) === canonical(expect);
}

const vectors = process.argv[2];
const installed = require.resolve('chat-autologin');
if (!installed.includes(`${sep}node_modules${sep}`)) {
  console.log(`vectors.js: chat-autologin is not an installed copy: ${installed}`);
  process.exit(1);
}
const failures = [];
const counts = {};
for (const name of ['mint', 'verify']) {
  const document = JSON.parse(readFileSync(join(vectors, `${name}.json`), 'utf8'));
  if (document.cases.length !== document.case_count) failures.push(`${name}.json: cases missing`);
  counts[name] = document.cases.length;
  for (const c of document.cases) {
    let calls;
    if (name === 'mint') {
      const [email, display, ttl, secret, now] = ['email', 'name', 'ttl', 'secret', 'now'].map((k) =>
        value(c[k]),
      );
      calls = [() => mintChatToken(email, display, ttl, secret, { now })];
      // For an Issuer a null ttl means the default: only the other cases compare.
      if (ttl !== null) calls.push(() => new Issuer(secret, { ttl }).mint(email, display, { now }));
    } else {
      const secrets = 'secrets' in c ? c.secrets.map(value) : value(c.secret);
      const options = {};
      if ('leeway' in c) options.leeway = value(c.leeway);
      if ('max_lifetime' in c) options.maxLifetime = value(c.max_lifetime);
      const [token, now] = [value(c.token), value(c.now)];
      calls = [
        () => verifyChatToken(token, secrets, { ...options, now }),
        () => new Verifier(secrets, options).verify(token, { now }),
      ];
    }
    for (const call of calls) {
      const got = outcome(call);
      if (!agrees(c.expect, got)) {
        failures.push(`${name} ${c.id}: expected ${JSON.stringify(c.expect)}, got ${JSON.stringify(got)}`);
      }
    }
  }
}
failures.forEach((failure) => console.log(failure));
console.log(
  `node, installed at ${join(installed, '..')}: ${counts.mint} mint and ${counts.verify} verify vectors, ` +
    `${failures.length} failures`,
);
process.exitCode = failures.length ? 1 : 0;
