'use strict';

// The site side, framework-neutral: what every Node integration (Express, …)
// shares. The core decides every rule (the settings, the token endpoint's
// checks and answers, the companion's caching, the script tag); this file only
// turns JavaScript values into the core's tagged settings, runs the site's
// user lookup between the core's two steps, and hands back plain answers:
// `{ status, headers: [[name, value], …], body: Buffer, text, warning }`.

const { isUint8Array } = require('node:util').types;
const native = require('./native.js');
const { ChatAutologinError } = require('./index.js');
const { ownOptions: ownProperties } = require('./options.js');

const [DEFAULT_PATH, TOKEN_PATH, CLIENT_JS_PATH] = native.webPaths();
const SCRIPT_VERSION = native.webScriptVersion();

// How many distinct requests a site's first checks are remembered for.
const FIRST_CHECKS_KEPT = 64;

// The settings of a site, in the core's order: secret, secrets, ttl, allowed
// email domains, path prefix.
const SETTINGS = ['secret', 'secrets', 'ttl', 'allowedEmailDomains', 'path'];

// A lone UTF-16 surrogate is not text: the addon would silently replace it.
const isWellFormed =
  typeof String.prototype.isWellFormed === 'function'
    ? (text) => text.isWellFormed()
    : (text) => !/\p{Cs}/u.test(text);

/**
 * The own properties of an options object, in a null-prototype object: a
 * property inherited from Object.prototype (a polluted prototype) is never read.
 * An unknown key is a TypeError that never quotes a long key (it may be a secret).
 */
function ownOptions(value, allowed, what) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new TypeError(`${what} takes an options object, not ${describe(value)}`);
  }
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      throw new TypeError(
        `${what}: unknown option ${native.webQuoted(key)}; the options are ${allowed.join(', ')}`,
      );
    }
  }
  return ownProperties(value, allowed);
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

// A user's name or displayName: the string when it is not blank, else undefined.
function displayNameOf(value, key) {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    throw new TypeError(`getUser returned a user whose ${key} is ${describe(value)}; it must be a string`);
  }
  return value.trim() === '' ? undefined : value;
}

// The core answers with a handful of header sets, numbered by the addon: each
// set's [name, value] pairs are asked for once and kept here by number. The
// pairs are shared: adapters only read them.
const HEADER_SETS = [];

function headerPairs(index) {
  let pairs = HEADER_SETS[index];
  if (pairs === undefined) {
    const lines = native.webHeaderSet(index);
    const list = [];
    for (let i = 0; i < lines.length; i += 2) list.push(Object.freeze([lines[i], lines[i + 1]]));
    pairs = Object.freeze(list);
    HEADER_SETS[index] = pairs;
  }
  return pairs;
}

/**
 * An answer: `status`, `headers` ([name, value] pairs), `text` (the body as a
 * string: JSON or JavaScript, always UTF-8), `body` (the same as a Buffer,
 * made when asked) and `warning` (a line for the log, or null). Adapters send
 * `text`: Node writes the headers and a string body in one system call, a
 * Buffer body in a second one.
 */
class Answer {
  constructor(status, headers, text, warning) {
    this.status = status;
    this.headers = headers;
    this.text = text;
    this.warning = warning;
  }

  get body() {
    return Buffer.from(this.text);
  }
}

// The addon's answer is one string (one value costs less than an object of
// them): ten digits, the status in three, the number of its header set in two
// and the length of the warning in five, then the warning (none: length 0),
// then the body. Read by position: no search through the token.
function plain(answer) {
  const warningLength = digits(answer, 5, 10);
  const bodyStart = 10 + warningLength;
  return new Answer(
    digits(answer, 0, 3),
    headerPairs(digits(answer, 3, 5)),
    answer.slice(bodyStart),
    warningLength === 0 ? null : answer.slice(10, bodyStart),
  );
}

