/**
 * Mint and verify the tokens that log a website's signed-in visitors into the
 * Chat for Jira Service Management widget ("auto-login on website").
 *
 * A token is a compact HS256 JWT `{"alg":"HS256","typ":"JWT"}` over
 * `{"email","displayName","iat","exp"}`, signed with the service desk project's
 * secret key used as its raw bytes. Mint one per login on your back end and hand
 * it to `chatWidget.loginWithToken(token)` in the browser.
 *
 * @example
 * ```ts
 * import { Issuer } from 'chat-autologin';
 *
 * const issuer = new Issuer(process.env.CHAT_AUTOLOGIN_SECRET!, { ttl: 300 });
 * const token = issuer.mint(user.email, user.name);
 * ```
 *
 * For an Express site, `require('chat-autologin/express')` (see `express.d.ts`)
 * serves a token endpoint for the signed-in visitor and the browser companion
 * ({@link companionScript}) that logs them into the widget.
 *
 * @packageDocumentation
 */

/**
 * A secret key: the service desk project's secret exactly as Chat for JSM shows
 * it (a 76-character string), used as its raw bytes. A string is used as UTF-8;
 * a `Buffer` or `Uint8Array` as the bytes it holds. It is never base64- or
 * hex-decoded. At least 32 bytes, not only whitespace, else `invalid_secret`.
 */
export type Secret = string | Uint8Array;

/** The contract's error codes, the same strings in every language. */
export type ChatAutologinErrorCode =
  /** The email is not 3 to 254 bytes with one `@`, something on each side, and no whitespace or control characters. */
  | 'invalid_email'
  /** The display name is not 1 to 255 characters, is only whitespace, or has control characters. */
  | 'invalid_display_name'
  /** The ttl is not a whole number of seconds from 1 to 86 400. */
  | 'invalid_ttl'
  /** The secret is shorter than 32 bytes or only whitespace. */
  | 'invalid_secret'
  /** An option is out of range (`now`, `leeway`, `maxLifetime`), or the list of secrets is empty. */
  | 'invalid_option'
  /** The token is longer than 8 192 bytes. */
  | 'token_too_large'
  /** The token is not three strict base64url segments holding JSON objects. */
  | 'malformed_token'
  /** The header's `alg` is not exactly `HS256` (or its `typ` is not `JWT`). */
  | 'unsupported_algorithm'
  /** The signature matches none of the secrets. */
  | 'bad_signature'
  /** `email` or `displayName` is not a string, or `iat` or `exp` is not a non-negative number. */
  | 'invalid_claims'
  /** `exp` has passed, even allowing for the leeway. */
  | 'token_expired'
  /** `iat` is in the future, even allowing for the leeway. */
  | 'token_not_yet_valid'
  /** `exp - iat` is longer than `maxLifetime`, or not positive. */
  | 'lifetime_too_long';

/**
 * A token could not be minted, or was rejected. Match on `code`, not on the
 * message. Wrong argument *types* throw a plain `TypeError` instead.
 *
 * @example
 * ```ts
 * try {
 *   verifier.verify(token);
 * } catch (error) {
 *   if (error instanceof ChatAutologinError && error.code === 'token_expired') {
 *     // ask the browser for a fresh token
 *   }
 *   throw error;
 * }
 * ```
 */
export declare class ChatAutologinError extends Error {
  constructor(message: string, code: ChatAutologinErrorCode);
  /** What went wrong, as one of the contract's codes. */
  readonly code: ChatAutologinErrorCode;
  /** Always `'ChatAutologinError'`. */
  readonly name: 'ChatAutologinError';
}

/** The claims of a verified token. */
export interface ChatClaims {
  /** The visitor's email, exactly as it was minted. */
  email: string;
  /** The visitor's name, as the chat shows it. */
  displayName: string;
  /** Issued at, in seconds since the Unix epoch (may be fractional). */
  iat: number;
  /** Expires at, in seconds since the Unix epoch (may be fractional). */
  exp: number;
}

/** A token decoded without any check. */
export interface Inspection {
  /** The token's header, e.g. `{ alg: 'HS256', typ: 'JWT' }`. */
  header: Record<string, unknown>;
  /** The token's payload, e.g. `{ email, displayName, iat, exp }`. Not verified. */
  claims: Record<string, unknown>;
}

/** A token with its times, as {@link Issuer.issue} returns it. */
export interface MintedToken {
  /** The signed token. */
  token: string;
  /** Issued at: whole seconds since the Unix epoch (`Math.floor(now)`). */
  iat: number;
  /** Expires at: `iat + ttl`, whole seconds since the Unix epoch. */
  exp: number;
}

/** Options of {@link mintChatToken}, {@link Issuer.mint} and {@link Issuer.issue}. */
export interface MintOptions {
  /**
   * The time to mint at, in seconds since the Unix epoch (may be fractional:
   * `iat` is `Math.floor(now)`). Defaults to the system clock. Seconds, not
   * milliseconds: pass `Date.now() / 1000`. Negative, NaN or infinite values are
   * `invalid_option`; a non-number is a `TypeError`.
   */
  now?: number;
}

