// The same package imported from an ES module: named imports of the CommonJS
// entry point, as Node allows them. Type-checked only, never run.

import { Issuer, Verifier, ChatAutologinError, type ChatClaims } from 'chat-autologin';
import chatAutologin, { chatAutologin as named } from 'chat-autologin/express';

const secret = 'x'.repeat(76);
const token: string = new Issuer(secret).mint('ada@example.com', 'Ada');
let claims: ChatClaims | undefined;
try {
  claims = new Verifier(secret).verify(token);
} catch (error) {
  if (!(error instanceof ChatAutologinError)) throw error;
}

const routers = [chatAutologin, named].map((make) => make({ secret, getUser: () => null }));

export { claims, routers };

// The Fastify plugin and the fetch handler, from an ES module.
import Fastify from 'fastify';
import chatAutologinPlugin, { chatAutologin as namedPlugin } from 'chat-autologin/fastify';
import createChatAutologin, { createChatAutologin as namedCreate } from 'chat-autologin/fetch';

const app = Fastify();
await app.register(chatAutologinPlugin, { secret, getUser: () => null });
await app.register(namedPlugin, { secret, getUser: () => null, path: '/other' });
const handlers = [createChatAutologin, namedCreate].map((make) => make({ secret, getUser: () => null }));
const responses: Promise<Response>[] = handlers.map((handle) =>
  handle(new Request('http://x/chat-autologin/token')),
);

export { responses };
