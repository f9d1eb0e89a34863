// The chat's auto-login: the handler of /chat-autologin/token and
// /chat-autologin/client.js, and the companion's tag for the pages.

import { createChatAutologin, type ChatAutologinHandler } from 'chat-autologin/fetch';
import { sessionIdOf, userOfSession } from './session';

let handler: ChatAutologinHandler | undefined;

/**
 * The handler, made on first use: `next build` loads this module without the
 * site's settings. start.js has already checked the secret with the same call.
 */
export function chat(): ChatAutologinHandler {
  handler ??= createChatAutologin({
    secret: process.env.CHAT_AUTOLOGIN_SECRET,
    // The visitor of the request's session cookie, read on the server side only.
    getUser: (request) => userOfSession(sessionIdOf(request.headers.get('cookie'))),
  });
  return handler;
}
