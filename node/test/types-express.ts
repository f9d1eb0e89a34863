// A typed usage file for chat-autologin/express: `tsc -p test/tsconfig.json`
// checks that express.d.ts describes the integration as used here, and refuses
// the misuse marked @ts-expect-error. Type-checked only, never run.

import express = require('express');
import chatAutologinDefault = require('chat-autologin/express');
import {
  chatAutologin,
  DEFAULT_PATH,
  SCRIPT_ETAG,
  type ChatAutologinOptions,
  type ChatAutologinScriptOptions,
  type ChatUser,
  type TokenErrorResponse,
  type TokenResponse,
} from 'chat-autologin/express';
import {
  ChatAutologinError,
  companionScript,
  Issuer,
  type ChatAutologinErrorCode,
  type MintedToken,
} from 'chat-autologin';

declare const secret: string;
declare function findUser(id: string): Promise<{ email: string; name: string; id: string } | null>;

const app = express();

// The default export and the named one are the same function; both return a Router.
const router: express.Router = chatAutologinDefault({ secret, getUser: () => null });
app.use(router);
app.use(
  chatAutologin({
    secrets: { support: secret, sales: Buffer.from(secret) },
    ttl: 300,
    allowedEmailDomains: ['example.com'],
    path: '/api/chat',
    logger: console,
    getUser: async (req) => {
      const id = req.header('x-session-user');
      return id ? findUser(id) : null;
    },
  }),
);
app.use(chatAutologin({ secrets: new Map([['it', secret]]), getUser: () => undefined, logger: null }));

// A user object with more fields, a displayName, or no name at all.
const user: ChatUser = { email: 'ada@example.com', displayName: 'Ada' };
const options: ChatAutologinOptions = { secret, getUser: () => user, allowedEmailDomains: new Set(['a.b']) };
app.use(chatAutologin(options));

// The template helper on res.locals.
app.get('/', (_req, res) => {
  const scriptOptions: ChatAutologinScriptOptions = { desk: 'sales', show: true, nonce: 'n', retryFor: 30 };
  const tag: string = res.locals.chatAutologinScript(scriptOptions);
  res.send(tag + res.locals.chatAutologinScript());
});

// With an async getUser, the page says whether a visitor is signed in.
app.get('/async', async (req, res) => {
  const visitor = await findUser(req.header('x-session-user') ?? '');
  res.send(res.locals.chatAutologinScript({ signedIn: visitor !== null, show: false }));
});

// A bad setting is a ChatAutologinError with the setting's code.
try {
  chatAutologin({ secret: process.env.CHAT_AUTOLOGIN_SECRET, getUser: () => null });
} catch (error) {
  if (!(error instanceof ChatAutologinError)) throw error;
  const code: ChatAutologinErrorCode = error.code;
  console.error(code, error.message);
}

// What the endpoint answers, for a client written in TypeScript.
async function fetchToken(): Promise<string | null> {
  const response = await fetch(`${DEFAULT_PATH}/token`);
  if (!response.ok) {
    const { error } = (await response.json()) as TokenErrorResponse;
    if (error === 'not_authenticated') return null;
    throw new Error(error);
  }
  const { token, expiresAt } = (await response.json()) as TokenResponse;
  return expiresAt > 0 ? token : null;
}

const minted: MintedToken = new Issuer(secret).issue('ada@example.com', 'Ada');
const expiresAt: number = minted.exp;
const script: string = companionScript;
const etag: string = SCRIPT_ETAG;

// Misuse the types refuse.
// @ts-expect-error: getUser is required
chatAutologin({ secret });
// @ts-expect-error: getUser returns { email, name }, not a string
chatAutologin({ secret, getUser: () => 'ada@example.com' });
// @ts-expect-error: the email is a string
chatAutologin({ secret, getUser: () => ({ email: 42 }) });
// @ts-expect-error: secrets is one secret per desk, not a list
chatAutologin({ secrets: [secret], getUser: () => null });
// @ts-expect-error: unknown option
chatAutologin({ secret, getUser: () => null, userLoader: () => null });
// @ts-expect-error: ttl is a number of seconds
chatAutologin({ secret, getUser: () => null, ttl: '300' });
// @ts-expect-error: allowedEmailDomains is a list
chatAutologin({ secret, getUser: () => null, allowedEmailDomains: 'example.com' });
app.get('/x', (_req, res) => {
  // @ts-expect-error: show is a boolean
  res.locals.chatAutologinScript({ show: 'true' });
  // @ts-expect-error: unknown option of the helper
  res.locals.chatAutologinScript({ src: '/x' });
  // @ts-expect-error: signedIn is a boolean
  res.locals.chatAutologinScript({ signedIn: 'yes' });
  res.end();
});
// @ts-expect-error: companionScript is a string, not a function
companionScript();

export { fetchToken, expiresAt, script, etag };
