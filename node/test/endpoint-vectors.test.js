'use strict';

// Every case of tests/vectors/endpoint.json through the Express integration, in a
// real Express app on a loopback port, called over real HTTP.
// test/endpoint-vectors-express4.test.js runs this file again with Express 4.

const assert = require('node:assert/strict');
const http = require('node:http');
const { after, before, describe, test } = require('node:test');

const express = require('express');
const { chatAutologin } = require('chat-autologin/express');
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

// One server for the whole file; each case sets the app it runs.
let current = null;
const server = http.createServer({ maxHeaderSize: MAX_HEADER_SIZE }, (req, res) => current(req, res));
let port;

before(async () => {
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = server.address().port;
});
after(() => new Promise((resolve) => server.close(resolve)));

describe('endpoint vectors: settings', () => {
  assert.equal(VECTORS.settings_cases.length, VECTORS.counts.settings);
  for (const testCase of VECTORS.settings_cases) {
    test(testCase.id, () => {
      let error;
      try {
        chatAutologin(options(testCase.settings, { getUser: () => null }));
      } catch (caught) {
        error = caught;
      }
      checkSettingsError(testCase, error);
    });
  }
});

describe('endpoint vectors: requests', () => {
  assert.equal(VECTORS.request_cases.length, VECTORS.counts.requests);
  for (const testCase of VECTORS.request_cases) {
    test(testCase.id, async () => {
      const getUser = lookup(testCase.user);
      const warnings = [];
      const app = express();
      app.use(
        chatAutologin(options(testCase.settings, { getUser, logger: { warn: (m) => warnings.push(m) } })),
      );
      current = app;
      checkAnswer(testCase, await request(port, testCase.request), getUser, warnings);
    });
  }
});

describe('endpoint vectors: script tags', () => {
  assert.equal(VECTORS.script_tag_cases.length, VECTORS.counts.script_tags);
  for (const testCase of VECTORS.script_tag_cases) {
    test(testCase.id, async () => {
      const user = testCase.signed_in ? SIGNED_IN : null;
      const app = express();
      app.use(chatAutologin(options(testCase.settings, { getUser: () => user })));
      app.get('/page', (req, res) => {
        res.json(tagOrError(() => res.locals.chatAutologinScript(scriptOptions(testCase))));
      });
      current = app;
      const answer = await request(port, { method: 'GET', path: '/page', query: '', headers: {} });
      checkTag(testCase, JSON.parse(answer.body.toString()));
    });
  }
});