/** Options of {@link Issuer}. */
export interface IssuerOptions {
  /**
   * The lifetime of each token, in whole seconds, 1 to 86 400. Defaults to 300
   * (five minutes), which suits a login. A fractional, negative or out-of-range
   * value is `invalid_ttl`.
   */
  ttl?: number;
}

/** Options of {@link Verifier}. */
export interface VerifierOptions {
  /**
   * How much clock skew between your servers to forgive on `exp` and `iat`, in
   * seconds, 0 to 300. Defaults to 60. Out of range is `invalid_option`.
   */
  leeway?: number;
  /**
   * The longest `exp - iat` accepted, in seconds, 1 to 86 400. Defaults to
   * 86 400 (one day). A longer-lived token is `lifetime_too_long`.
   */
  maxLifetime?: number;
}

/** Options of {@link Verifier.verify}. */
export interface VerifyAtOptions {
  /**
   * The time to verify at, in seconds since the Unix epoch (may be
   * fractional). Defaults to the system clock. Seconds, not milliseconds.
   */
  now?: number;
}

/** Options of {@link verifyChatToken}: those of a {@link Verifier} and of its `verify`. */
export interface VerifyOptions extends VerifierOptions, VerifyAtOptions {}

/**
 * Mints one token for a signed-in visitor. To mint many, keep an {@link Issuer},
 * which prepares the key once.
 *
 * @param email The visitor's email, as the chat should see it: 3 to 254 bytes,
 *   exactly one `@`, no whitespace. Never altered (no trimming, no case change).
 * @param name The visitor's display name: 1 to 255 characters, not only
 *   whitespace, no control characters. Any other Unicode is kept as given.
 * @param ttlSeconds How long the token is valid, in whole seconds, 1 to 86 400
 *   (300 suits a login).
 * @param secret The service desk project's secret key, used as its raw bytes.
 * @returns The signed token.
 * @throws {ChatAutologinError} `invalid_secret`, `invalid_ttl`, `invalid_option`,
 *   `invalid_email` or `invalid_display_name`.
 * @throws {TypeError} When an argument has the wrong type.
 */
export declare function mintChatToken(
  email: string,
  name: string,
  ttlSeconds: number,
  secret: Secret,
  options?: MintOptions,
): string;

/**
 * Verifies one token and returns its claims. To verify many, keep a
 * {@link Verifier}, which prepares the keys once.
 *
 * @param token The token, as the browser or a test sent it.
 * @param secretOrSecrets The secret, or a list of secrets to accept during a
 *   rotation: the current one first, then the previous one.
 * @throws {ChatAutologinError} With the first failed check's code, in the
 *   contract's order: `token_too_large`, `malformed_token`,
 *   `unsupported_algorithm`, `bad_signature`, `invalid_claims`, `token_expired`,
 *   `token_not_yet_valid`, `lifetime_too_long`; or `invalid_secret` /
 *   `invalid_option` for a bad secret or option.
 * @throws {TypeError} When an argument has the wrong type.
 */
export declare function verifyChatToken(
  token: string,
  secretOrSecrets: Secret | readonly Secret[],
  options?: VerifyOptions,
): ChatClaims;

/**
 * Decodes a token's header and claims **without checking its signature or
 * times**. For logs and debugging only: anybody can write a token that decodes,
 * so never log anyone in with what this returns.
 *
 * @throws {ChatAutologinError} `token_too_large` or `malformed_token`.
 */
export declare function inspectUnverified(token: string): Inspection;

/** A finding of {@link diagnose}: a stable snake_case code and a message for people. */
export interface Finding {
  code: string;
  message: string;
}

/** What {@link diagnose} says of a token; the same schema as `chat-autologin inspect --json`. */
export interface Diagnosis {
  /**
   * Would the chat accept the token as given: `accepted` is `null` when only the
   * signature stands in the way and no secret was given; `code` is the error
   * code of the reason when refused.
   */
  verdict: { accepted: boolean | null; code: ChatAutologinErrorCode | null; message: string };
  signature: 'valid' | 'invalid' | 'not_checked';
  /** The index of the secret that signed the token, in the list given. */
  signer: number | null;
  /** Every finding other than the verdict, in order. */
  findings: Finding[];
  header: Record<string, unknown> | null;
  claims: Record<string, unknown> | null;
  /** The time the token was judged at, in seconds since the Unix epoch. */
  now: number;
}

/**
 * Diagnoses a token: the verdict first, then every usual mistake found (a paste
 * with quotes or `Bearer `, the secret base64-decoded, timestamps in
 * milliseconds, a clock skew, ...), each with a stable code and what to change in
 * the code that minted it. Messages never contain a secret.
 *
 * @throws {ChatAutologinError} `invalid_secret` or `invalid_option`.
 * @throws {TypeError} for arguments of the wrong type.
 */
