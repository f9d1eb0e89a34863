// Signs in with any email and name (no password: it is a demo).

import { ChatAutologinError, mintChatToken } from 'chat-autologin';
import { SESSION_COOKIE, startSession } from '@/lib/session';
import { cookieOptions, seeOther } from '@/lib/http';

export async function POST(request: Request): Promise<Response> {
  const form = await request.formData();
  const email = String(form.get('email') ?? '').trim();
  const name = String(form.get('name') ?? '').trim();
  // The rules the chat's tokens follow, checked here (with a token that is
  // thrown away) so that the form can say so.
  try {
    mintChatToken(email, name, 60, process.env.CHAT_AUTOLOGIN_SECRET ?? '');
  } catch (error) {
    if (!(error instanceof ChatAutologinError)) throw error;
    return seeOther(`/?problem=${encodeURIComponent(error.code)}`);
  }
  const response = seeOther('/');
  response.headers.append(
    'Set-Cookie',
    `${SESSION_COOKIE}=${startSession({ email, name })}; ${cookieOptions}`,
  );
  return response;
}
