// GET /chat-autologin/token and /chat-autologin/client.js. Every method is
// exported so that the handler, not Next.js, answers the ones it refuses (405).

import { chat } from '@/lib/chat';

const handle = (request: Request): Promise<Response> => chat()(request);

export {
  handle as GET,
  handle as HEAD,
  handle as POST,
  handle as PUT,
  handle as PATCH,
  handle as DELETE,
  handle as OPTIONS,
};
