'use strict';

// Express integration: the token endpoint, the browser companion and its
// script tag.
//
//   const { chatAutologin } = require('chat-autologin/express');
//   app.use(chatAutologin({ secret: process.env.CHAT_SECRET, getUser: (req) => req.user }));
//
// It answers exactly like the Flask and Django integrations of the Python
// package: the same routes, statuses, JSON bodies and headers. Every token rule
// is the core's: a secret or a lifetime is judged by constructing an Issuer, a
// token comes from Issuer.issue with its exp.

const { createHash } = require('node:crypto');
const { isUint8Array } = require('node:util').types;
const { ChatAutologinError, Issuer, companionScript } = require('./index.js');

/** Where the routes are when `path` is not given. */
const DEFAULT_PATH = '/chat-autologin';

/** The lifetime of a token when `ttl` is not given, in seconds (the core's default). */
const DEFAULT_TTL = 300;

// The token endpoint's answers are never stored by a browser or a proxy.
const TOKEN_CACHE_CONTROL = 'no-store';
const TOKEN_ALLOWED_METHODS = 'GET, HEAD';

// The companion changes only with the package: cached for a day and
// revalidated with its ETag, which the script tag also puts in the URL
// (`?v=`), so that an upgrade reaches browsers at once. The same ETag as the
// Python integrations': the first 16 hex digits of the script's SHA-256.
const SCRIPT_CONTENT_TYPE = 'application/javascript; charset=utf-8';
const SCRIPT_CACHE_CONTROL = 'public, max-age=86400';
const SCRIPT_ETAG = createHash('sha256').update(companionScript, 'utf8').digest('hex').slice(0, 16);
const SCRIPT_BYTES = Buffer.from(companionScript, 'utf8');

const OPTIONS = ['secret', 'secrets', 'ttl', 'getUser', 'allowedEmailDomains', 'path', 'logger'];
const SCRIPT_OPTIONS = ['desk', 'show', 'nonce', 'retryFor'];

// A path made of plain segments, so that no character means something to
// Express's route patterns.
const PATH_PATTERN = /^(?:\/[A-Za-z0-9._~-]+)*$/;

// What a value is, for an error message. A string's text is shown only for
// settings (`quote`), never for what getUser returned: that may be an email.
function describe(value, quote = true) {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'an array';
  const type = typeof value;
  if (type === 'string') return quote ? `the string ${JSON.stringify(value)}` : 'a string';
  if (type === 'number' || type === 'boolean') return `the ${type} ${value}`;
  return type === 'object' ? 'an object' : `a ${type}`;
}

function fail(message, code) {
  const error = new ChatAutologinError(`chatAutologin: ${message}`, code);
  Error.captureStackTrace(error, chatAutologin);
  return error;
}

function readOptions(options) {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(
      `chatAutologin(options) takes an object such as { secret, getUser }, not ${describe(options)}`,
    );
  }
  for (const key of Object.keys(options)) {
    if (!OPTIONS.includes(key)) {
      throw new TypeError(
        `chatAutologin: unknown option ${JSON.stringify(key)}; the options are ${OPTIONS.join(', ')}`,
      );
    }
  }
  return options;
}

// An Issuer for one secret, with a problem reported under the option's name.
// The core judges the secret first, then the lifetime.
function makeIssuer(secret, ttl, name) {
  if (secret === undefined || secret === null) {
    throw fail(
      `${name} is ${describe(secret)}: pass the service desk project's secret key ` +
        '(is its environment variable set?)',
      'invalid_secret',
    );
  }
  if (typeof secret !== 'string' && !isUint8Array(secret)) {
    throw new TypeError(
      `chatAutologin: ${name} must be a string, a Buffer or a Uint8Array, not ${describe(secret)}`,
    );
  }
  try {
    return new Issuer(secret, { ttl });
  } catch (error) {
    if (error instanceof ChatAutologinError) {
      throw fail(`${error.code === 'invalid_ttl' ? 'ttl' : name}: ${error.message}`, error.code);
    }
    if (error instanceof TypeError) throw new TypeError(`chatAutologin: ${error.message}`);
    throw error;
  }
}

