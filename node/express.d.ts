/**
 * Express integration of chat-autologin: the token endpoint that the browser
 * companion calls, the companion itself, and a helper that writes its script
 * tag.
 *
 * @example
 * ```ts
 * import express from 'express';
 * import { chatAutologin } from 'chat-autologin/express';
 *
 * const app = express();
 * // after your session / authentication middleware, before your pages:
 * app.use(
 *   chatAutologin({
 *     secret: process.env.CHAT_AUTOLOGIN_SECRET,
 *     getUser: (req) => (req.user ? { email: req.user.email, name: req.user.name } : null),
 *   }),
 * );
 * // in a template, after the widget's own tag: <%- chatAutologinScript() %>
 * ```
 *
 * Needs `express` 4.17 or later (a peer dependency) and, for these types,
 * `@types/express`.
 *
 * @packageDocumentation
 */

import type { Request, Router } from 'express';
import type { Secret } from './index.js';

declare namespace chatAutologin {
  /**
   * The signed-in visitor, as {@link ChatAutologinOptions.getUser} returns
   * them. Returning your own user object works when it has these fields.
   */
  interface ChatUser {
    /**
     * The visitor's email, as the chat should see it. Put in the token exactly
     * as given; one the contract refuses (no `@`, whitespace, ...) gets a 403
     * `{ error: 'invalid_email' }` and a warning in the logger.
     */
    email: string;
    /**
     * The name the chat shows. When it is missing or blank, `displayName` is
     * used, and then the email.
     */
    name?: string | null | undefined;
    /** Used when `name` is missing or blank (Passport profiles have it). */
    displayName?: string | null | undefined;
  }

  /** Where the token endpoint's warnings go: `console` (the default), pino, winston, ... */
  interface ChatAutologinLogger {
    warn(message: string): unknown;
  }

  /**
   * The options of {@link chatAutologin}, read as own properties only (a
   * property inherited from a polluted `Object.prototype` is ignored).
   */
  interface ChatAutologinOptions {
    /**
     * The service desk project's secret key, exactly as Chat for JSM shows it
     * (used as its raw bytes; at least 32 bytes). Give `secret` or `secrets`,
     * not both (`invalid_option`). Missing (`undefined` or `null`, as an unset
     * environment variable is), neither given, of another type or refused by
     * the core: `chatAutologin()` throws a `ChatAutologinError` with the code
     * `invalid_secret`, whose message starts with `secret: ` and never holds
     * the secret.
     */
    secret?: Secret | undefined;
    /**
     * One secret per service desk, for a site that logs visitors into the
     * chats of several projects: `{ support: '...', sales: '...' }` (or a
     * `Map`). A desk name is 1 to 64 of `A-Z a-z 0-9 . _ -`. Each request then
     * names its desk: `GET <path>/token?desk=sales`; without `?desk=` the
     * answer is 400 `{ error: 'desk_required' }`, with it twice 400
     * `{ error: 'desk_ambiguous' }`, and for a name not listed here 404
     * `{ error: 'unknown_desk' }`. Not a mapping, empty, or a bad desk name:
     * `invalid_option`; a secret refused: `invalid_secret` (the message starts
     * with `secrets: `).
     */
    secrets?: Readonly<Record<string, Secret>> | ReadonlyMap<string, Secret> | undefined;
    /**
     * The lifetime of each token, in whole seconds, 1 to 86 400. Default 300.
     * Out of range or not a number: `chatAutologin()` throws `invalid_ttl`.
     */
    ttl?: number | undefined;
    /**
     * Who is signed in, from your own session: `{ email, name }`, or `null`
     * (or `undefined`) for an anonymous visitor, who gets 401. May return a
     * promise. Read the visitor from the server side only (the session,
     * `req.user`), never from the request's parameters or headers. A throw or
     * a rejection goes to Express's error handling (500 by default).
     */
    getUser: (req: Request) => ChatUser | null | undefined | Promise<ChatUser | null | undefined>;
    /**
     * Only visitors whose email is in one of these domains get a token
     * (compared after the last `@`, ignoring ASCII case; `sub.example.com` is
     * not `example.com`); the others get 403
     * `{ error: 'email_domain_not_allowed' }`. Default: every domain. Each is
     * ASCII letters, digits, `-` and dots (an internationalized domain in its
     * `xn--` form), optionally after an `@`. Empty, not a list, or a domain
     * refused: `invalid_option`.
     */
    allowedEmailDomains?: readonly string[] | ReadonlySet<string> | null | undefined;
    /**
     * Where the routes are: `<path>/token` and `<path>/client.js`. Default
     * `'/chat-autologin'`. Starts with `/`; letters, digits and `- _ . ~`
     * between the slashes (`'/'` for the site's root; no Express route
     * patterns). Otherwise `invalid_option`.
     */
    path?: string | undefined;
    /**
     * Where to warn when a signed-in user cannot be given a token (an email
     * or a name the contract refuses). Default `console`; `null` for silence.
     * The message names the rule broken, never the email, the name or the
     * secret.
     */
    logger?: ChatAutologinLogger | null | undefined;
  }

