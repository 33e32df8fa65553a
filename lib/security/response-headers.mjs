// The static security headers of every response, in one place for next.config.mjs and for
// the hot API reads that server.ts answers itself (lib/server/hot-routes.ts). Plain
// JavaScript so that next.config.mjs can import it.

/** @param {boolean} production */
export function commonHeaders(production) {
  return [
    { key: 'X-Content-Type-Options', value: 'nosniff' },
    { key: 'Referrer-Policy', value: 'same-origin' },
    { key: 'X-Frame-Options', value: 'DENY' },
    { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
    { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=()' },
    // Browsers honour it only over HTTPS, where production runs.
    ...(production ? [{ key: 'Strict-Transport-Security', value: 'max-age=31536000; includeSubDomains' }] : []),
  ];
}

/** API answers and attachments are data: nothing in them may run, load or be framed. */
export const apiHeaders = [{ key: 'Content-Security-Policy', value: "default-src 'none'; frame-ancestors 'none'; sandbox" }];
