'use strict';

// The endpoint vectors again, with Express 4 (the devDependency
// `express-4`, an alias of express@4): `require('express')`, in the tests and
// in express.js, resolves to it in this process.

const Module = require('node:module');

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const renamed =
    request === 'express' || request.startsWith('express/') ? `express-4${request.slice(7)}` : request;
  return resolve.call(this, renamed, ...rest);
};

require('./endpoint-vectors.test.js');
