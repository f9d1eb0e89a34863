'use strict';

// The Node integrations read Sec-Fetch-Site from a request's raw headers
// (reading `headers` makes Node build the whole object). What they read must be
// what Node's own `headers` gives, repeats and letter case included; checked
// against real requests parsed by Node's HTTP server.

const assert = require('node:assert/strict');
const http = require('node:http');
const net = require('node:net');
const { test } = require('node:test');

const Fastify = require('fastify');
const express = require('express');
const { secFetchSite, createSite } = require('../web.js');
const { chatAutologin: fastifyPlugin } = require('chat-autologin/fastify');
const { chatAutologin: expressMiddleware } = require('chat-autologin/express');
const { SECRET } = require('./helpers.js');

const ADA = { email: 'ada@example.com', name: 'Ada Lovelace' };

// The head lines of a GET, sent as they are (repeats and case kept).
function rawGet(port, path, lines) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.end(
        `GET ${path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n${lines.join('\r\n')}\r\n\r\n`,
      );
    });
    let data = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk) => (data += chunk));
    socket.on('end', () => resolve(data));
    socket.on('error', reject);
  });
}

const VARIANTS = [
  [],
  ['Sec-Fetch-Site: same-origin'],
  ['sec-fetch-site: cross-site'],
  ['SEC-FETCH-SITE: none'],
  ['Sec-Fetch-Site: same-origin', 'sec-fetch-site: cross-site'],
  ['Sec-Fetch-Site: same-site', 'X-Other: 1', 'Sec-Fetch-Site: same-site', 'Sec-Fetch-Site: none'],
  ['Sec-Fetch-Site:'],
  ['Sec-Fetch-Mode: cors', 'Sec-Fetch-Dest: empty'],
];

test("Sec-Fetch-Site read from the raw headers is what Node's headers object holds", async () => {
  const seen = [];
  const server = http.createServer((req, res) => {
    seen.push([secFetchSite(req.rawHeaders), req.headers['sec-fetch-site']]);
    res.end();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    for (const lines of VARIANTS) await rawGet(server.address().port, '/', lines);
  } finally {
    server.close();
  }
  assert.equal(seen.length, VARIANTS.length);
  for (const [index, [ours, node]] of seen.entries()) {
    assert.equal(ours, node, `variant ${index}: ${JSON.stringify(VARIANTS[index])}`);
  }
});

// The status the core gives for the value Node's headers object holds.
function expectedStatus(value) {
  const site = createSite({ secret: SECRET });
  return site.token('GET', '', value, () => ADA).status;
}

async function statusesThrough(port) {
  const statuses = [];
  for (const lines of VARIANTS) {
    const reply = await rawGet(port, '/chat-autologin/token', lines);
    statuses.push(Number(/^HTTP\/1\.1 (\d{3})/.exec(reply)[1]));
  }
  return statuses;
}

test('repeated Sec-Fetch-Site headers get the same answer through Fastify and Express as Node reads them', async () => {
  const expected = [];
  const server = http.createServer((req, res) => {
    expected.push(expectedStatus(req.headers['sec-fetch-site']));
    res.end();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    for (const lines of VARIANTS) await rawGet(server.address().port, '/', lines);
  } finally {
    server.close();
  }
  assert.ok(expected.includes(200) && expected.includes(403), `both answers among ${expected}`);

  const fastify = Fastify();
  await fastify.register(fastifyPlugin, { secret: SECRET, getUser: () => ADA });
  await fastify.listen({ port: 0, host: '127.0.0.1' });
  try {
    assert.deepEqual(await statusesThrough(fastify.server.address().port), expected);
  } finally {
    await fastify.close();
  }

  const app = express();
  app.use(expressMiddleware({ secret: SECRET, getUser: () => ADA }));
  const expressServer = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => expressServer.once('listening', resolve));
  try {
    assert.deepEqual(await statusesThrough(expressServer.address().port), expected);
  } finally {
    expressServer.close();
  }
});
