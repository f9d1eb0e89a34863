'use strict';

// The public API of chat-autologin for Node.js.
//
// The Rust core decides every rule, limit and message; this file only checks
// JavaScript types (a wrong type is a TypeError), unpacks option objects into
// plain numbers for the native addon, and turns the addon's coded errors into
// ChatAutologinError. Hot paths pass strings and numbers only: every value that
// crosses into the addon costs time.

const { inspect, types } = require('node:util');
const native = require('./native.js');
const { ownOptions, NO_OPTIONS } = require('./options.js');

const { isUint8Array } = types;

/** The contract's error codes, the same strings in every language. */
const CODES = new Set([
  'invalid_email',
  'invalid_display_name',
  'invalid_ttl',
  'invalid_secret',
  'invalid_option',
  'token_too_large',
  'malformed_token',
  'unsupported_algorithm',
  'bad_signature',
  'invalid_claims',
  'token_expired',
  'token_not_yet_valid',
  'lifetime_too_long',
]);

/**
 * A token could not be minted or was rejected. `code` is one of the contract's
 * codes (`bad_signature`, `token_expired`, ...), the same in every language.
 */
class ChatAutologinError extends Error {
  constructor(message, code) {
    super(message);
    this.code = code;
  }
}

Object.defineProperty(ChatAutologinError.prototype, 'name', {
  value: 'ChatAutologinError',
  writable: true,
  configurable: true,
});

// The addon throws a plain Error whose `code` is the contract's code; give the
// caller a ChatAutologinError whose stack starts at their own call.
function translate(error, callee) {
  if (error !== null && typeof error === 'object' && Object.hasOwn(error, 'code') && CODES.has(error.code)) {
    const translated = new ChatAutologinError(error.message, error.code);
    Error.captureStackTrace(translated, callee);
    return translated;
  }
  return error;
}

function describe(value) {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Date) return 'a Date';
  const type = typeof value;
  if (type === 'object') return 'an object';
  if (type === 'bigint') return `the bigint ${value}n`;
  if (type === 'string') return 'a string';
  if (type === 'number' || type === 'boolean') return `the ${type} ${value}`;
  return `a ${type}`;
}

// A lone UTF-16 surrogate cannot be written as UTF-8: converting the string
// would silently replace it with U+FFFD and put another name in the token.
const isWellFormed =
  typeof String.prototype.isWellFormed === 'function'
    ? (text) => text.isWellFormed()
    : (text) => !/\p{Cs}/u.test(text);

function loneSurrogate(text) {
  const match = /\p{Cs}/u.exec(text);
  return match ? `U+${match[0].charCodeAt(0).toString(16).toUpperCase()}` : 'a lone surrogate';
}

// The code unit of the first lone surrogate, for the core's message.
function loneSurrogateUnit(text) {
  const match = /\p{Cs}/u.exec(text);
  return match ? match[0].charCodeAt(0) : 0xfffd;
}

function checkText(value, what, label, code, callee) {
  if (typeof value !== 'string') {
    throw new TypeError(`${what} must be a string, not ${describe(value)}`);
  }
  if (!isWellFormed(value)) {
    const error = new ChatAutologinError(
      `the ${label} contains a lone UTF-16 surrogate (${loneSurrogate(value)}), ` +
        'which is not text; check how the string was cut or decoded',
      code,
    );
    Error.captureStackTrace(error, callee);
    throw error;
  }
}

// An email or a name that is not text: the core's error for it.
function checkMintText(value, what, loneSurrogateError, callee) {
  if (typeof value !== 'string') {
    throw new TypeError(`${what} must be a string, not ${describe(value)}`);
  }
  if (!isWellFormed(value)) {
    try {
      loneSurrogateError(loneSurrogateUnit(value));
    } catch (error) {
      throw translate(error, callee);
    }
  }
}

function checkEmail(value, callee) {
  checkMintText(value, 'email', native.emailLoneSurrogate, callee);
}

function checkName(value, callee) {
  checkMintText(value, 'name', native.displayNameLoneSurrogate, callee);
}

// The core's limit on a token's UTF-8 length, in bytes.
const MAX_TOKEN_BYTES = native.maxTokenBytes();

// A string of more UTF-16 code units than the limit has more UTF-8 bytes than
// that too (each unit is at least one byte; a lone surrogate counts three), so
// it is refused by its length, without converting megabytes for the addon.
function checkToken(value, callee) {
  if (typeof value !== 'string') {
    throw new TypeError(`token must be a string, not ${describe(value)}`);
  }
  if (value.length > MAX_TOKEN_BYTES) {
    try {
      native.tokenTooLarge(value.length);
    } catch (error) {
      throw translate(error, callee);
    }
  }
}

function checkSecret(value, what) {
  if (typeof value === 'string') {
    // Refused rather than replaced: two different secrets must not give one key.
    checkText(value, what, 'secret', 'invalid_secret', checkSecret);
    return value;
  }
  if (!isUint8Array(value)) {
    throw new TypeError(`${what} must be a string, a Buffer or a Uint8Array, not ${describe(value)}`);
  }
  return value;
}

