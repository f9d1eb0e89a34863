'use strict';

// Worker threads, each loading the addon: every worker gets exactly what the
// main thread gets (the same tokens, minted with a fixed clock so they are
// comparable, the same claims, the same errors with the same codes and
// messages), while the others run at the same time. Workers that end, and one
// stopped in the middle of its work, leave the addon working in the rest.
//
// This file is also the workers' script: in a worker it runs `work` below.

const { isMainThread, parentPort, Worker, workerData } = require('node:worker_threads');

const SECRET = 'chat-autologin-node-test-secret-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEF';
const OLD_SECRET = 'the-previous-secret-of-this-service-desk-0123456789';
const NOW = 1764115200;

/** A call's outcome, as plain data that crosses threads. */
function outcome(call) {
  try {
    return ['ok', call()];
  } catch (error) {
    return ['error', error.constructor.name, error.code, error.message];
  }
}

/**
 * Calls whose results do not depend on the clock: mints, verifications that
 * pass and fail in every way, inspections, through shared objects and the
 * module functions.
 */
function cases(api) {
  const { mintChatToken, verifyChatToken, inspectUnverified, Issuer, Verifier } = api;
  const issuer = new Issuer(SECRET, { ttl: 300 });
  const old = new Issuer(OLD_SECRET, { ttl: 300 });
  const verifier = new Verifier([SECRET, OLD_SECRET]);
  const calls = [];
  for (let i = 0; i < 60; i++) {
    const email = `visitor-${i}@example.com`;
    const name = `Visitor ${i} "Zoë" \\ 山田 🦀`;
    const now = NOW + i * 7.25;
    const token = issuer.mint(email, name, { now });
    const oldToken = old.mint(email, name, { now });
    const tampered = token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA');
    calls.push(
      () => issuer.mint(email, name, { now }),
      () => issuer.issue(email, name, { now }),
      () => mintChatToken(email, name, 600, SECRET, { now }),
      () => verifier.verify(token, { now }),
      () => verifier.verify(oldToken, { now }),
      () => verifyChatToken(token, [SECRET], { now }),
      () => verifier.verify(token, { now: now + 3600 }),
      () => verifier.verify(token, { now: now - 3600 }),
      () => verifier.verify(tampered),
      () => verifier.verify(token.slice(0, token.length >> 1)),
      () => verifyChatToken(oldToken, SECRET, { now }),
      () => inspectUnverified(token),
      () => issuer.mint(`no-at-sign-${i}`, 'Name', { now: NOW }),
      () => issuer.mint(email, '\t', { now: NOW }),
      () => issuer.mint(email, 'Name', { now: -(i + 1) }),
      () => mintChatToken(email, 'Name', 300, 'too short', { now: NOW }),
    );
  }
  return calls;
}

function results(api, rounds = 1) {
  const calls = cases(api);
  let got;
  for (let round = 0; round < rounds; round++) {
    // Each round from another starting point, so that workers overlap on different calls.
    const shift = (round * 37) % calls.length;
    got = new Array(calls.length);
    for (let k = 0; k < calls.length; k++) {
      const index = (k + shift) % calls.length;
      got[index] = outcome(calls[index]);
    }
  }
  return got;
}

if (!isMainThread) {
  // A worker: load the package (and so the addon) in this thread, wait for the
  // others, and answer.
  const api = require('..');
  const { start, rounds, forever } = workerData;
  Atomics.wait(new Int32Array(start), 0, 0);
  if (forever) {
    parentPort.postMessage('started');
    for (;;) results(api);
  }
  parentPort.postMessage({ results: results(api, rounds) });
} else {
  const assert = require('node:assert/strict');
  const { once } = require('node:events');
  const { test } = require('node:test');
  const api = require('..');

  const WORKERS = 4;

  /** Starts `count` workers together; resolves with their messages. */
  async function runWorkers(count, options = {}) {
    const start = new SharedArrayBuffer(4);
    const workers = Array.from(
      { length: count },
      () => new Worker(__filename, { workerData: { start, rounds: 3, ...options } }),
    );
    const exits = workers.map((worker) => once(worker, 'exit').then(([code]) => code));
    const online = workers.map((worker) => once(worker, 'online'));
    await Promise.all(online);
    Atomics.store(new Int32Array(start), 0, 1);
    Atomics.notify(new Int32Array(start), 0);
    const messages = workers.map((worker) => once(worker, 'message').then(([message]) => message));
    return { workers, messages, exits };
  }

  test('every worker gets the main thread’s results', async () => {
    const expected = results(api);
    const kinds = new Set(expected.map((result) => (result[0] === 'ok' ? 'ok' : result[2])));
    for (const kind of ['ok', 'token_expired', 'token_not_yet_valid', 'bad_signature', 'malformed_token']) {
      assert.ok(kinds.has(kind), kind);
    }
    for (const kind of ['invalid_email', 'invalid_display_name', 'invalid_option', 'invalid_secret']) {
      assert.ok(kinds.has(kind), kind);
    }

    const { messages, exits } = await runWorkers(WORKERS);
    for (const message of await Promise.all(messages)) {
      assert.deepEqual(message.results, expected);
    }
    assert.deepEqual(await Promise.all(exits), new Array(WORKERS).fill(0));
  });

  test('workers started after others have ended load the addon again', async () => {
    const expected = results(api);
    for (let round = 0; round < 3; round++) {
      const { messages, exits } = await runWorkers(2);
      for (const message of await Promise.all(messages)) assert.deepEqual(message.results, expected);
      assert.deepEqual(await Promise.all(exits), [0, 0]);
    }
    // The main thread's addon is untouched.
    assert.deepEqual(results(api), expected);
  });

  test('a worker stopped in the middle of its work leaves the others working', async () => {
    const expected = results(api);
    const busy = await runWorkers(2, { forever: true });
    await Promise.all(busy.messages); // both are minting and verifying
    const { messages, exits } = await runWorkers(2);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await Promise.all(busy.workers.map((worker) => worker.terminate()));
    assert.deepEqual(await Promise.all(busy.exits), [1, 1]); // what terminate() gives
    for (const message of await Promise.all(messages)) assert.deepEqual(message.results, expected);
    assert.deepEqual(await Promise.all(exits), [0, 0]);
    assert.deepEqual(results(api), expected);
  });
}
