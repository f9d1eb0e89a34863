'use strict';

// The endpoint vectors again, with Fastify 4 (the devDependency `fastify-4`,
// an alias of fastify@4): `require('fastify')`, in the tests and in the
// plugin, resolves to it in this process.

const Module = require('node:module');

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const renamed =
    request === 'fastify' || request.startsWith('fastify/') ? `fastify-4${request.slice(7)}` : request;
  return resolve.call(this, renamed, ...rest);
};

require('./endpoint-vectors-fastify.test.js');
