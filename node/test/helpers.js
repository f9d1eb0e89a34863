'use strict';

// Shared by the test files: the package under test and the shared vectors.

const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const VECTORS = join(__dirname, '..', '..', 'tests', 'vectors');

/** The whole of tests/vectors/<name>.json: `case_count`, `error_codes` and `cases`. */
function vectorFile(name) {
  return JSON.parse(readFileSync(join(VECTORS, `${name}.json`), 'utf8'));
}

/** The cases of tests/vectors/<name>.json. */
function vectorCases(name) {
  return vectorFile(name).cases;
}

/** A vector value as JavaScript: `{"float": "NaN"}` is NaN, `{"hex": …}` a Buffer. */
function value(raw) {
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
    if ('float' in raw) return Number(raw.float);
    if ('hex' in raw) return Buffer.from(raw.hex, 'hex');
    // Text runs and single UTF-16 code units, lone surrogates included.
    if ('utf16' in raw) {
      return raw.utf16.map((part) => (typeof part === 'number' ? String.fromCharCode(part) : part)).join('');
    }
  }
  return raw;
}

const ERROR_CODES = [
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
];

/** A secret long enough for every rule. */
const SECRET = 'chat-autologin-node-test-secret-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEF';

/** A fixed clock: 2025-11-26T00:00:00Z. */
const NOW = 1764115200;

module.exports = { vectorFile, vectorCases, value, ERROR_CODES, SECRET, NOW };