// The single issuer, or a Map of service desk name to issuer.
function issuers(options) {
  const { secret, secrets } = options;
  const ttl = options.ttl === undefined || options.ttl === null ? DEFAULT_TTL : options.ttl;
  if (secret !== undefined && secrets !== undefined) {
    throw fail(
      'pass secret (one service desk) or secrets (one secret per service desk), not both',
      'invalid_secret',
    );
  }
  if (secrets === undefined) {
    if (!('secret' in options)) {
      throw fail(
        "no secret: pass { secret } with the service desk project's secret key, or " +
          '{ secrets: { <desk name>: <secret key>, ... } }, one per project',
        'invalid_secret',
      );
    }
    return { single: makeIssuer(secret, ttl, 'secret'), desks: null };
  }
  let entries;
  if (secrets instanceof Map) {
    entries = [...secrets];
  } else if (secrets !== null && typeof secrets === 'object' && !Array.isArray(secrets)) {
    entries = Object.entries(secrets);
  } else if (Array.isArray(secrets)) {
    throw new TypeError(
      'chatAutologin: secrets is one secret per service desk, an object such as ' +
        "{ support: '...', sales: '...' }, not an array (a Verifier takes a list of secrets " +
        'for a rotation; issuing needs only the current one)',
    );
  } else if (secrets === null) {
    throw fail('secrets is null: pass an object of service desk name to secret key', 'invalid_secret');
  } else {
    throw new TypeError(
      `chatAutologin: secrets must be an object of service desk name to secret key, not ${describe(secrets)}`,
    );
  }
  if (entries.length === 0) {
    throw fail('secrets is empty: give at least one service desk and its secret key', 'invalid_secret');
  }
  const desks = new Map();
  for (const [desk, deskSecret] of entries) {
    if (typeof desk !== 'string' || desk === '') {
      throw fail(
        `secrets: the service desk name ${describe(desk)} must be a non-empty string`,
        'invalid_secret',
      );
    }
    desks.set(desk, makeIssuer(deskSecret, ttl, `secrets[${JSON.stringify(desk)}]`));
  }
  return { single: null, desks };
}

// The allowed email domains, lowercase, or null for every domain.
function emailDomains(value) {
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value) && !(value instanceof Set)) {
    throw new TypeError(
      "chatAutologin: allowedEmailDomains must be an array of domains such as ['example.com'], " +
        `not ${describe(value)}`,
    );
  }
  const domains = new Set();
  for (const item of value) {
    const domain = typeof item === 'string' ? item.replace(/^@/, '').toLowerCase() : '';
    if (!domain || domain.includes('@') || /[\s\p{C}\p{Z}]/u.test(domain)) {
      throw fail(
        `allowedEmailDomains: ${describe(item)} is not an email domain such as 'example.com'`,
        'invalid_option',
      );
    }
    domains.add(domain);
  }
  if (domains.size === 0) {
    throw fail(
      'allowedEmailDomains is empty, so no visitor could log in; leave it out (or null) to ' +
        'allow every email domain',
      'invalid_option',
    );
  }
  return domains;
}

function routePath(value) {
  if (value === undefined || value === null) return DEFAULT_PATH;
  if (typeof value !== 'string') {
    throw new TypeError(
      `chatAutologin: path must be a string such as '${DEFAULT_PATH}', not ${describe(value)}`,
    );
  }
  const path = value.replace(/\/+$/, '');
  if (!PATH_PATTERN.test(path)) {
    throw fail(
      `path must start with '/' and hold only letters, digits and - _ . ~ between its slashes ` +
        `(such as '${DEFAULT_PATH}'), not ${JSON.stringify(value)}`,
      'invalid_option',
    );
  }
  return path;
}

