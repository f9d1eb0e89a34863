'use strict';

// Resident memory stays flat while one Issuer and one Verifier mint and verify
// many tokens (process.memoryUsage().rss, after a full garbage collection).
//
// Memory is read after a warm-up (a fifth of the tokens: V8's compiled code and
// the allocator's pools settle) and at each eighth of the rest. Two numbers may
// grow by at most MAX_GROWTH: the resident memory outside V8's heap (rss -
// heapTotal: the addon's and Node's own allocations, where a leak in the addon
// would show), and the live JavaScript objects (heapUsed: where a token or an
// error kept alive would show). V8's heap itself may grow while it runs (it
// enlarges its young generation when a program allocates fast, some 12 MB
// here, then stays), so resident memory as a whole is reported, not bounded.
//
// How many: a million with a release build of the addon. The test suite runs on
// the debug build (`npm run build`), which mints and verifies some 20 000 tokens
// a second here, so there it is 200 000 to stay near ten seconds. That still
// shows a leak: after the warm-up 160 000 tokens go by, and leaking one token's
// text (some 250 bytes) each time would be about 40 MB, against a bound of
// 4 MiB. CHAT_AUTOLOGIN_MEMORY_TOKENS sets another count.
//
// Rejections are in the mix (a stranger's signature, an expired token, a token
// without its signature, a refused email): an error builds a message and an
// Error object in the addon that must be freed too.

const assert = require('node:assert/strict');
const { test } = require('node:test');
const v8 = require('node:v8');
const vm = require('node:vm');

const { Issuer, Verifier, ChatAutologinError } = require('..');
const native = require('../native.js');
const { SECRET, NOW } = require('./helpers.js');

const DEBUG_BUILD = native._debugBuild();
const TOKENS = Number(process.env.CHAT_AUTOLOGIN_MEMORY_TOKENS) || (DEBUG_BUILD ? 200_000 : 1_000_000);
const MAX_GROWTH = 4 * 1024 * 1024;

// A full collection before each reading, without needing node --expose-gc.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');

function memory() {
  gc();
  gc();
  const { rss, heapTotal, heapUsed } = process.memoryUsage();
  return { rss, outsideHeap: rss - heapTotal, heapUsed };
}

function refused(fn, code) {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof ChatAutologinError && error.code === code, String(error));
    return;
  }
  assert.fail(`expected ${code}`);
}

/** `count` tokens from number `first`, one in 16 refused in one of four ways. */
function mintAndVerify(issuer, stranger, verifier, first, count) {
  const now = { now: NOW };
  const later = { now: NOW + 3600 };
  for (let i = first; i < first + count; i++) {
    const email = `visitor-${i}@example.com`;
    switch (i % 16) {
      case 13: {
        const token = stranger.mint(email, 'Someone Else', now);
        refused(() => verifier.verify(token, now), 'bad_signature');
        break;
      }
      case 14: {
        const token = issuer.mint(email, 'Ada Lovelace', now);
        refused(() => verifier.verify(token, later), 'token_expired');
        break;
      }
      case 15: {
        const token = issuer.mint(email, 'Ada Lovelace', now);
        refused(() => verifier.verify(token.slice(0, token.lastIndexOf('.')), now), 'malformed_token');
        refused(() => issuer.mint('no-at-sign', 'Ada', now), 'invalid_email');
        break;
      }
      default: {
        const token = issuer.mint(email, 'Ada Lovelace', now);
        const claims = verifier.verify(token, now);
        if (claims.email !== email) assert.equal(claims.email, email);
      }
    }
  }
}

test('resident memory stays flat', { skip: process.platform === 'win32' && 'rss differs' }, () => {
  const issuer = new Issuer(SECRET, { ttl: 300 });
  const stranger = new Issuer(`${SECRET}-of-another-desk`, { ttl: 300 });
  const verifier = new Verifier([SECRET]);

  const started = process.hrtime.bigint();
  const warmUp = Math.floor(TOKENS / 5);
  mintAndVerify(issuer, stranger, verifier, 0, warmUp);
  const afterWarmUp = memory();
  const samples = [];
  const step = Math.ceil((TOKENS - warmUp) / 8);
  for (let first = warmUp; first < TOKENS; first += step) {
    mintAndVerify(issuer, stranger, verifier, first, Math.min(step, TOKENS - first));
    samples.push(memory());
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;

  const mib = (bytes) => (bytes / 2 ** 20).toFixed(1);
  const series = (key) => samples.map((sample) => mib(sample[key])).join(', ');
  const growth = (key) => Math.max(...samples.map((sample) => sample[key])) - afterWarmUp[key];
  const report =
    `${TOKENS} tokens (${DEBUG_BUILD ? 'debug' : 'release'} build) in ${seconds.toFixed(1)} s; ` +
    `after ${warmUp} then each eighth, in MiB: outside V8's heap ${mib(afterWarmUp.outsideHeap)}, ` +
    `${series('outsideHeap')}; live objects ${mib(afterWarmUp.heapUsed)}, ${series('heapUsed')}; ` +
    `resident ${mib(afterWarmUp.rss)}, ${series('rss')}`;
  console.log(report);
  assert.ok(growth('outsideHeap') <= MAX_GROWTH, report);
  assert.ok(growth('heapUsed') <= MAX_GROWTH, report);
});

// The token endpoint's path: each site's addon function holds a copy of the
// site that Node frees with the function, and its answers are built in a
// buffer the thread keeps. Many sites made and dropped, each answering a few
// signed-in visitors (one in four refused, one in eight long enough to be read
// from the heap): memory outside V8's heap stays flat. Node runs the
// finalizers of collected addon objects from its event loop, so the test
// yields to it before each reading, as a server does all the time.
test('sites made and dropped, and their answers, leave memory flat', async () => {
  const settled = async () => {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    return memory();
  };
  const { createSite } = require('../web.js');
  const SITES = DEBUG_BUILD ? 4_000 : 20_000;
  const run = (first, count) => {
    for (let i = first; i < first + count; i++) {
      const site = createSite({ secret: `${SECRET}-${i}` });
      for (let j = 0; j < 4; j++) {
        const name = j === 3 ? 'Ada\ud800' : i % 8 === 0 ? 'N'.repeat(200) : 'Ada Lovelace';
        const answer = site.token('GET', '', undefined, () => ({ email: `v-${i}-${j}@example.com`, name }));
        assert.equal(answer.status, j === 3 ? 403 : 200);
      }
    }
  };
  const warmUp = Math.floor(SITES / 3);
  run(0, warmUp);
  const afterWarmUp = await settled();
  const samples = [];
  const step = Math.ceil((SITES - warmUp) / 8);
  for (let first = warmUp; first < SITES; first += step) {
    run(first, Math.min(step, SITES - first));
    samples.push(await settled());
  }
  const mib = (bytes) => (bytes / 2 ** 20).toFixed(1);
  const report =
    `${SITES} sites: outside V8's heap after ${warmUp} ${mib(afterWarmUp.outsideHeap)} MiB, then ` +
    `${samples.map((sample) => mib(sample.outsideHeap)).join(', ')}`;
  console.log(report);
  assert.ok(Math.max(...samples.map((s) => s.outsideHeap)) - afterWarmUp.outsideHeap <= MAX_GROWTH, report);
});
