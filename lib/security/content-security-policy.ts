/**
 * The page CSP. Scripts run only from our origin or with this response's nonce: Next stamps
 * the nonce on its own inline bootstrap scripts, so an injected <script> never runs. Styles
 * keep 'unsafe-inline' because Next and React write inline style attributes; a style cannot
 * run code. Development adds 'unsafe-eval', which React's dev tooling needs.
 */
export function contentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob: https:",
    "font-src 'self' data:",
    // Socket.IO and /ws/notifications are same-origin; CSP3 browsers match ws(s) to 'self'.
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}