function checkLogger(value) {
  if (value === undefined) return console;
  if (value === null || value === false) return null;
  if (typeof value !== 'object' || typeof value.warn !== 'function') {
    throw new TypeError(
      `chatAutologin: logger must have a warn(message) method (console, pino, winston...), or be null, not ${describe(value)}`,
    );
  }
  return value;
}

// As Python's html.escape(value, quote=True).
const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;' };

function escapeHtml(value) {
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

// The first value of `desk` in the query string, or null. Read from the URL
// itself, so that the app's query parser setting does not matter.
function deskOf(req) {
  const url = req.originalUrl || req.url || '';
  const at = url.indexOf('?');
  return at === -1 ? null : new URLSearchParams(url.slice(at + 1)).get('desk');
}

function firstText(...values) {
  for (const value of values) {
    if (typeof value === 'string' && value.trim()) return value;
  }
  return undefined;
}

/**
 * The Express router: `GET <path>/token`, `GET <path>/client.js`, and
 * `res.locals.chatAutologinScript(options?)` for every request that passes
 * through it. See express.d.ts for the options and answers.
 */
function chatAutologin(options) {
  const opts = readOptions(options);
  if (typeof opts.getUser !== 'function') {
    throw new TypeError(
      'chatAutologin: getUser must be a function of the request that returns the signed-in ' +
        `visitor's { email, name } (or a promise of it), or null; not ${describe(opts.getUser)}`,
    );
  }
  const getUser = opts.getUser;
  const { single, desks } = issuers(opts);
  const domains = emailDomains(opts.allowedEmailDomains);
  const path = routePath(opts.path);
  const logger = checkLogger(opts.logger);

  const express = loadExpress();
  const router = express.Router();
  const tokenPath = `${path}/token`;
  const scriptPath = `${path}/client.js`;

  function json(res, status, body) {
    res.status(status).json(body);
  }

  // With the issuer chosen and the visitor known: the rest of the answer.
  function answer(res, issuer, user) {
    if (user === null || user === undefined || user === false) {
      return json(res, 401, { error: 'not_authenticated' });
    }
    if (typeof user !== 'object') {
      throw new TypeError(
        `chatAutologin: getUser returned ${describe(user, false)}; it must return { email, name } or null`,
      );
    }
    const { email } = user;
    if (typeof email !== 'string') {
      throw new TypeError(
        `chatAutologin: getUser returned a user whose email is ${describe(email, false)}; it must be a string`,
      );
    }
    for (const key of ['name', 'displayName']) {
      const value = user[key];
      if (value !== undefined && value !== null && typeof value !== 'string') {
        throw new TypeError(
          `chatAutologin: getUser returned a user whose ${key} is ${describe(value, false)}; it must be a string`,
        );
      }
    }
    const name = firstText(user.name, user.displayName, email);
    if (domains !== null && !domains.has(email.slice(email.lastIndexOf('@') + 1).toLowerCase())) {
      return json(res, 403, { error: 'email_domain_not_allowed' });
    }
    let minted;
    try {
      minted = issuer.issue(email, name === undefined ? email : name);
    } catch (error) {
      if (error instanceof ChatAutologinError) {
        // The core's messages name the rule, never the email or the name.
        if (logger) {
          logger.warn(`chat-autologin: no token for the signed-in user: ${error.code}: ${error.message}`);
        }
        return json(res, 403, { error: error.code });
      }
      throw error;
    }
    return json(res, 200, { token: minted.token, expiresAt: minted.exp });
  }

  router.use(function chatAutologinLocals(req, res, next) {
    const src = `${req.baseUrl || ''}${scriptPath}`;
    res.locals.chatAutologinScript = (scriptOptions) => scriptTag(src, desks, scriptOptions);
    next();
  });

  router.all(tokenPath, function chatAutologinToken(req, res, next) {
    res.set('Cache-Control', TOKEN_CACHE_CONTROL);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.set('Allow', TOKEN_ALLOWED_METHODS);
      return json(res, 405, { error: 'method_not_allowed' });
    }
    let issuer = single;
    if (issuer === null) {
      const desk = deskOf(req);
      if (!desk) return json(res, 400, { error: 'desk_required' });
      issuer = desks.get(desk);
      if (issuer === undefined) return json(res, 404, { error: 'unknown_desk' });
    }
    // Who is signed in comes from the server side only, never from the request's
    // parameters. A throw or a rejection goes to Express's error handling.
    let user;
    try {
      user = getUser(req);
    } catch (error) {
      return next(error);
    }
    if (user !== null && typeof user === 'object' && typeof user.then === 'function') {
      return Promise.resolve(user)
        .then((resolved) => answer(res, issuer, resolved))
        .catch(next);
    }
    try {
      return answer(res, issuer, user);
    } catch (error) {
      return next(error);
    }
  });

  router.get(scriptPath, function chatAutologinClientJs(req, res) {
    res.set({
      'Content-Type': SCRIPT_CONTENT_TYPE,
      'Cache-Control': SCRIPT_CACHE_CONTROL,
      ETag: `"${SCRIPT_ETAG}"`,
    });
    // send() answers 304 when the request's If-None-Match holds the ETag.
    res.send(SCRIPT_BYTES);
  });

  return router;
}

