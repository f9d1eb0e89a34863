'use strict';

// A Web-standard handler: `(request: Request) => Promise<Response>`, for
// whatever runs on Request and Response (Next.js route handlers, Hono, React
// Router / Remix, SvelteKit, Astro, Bun). An adapter over the
// framework-neutral site side (web.js), where the core decides every answer.
//
//   const { createChatAutologin } = require('chat-autologin/fetch');
//   const chat = createChatAutologin({ secret: process.env.CHAT_AUTOLOGIN_SECRET, getUser: (request) => … });
//   // Next.js, app/chat-autologin/[...path]/route.ts: export { chat as GET, chat as HEAD, chat as POST, … }

const {
  createSite,
  ownOptions,
  userLookup,
  warnLogger,
  rawQuery,
  anonymousPage,
  DEFAULT_PATH,
  SCRIPT_VERSION,
} = require('./web.js');

const OPTIONS = ['secret', 'secrets', 'ttl', 'getUser', 'allowedEmailDomains', 'path', 'logger'];

// The path of an absolute URL, as it was written (percent-encoding kept):
// `Request.url` is always absolute, and parsing a whole URL for it costs more
// than the endpoint.
function pathOf(url) {
  const scheme = url.indexOf('://');
  const start = url.indexOf('/', scheme === -1 ? 0 : scheme + 3);
  if (start === -1) return '/';
  let end = url.length;
  for (const mark of ['?', '#']) {
    const at = url.indexOf(mark, start);
    if (at !== -1 && at < end) end = at;
  }
  return url.slice(start, end);
}

function response(answer) {
  // A Response refuses any body, even an empty one, with 304 (and HEAD has none).
  const body = answer.text === '' ? null : answer.text;
  return new Response(body, { status: answer.status, headers: answer.headers });
}

const notFound = () => new Response(null, { status: 404, headers: { 'Cache-Control': 'no-store' } });

/**
 * The handler of `<path>/token` and `<path>/client.js`, with `scriptTag()`
 * and the paths as properties. See fetch.d.ts for the options and README.md
 * for the answers.
 */
function createChatAutologin(options) {
  const opts = ownOptions(options, OPTIONS, 'createChatAutologin');
  const getUser = userLookup(opts, 'createChatAutologin', 'request');
  const logger = warnLogger(opts, 'createChatAutologin', console);
  const site = createSite(opts);

  function answered(answer) {
    if (answer.warning && logger) logger.warn(answer.warning);
    return response(answer);
  }

  async function chatAutologin(request) {
    const url = request.url;
    const path = pathOf(url);
    if (path === site.tokenPath) {
      const answer = site.token(
        request.method,
        rawQuery(url),
        request.headers.get('sec-fetch-site') ?? undefined,
        getUser,
        request,
      );
      return answered(typeof answer.then === 'function' ? await answer : answer);
    }
    if (path === site.clientJsPath) {
      return response(site.clientJs(request.method, request.headers.get('if-none-match') ?? undefined));
    }
    return notFound();
  }

  /**
   * The companion's <script> tag. Anonymous when `options.signedIn` is false,
   * or, without it, when `getUser(request)` returns nobody (a promise counts
   * as signed in: pass `signedIn` when the lookup is async).
   */
  function scriptTag(request, scriptOptions) {
    const anonymous = anonymousPage(scriptOptions, 'scriptTag', () => getUser(request));
    return site.scriptTag(site.clientJsPath, scriptOptions, anonymous);
  }

  return Object.assign(chatAutologin, {
    scriptTag,
    prefix: site.prefix,
    tokenPath: site.tokenPath,
    clientJsPath: site.clientJsPath,
  });
}

module.exports = createChatAutologin;
module.exports.default = createChatAutologin;
module.exports.createChatAutologin = createChatAutologin;
module.exports.DEFAULT_PATH = DEFAULT_PATH;
module.exports.SCRIPT_ETAG = SCRIPT_VERSION;
