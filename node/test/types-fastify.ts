// A typed usage file for chat-autologin/fastify: `tsc -p test/tsconfig.json`
// checks that fastify.d.ts describes the plugin as used here, and refuses the
// misuse marked @ts-expect-error. Type-checked only, never run.

import Fastify = require('fastify');
import chatAutologinDefault = require('chat-autologin/fastify');
import {
  chatAutologin,
  DEFAULT_PATH,
  SCRIPT_ETAG,
  type ChatAutologinOptions,
  type ChatAutologinScriptOptions,
  type ChatUser,
  type TokenErrorResponse,
} from 'chat-autologin/fastify';

declare const secret: string;
declare function findUser(id: string): Promise<{ email: string; name: string; id: string } | null>;

async function main(): Promise<void> {
  const app = Fastify.fastify();
  await app.register(chatAutologinDefault, { secret, getUser: () => null });
  await app.register(chatAutologin, {
    secrets: { support: secret, sales: Buffer.from(secret) },
    ttl: 300,
    allowedEmailDomains: ['example.com'],
    path: '/api/chat',
    logger: console,
    getUser: async (request) => {
      const id = request.headers['x-session-user'];
      return typeof id === 'string' ? findUser(id) : null;
    },
  });
  const user: ChatUser = { email: 'ada@example.com', displayName: 'Ada' };
  const options: ChatAutologinOptions = { secret, getUser: () => user, logger: null };
  app.register(chatAutologin, options);

  // The reply decorator.
  app.get('/', (_request, reply) => {
    const scriptOptions: ChatAutologinScriptOptions = { desk: 'sales', show: true, nonce: 'n', retryFor: 30 };
    const tag: string = reply.chatAutologinScript(scriptOptions);
    return reply.type('text/html').send(tag + reply.chatAutologinScript({ signedIn: false }));
  });

  const error: TokenErrorResponse['error'] = 'desk_ambiguous';
  const where: '/chat-autologin' = DEFAULT_PATH;
  const etag: string = SCRIPT_ETAG;

  // Misuse the types refuse.
  // @ts-expect-error: getUser is required
  app.register(chatAutologin, { secret });
  // @ts-expect-error: getUser returns { email, name }, not a string
  app.register(chatAutologin, { secret, getUser: () => 'ada@example.com' });
  // @ts-expect-error: unknown option
  app.register(chatAutologin, { secret, getUser: () => null, secretKey: secret });
  app.get('/bad', (_request, reply) => {
    // @ts-expect-error: show is a boolean
    return reply.send(reply.chatAutologinScript({ show: 'yes' }));
  });
  void [error, where, etag];
}

void main;
