'use strict';

// The Node benchmark: chat-autologin's mint and verify against the npm JWT
// libraries a Node site would otherwise use, in one process, with tinybench.
//
//   make bench-node          (builds the addon with --release first)
//   npm run bench            (with an addon you built yourself: npm run build:release)
//
// Every implementation makes or checks the same kind of token: HS256 over
// {"email","displayName","iat","exp"}, a 300 s lifetime, the same 76-character
// secret. Each sample times BATCH calls, so that the timer's own cost (tens of
// nanoseconds a read) does not blur operations that take about a microsecond.
// Before timing, every token minted is checked with chat-autologin's Verifier
// and every verifier's claims are compared, so a fast wrong answer cannot win.
//
// The node:crypto floor is not a library: it is the HMAC of a ready-made
// signing input plus its base64url encoding (mint), or that HMAC over the
// token's first two segments compared with its third plus JSON.parse of the
// payload (verify). No JavaScript implementation can do less; it is shown for
// scale and left out of the "fastest peer".
//
// @node-rs/jsonwebtoken is installed on demand (`make bench-node` runs
// `npm install --no-save`); without it, its rows are left out.
//
// Environment: BENCH_TIME_MS, the time budget per task (default 1000).

const { createHmac, createSecretKey, timingSafeEqual } = require('node:crypto');
const os = require('node:os');

const native = require('../native.js');
const { Issuer, Verifier, mintChatToken, verifyChatToken } = require('..');

const BATCH = 100;
const TIME_MS = Number(process.env.BENCH_TIME_MS) > 0 ? Number(process.env.BENCH_TIME_MS) : 1000;
const TARGET = 2.5;

const SECRET = 'bench-secret-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJKLMNOPQRSTUV';
const EMAIL = 'ada@example.com';
const NAME = 'Ada Lovelace';
const TTL = 300;
const ALGORITHMS = ['HS256'];