// The number written in text[start, end): cheaper than Number() of a slice.
function digits(text, start, end) {
  let value = 0;
  for (let i = start; i < end; i += 1) value = value * 10 + text.charCodeAt(i) - 48;
  return value;
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

  // The core's first checks depend on nothing but the method, Sec-Fetch-Site
  // and the query, and a site's settings never change: what the core said of
  // a request seen before is taken from here instead of crossing into the
  // addon again. Maps within maps, so that no key is built for each request.
  // A site sees a handful of distinct requests; the table is emptied when
  // full, so that odd requests cannot make it grow.
  let seen = new Map();
  let seenCount = 0;
  // The last request's, looked at first: most requests are alike.
  let last = { method: undefined, query: undefined, secFetchSite: undefined, step: undefined };
  function firstChecks(method, query, secFetchSite) {
    if (method === last.method && query === last.query && secFetchSite === last.secFetchSite) {
      return last.step;
    }
    const step = lookUpFirstChecks(method, query, secFetchSite);
    last = { method, query, secFetchSite, step };
    return step;
  }
  function lookUpFirstChecks(method, query, secFetchSite) {
    let bySite = seen.get(method);
    let byQuery = bySite === undefined ? undefined : bySite.get(secFetchSite);
    let step = byQuery === undefined ? undefined : byQuery.get(query);
    if (step !== undefined) return step;
    step = native.webTokenRequest(handle, method, query, secFetchSite);
    if (typeof step !== 'number') step = Object.freeze(plain(step));
    if (seenCount >= FIRST_CHECKS_KEPT) {
      seen = new Map();
      seenCount = 0;
      bySite = undefined;
      byQuery = undefined;
    }
    if (bySite === undefined) seen.set(method, (bySite = new Map()));
    if (byQuery === undefined) bySite.set(secFetchSite, (byQuery = new Map()));
    byQuery.set(query, step);
    seenCount += 1;
    return step;
  }

  // The second step: the answer for the visitor the lookup found, checked for
  // type. The addon refuses a string that is not well-formed.
  const tokenAnswer = native.webTokenAnswerer(handle);
  function answerFor(pending, user) {
    if (user === null || user === undefined || user === false) return plain(tokenAnswer(pending));
    if (typeof user !== 'object') {
      throw new TypeError(`getUser returned ${describe(user)}; it must return { email, name } or null`);
    }
    const email = user.email;
    if (typeof email !== 'string') {
      throw new TypeError(`getUser returned a user whose email is ${describe(email)}; it must be a string`);
    }
    // Read once each, by name: a loop over the two keys costs a slow keyed
    // load on every request.
    const name = displayNameOf(user.name, 'name');
    const displayName = displayNameOf(user.displayName, 'displayName');
    return plain(tokenAnswer(pending, email, name ?? displayName));
  }

  return {
    prefix,
    tokenPath: `${prefix}${TOKEN_PATH}`,
    clientJsPath: `${prefix}${CLIENT_JS_PATH}`,
    desks: native.webSiteDesks(handle),
    ttl: native.webSiteTtl(handle),

    /**
     * The token endpoint's answer. `getUser(request)` returns the signed-in
     * user ({ email, name }) or null, or a promise of it; it runs only when
     * the core's first checks pass, and its errors are not caught. Returns an
     * answer, or a promise of one when the lookup returned a promise.
     */
    token(method, query, secFetchSite, getUser, request) {
      const step = firstChecks(method, query, secFetchSite);
      if (typeof step !== 'number') return step;
      const user = getUser(request);
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

// Helpers shared by the adapters (Fastify, fetch): option checks that are about
// JavaScript types, not rules of the site side.

/** The `getUser` option, checked to be a function; `of` names its argument. */
function userLookup(options, what, of) {
  const getUser = options.getUser;
  if (typeof getUser !== 'function') {
    throw new TypeError(
      `${what}: getUser must be a function of the ${of} that returns the signed-in ` +
        `visitor's { email, name } (or a promise of it), or null; not ${describe(getUser)}`,
    );
  }
  return getUser;
}

/**
 * The `logger` option: `fallback` when absent or undefined, null for
 * silence, else an object with a warn(message) method.
 */
function warnLogger(options, what, fallback) {
  const value = options.logger;
  if (value === undefined) return fallback;
  if (value === null || value === false) return null;
  if (typeof value !== 'object' || typeof value.warn !== 'function') {
    throw new TypeError(
      `${what}: logger must have a warn(message) method (console, pino, winston...), or be null, not ${describe(value)}`,
    );
  }
  return value;
}

/** The raw query string of a request target or URL: what follows its first `?`, without a fragment. */
function rawQuery(url) {
  const at = url.indexOf('?');
  if (at === -1) return '';
  const hash = url.indexOf('#', at);
  return hash === -1 ? url.slice(at + 1) : url.slice(at + 1, hash);
}

/**
 * The Sec-Fetch-Site header of a Node request, as its `headers` object would
 * give it (repeats joined by ", "), read from `rawHeaders`: reading `headers`
 * makes Node build that whole object, which the token endpoint does not need.
 */
function secFetchSite(rawHeaders) {
  let value;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i];
    if (
      name.length === 14 &&
      (name === 'Sec-Fetch-Site' || name === 'sec-fetch-site' || name.toLowerCase() === 'sec-fetch-site')
    ) {
      value = value === undefined ? rawHeaders[i + 1] : `${value}, ${rawHeaders[i + 1]}`;
    }
  }
  return value;
}

/**
 * Whether a lookup's answer says, at once, that nobody is signed in: a
 * promise cannot be read synchronously and counts as signed in (pass
 * `signedIn` to the tag helper instead).
 */
function isAnonymous(user) {
  return user === null || user === undefined || user === false;
}

/**
 * Whether a tag helper's page is anonymous: `signedIn` from its options when
 * given (a boolean), else what `lookUp()` returns at once.
 */
function anonymousPage(scriptOptions, what, lookUp) {
  const signedIn =
    scriptOptions !== null &&
    typeof scriptOptions === 'object' &&
    Object.prototype.hasOwnProperty.call(scriptOptions, 'signedIn')
      ? scriptOptions.signedIn
      : undefined;
  if (signedIn === undefined) return isAnonymous(lookUp());
  if (typeof signedIn !== 'boolean') {
    throw new TypeError(`${what}: signedIn must be a boolean, not ${describe(signedIn)}`);
  }
  return !signedIn;
}

module.exports = {
  createSite,
  ownOptions,
  describe,
  userLookup,
  warnLogger,
  rawQuery,
  secFetchSite,
  isAnonymous,
  anonymousPage,
  DEFAULT_PATH,
  TOKEN_PATH,
  CLIENT_JS_PATH,
  SCRIPT_VERSION,
  SETTINGS,
};
