'use strict';

// Reading an options object without trusting Object.prototype.
//
// A prototype-pollution bug anywhere in an application (`Object.prototype.now =
// ...`) must not reach the options of a token check: an inherited `now` would
// make an expired token verify. So an option is read only when it is the
// object's own property, into an object without a prototype, and the defaults
// live in objects without a prototype too. Used by index.js and the Express
// integration. Not part of the public API.

/**
 * A prototype-less object holding the own properties of `value` whose names
 * are in `names`; an option that is absent there is `undefined`, whatever
 * Object.prototype holds. `value` must already be known to be an object.
 */
function ownOptions(value, names) {
  const options = Object.create(null);
  for (const name of names) {
    if (Object.hasOwn(value, name)) options[name] = value[name];
  }
  return options;
}

/** An empty, frozen, prototype-less options object: every option at its default. */
const NO_OPTIONS = Object.freeze(Object.create(null));

module.exports = { ownOptions, NO_OPTIONS };
