'use strict';

// Express integration: the token endpoint, the browser companion and its
// script tag, as an adapter over the framework-neutral site side (web.js),
// where the core decides every answer.
//
//   const { chatAutologin } = require('chat-autologin/express');
//   app.use(chatAutologin({ secret: process.env.CHAT_AUTOLOGIN_SECRET, getUser: (req) => req.user }));

const { createSite, ownOptions, describe, secFetchSite, DEFAULT_PATH, SCRIPT_VERSION } = require('./web.js');

const OPTIONS = ['secret', 'secrets', 'ttl', 'getUser', 'allowedEmailDomains', 'path', 'logger'];

function checkLogger(options) {
  const value = options.logger;
  if (value === undefined) return console;
  if (value === null || value === false) return null;
  if (typeof value !== 'object' || typeof value.warn !== 'function') {
    throw new TypeError(
      `chatAutologin: logger must have a warn(message) method (console, pino, winston...), or be null, not ${describe(value)}`,
    );
  }
  return value;
}

function send(res, answer) {
  res.status(answer.status);
  for (const [name, value] of answer.headers) res.setHeader(name, value);
  res.end(answer.text);
}

/**
 * The Express router: `GET <path>/token`, `GET <path>/client.js`, and
 * `res.locals.chatAutologinScript(options?)` for every request that passes
 * through it. See express.d.ts for the options and README.md for the answers.
 */
function chatAutologin(options) {
  const opts = ownOptions(options, OPTIONS, 'chatAutologin');
  const getUser = opts.getUser;
  if (typeof getUser !== 'function') {
    throw new TypeError(
      'chatAutologin: getUser must be a function of the request that returns the signed-in ' +
        `visitor's { email, name } (or a promise of it), or null; not ${describe(getUser)}`,
    );
  }
  const logger = checkLogger(opts);
  const site = createSite(opts);
  const express = loadExpress();
  const router = express.Router();

  function log(answer) {
    if (answer.warning && logger) logger.warn(answer.warning);
    return answer;
  }

  router.use(function chatAutologinRoutes(req, res, next) {
    const src = `${req.baseUrl || ''}${site.clientJsPath}`;
    res.locals.chatAutologinScript = (scriptOptions) => {
      // Anonymous when the site's lookup says so at render time; a lookup that
      // returns a promise cannot be read here: pass { signedIn } instead.
      let signedIn =
        scriptOptions && Object.prototype.hasOwnProperty.call(scriptOptions, 'signedIn')
          ? scriptOptions.signedIn
          : undefined;
      if (signedIn !== undefined && typeof signedIn !== 'boolean') {
        throw new TypeError(`chatAutologinScript: signedIn must be a boolean, not ${describe(signedIn)}`);
      }
      if (signedIn === undefined) {
        const user = getUser(req);
        signedIn = !(user === null || user === undefined || user === false);
      }
      return site.scriptTag(src, scriptOptions, signedIn === false);
    };
    if (req.path === site.tokenPath) {
      const url = req.originalUrl || req.url || '';
      const at = url.indexOf('?');
      let answer;
      try {
        answer = site.token(
          req.method,
          at === -1 ? '' : url.slice(at + 1),
          secFetchSite(req.rawHeaders),
          getUser,
          req,
        );
      } catch (error) {
        return next(error);
      }
      if (typeof answer.then === 'function') {
        return answer.then((resolved) => send(res, log(resolved)), next);
      }
      return send(res, log(answer));
    }
    if (req.path === site.clientJsPath) {
      return send(res, site.clientJs(req.method, req.get('If-None-Match')));
    }
    return next();
  });

  return router;
}

// Express is a peer dependency: the app's own copy.
function loadExpress() {
  try {
    return require('express');
  } catch (cause) {
    const error = new Error(
      "chat-autologin/express needs Express: install it in your app with 'npm install express'",
    );
    error.code = 'ERR_CHAT_AUTOLOGIN_NO_EXPRESS';
    error.cause = cause;
    throw error;
  }
}

module.exports = chatAutologin;
module.exports.chatAutologin = chatAutologin;
module.exports.DEFAULT_PATH = DEFAULT_PATH;
module.exports.SCRIPT_ETAG = SCRIPT_VERSION;
