'use strict';

// The site side, framework-neutral: what every Node integration (Express, …)
// shares. The core decides every rule (the settings, the token endpoint's
// checks and answers, the companion's caching, the script tag); this file only
// turns JavaScript values into the core's tagged settings, runs the site's
// user lookup between the core's two steps, and hands back plain answers:
// `{ status, headers: [[name, value], …], body: Buffer, warning }`.

const { isUint8Array } = require('node:util').types;
const native = require('./native.js');
const { ChatAutologinError } = require('./index.js');

const [DEFAULT_PATH, TOKEN_PATH, CLIENT_JS_PATH] = native.webPaths();
const SCRIPT_VERSION = native.webScriptVersion();

// The settings of a site, in the core's order: secret, secrets, ttl, allowed
// email domains, path prefix.
const SETTINGS = ['secret', 'secrets', 'ttl', 'allowedEmailDomains', 'path'];

// A lone UTF-16 surrogate is not text: the addon would silently replace it.
const isWellFormed =
  typeof String.prototype.isWellFormed === 'function'
    ? (text) => text.isWellFormed()
    : (text) => !/\p{Cs}/u.test(text);

const hasOwn = (object, key) => Object.prototype.hasOwnProperty.call(object, key);

/**
 * The own properties of an options object, in a null-prototype object: a
 * property inherited from Object.prototype (a polluted prototype) is never read.
 * An unknown key is a TypeError that never quotes a long key (it may be a secret).
 */
function ownOptions(value, allowed, what) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new TypeError(`${what} takes an options object, not ${describe(value)}`);
  }
  const options = Object.create(null);
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      throw new TypeError(
        `${what}: unknown option ${native.webQuoted(key)}; the options are ${allowed.join(', ')}`,
      );
    }
    options[key] = value[key];
  }
  return options;
}

// What a value is, for a TypeError: its type, never its content.
function describe(value) {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'an array';
  const type = typeof value;
  return type === 'object' ? 'an object' : `a ${type}`;
}

// How deep a setting's arrays and objects are followed: no setting nests more
// than twice, and an array that holds itself must not recurse for ever.
const MAX_DEPTH = 4;

// A JavaScript value as the core's tagged setting.
function tagged(value, depth = 0) {
  if (value === undefined || value === null) return { t: 'unset' };
  switch (typeof value) {
    case 'string':
      return isWellFormed(value) ? { t: 'text', s: value } : { t: 'nottext' };
    case 'number':
      return { t: 'number', n: value };
    case 'boolean':
      return { t: 'bool', n: value ? 1 : 0 };
    case 'object':
      break;
    default:
      return { t: 'other', s: typeof value };
  }
  if (isUint8Array(value)) return { t: 'bytes', b: Buffer.from(value) };
  if (depth >= MAX_DEPTH) return { t: 'other', s: 'a value nested too deep' };
  const inner = (item) => tagged(item, depth + 1);
  if (Array.isArray(value) || value instanceof Set) return { t: 'list', items: [...value].map(inner) };
  if (value instanceof Map) return { t: 'map', items: [...value].flatMap(([k, v]) => [inner(k), inner(v)]) };
  const prototype = Object.getPrototypeOf(value);
  if (prototype === Object.prototype || prototype === null) {
    return { t: 'map', items: Object.keys(value).flatMap((key) => [inner(key), inner(value[key])]) };
  }
  return { t: 'other', s: (value.constructor && value.constructor.name) || 'object' };
}

function coded(error, callee) {
  if (
    error !== null &&
    typeof error === 'object' &&
    typeof error.code === 'string' &&
    !(error instanceof TypeError)
  ) {
    const translated = new ChatAutologinError(error.message, error.code);
    Error.captureStackTrace(translated, callee);
    return translated;
  }
  return error;
}

// The visitor as a user lookup returned them, checked for type: null for
// nobody, else [email, emailIsText, name, nameIsText].
function identity(user) {
  if (user === null || user === undefined || user === false) return null;
  if (typeof user !== 'object') {
    throw new TypeError(`getUser returned ${describe(user)}; it must return { email, name } or null`);
  }
  const email = user.email;
  if (typeof email !== 'string') {
    throw new TypeError(`getUser returned a user whose email is ${describe(email)}; it must be a string`);
  }
  let name;
  for (const key of ['name', 'displayName']) {
    const value = user[key];
    if (value !== undefined && value !== null && typeof value !== 'string') {
      throw new TypeError(`getUser returned a user whose ${key} is ${describe(value)}; it must be a string`);
    }
    if (name === undefined && typeof value === 'string' && value.trim() !== '') name = value;
  }
  return [email, isWellFormed(email), name, name === undefined || isWellFormed(name)];
}

