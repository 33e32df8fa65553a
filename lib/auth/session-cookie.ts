import { parseCookies, SESSION_COOKIES } from './identify';

/**
 * The Set-Cookie that puts `token` in place of the browser's next-auth session cookie, under
 * the name and with the options next-auth gives it (a `__Secure-` name is kept secure). Null
 * when the request carried no session cookie: an API client has nothing to replace. The
 * token must be one of ours (lib/auth/tokens.ts mints the same JWT next-auth does), small
 * enough for one cookie.
 */
export function replaceSessionCookie(cookieHeader: string | null, token: string, expiresAt: string): string | null {
  if (!cookieHeader) return null;
  const cookies = parseCookies(cookieHeader);
  const name = SESSION_COOKIES.find((n) => cookies.has(n) || cookies.has(`${n}.0`));
  if (!name) return null;
  const secure = name.startsWith('__Secure-') ? '; Secure' : '';
  return `${name}=${token}; Path=/; Expires=${new Date(expiresAt).toUTCString()}; HttpOnly; SameSite=Lax${secure}`;
}