function secretList(value) {
  if (Array.isArray(value)) {
    // A copy: what is checked is what the addon reads, even if the caller's array
    // is a Proxy or changes under us.
    return Array.from(value, (secret, i) => checkSecret(secret, `secrets[${i}]`));
  }
  return [checkSecret(value, 'secret')];
}

// A number of seconds goes to the core as given (a boolean too, which the core
// refuses with the contract's code); anything else is a TypeError.
function seconds(value, what) {
  const type = typeof value;
  if (type === 'number' || type === 'boolean') return value;
  throw new TypeError(
    value instanceof Date
      ? `${what} must be a number of seconds since the Unix epoch, not a Date; use date.getTime() / 1000`
      : `${what} must be a number of seconds, not ${describe(value)}`,
  );
}

// An option left out, undefined or null takes the default.
function optionalSeconds(value, what) {
  return value === undefined || value === null ? undefined : seconds(value, what);
}

// The addon returns verified claims as one string, the email followed by the
// display name, and writes [iat, exp, length of the email] into this array:
// building the object here is far cheaper than building it in the addon.
// `Issuer.issue` gets [iat, exp] the same way. Calls are synchronous, so one
// array serves them all.
const numbers = new Float64Array(3);

function claims(text) {
  const split = numbers[2];
  return {
    email: text.slice(0, split),
    displayName: text.slice(split),
    iat: numbers[0],
    exp: numbers[1],
  };
}

// Unknown keys are refused, so that a misspelt option (`maxLifeTime`) is not
// silently ignored. Only own properties are read (see options.js).
function readOptions(value, allowed) {
  if (value === undefined || value === null) return NO_OPTIONS;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new TypeError(`options must be an object, not ${describe(value)}`);
  }
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      throw new TypeError(
        `unknown option ${JSON.stringify(key)}; the options here are ${allowed.join(', ')}`,
      );
    }
  }
  return ownOptions(value, allowed);
}

const MINT_OPTIONS = ['now'];
const ISSUER_OPTIONS = ['ttl'];
const VERIFY_OPTIONS = ['leeway', 'now', 'maxLifetime'];
const VERIFIER_OPTIONS = ['leeway', 'maxLifetime'];
const VERIFY_AT_OPTIONS = ['now'];

/**
 * Mints one token: `{email, displayName, iat, exp}` signed with `secret`,
 * valid for `ttlSeconds`. To mint many, keep an Issuer.
 */
function mintChatToken(email, name, ttlSeconds, secret, options) {
  checkEmail(email, mintChatToken);
  checkName(name, mintChatToken);
  const ttl = seconds(ttlSeconds, 'ttl');
  checkSecret(secret, 'secret');
  const now = optionalSeconds(readOptions(options, MINT_OPTIONS).now, 'now');
  try {
    return native.mintChatToken(email, name, ttl, secret, now);
  } catch (error) {
    throw translate(error, mintChatToken);
  }
}

/**
 * Verifies one token against a secret, or a list of secrets (current first),
 * and returns its claims. To verify many, keep a Verifier.
 */
function verifyChatToken(token, secretOrSecrets, options) {
  checkToken(token, verifyChatToken);
  const opts = readOptions(options, VERIFY_OPTIONS);
  const leeway = optionalSeconds(opts.leeway, 'leeway');
  const maxLifetime = optionalSeconds(opts.maxLifetime, 'maxLifetime');
  const now = optionalSeconds(opts.now, 'now');
  let text;
  try {
    if (Array.isArray(secretOrSecrets)) {
      const verifier = native.verifierNew(secretList(secretOrSecrets), leeway, maxLifetime);
      text =
        now === undefined
          ? native.verifierVerify(verifier, token, numbers)
          : native.verifierVerifyAt(verifier, token, now, numbers);
    } else {
      checkSecret(secretOrSecrets, 'secret');
      text = native.verifyChatToken(token, secretOrSecrets, leeway, maxLifetime, now, numbers);
    }
  } catch (error) {
    throw translate(error, verifyChatToken);
  }
  return claims(text);
}

/**
 * Decodes a token's header and claims WITHOUT checking its signature or times.
 * For logs and debugging only; never log anyone in with what it returns.
 */
function inspectUnverified(token) {
  checkToken(token, inspectUnverified);
  let json;
  try {
    json = native.inspectUnverifiedJson(token);
  } catch (error) {
    throw translate(error, inspectUnverified);
  }
  return JSON.parse(json);
}

const DIAGNOSE_OPTIONS = ['secrets', 'now'];

/**
 * Diagnoses a token: the verdict first (would the chat accept it, with the
 * default leeway and maximum lifetime; if not, the one reason as an error code),
 * then every usual mistake found, each with a stable code. `secrets`: a secret
 * or a list of them, or undefined to skip the signature. The result mirrors
 * `chat-autologin inspect --json`.
 */
