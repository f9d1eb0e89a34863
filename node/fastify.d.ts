/**
 * Fastify integration of chat-autologin: a plugin that serves the token
 * endpoint the browser companion calls and the companion itself, and
 * decorates the reply with a helper that writes its script tag.
 *
 * @example
 * ```ts
 * import Fastify from 'fastify';
 * import { chatAutologin } from 'chat-autologin/fastify';
 *
 * const app = Fastify();
 * // after your session / authentication plugin:
 * await app.register(chatAutologin, {
 *   secret: process.env.CHAT_AUTOLOGIN_SECRET,
 *   getUser: (request) => (request.user ? { email: request.user.email, name: request.user.name } : null),
 * });
 * app.get('/', (request, reply) => reply.view('page', { chatScript: reply.chatAutologinScript() }));
 * ```
 *
 * Needs `fastify` 4 or 5 (a peer dependency).
 *
 * @packageDocumentation
 */

import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Secret } from './index.js';

declare namespace chatAutologin {
  /** The signed-in visitor, as {@link ChatAutologinOptions.getUser} returns them. */
  interface ChatUser {
    /** The visitor's email, put in the token exactly as given. */
    email: string;
    /** The name the chat shows; when missing or blank, `displayName`, then the email. */
    name?: string | null | undefined;
    /** Used when `name` is missing or blank. */
    displayName?: string | null | undefined;
  }

  /** Where the token endpoint's warnings go: pino (Fastify's logger), console, ... */
  interface ChatAutologinLogger {
    warn(message: string): unknown;
  }

  /** The options of the plugin, given to `app.register(chatAutologin, options)`. */
  interface ChatAutologinOptions {
    /**
     * The service desk project's secret key, exactly as Chat for JSM shows it
     * (at least 32 bytes). Give `secret` or `secrets`. Missing or refused:
     * `app.ready()` (and `listen()`) rejects with a `ChatAutologinError`
     * whose code is `invalid_secret`.
     */
    secret?: Secret | undefined;
    /** One secret per service desk; each request then names its desk (`?desk=`). */
    secrets?: Readonly<Record<string, Secret>> | ReadonlyMap<string, Secret> | undefined;
    /** The lifetime of each token, in whole seconds, 1 to 86 400. Default 300. */
    ttl?: number | undefined;
    /**
     * Who is signed in, from your own session: `{ email, name }`, or `null`
     * (or `undefined`) for an anonymous visitor, who gets 401. May return a
     * promise. A throw or a rejection is Fastify's own error (500 by default).
     */
    getUser: (request: FastifyRequest) => ChatUser | null | undefined | Promise<ChatUser | null | undefined>;
    /** Only visitors whose email is in one of these domains get a token. */
    allowedEmailDomains?: readonly string[] | ReadonlySet<string> | null | undefined;
    /**
     * Where the routes are, under the prefix of the context that registers
     * the plugin: `<path>/token` and `<path>/client.js`. Default
     * `'/chat-autologin'`. (Fastify's `prefix` register option does not apply
     * to a plugin that keeps its decorator in the registering context: use
     * `path`, or register it inside a prefixed plugin of yours.)
     */
    path?: string | undefined;
    /**
     * Where to warn when a signed-in user cannot be given a token. Default:
     * the request's own logger (`request.log`); `null` for silence.
     */
    logger?: ChatAutologinLogger | null | undefined;
  }

  /** The options of `reply.chatAutologinScript()`. */
  interface ChatAutologinScriptOptions {
    /** The service desk to log into (`data-desk`); required with several `secrets`. */
    desk?: string | null | undefined;
    /** `true` to open the widget once logged in (`data-show="true"`). */
    show?: boolean | null | undefined;
    /** The Content-Security-Policy nonce of the tag. */
    nonce?: string | null | undefined;
    /** How long to keep retrying a failed login, in seconds (1 to 600). */
    retryFor?: number | null | undefined;
    /**
     * Whether the visitor is signed in. By default `getUser(request)` says;
     * give it when `getUser` is async (a promise cannot be read while the
     * page renders and counts as signed in).
     */
    signedIn?: boolean | undefined;
  }

  /** The 200 answer of `GET <path>/token`. */
  interface TokenResponse {
    token: string;
    expiresAt: number;
  }

  /** Every other answer of `GET <path>/token`. */
  interface TokenErrorResponse {
    error:
      | 'not_authenticated'
      | 'email_domain_not_allowed'
      | 'desk_required'
      | 'desk_ambiguous'
      | 'unknown_desk'
      | 'cross_site_request'
      | 'method_not_allowed'
      | 'invalid_email'
      | 'invalid_display_name';
  }

  /** Where the routes are when `path` is not given: `'/chat-autologin'`. */
  const DEFAULT_PATH: '/chat-autologin';
  /** The companion's entity tag (without quotes), also its `?v=` in the script tag. */
  const SCRIPT_ETAG: string;

  export {
    chatAutologin,
    chatAutologin as default,
    ChatUser,
    ChatAutologinLogger,
    ChatAutologinOptions,
    ChatAutologinScriptOptions,
    TokenResponse,
    TokenErrorResponse,
    DEFAULT_PATH,
    SCRIPT_ETAG,
  };
}

/**
 * The Fastify plugin. Register it once per context, after your session or
 * authentication plugin; like a plugin wrapped by `fastify-plugin`, it adds
 * its routes and its decorator to the context that registers it.
 *
 * - `GET|HEAD <path>/token`: the token for the signed-in visitor, or the
 *   error of the site side's rules; every other method is answered 405.
 * - `GET|HEAD <path>/client.js`: the browser companion.
 * - `reply.chatAutologinScript(options?)`: the companion's `<script>` tag.
 *
 * Fails at `ready()` with a `ChatAutologinError` (`invalid_secret`,
 * `invalid_ttl`, `invalid_option`, the message naming the setting) or a
 * `TypeError` (an unknown option, a `getUser` that is not a function).
 */
declare function chatAutologin(
  instance: FastifyInstance,
  options: chatAutologin.ChatAutologinOptions,
  done: (error?: Error) => void,
): void;

declare module 'fastify' {
  interface FastifyReply {
    /**
     * The companion's tag, `<script src="<path>/client.js?v=…" defer …></script>`,
     * every value HTML-escaped: write it unescaped, after the widget's own tag.
     *
     * @throws {ChatAutologinError} `invalid_option`: with several `secrets`,
     *   a missing or unknown `desk`; a `retryFor` out of range.
     * @throws {TypeError} When an option has the wrong type or is unknown.
     */
    chatAutologinScript(options?: chatAutologin.ChatAutologinScriptOptions): string;
  }
}

export = chatAutologin;
