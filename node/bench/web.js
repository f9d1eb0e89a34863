'use strict';

// What the token endpoint costs a site: for Express and Fastify, a real server
// on 127.0.0.1 with four routes, driven by wrk, side by side in one run:
//
//   ours   GET /chat-autologin/token, the integration, for a signed-in user
//   hello  GET /hello, a JSON "hello" route: the framework's own floor
//   hello-headers  the same with the two headers every token answer carries
//          (Cache-Control: no-store, X-Content-Type-Options: nosniff): shown
//          for scale, what those headers cost in the framework and in Node
//   hand   GET /hand/token, the endpoint a site would write by hand with
//          npm `jsonwebtoken` (the same claims, lifetime and headers), the
//          secret a string as its README shows
//   hand-key  the same with the secret as a KeyObject, which spares
//          jsonwebtoken trying the string as a PEM key on every call: shown
//          for scale (the targets are against `hand`)
//
//   make bench-web-node      (release addon, wrk installed when missing)
//   node bench/web.js        (with wrk on the PATH and an addon you built)
//
// Each server runs in a process of its own (this one only drives wrk). The
// routes take turns, round after round (in reverse order every other round),
// so that whatever else the machine is doing weighs on them alike; each
// route's figure is its median round, and each ratio is the median of the
// ratios of the same round, a few seconds apart, which moves much less than
// the ratio of two medians when the machine's speed drifts.
// Before timing, every route's answer is checked (the tokens verified), so a
// fast wrong answer cannot win.
//
// Two figures per route: the requests per second wrk saw, and the requests
// per CPU-second the server process spent (its user and system time, read
// from /proc, over the requests wrk made). On a machine that other work
// shares, the first moves with the load; the second is what the route costs,
// and the targets are checked on it.
//
// Environment: BENCH_WEB_SECONDS (per route and round, default 2),
// BENCH_WEB_ROUNDS (default 7), BENCH_WEB_CONNECTIONS (default 32),
// BENCH_WEB_FRAMEWORKS (default express,fastify).

const { spawn, spawnSync } = require('node:child_process');
const { readFileSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const SECRET = 'bench-secret-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJKLMNOPQRSTUV';
const USER = { email: 'ada@example.com', name: 'Ada Lovelace' };
const TTL = 300;
const FRAMEWORKS = (process.env.BENCH_WEB_FRAMEWORKS || 'express,fastify').split(',');
const ROUTES = [
  ['ours', '/chat-autologin/token'],
  ['hello', '/hello'],
  ['helloHeaders', '/hello-headers'],
  ['hand', '/hand/token'],
  ['handKey', '/hand-key/token'],
];
const HELLO = { hello: 'world' };
// The headers of every token answer that the hello route does not send.
const TOKEN_HEADERS = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };

const positive = (name, fallback) => (Number(process.env[name]) > 0 ? Number(process.env[name]) : fallback);
const SECONDS = positive('BENCH_WEB_SECONDS', 2);
const ROUNDS = positive('BENCH_WEB_ROUNDS', 7);
const CONNECTIONS = positive('BENCH_WEB_CONNECTIONS', 32);
const TARGET_VS_HELLO = 0.9;

// --- The servers (`node bench/web.js --serve <framework>`) ---

// The same user for every request: what a session lookup returns.
const getUser = () => USER;

// The token endpoint as a site would write it without this package.
function handWritten(jwt, key = SECRET) {
  return () => {
    const user = getUser();
    if (!user) return { status: 401, body: { error: 'not_authenticated' } };
    const now = Math.floor(Date.now() / 1000);
    const token = jwt.sign(
      { email: user.email, displayName: user.name || user.email, iat: now, exp: now + TTL },
      key,
      { algorithm: 'HS256' },
    );
    return { status: 200, body: { token, expiresAt: now + TTL } };
  };
}

// The two hand-written endpoints: [url, handler].
function handRoutes() {
  const jwt = require('jsonwebtoken');
  const { createSecretKey } = require('node:crypto');
  return [
    ['/hand/token', handWritten(jwt)],
    ['/hand-key/token', handWritten(jwt, createSecretKey(Buffer.from(SECRET)))],
  ];
}