export declare function diagnose(
  token: string,
  options?: { secrets?: Secret | readonly Secret[]; now?: number },
): Diagnosis;

/**
 * Mints tokens with one secret and one lifetime, the key prepared once. Keep one
 * for the life of your process.
 *
 * `util.inspect()` and `JSON.stringify()` of an Issuer show its `ttl`, never its
 * secret.
 *
 * @example
 * ```ts
 * const issuer = new Issuer(process.env.CHAT_AUTOLOGIN_SECRET!, { ttl: 300 });
 * app.get('/chat-token', (req, res) => {
 *   res.json({ token: issuer.mint(req.user.email, req.user.name) });
 * });
 * ```
 */
export declare class Issuer {
  /**
   * @param secret The service desk project's secret key, used as its raw bytes.
   * @throws {ChatAutologinError} `invalid_secret`, then `invalid_ttl`.
   * @throws {TypeError} When an argument has the wrong type or an option is unknown.
   */
  constructor(secret: Secret, options?: IssuerOptions);
  /** The lifetime of each token, in seconds. */
  readonly ttl: number;
  /**
   * Mints a token for a signed-in visitor, issued now (or at `options.now`).
   *
   * @param email The visitor's email: 3 to 254 bytes, one `@`, no whitespace. Never altered.
   * @param name The visitor's display name: 1 to 255 characters, no control characters.
   * @throws {ChatAutologinError} `invalid_option`, `invalid_email` or `invalid_display_name`.
   * @throws {TypeError} When an argument has the wrong type or an option is unknown.
   */
  mint(email: string, name: string, options?: MintOptions): string;
  /**
   * Mints a token like {@link Issuer.mint} and returns it with its `iat` and
   * `exp`, as the core computed them: for an answer that tells the browser when
   * the token expires (`expiresAt`), without decoding the token again.
   *
   * @example
   * ```ts
   * const { token, exp } = issuer.issue(user.email, user.name);
   * res.json({ token, expiresAt: exp });
   * ```
   * @throws {ChatAutologinError} `invalid_option`, `invalid_email` or `invalid_display_name`.
   * @throws {TypeError} When an argument has the wrong type or an option is unknown.
   */
  issue(email: string, name: string, options?: MintOptions): MintedToken;
  /** `{ ttl }`: what `JSON.stringify` shows. Never the secret. */
  toJSON(): { ttl: number };
}

/**
 * Verifies tokens against one or more secrets, the keys prepared once. Keep one
 * for the life of your process.
 *
 * `util.inspect()` and `JSON.stringify()` of a Verifier show the number of
 * secrets and the options, never a secret.
 *
 * @example
 * ```ts
 * // During a rotation, accept the new secret and the previous one.
 * const verifier = new Verifier([process.env.CHAT_AUTOLOGIN_SECRET!, process.env.CHAT_AUTOLOGIN_OLD_SECRET!]);
 * const { email, displayName } = verifier.verify(token);
 * ```
 */
export declare class Verifier {
  /**
   * @param secretOrSecrets The secret, or the secrets to accept: the current one
   *   first, then the previous one during a rotation.
   * @throws {ChatAutologinError} `invalid_secret` for a bad secret, `invalid_option`
   *   for an empty list or an option out of range.
   * @throws {TypeError} When an argument has the wrong type or an option is unknown.
   */
  constructor(secretOrSecrets: Secret | readonly Secret[], options?: VerifierOptions);
  /** The clock-skew allowance, in seconds. */
  readonly leeway: number;
  /** The longest `exp - iat` accepted, in seconds. */
  readonly maxLifetime: number;
  /**
   * Verifies a token and returns its claims.
   *
   * @throws {ChatAutologinError} With the first failed check's code (see
   *   {@link verifyChatToken}), or `invalid_option` for a bad `now`.
   * @throws {TypeError} When an argument has the wrong type or an option is unknown.
   */
  verify(token: string, options?: VerifyAtOptions): ChatClaims;
  /** `{ secrets, leeway, maxLifetime }`: what `JSON.stringify` shows; `secrets` is a count. */
  toJSON(): { secrets: number; leeway: number; maxLifetime: number };
}

/**
 * The browser companion script, the same text in every language of this
 * project. Include it in a page after the chat widget: it fetches a token from
 * the site's token endpoint (same origin, with cookies) and logs the visitor
 * into the widget, retrying for about a minute while the chat creates a new
 * user. `require('chat-autologin/express')` serves it at `<path>/client.js`;
 * serve it yourself with `Content-Type: application/javascript` if you do not
 * use Express.
 *
 * Options are attributes of its script tag: `data-token-url` (default `token`
 * beside the script), `data-desk`, `data-show="true"`, `data-retry-for`
 * (seconds). In the page, `window.chatAutologin.logout()` logs the widget out.
 */
export declare const companionScript: string;