function plain(answer) {
  const headers = [];
  for (let i = 0; i < answer.headers.length; i += 2) headers.push([answer.headers[i], answer.headers[i + 1]]);
  return { status: answer.status, headers, body: answer.body, warning: answer.warning || null };
}

/**
 * A site: its settings judged once by the core. `settings` holds secret or
 * secrets, ttl, allowedEmailDomains and path (as given; the core judges them);
 * `names` spells them for the messages.
 */
function createSite(settings, names = SETTINGS) {
  let handle;
  try {
    handle = native.webSiteNew(...SETTINGS.map((key) => tagged(settings[key])), names);
  } catch (error) {
    throw coded(error, createSite);
  }
  const prefix = native.webSitePrefix(handle);

  // The second step: the answer for the visitor the lookup found.
  function answerFor(pending, user) {
    const who = identity(user);
    const answer =
      who === null
        ? native.webTokenAnswer(handle, pending, undefined, true, undefined, true)
        : native.webTokenAnswer(handle, pending, who[0], who[1], who[2], who[3]);
    return plain(answer);
  }

  return {
    prefix,
    tokenPath: `${prefix}${TOKEN_PATH}`,
    clientJsPath: `${prefix}${CLIENT_JS_PATH}`,
    desks: native.webSiteDesks(handle),
    ttl: native.webSiteTtl(handle),

    /**
     * The token endpoint's answer. `lookUp()` returns the signed-in user
     * ({ email, name }) or null, or a promise of it; it runs only when the
     * core's first checks pass, and its errors are not caught. Returns an
     * answer, or a promise of one when the lookup returned a promise.
     */
    token(method, query, secFetchSite, lookUp) {
      const step = native.webTokenRequest(handle, method, query, secFetchSite);
      if (typeof step !== 'number') return plain(step);
      const user = lookUp();
      if (user !== null && typeof user === 'object' && typeof user.then === 'function') {
        return Promise.resolve(user).then((resolved) => answerFor(step, resolved));
      }
      return answerFor(step, user);
    },

    /** The answer of `<prefix>/client.js`. */
    clientJs(method, ifNoneMatch) {
      return plain(native.webClientJs(method, ifNoneMatch === undefined ? undefined : String(ifNoneMatch)));
    },

    /** The companion's <script> tag, its URL being `src`. */
    scriptTag(src, options, anonymous) {
      const opts =
        options === undefined || options === null
          ? Object.create(null)
          : ownOptions(options, SCRIPT_OPTIONS, 'chatAutologinScript');
      const { desk, show, nonce, retryFor } = opts;
      for (const [key, value, type] of [
        ['desk', desk, 'string'],
        ['nonce', nonce, 'string'],
        ['show', show, 'boolean'],
      ]) {
        if (value !== undefined && value !== null && typeof value !== type) {
          throw new TypeError(`chatAutologinScript: ${key} must be a ${type}, not ${describe(value)}`);
        }
      }
      if (
        retryFor !== undefined &&
        retryFor !== null &&
        typeof retryFor !== 'number' &&
        typeof retryFor !== 'boolean'
      ) {
        throw new TypeError(
          `chatAutologinScript: retryFor must be a number of seconds, not ${describe(retryFor)}`,
        );
      }
      try {
        return native.webScriptTag(
          handle,
          src,
          desk ?? undefined,
          show === true,
          retryFor ?? undefined,
          nonce ?? undefined,
          anonymous === true,
        );
      } catch (error) {
        throw coded(error, this.scriptTag);
      }
    },
  };
}

const SCRIPT_OPTIONS = ['desk', 'show', 'nonce', 'retryFor', 'signedIn'];

module.exports = {
  createSite,
  ownOptions,
  describe,
  DEFAULT_PATH,
  TOKEN_PATH,
  CLIENT_JS_PATH,
  SCRIPT_VERSION,
  SETTINGS,
};
