// Ends the session. The page has already logged the widget out
// (window.chatAutologin.logout()) before posting here.

import { SESSION_COOKIE, endSession, sessionIdOf } from '@/lib/session';
import { cookieOptions, seeOther } from '@/lib/http';

export function POST(request: Request): Response {
  endSession(sessionIdOf(request.headers.get('cookie')));
  const response = seeOther('/');
  response.headers.append(
    'Set-Cookie',
    `${SESSION_COOKIE}=; ${cookieOptions}; Expires=Thu, 01 Jan 1970 00:00:00 GMT`,
  );
  return response;
}
