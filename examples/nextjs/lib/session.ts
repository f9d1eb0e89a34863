// The sessions of the example: a random id in a cookie, the users in memory (a
// restart signs everybody out). Route handlers and pages are bundled apart, so
// the store lives on globalThis for both to see the same one.

import { randomBytes } from 'node:crypto';

/** The cookie that holds the session id. */
export const SESSION_COOKIE = 'example_session';

export interface User {
  email: string;
  name: string;
}

const store = globalThis as typeof globalThis & { exampleSessions?: Map<string, User> };
const sessions: Map<string, User> = (store.exampleSessions ??= new Map());

/** A new session for `user`; its id, for the cookie. */
export function startSession(user: User): string {
  const id = randomBytes(32).toString('hex');
  sessions.set(id, user);
  return id;
}

export function endSession(id: string | undefined): void {
  if (id !== undefined) sessions.delete(id);
}

export function userOfSession(id: string | undefined): User | null {
  return (id !== undefined && sessions.get(id)) || null;
}

/** The session id in a `Cookie` request header. */
export function sessionIdOf(cookieHeader: string | null): string | undefined {
  for (const cookie of (cookieHeader ?? '').split(';')) {
    const [name, value] = cookie.trim().split('=', 2);
    if (name === SESSION_COOKIE) return value;
  }
  return undefined;
}
