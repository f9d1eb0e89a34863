// A typed usage file for chat-autologin/fetch: `tsc -p test/tsconfig.json`
// checks that fetch.d.ts describes the handler as used here (a Next.js route
// handler, Hono), and refuses the misuse marked @ts-expect-error.
// Type-checked only, never run.

import { Hono } from 'hono';
import createDefault = require('chat-autologin/fetch');
import {
  createChatAutologin,
  DEFAULT_PATH,
  SCRIPT_ETAG,
  type ChatAutologinHandler,
  type ChatAutologinOptions,
  type ChatAutologinScriptOptions,
  type ChatUser,
  type TokenErrorResponse,
} from 'chat-autologin/fetch';

declare const secret: string;
declare function userOfCookie(
  cookie: string | null,
): Promise<{ email: string; name: string; id: string } | null>;

const chat: ChatAutologinHandler = createChatAutologin({
  secrets: { support: secret, sales: Buffer.from(secret) },
  ttl: 300,
  allowedEmailDomains: ['example.com'],
  path: '/api/chat',
  logger: console,
  getUser: (request) => userOfCookie(request.headers.get('cookie')),
});
const user: ChatUser = { email: 'ada@example.com', displayName: 'Ada' };
const options: ChatAutologinOptions = { secret, getUser: () => user, logger: null };
const other = createDefault(options);

// Next.js route handlers: the handler is one.
export const GET: (request: Request) => Promise<Response> = chat;
export { chat as POST };

// Hono.
const app = new Hono();
app.all(`${chat.prefix}/*`, (c) => chat(c.req.raw));
app.get('/', (c) => {
  const scriptOptions: ChatAutologinScriptOptions = { desk: 'sales', show: true, nonce: 'n', retryFor: 30 };
  return c.html(chat.scriptTag(c.req.raw, scriptOptions) + other.scriptTag(null, { signedIn: false }));
});

const paths: string[] = [chat.tokenPath, chat.clientJsPath, DEFAULT_PATH, SCRIPT_ETAG];
const error: TokenErrorResponse['error'] = 'cross_site_request';

// Misuse the types refuse.
// @ts-expect-error: getUser is required
createChatAutologin({ secret });
// @ts-expect-error: getUser returns { email, name }, not a string
createChatAutologin({ secret, getUser: () => 'ada@example.com' });
// @ts-expect-error: unknown option
createChatAutologin({ secret, getUser: () => null, prefix: '/x' });
// @ts-expect-error: the handler takes a Request
void chat('/chat-autologin/token');
// @ts-expect-error: show is a boolean
chat.scriptTag(null, { show: 'yes' });

export { paths, error };
