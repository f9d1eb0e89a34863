'use strict';

// Every case of tests/vectors/endpoint.json through the Fastify plugin, in a
// real Fastify app on a loopback port, called over real HTTP.
// test/endpoint-vectors-fastify4.test.js runs this file again with Fastify 4.

const assert = require('node:assert/strict');
const http = require('node:http');
const { describe, test } = require('node:test');

const Fastify = require('fastify');
const { chatAutologin } = require('chat-autologin/fastify');
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

function app() {
  return Fastify({
    serverFactory: (handler) => http.createServer({ maxHeaderSize: MAX_HEADER_SIZE }, handler),
  });
}

/** Starts `fastify` on a free loopback port, runs `use(port)`, and closes it. */
async function serving(fastify, use) {
  await fastify.listen({ port: 0, host: '127.0.0.1' });
  try {
    return await use(fastify.server.address().port);
  } finally {
    await fastify.close();
  }
}

describe('endpoint vectors through Fastify: settings', () => {
  assert.equal(VECTORS.settings_cases.length, VECTORS.counts.settings);
  for (const testCase of VECTORS.settings_cases) {
    test(testCase.id, async () => {
      const fastify = app();
      fastify.register(chatAutologin, options(testCase.settings, { getUser: () => null }));
      let error;
      try {
        await fastify.ready();
      } catch (caught) {
        error = caught;
      } finally {
        await fastify.close().catch(() => {});
      }
      checkSettingsError(testCase, error);
    });
  }
});

describe('endpoint vectors through Fastify: requests', () => {
  assert.equal(VECTORS.request_cases.length, VECTORS.counts.requests);
  for (const testCase of VECTORS.request_cases) {
    test(testCase.id, async () => {
      const getUser = lookup(testCase.user);
      const warnings = [];
      const fastify = app();
      fastify.register(
        chatAutologin,
        options(testCase.settings, { getUser, logger: { warn: (m) => warnings.push(m) } }),
      );
      const answer = await serving(fastify, (port) => request(port, testCase.request));
      checkAnswer(testCase, answer, getUser, warnings);
    });
  }
});

describe('endpoint vectors through Fastify: script tags', () => {
  assert.equal(VECTORS.script_tag_cases.length, VECTORS.counts.script_tags);
  for (const testCase of VECTORS.script_tag_cases) {
    test(testCase.id, async () => {
      const user = testCase.signed_in ? SIGNED_IN : null;
      const fastify = app();
      fastify.register(chatAutologin, options(testCase.settings, { getUser: () => user }));
      fastify.get('/page', (_request, reply) =>
        reply.send(tagOrError(() => reply.chatAutologinScript(scriptOptions(testCase)))),
      );
      const answer = await serving(fastify, (port) =>
        request(port, { method: 'GET', path: '/page', headers: {} }),
      );
      checkTag(testCase, JSON.parse(answer.body.toString()));
    });
  }
});