function serveExpress(done) {
  const express = require('express');
  const { chatAutologin } = require('chat-autologin/express');
  const app = express();
  app.use(chatAutologin({ secret: SECRET, getUser }));
  app.get('/hello', (_req, res) => res.json(HELLO));
  app.get('/hello-headers', (_req, res) => res.set(TOKEN_HEADERS).json(HELLO));
  for (const [url, hand] of handRoutes()) {
    app.get(url, (_req, res) => {
      const answer = hand();
      res.status(answer.status).set(TOKEN_HEADERS);
      res.json(answer.body);
    });
  }
  const server = app.listen(0, '127.0.0.1', () => done(server.address().port));
}

function serveFastify(done) {
  const fastify = require('fastify')();
  const { chatAutologin } = require('chat-autologin/fastify');
  fastify.register(chatAutologin, { secret: SECRET, getUser });
  fastify.get('/hello', () => HELLO);
  fastify.get('/hello-headers', (_request, reply) => reply.headers(TOKEN_HEADERS).send(HELLO));
  for (const [url, hand] of handRoutes()) {
    fastify.get(url, (_request, reply) => {
      const answer = hand();
      return reply
        .code(answer.status)
        .header('Cache-Control', 'no-store')
        .header('X-Content-Type-Options', 'nosniff')
        .send(answer.body);
    });
  }
  fastify.listen({ port: 0, host: '127.0.0.1' }).then(() => done(fastify.server.address().port));
}

// --- The driver ---

// The CPU time a process has used, in seconds (Linux: /proc/<pid>/stat).
const TICKS_PER_SECOND = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;
function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // utime and stime, fields 14 and 15 of the line: 12 and 13 after the name.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

function startServer(framework) {
  const child = spawn(process.execPath, [__filename, '--serve', framework], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.once('exit', (code) => reject(new Error(`the ${framework} server exited (${code})`)));
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /^port (\d+)\n/.exec(out);
      if (match) resolve({ port: Number(match[1]), pid: child.pid, stop: () => child.kill('SIGTERM') });
    });
  });
}

async function checkRoutes(framework, port) {
  const { Verifier } = require('..');
  const verifier = new Verifier(SECRET);
  for (const [route, url] of ROUTES) {
    const response = await fetch(`http://127.0.0.1:${port}${url}`);
    const body = await response.json();
    const problem = (what) => new Error(`${framework} ${route}: ${what}: ${JSON.stringify(body)}`);
    if (response.status !== 200) throw problem(`status ${response.status}`);
    if (route === 'hello' || route === 'helloHeaders') {
      if (body.hello !== 'world') throw problem('not hello');
      continue;
    }
    if (!/no-store/.test(response.headers.get('cache-control') || '')) throw problem('no Cache-Control');
    const claims = verifier.verify(body.token);
    if (claims.email !== USER.email || claims.displayName !== USER.name || claims.exp !== body.expiresAt) {
      throw problem('wrong claims');
    }
  }
}