// The companion's <script> tag, every value HTML-escaped.
function scriptTag(src, desks, options) {
  if (options !== undefined && options !== null) {
    if (typeof options !== 'object' || Array.isArray(options)) {
      throw new TypeError(
        `chatAutologinScript(options) takes an object such as { desk, show }, not ${describe(options)}`,
      );
    }
    for (const key of Object.keys(options)) {
      if (!SCRIPT_OPTIONS.includes(key)) {
        throw new TypeError(
          `chatAutologinScript: unknown option ${JSON.stringify(key)}; the options are ${SCRIPT_OPTIONS.join(', ')}`,
        );
      }
    }
  }
  const { desk, show, nonce, retryFor } = options || {};
  if (desk !== undefined && desk !== null && typeof desk !== 'string') {
    throw new TypeError(`chatAutologinScript: desk must be a string, not ${describe(desk)}`);
  }
  if (desks !== null) {
    if (desk === undefined || desk === null) {
      throw new RangeError(
        `chatAutologinScript: several service desks are configured (${[...desks.keys()].join(', ')}): ` +
          'pass { desk } to choose one',
      );
    }
    if (!desks.has(desk)) {
      throw new RangeError(
        `chatAutologinScript: unknown service desk ${JSON.stringify(desk)}: the configured ones are ` +
          [...desks.keys()].join(', '),
      );
    }
  }
  if (show !== undefined && show !== null && typeof show !== 'boolean') {
    throw new TypeError(`chatAutologinScript: show must be a boolean, not ${describe(show)}`);
  }
  if (nonce !== undefined && nonce !== null && typeof nonce !== 'string') {
    throw new TypeError(`chatAutologinScript: nonce must be a string, not ${describe(nonce)}`);
  }
  if (retryFor !== undefined && retryFor !== null) {
    if (typeof retryFor !== 'number') {
      throw new TypeError(
        `chatAutologinScript: retryFor must be a number of seconds, not ${describe(retryFor)}`,
      );
    }
    if (!(retryFor > 0) || !Number.isFinite(retryFor)) {
      throw new RangeError(
        `chatAutologinScript: retryFor must be a positive number of seconds, not ${retryFor}`,
      );
    }
  }
  let tag = `<script src="${escapeHtml(`${src}?v=${SCRIPT_ETAG}`)}" defer`;
  if (desk !== undefined && desk !== null) tag += ` data-desk="${escapeHtml(desk)}"`;
  if (show) tag += ' data-show="true"';
  if (retryFor !== undefined && retryFor !== null) tag += ` data-retry-for="${escapeHtml(String(retryFor))}"`;
  if (nonce !== undefined && nonce !== null) tag += ` nonce="${escapeHtml(nonce)}"`;
  return `${tag}></script>`;
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
module.exports.SCRIPT_ETAG = SCRIPT_ETAG;
