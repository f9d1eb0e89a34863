'use strict';

// Fastify integration: the token endpoint, the browser companion and its
// script tag, as a plugin over the framework-neutral site side (web.js), where
// the core decides every answer.
//
//   const { chatAutologin } = require('chat-autologin/fastify');
//   await app.register(chatAutologin, { secret: process.env.CHAT_AUTOLOGIN_SECRET, getUser: (request) => request.user });

const {
  createSite,
  ownOptions,
  userLookup,
  warnLogger,
  rawQuery,
  secFetchSite,
  anonymousPage,
  DEFAULT_PATH,
  SCRIPT_VERSION,
} = require('./web.js');

const OPTIONS = ['secret', 'secrets', 'ttl', 'getUser', 'allowedEmailDomains', 'path', 'logger'];

// Every method Fastify routes: the core answers 405 to all but GET and HEAD,
// so the two paths must reach it whatever the method.
const ROUTED_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

// The body is sent as it is: a string body (one write with the headers, where
// a Buffer takes a second one), through a serializer that keeps it as it is,
// so that Fastify does not add a charset to the core's Content-Type.
const asIs = (text) => text;

// Fastify lowercases every header name it is given, a new string each time a
// name has capitals: each of the core's few header sets is lowercased once.
const LOWERCASED = new WeakMap();

function lowercased(headers) {
  let pairs = LOWERCASED.get(headers);
  if (pairs === undefined) {
    pairs = headers.map(([name, value]) => [name.toLowerCase(), value]);
    LOWERCASED.set(headers, pairs);
  }
  return pairs;
}

function send(reply, answer) {
  reply.code(answer.status);
  for (const [name, value] of lowercased(answer.headers)) reply.header(name, value);
  return reply.serializer(asIs).send(answer.text);
}

/**
 * The plugin: `GET <path>/token`, `GET <path>/client.js`, and
 * `reply.chatAutologinScript(options?)` in the context that registers it.
 * See fastify.d.ts for the options and README.md for the answers.
 */
function chatAutologin(fastify, options, done) {
  let site;
  let getUser;
  let logger;
  try {
    const opts = ownOptions(options, OPTIONS, 'chatAutologin');
    getUser = userLookup(opts, 'chatAutologin', 'request');
    // Undefined: each request's own logger (request.log), Fastify's convention.
    logger = warnLogger(opts, 'chatAutologin', undefined);
    site = createSite(opts);
  } catch (error) {
    return done(error);
  }
  const src = `${fastify.prefix || ''}${site.clientJsPath}`;

  fastify.decorateReply('chatAutologinScript', function chatAutologinScript(scriptOptions) {
    const anonymous = anonymousPage(scriptOptions, 'chatAutologinScript', () => getUser(this.request));
    return site.scriptTag(src, scriptOptions, anonymous);
  });

  function answered(request, reply, answer) {
    if (answer.warning) {
      const log = logger === undefined ? request.log : logger;
      if (log) log.warn(answer.warning);
    }
    return send(reply, answer);
  }

  // The routes in a context of their own: the catch-all body parser that lets
  // any method with any body reach the core stays out of the site's routes.
  fastify.register(function chatAutologinRoutes(routes, _options, registered) {
    routes.removeAllContentTypeParsers();
    routes.addContentTypeParser('*', function ignoreBody(_request, _payload, parsed) {
      parsed(null, undefined);
    });
    routes.route({
      method: ROUTED_METHODS,
      url: site.tokenPath,
      handler(request, reply) {
        const raw = request.raw;
        const answer = site.token(
          raw.method,
          rawQuery(raw.url || ''),
          secFetchSite(raw.rawHeaders),
          getUser,
          request,
        );
        if (typeof answer.then === 'function') {
          return answer.then((resolved) => answered(request, reply, resolved));
        }
        return answered(request, reply, answer);
      },
    });
    routes.route({
      method: ROUTED_METHODS,
      url: site.clientJsPath,
      handler(request, reply) {
        return send(reply, site.clientJs(request.raw.method, request.headers['if-none-match']));
      },
    });
    registered();
  });
  done();
}

// Fastify's plugin metadata (what the fastify-plugin package sets): the
// decorator belongs to the context that registers the plugin, not to a
// child context of its own.
chatAutologin[Symbol.for('skip-override')] = true;
chatAutologin[Symbol.for('fastify.display-name')] = 'chat-autologin';
chatAutologin[Symbol.for('plugin-meta')] = {
  name: 'chat-autologin',
  fastify: '4.x || 5.x',
};

module.exports = chatAutologin;
module.exports.default = chatAutologin;
module.exports.chatAutologin = chatAutologin;
module.exports.DEFAULT_PATH = DEFAULT_PATH;
module.exports.SCRIPT_ETAG = SCRIPT_VERSION;