/** wrk against one URL: { rps, requests }, or an error with wrk's output. */
function wrk(url, seconds) {
  const run = spawnSync('wrk', ['-t1', `-c${CONNECTIONS}`, `-d${seconds}s`, '--latency', url], {
    encoding: 'utf8',
    timeout: (seconds + 30) * 1000,
  });
  if (run.error) throw new Error(`wrk: ${run.error.message} (install it: apt-get install wrk)`);
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(run.stdout);
  if (run.status !== 0 || !rps) throw new Error(`wrk failed:\n${run.stdout}${run.stderr}`);
  if (/Non-2xx or 3xx responses/.test(run.stdout)) throw new Error(`errors under load:\n${run.stdout}`);
  const requests = /(\d+) requests in/.exec(run.stdout);
  return { rps: Number(rps[1]), requests: Number(requests[1]) };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

const fmt = (value, digits = 0) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

async function main() {
  const results = [];
  for (const framework of FRAMEWORKS) {
    const version = require(`${framework}/package.json`).version;
    const server = await startServer(framework);
    try {
      await checkRoutes(framework, server.port);
      const runs = Object.fromEntries(ROUTES.map(([route]) => [route, { rps: [], perCpu: [] }]));
      process.stderr.write(`bench-web: ${framework} ${version}, warming up...\n`);
      for (const [, url] of ROUTES) wrk(`http://127.0.0.1:${server.port}${url}`, 1);
      for (let round = 1; round <= ROUNDS; round += 1) {
        process.stderr.write(`bench-web: ${framework}, round ${round} of ${ROUNDS}...\n`);
        for (const [route, url] of round % 2 ? ROUTES : [...ROUTES].reverse()) {
          const before = cpuSeconds(server.pid);
          const run = wrk(`http://127.0.0.1:${server.port}${url}`, SECONDS);
          runs[route].rps.push(run.rps);
          runs[route].perCpu.push(run.requests / (cpuSeconds(server.pid) - before));
        }
      }
      const row = { framework: `${framework} ${version}`, ratios: {} };
      for (const [route] of ROUTES) {
        row[route] = { rps: median(runs[route].rps), perCpu: median(runs[route].perCpu) };
      }
      // ours over each other route, round by round.
      for (const key of ['rps', 'perCpu']) {
        for (const [route] of ROUTES) {
          row.ratios[`${key}/${route}`] = median(
            runs.ours[key].map((value, i) => value / runs[route][key][i]),
          );
        }
      }
      results.push(row);
    } finally {
      server.stop();
    }
  }

  console.log('');
  console.log(
    `GET on 127.0.0.1, wrk -t1 -c${CONNECTIONS}, median of ${ROUNDS} rounds of ${SECONDS} s ` +
      `(ratios: median of the rounds' ratios); ` +
      `Node ${process.versions.node}, ${os.cpus().length} CPUs (${os.cpus()[0].model.trim()}), ` +
      `load average ${os.loadavg()[0].toFixed(1)}`,
  );
  console.log('');
  console.log(
    '| framework | figure | ours (token) | hello (JSON) | hello + headers | hand-written (jsonwebtoken) | ' +
      'hand-written, KeyObject | ours / hello | ours / hello + headers | ours / hand-written | ours / KeyObject |',
  );
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  let met = true;
  for (const row of results) {
    for (const [figure, key] of [
      ['requests/s (wrk)', 'rps'],
      ['requests per CPU-second', 'perCpu'],
    ]) {
      const vsHello = row.ratios[`${key}/hello`];
      const vsHelloHeaders = row.ratios[`${key}/helloHeaders`];
      const vsHand = row.ratios[`${key}/hand`];
      const vsHandKey = row.ratios[`${key}/handKey`];
      if (key === 'perCpu') met = met && vsHello >= TARGET_VS_HELLO && vsHand > 1;
      console.log(
        `| ${row.framework} | ${figure} | ${fmt(row.ours[key])} | ${fmt(row.hello[key])} | ` +
          `${fmt(row.helloHeaders[key])} | ${fmt(row.hand[key])} | ${fmt(row.handKey[key])} | ` +
          `${fmt(vsHello * 100, 1)}% | ${fmt(vsHelloHeaders * 100, 1)}% | ` +
          `${fmt(vsHand, 2)}x | ${fmt(vsHandKey, 2)}x |`,
      );
    }
  }
  console.log('');
  console.log(
    `Targets (per CPU-second): ours at least ${TARGET_VS_HELLO * 100}% of hello, and faster than ` +
      `hand-written: ${met ? 'met' : 'NOT met'}.`,
  );
}

if (process.argv[2] === '--serve') {
  const serve = { express: serveExpress, fastify: serveFastify }[process.argv[3]];
  serve((port) => process.stdout.write(`port ${port}\n`));
  process.on('SIGTERM', () => process.exit(0));
} else {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
