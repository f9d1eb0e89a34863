/** The session cookie's attributes. */
export const cookieOptions = 'Path=/; HttpOnly; SameSite=Lax';

/** 303 See Other to a path of this site: the browser GETs it after a form's POST. */
export function seeOther(location: string): Response {
  return new Response(null, { status: 303, headers: { Location: location } });
}
