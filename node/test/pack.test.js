'use strict';

// `npm pack` makes a tarball that installs and works in another folder: the
// addon, the loader and the types are in it, the tests and sources are not.

const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const { mkdtempSync, rmSync, symlinkSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { after, before, test } = require('node:test');

const PACKAGE = join(__dirname, '..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

let work;
let packed;
let consumer;

function run(command, args, cwd) {
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

before(() => {
  work = mkdtempSync(join(tmpdir(), 'chat-autologin-pack-'));
  [packed] = JSON.parse(run(NPM, ['pack', '--json', '--pack-destination', work], PACKAGE));
  consumer = join(work, 'consumer');
  run('mkdir', ['-p', consumer]);
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
  run(NPM, ['install', '--offline', '--no-audit', '--no-fund', join(work, packed.filename)], consumer);
});

after(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

test('the tarball holds the package and nothing else', () => {
  const files = packed.files.map((file) => file.path).sort();
  assert.deepEqual(files, [
    'README.md',
    'chat-autologin.linux-x64-gnu.node',
    'express.d.ts',
    'express.js',
    'fastify.d.ts',
    'fastify.js',
    'fetch.d.ts',
    'fetch.js',
    'index.d.ts',
    'index.js',
    'native.js',
    'options.js',
    'package.json',
    'web.js',
  ]);
  assert.equal(packed.name, 'chat-autologin');
});

test('the installed package mints and verifies, from CommonJS and from an ES module', () => {
  const script = `
    const { Issuer, Verifier, mintChatToken, ChatAutologinError } = require('chat-autologin');
    const secret = 'x'.repeat(76);
    const token = new Issuer(secret).mint('ada@example.com', 'Ada', { now: 1764115200 });
    const claims = new Verifier(secret).verify(token, { now: 1764115200 });
    let code;
    try { mintChatToken('bad', 'Ada', 300, secret); } catch (e) { code = e instanceof ChatAutologinError && e.code; }
    import('chat-autologin').then((esm) => {
      console.log(JSON.stringify({ claims, code, esm: typeof esm.Verifier, path: require.resolve('chat-autologin') }));
    });
  `;
  const out = JSON.parse(run(process.execPath, ['-e', script], consumer));
  assert.deepEqual(out.claims, {
    email: 'ada@example.com',
    displayName: 'Ada',
    iat: 1764115200,
    exp: 1764115500,
  });
  assert.equal(out.code, 'invalid_email');
  assert.equal(out.esm, 'function');
  assert.ok(out.path.startsWith(join(consumer, 'node_modules', 'chat-autologin')), out.path);
});

test('the installed express integration needs Express, and says so', () => {
  const script = `
    const { chatAutologin } = require('chat-autologin/express');
    try {
      chatAutologin({ secret: 'x'.repeat(76), getUser: () => null });
    } catch (error) {
      console.log(JSON.stringify({ code: error.code, message: error.message }));
    }
  `;
  const out = JSON.parse(run(process.execPath, ['-e', script], consumer));
  assert.equal(out.code, 'ERR_CHAT_AUTOLOGIN_NO_EXPRESS');
  assert.match(out.message, /npm install express/);
});

test('the installed express integration serves tokens and the companion in an Express app', () => {
  // The app's own Express: here the one this package is tested with.
  symlinkSync(join(PACKAGE, 'node_modules', 'express'), join(consumer, 'node_modules', 'express'), 'dir');
  const script = `
    const express = require('express');
    const { Verifier, companionScript } = require('chat-autologin');
    const secret = 'x'.repeat(76);
    import('chat-autologin/express').then(({ chatAutologin }) => {
      const app = express();
      app.use(chatAutologin({ secret, getUser: () => ({ email: 'ada@example.com', name: 'Ada' }) }));
      const server = app.listen(0, '127.0.0.1', async () => {
        const base = 'http://127.0.0.1:' + server.address().port + '/chat-autologin/';
        const answer = await (await fetch(base + 'token')).json();
        const script = await (await fetch(base + 'client.js')).text();
        server.close();
        console.log(JSON.stringify({
          email: new Verifier(secret).verify(answer.token).email,
          expiresAt: answer.expiresAt === new Verifier(secret).verify(answer.token).exp,
          script: script === companionScript,
          express: require.resolve('chat-autologin/express'),
        }));
      });
    });
  `;
  const out = JSON.parse(run(process.execPath, ['-e', script], consumer));
  assert.deepEqual(
    { ...out, express: undefined },
    { email: 'ada@example.com', expiresAt: true, script: true, express: undefined },
  );
  assert.ok(out.express.startsWith(join(consumer, 'node_modules', 'chat-autologin')), out.express);
});

test('the installed fetch handler and Fastify plugin load from CommonJS and ES modules, and answer', () => {
  symlinkSync(join(PACKAGE, 'node_modules', 'fastify'), join(consumer, 'node_modules', 'fastify'), 'dir');
  const script = `
    const { Verifier } = require('chat-autologin');
    const secret = 'x'.repeat(76);
    const getUser = () => ({ email: 'ada@example.com', name: 'Ada' });
    Promise.all([import('chat-autologin/fetch'), import('chat-autologin/fastify')]).then(async ([fetchEsm, fastifyEsm]) => {
      const { createChatAutologin } = require('chat-autologin/fetch');
      const chat = fetchEsm.createChatAutologin({ secret, getUser });
      const answer = await (await chat(new Request('http://site/chat-autologin/token'))).json();
      const app = require('fastify')();
      app.register(fastifyEsm.default, { secret, getUser });
      const injected = (await app.inject({ url: '/chat-autologin/token' })).json();
      console.log(JSON.stringify({
        same: fetchEsm.createChatAutologin === createChatAutologin && fastifyEsm.default === require('chat-autologin/fastify'),
        fetch: new Verifier(secret).verify(answer.token).email,
        fastify: new Verifier(secret).verify(injected.token).email,
      }));
    });
  `;
  const out = JSON.parse(run(process.execPath, ['-e', script], consumer));
  assert.deepEqual(out, { same: true, fetch: 'ada@example.com', fastify: 'ada@example.com' });
});

test('the installed types check without @types/node', () => {
  writeFileSync(
    join(consumer, 'use.ts'),
    `import { Issuer, Verifier, type ChatClaims } from 'chat-autologin';
const issuer = new Issuer('x'.repeat(76), { ttl: 300 });
const claims: ChatClaims = new Verifier(['x'.repeat(76)], { leeway: 5 }).verify(issuer.mint('a@b', 'A'));
// @ts-expect-error: ttl is a number
new Issuer('x'.repeat(76), { ttl: '300' });
export { claims };
`,
  );
  writeFileSync(
    join(consumer, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        noEmit: true,
        module: 'node16',
        moduleResolution: 'node16',
        types: [],
        lib: ['es2022'],
      },
      files: ['use.ts'],
    }),
  );
  const tsc = join(PACKAGE, 'node_modules', 'typescript', 'bin', 'tsc');
  run(process.execPath, [tsc, '-p', consumer], consumer);
});