  /** The options of `res.locals.chatAutologinScript()`, read as own properties only. */
  interface ChatAutologinScriptOptions {
    /**
     * The service desk to log into (`data-desk`), required when several
     * `secrets` are configured, and one of them; with a single `secret`, not
     * allowed. Otherwise a `ChatAutologinError` with the code `invalid_option`.
     */
    desk?: string | null | undefined;
    /** `true` to call the widget's `show()` once logged in (`data-show="true"`). */
    show?: boolean | null | undefined;
    /** The Content-Security-Policy nonce of the tag (`nonce="..."`). */
    nonce?: string | null | undefined;
    /**
     * How long to keep retrying a failed login, in whole seconds from 1 to 600
     * (`data-retry-for`; otherwise `invalid_option`); the companion's default
     * is 60.
     */
    retryFor?: number | null | undefined;
    /**
     * Whether a visitor is signed in on this page. By default the router's
     * `getUser(req)` is called as the tag is written, and `null`, `undefined`
     * or `false` mean nobody: the tag then has `data-anonymous="true"`, and the
     * companion asks for no token and logs out a widget that an earlier page
     * logged in. A `getUser` that returns a promise cannot be read then: pass
     * `signedIn` (`getUser` is not called when it is given).
     */
    signedIn?: boolean | undefined;
  }

  /** The 200 answer of `GET <path>/token`. */
  interface TokenResponse {
    /** The token, for the widget's `loginWithToken(token)`. */
    token: string;
    /** The token's `exp`: whole seconds since the Unix epoch. */
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
  /**
   * The companion's entity tag (without quotes), also its `?v=` in the script
   * tag: the first 16 hex digits of its SHA-256, as in the Python integrations.
   */
  const SCRIPT_ETAG: string;

  export {
    chatAutologin,
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
 * An Express router for the chat's auto-login. Mount it with `app.use()`
 * after your session middleware and before your pages.
 *
 * - `GET <path>/token` (`?desk=` with several `secrets`): 200
 *   `{ token, expiresAt }` for the signed-in visitor; 401
 *   `{ error: 'not_authenticated' }`; 403 `{ error: 'email_domain_not_allowed' }`
 *   (or the core's `invalid_email` / `invalid_display_name` for a user the
 *   chat cannot take); 403 `cross_site_request` for a request another site
 *   made (`Sec-Fetch-Site: cross-site`); 400 `desk_required` /
 *   `desk_ambiguous` / 404 `unknown_desk`; 405 `method_not_allowed` for
 *   methods other than GET and HEAD. Always `Cache-Control: no-store` and
 *   `X-Content-Type-Options: nosniff`.
 * - `GET <path>/client.js`: the browser companion
 *   (`application/javascript`, cached for a day, revalidated by ETag).
 * - `res.locals.chatAutologinScript(options?)`, for every request that passes
 *   through the router: the companion's `<script>` tag, for templates.
 *
 * @throws {ChatAutologinError} For a setting that is missing, of the wrong
 *   type or refused, with the setting's code: `invalid_secret` (`secret`, or a
 *   secret in `secrets`), `invalid_ttl`, `invalid_option` (`secret` and
 *   `secrets` both, `secrets`, `allowedEmailDomains`, `path`). The message
 *   starts with the option's name and never quotes a string of 32 characters
 *   or more.
 * @throws {TypeError} When `options` is not an object, an option is unknown,
 *   `getUser` is not a function or `logger` has no `warn()`.
 */
declare function chatAutologin(options: chatAutologin.ChatAutologinOptions): Router;

declare global {
  namespace Express {
    interface Locals {
      /**
       * The companion's tag, `<script src="<path>/client.js?v=…" defer …></script>`,
       * every value HTML-escaped: write it unescaped (EJS `<%- … %>`, Pug `!=`,
       * Handlebars `{{{ … }}}`), after the widget's own tag. Set by the
       * `chatAutologin()` router for every request that passes through it.
       *
       * @throws {ChatAutologinError} `invalid_option`: with several `secrets`,
       *   when `desk` is missing or not one of them; with a single `secret`,
       *   when `desk` is given; when `retryFor` is not whole seconds from 1 to
       *   600.
       * @throws {TypeError} When an option has the wrong type or is unknown.
       */
      chatAutologinScript(options?: chatAutologin.ChatAutologinScriptOptions): string;
    }
  }
}

export = chatAutologin;