// A peer that may be missing (not installed, or no binary for this platform):
// the module, or the reason it cannot be loaded.
function optional(name) {
  try {
    return { module: require(name) };
  } catch (error) {
    const reason =
      error && error.code === 'MODULE_NOT_FOUND' ? 'not installed' : String(error).split('\n')[0];
    return { module: null, reason };
  }
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

async function main() {
  const { Bench } = await import('tinybench');
  const jose = await import('jose');
  const jwt = require('jsonwebtoken');
  const fastJwt = require('fast-jwt');
  const { module: nodeRs, reason: nodeRsMissing } = optional('@node-rs/jsonwebtoken');

  if (native._debugBuild()) {
    console.error(
      'bench: the addon is a debug build, whose speed means nothing; build it with ' +
        '`npm run build:release` (make bench-node does) and run again.',
    );
    process.exit(1);
  }

  const keyObject = createSecretKey(Buffer.from(SECRET, 'utf8'));
  const keyBytes = new TextEncoder().encode(SECRET);
  const cryptoKey = await crypto.subtle.importKey('raw', keyBytes, { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
    'verify',
  ]);
  const issuer = new Issuer(SECRET, { ttl: TTL });
  const verifier = new Verifier(SECRET);
  const fastSign = fastJwt.createSigner({ key: SECRET, algorithm: 'HS256', expiresIn: TTL * 1000 });
  const fastVerify = fastJwt.createVerifier({ key: SECRET, algorithms: ALGORITHMS });

  // The token every verifier checks, valid for the whole run.
  const token = issuer.mint(EMAIL, NAME);
  const signingInput = token.slice(0, token.lastIndexOf('.'));

  const floorMint = () =>
    `${signingInput}.${createHmac('sha256', keyObject).update(signingInput).digest('base64url')}`;
  const floorVerify = (t) => {
    const dot = t.lastIndexOf('.');
    const expected = createHmac('sha256', keyObject).update(t.slice(0, dot)).digest();
    const given = Buffer.from(t.slice(dot + 1), 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      throw new Error('bad signature');
    return JSON.parse(Buffer.from(t.slice(t.indexOf('.') + 1, dot), 'base64url').toString('utf8'));
  };

  // kind: 'ours', 'peer' or 'floor'. Each fn does one operation.
  const mint = [
    ['chat-autologin Issuer.mint', 'ours', () => issuer.mint(EMAIL, NAME)],
    ['chat-autologin mintChatToken', 'ours', () => mintChatToken(EMAIL, NAME, TTL, SECRET)],
    [
      'jsonwebtoken sign (string secret)',
      'peer',
      () => jwt.sign({ email: EMAIL, displayName: NAME }, SECRET, { algorithm: 'HS256', expiresIn: TTL }),
    ],
    [
      'jsonwebtoken sign (KeyObject)',
      'peer',
      () => jwt.sign({ email: EMAIL, displayName: NAME }, keyObject, { algorithm: 'HS256', expiresIn: TTL }),
    ],
    [
      'jose SignJWT (CryptoKey)',
      'peer',
      () =>
        new jose.SignJWT({ email: EMAIL, displayName: NAME })
          .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
          .setIssuedAt()
          .setExpirationTime(`${TTL}s`)
          .sign(cryptoKey),
    ],
    ['fast-jwt createSigner', 'peer', () => fastSign({ email: EMAIL, displayName: NAME })],
  ];
  if (nodeRs) {
    mint.push([
      '@node-rs/jsonwebtoken signSync',
      'peer',
      () => {
        const iat = nowSeconds();
        return nodeRs.signSync({ email: EMAIL, displayName: NAME, iat, exp: iat + TTL }, SECRET);
      },
    ]);
  }
  mint.push(['node:crypto floor (HMAC + base64url)', 'floor', floorMint]);

  const verify = [
    ['chat-autologin Verifier.verify', 'ours', () => verifier.verify(token)],
    ['chat-autologin verifyChatToken', 'ours', () => verifyChatToken(token, SECRET)],
    [
      'jsonwebtoken verify (string secret)',
      'peer',
      () => jwt.verify(token, SECRET, { algorithms: ALGORITHMS }),
    ],
    [
      'jsonwebtoken verify (KeyObject)',
      'peer',
      () => jwt.verify(token, keyObject, { algorithms: ALGORITHMS }),
    ],
    [
      'jose jwtVerify (CryptoKey)',
      'peer',
      async () => (await jose.jwtVerify(token, cryptoKey, { algorithms: ALGORITHMS })).payload,
    ],
    ['fast-jwt createVerifier', 'peer', () => fastVerify(token)],
  ];
  if (nodeRs) {
    verify.push([
      '@node-rs/jsonwebtoken verifySync',
      'peer',
      () => nodeRs.verifySync(token, SECRET, { algorithms: ALGORITHMS }),
    ]);
  }
  verify.push(['node:crypto floor (HMAC + compare + JSON.parse)', 'floor', () => floorVerify(token)]);

  // Check every implementation before timing it, and see which return promises.
  const isAsync = new Set();
  const call = (name, fn) => {
    const result = fn();
    if (result !== null && typeof result === 'object' && typeof result.then === 'function') isAsync.add(name);
    return result;
  };
  for (const [name, , fn] of mint) {
    const minted = await call(name, fn);
    const claims = verifier.verify(minted);
    if (claims.email !== EMAIL || claims.displayName !== NAME || claims.exp - claims.iat !== TTL) {
      throw new Error(`${name} minted a token with other claims: ${JSON.stringify(claims)}`);
    }
  }
  for (const [name, , fn] of verify) {
    const claims = await call(name, fn);
    if (claims.email !== EMAIL || claims.displayName !== NAME) {
      throw new Error(`${name} returned other claims: ${JSON.stringify(claims)}`);
    }
  }

  const groups = [
    ['mint', mint],
    ['verify', verify],
  ];
  const results = [];
  for (const [operation, tasks] of groups) {
    const bench = new Bench({ time: TIME_MS, throws: true });
    for (const [name, kind, fn] of tasks) {
      const batch = isAsync.has(name)
        ? async () => {
            for (let i = 0; i < BATCH; i++) await fn();
          }
        : () => {
            for (let i = 0; i < BATCH; i++) fn();
          };
      bench.add(name, batch);
      results.push({ operation, name, kind, task: () => bench.getTask(name) });
    }
    process.stderr.write(`bench: timing ${tasks.length} ways to ${operation}, ${TIME_MS} ms each...\n`);
    await bench.run();
  }

  for (const row of results) {
    const { result } = row.task();
    const perOpMs = result.period / BATCH;
    row.opsPerSecond = 1000 / perOpMs;
    row.meanMicros = perOpMs * 1000;
    row.rme = result.latency.rme;
  }

  const fastestPeer = {};
  for (const row of results) {
    if (row.kind !== 'peer') continue;
    const best = fastestPeer[row.operation];
    if (!best || row.opsPerSecond > best.opsPerSecond) fastestPeer[row.operation] = row;
  }

  const fmt = (n, digits = 0) =>
    n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  const lines = [
    '| operation | implementation | ops/s | mean | ± | vs fastest peer |',
    '|---|---|---:|---:|---:|---:|',
  ];
  for (const [operation] of groups) {
    const rows = results
      .filter((row) => row.operation === operation)
      .sort((a, b) => b.opsPerSecond - a.opsPerSecond);
    const best = fastestPeer[operation];
    for (const row of rows) {
      const name = row.kind === 'ours' ? `**${row.name}**` : row.name;
      const ratio = best ? `${fmt(row.opsPerSecond / best.opsPerSecond, 2)}x` : '';
      lines.push(
        `| ${operation} | ${name} | ${fmt(row.opsPerSecond)} | ${fmt(row.meanMicros, 2)} µs | ${fmt(row.rme, 1)}% | ${ratio} |`,
      );
    }
  }

  console.log(
    `chat-autologin Node benchmark: Node ${process.version}, ${os.cpus()[0]?.model ?? os.arch()}, ` +
      `${os.cpus().length} CPUs; ${BATCH} calls a sample, ${TIME_MS} ms a task; ` +
      `@node-rs/jsonwebtoken ${nodeRs ? 'included' : `left out (${nodeRsMissing})`}`,
  );
  console.log('');
  console.log(lines.join('\n'));
  console.log('');
  let met = true;
  for (const [name, operation] of [
    ['chat-autologin Issuer.mint', 'mint'],
    ['chat-autologin Verifier.verify', 'verify'],
  ]) {
    const row = results.find((r) => r.name === name);
    const best = fastestPeer[operation];
    const ratio = row.opsPerSecond / best.opsPerSecond;
    const ok = ratio >= TARGET;
    met &&= ok;
    console.log(
      `target: ${name.replace('chat-autologin ', '')} ≥ ${TARGET}x the fastest peer (${best.name}): ` +
        `${fmt(ratio, 2)}x, ${ok ? 'met' : 'NOT met'}`,
    );
  }
  console.log(`target ${met ? 'met' : 'not met'}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
