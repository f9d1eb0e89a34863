'use strict';

// Every case of tests/vectors/endpoint.json through the Web-standard handler,
// mounted in a real Hono app served by @hono/node-server on a loopback port,
// called over real HTTP.

const assert = require('node:assert/strict');
const http = require('node:http');
const { describe, test } = require('node:test');

const { Hono } = require('hono');
const { serve } = require('@hono/node-server');
const { createChatAutologin } = require('chat-autologin/fetch');
const {
  VECTORS,
  MAX_HEADER_SIZE,
  SIGNED_IN,
  options,
  lookup,
  request,
  checkSettingsError,
  checkAnswer,
  scriptOptions,
  tagOrError,
  checkTag,
} = require('./endpoint-harness.js');

/** Serves `app` on a free loopback port, runs `use(port)`, and closes it. */
async function serving(app, use) {
  const server = await new Promise((resolve) => {
    const started = serve(
      {
        fetch: app.fetch,
        port: 0,
        hostname: '127.0.0.1',
        createServer: http.createServer,
        serverOptions: { maxHeaderSize: MAX_HEADER_SIZE },
      },
      () => resolve(started),
    );
  });
  try {
    return await use(server.address().port);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

describe('endpoint vectors through the fetch handler: settings', () => {
  assert.equal(VECTORS.settings_cases.length, VECTORS.counts.settings);
  for (const testCase of VECTORS.settings_cases) {
    test(testCase.id, () => {
      let error;
      try {
        createChatAutologin(options(testCase.settings, { getUser: () => null }));
      } catch (caught) {
        error = caught;
      }
      checkSettingsError(testCase, error);
    });
  }
});

describe('endpoint vectors through the fetch handler, under Hono: requests', () => {
  assert.equal(VECTORS.request_cases.length, VECTORS.counts.requests);
  for (const testCase of VECTORS.request_cases) {
    test(testCase.id, async () => {
      const getUser = lookup(testCase.user);
      const warnings = [];
      const chat = createChatAutologin(
        options(testCase.settings, { getUser, logger: { warn: (m) => warnings.push(m) } }),
      );
      // Mounted as the README says: every method under the handler's prefix.
      const app = new Hono();
      app.all(`${chat.prefix}/*`, (c) => chat(c.req.raw));
      const answer = await serving(app, (port) => request(port, testCase.request));
      checkAnswer(testCase, answer, getUser, warnings);
    });
  }
});

describe('endpoint vectors through the fetch handler, under Hono: script tags', () => {
  assert.equal(VECTORS.script_tag_cases.length, VECTORS.counts.script_tags);
  for (const testCase of VECTORS.script_tag_cases) {
    test(testCase.id, async () => {
      const user = testCase.signed_in ? SIGNED_IN : null;
      const chat = createChatAutologin(options(testCase.settings, { getUser: () => user }));
      const app = new Hono();
      app.get('/page', (c) => c.json(tagOrError(() => chat.scriptTag(c.req.raw, scriptOptions(testCase)))));
      const answer = await serving(app, (port) =>
        request(port, { method: 'GET', path: '/page', headers: {} }),
      );
      checkTag(testCase, JSON.parse(answer.body.toString()));
    });
  }
});
