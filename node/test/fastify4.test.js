'use strict';

// test/fastify.test.js again, with Fastify 4 (the devDependency `fastify-4`).

const Module = require('node:module');

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const renamed =
    request === 'fastify' || request.startsWith('fastify/') ? `fastify-4${request.slice(7)}` : request;
  return resolve.call(this, renamed, ...rest);
};

require('./fastify.test.js');
