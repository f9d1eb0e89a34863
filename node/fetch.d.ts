/**
 * A Web-standard handler of chat-autologin: `(request: Request) =>
 * Promise<Response>`, serving the token endpoint the browser companion calls
 * and the companion itself, plus a helper that writes its script tag. Runs
 * wherever `Request` and `Response` do: Next.js route handlers, Hono, React
 * Router / Remix, SvelteKit, Astro, Bun.
 *
 * @example
 * ```ts
 * // Next.js: app/chat-autologin/[...path]/route.ts
 * import { createChatAutologin } from 'chat-autologin/fetch';
 *
 * const chat = createChatAutologin({
 *   secret: process.env.CHAT_AUTOLOGIN_SECRET,
 *   getUser: async (request) => userOfSession(request.headers.get('cookie')),
 * });
 * export { chat as GET, chat as HEAD, chat as POST, chat as PUT, chat as PATCH, chat as DELETE, chat as OPTIONS };
 *
 * // Hono
 * app.all('/chat-autologin/*', (c) => chat(c.req.raw));
 * ```
 *
 * @packageDocumentation
 */

import type { Secret } from './index.js';

declare namespace createChatAutologin {
  /** The signed-in visitor, as {@link ChatAutologinOptions.getUser} returns them. */
  interface ChatUser {
    /** The visitor's email, put in the token exactly as given. */
    email: string;
    /** The name the chat shows; when missing or blank, `displayName`, then the email. */
    name?: string | null | undefined;
    /** Used when `name` is missing or blank. */
    displayName?: string | null | undefined;
  }

  /** Where the token endpoint's warnings go: `console` (the default), pino, winston, ... */
  interface ChatAutologinLogger {
    warn(message: string): unknown;
  }

  /** The options of {@link createChatAutologin}. */
  interface ChatAutologinOptions {
    /**
     * The service desk project's secret key, exactly as Chat for JSM shows it
     * (at least 32 bytes). Give `secret` or `secrets`. Missing or refused:
     * `createChatAutologin()` throws a `ChatAutologinError` whose code is
     * `invalid_secret`.
     */
    secret?: Secret | undefined;
    /** One secret per service desk; each request then names its desk (`?desk=`). */
    secrets?: Readonly<Record<string, Secret>> | ReadonlyMap<string, Secret> | undefined;
    /** The lifetime of each token, in whole seconds, 1 to 86 400. Default 300. */
    ttl?: number | undefined;
    /**
     * Who is signed in, from your own session (the request's cookie):
     * `{ email, name }`, or `null` (or `undefined`) for an anonymous visitor,
     * who gets 401. May return a promise. A throw or a rejection rejects the
     * handler's promise: the framework's own error (500).
     */
    getUser: (request: Request) => ChatUser | null | undefined | Promise<ChatUser | null | undefined>;
    /** Only visitors whose email is in one of these domains get a token. */
    allowedEmailDomains?: readonly string[] | ReadonlySet<string> | null | undefined;
    /**
     * Where the handler answers: `<path>/token` and `<path>/client.js`, the
     * whole path of the URL (mount the handler there). Default `'/chat-autologin'`.
     */
    path?: string | undefined;
    /** Where to warn when a signed-in user cannot be given a token. Default `console`; `null` for silence. */
    logger?: ChatAutologinLogger | null | undefined;
  }

  /** The options of {@link ChatAutologinHandler.scriptTag}. */
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
     * Whether the visitor is signed in. Without it, `getUser(request)` says;
     * give it when `getUser` is async (a promise cannot be read while the
     * page renders and counts as signed in) or when there is no `Request`
     * (a React Server Component).
     */
    signedIn?: boolean | undefined;
  }

  /**
   * The handler: `<path>/token` and `<path>/client.js`, any method (GET and
   * HEAD answered, the others 405); any other path is a bodiless 404.
   */
  interface ChatAutologinHandler {
    (request: Request): Promise<Response>;
    /**
     * The companion's tag, `<script src="<path>/client.js?v=…" defer …></script>`,
     * every value HTML-escaped: write it unescaped, after the widget's own tag.
     *
     * @throws {ChatAutologinError} `invalid_option`: with several `secrets`,
     *   a missing or unknown `desk`; a `retryFor` out of range.
     * @throws {TypeError} When an option has the wrong type or is unknown.
     */
    scriptTag(request: Request | null | undefined, options?: ChatAutologinScriptOptions): string;
    /** The path prefix, as the core normalised it (`''` for `'/'`). */
    readonly prefix: string;
    /** `<prefix>/token`. */
    readonly tokenPath: string;
    /** `<prefix>/client.js`. */
    readonly clientJsPath: string;
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

  /** Where the handler answers when `path` is not given: `'/chat-autologin'`. */
  const DEFAULT_PATH: '/chat-autologin';
  /** The companion's entity tag (without quotes), also its `?v=` in the script tag. */
  const SCRIPT_ETAG: string;

  export {
    createChatAutologin,
    createChatAutologin as default,
    ChatUser,
    ChatAutologinLogger,
    ChatAutologinOptions,
    ChatAutologinScriptOptions,
    ChatAutologinHandler,
    TokenResponse,
    TokenErrorResponse,
    DEFAULT_PATH,
    SCRIPT_ETAG,
  };
}

/**
 * The handler of the chat's auto-login, its settings judged now.
 *
 * @throws {ChatAutologinError} `invalid_secret`, `invalid_ttl`,
 *   `invalid_option`, the message naming the setting, never the secret.
 * @throws {TypeError} An unknown option, a `getUser` that is not a function.
 */
declare function createChatAutologin(
  options: createChatAutologin.ChatAutologinOptions,
): createChatAutologin.ChatAutologinHandler;

export = createChatAutologin;