function diagnose(token, options) {
  if (typeof token !== 'string') {
    throw new TypeError(`token must be a string, not ${describe(token)}`);
  }
  const opts = readOptions(options, DIAGNOSE_OPTIONS);
  const secrets = opts.secrets === undefined || opts.secrets === null ? [] : secretList(opts.secrets);
  const now = optionalSeconds(opts.now, 'now');
  let json;
  try {
    json = native.diagnoseJson(token, secrets, now);
  } catch (error) {
    throw translate(error, diagnose);
  }
  return JSON.parse(json);
}

/** Mints tokens with one secret and one lifetime, the key prepared once. */
class Issuer {
  #handle;
  #ttl;

  constructor(secret, options) {
    checkSecret(secret, 'secret');
    const ttl = optionalSeconds(readOptions(options, ISSUER_OPTIONS).ttl, 'ttl');
    try {
      this.#handle = native.issuerNew(secret, ttl);
    } catch (error) {
      throw translate(error, Issuer);
    }
    this.#ttl = native.issuerTtl(this.#handle);
  }

  /** The lifetime of each token, in seconds. */
  get ttl() {
    return this.#ttl;
  }

  /** Mints a token for a signed-in visitor. */
  mint(email, name, options) {
    checkEmail(email, Issuer.prototype.mint);
    checkName(name, Issuer.prototype.mint);
    const now =
      options === undefined ? undefined : optionalSeconds(readOptions(options, MINT_OPTIONS).now, 'now');
    try {
      return now === undefined
        ? native.issuerMint(this.#handle, email, name)
        : native.issuerMintAt(this.#handle, email, name, now);
    } catch (error) {
      throw translate(error, Issuer.prototype.mint);
    }
  }

  /**
   * Mints a token and returns it with its times: `{ token, iat, exp }`, whole
   * seconds since the Unix epoch, as the core computed them. For answers that
   * say when the token expires.
   */
  issue(email, name, options) {
    checkEmail(email, Issuer.prototype.issue);
    checkName(name, Issuer.prototype.issue);
    const now =
      options === undefined ? undefined : optionalSeconds(readOptions(options, MINT_OPTIONS).now, 'now');
    let token;
    try {
      token = native.issuerIssue(this.#handle, email, name, now, numbers);
    } catch (error) {
      throw translate(error, Issuer.prototype.issue);
    }
    return { token, iat: numbers[0], exp: numbers[1] };
  }

  toJSON() {
    return { ttl: this.ttl };
  }

  [inspect.custom](depth, options, inspectValue = inspect) {
    return `Issuer ${inspectValue({ ttl: this.ttl }, options)}`;
  }
}

/**
 * Verifies tokens against one or more secrets (current first, then the previous
 * one during a rotation), the keys prepared once.
 */
class Verifier {
  #handle;
  #secrets;
  #leeway;
  #maxLifetime;

  constructor(secretOrSecrets, options) {
    const secrets = secretList(secretOrSecrets);
    const opts = readOptions(options, VERIFIER_OPTIONS);
    const leeway = optionalSeconds(opts.leeway, 'leeway');
    const maxLifetime = optionalSeconds(opts.maxLifetime, 'maxLifetime');
    try {
      this.#handle = native.verifierNew(secrets, leeway, maxLifetime);
    } catch (error) {
      throw translate(error, Verifier);
    }
    this.#secrets = secrets.length;
    this.#leeway = native.verifierLeeway(this.#handle);
    this.#maxLifetime = native.verifierMaxLifetime(this.#handle);
  }

  /** The clock-skew allowance, in seconds. */
  get leeway() {
    return this.#leeway;
  }

  /** The longest `exp - iat` accepted, in seconds. */
  get maxLifetime() {
    return this.#maxLifetime;
  }

  /** Verifies a token and returns its claims. */
  verify(token, options) {
    checkToken(token, Verifier.prototype.verify);
    const now =
      options === undefined ? undefined : optionalSeconds(readOptions(options, VERIFY_AT_OPTIONS).now, 'now');
    let text;
    try {
      text =
        now === undefined
          ? native.verifierVerify(this.#handle, token, numbers)
          : native.verifierVerifyAt(this.#handle, token, now, numbers);
    } catch (error) {
      throw translate(error, Verifier.prototype.verify);
    }
    return claims(text);
  }

  toJSON() {
    return { secrets: this.#secrets, leeway: this.leeway, maxLifetime: this.maxLifetime };
  }

  [inspect.custom](depth, options, inspectValue = inspect) {
    return `Verifier ${inspectValue(this.toJSON(), options)}`;
  }
}

/**
 * The browser companion script: served at `<path>/client.js` by the Express
 * integration (and by the Python ones), it fetches a token from the site's
 * endpoint and logs the visitor into the chat widget. The same text in every
 * language.
 */
const companionScript = native.companionScript();

module.exports = {
  companionScript,
  mintChatToken,
  verifyChatToken,
  inspectUnverified,
  diagnose,
  Issuer,
  Verifier,
  ChatAutologinError,
};
