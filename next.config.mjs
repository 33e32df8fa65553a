import { apiHeaders, commonHeaders } from './lib/security/response-headers.mjs';

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // Lets parallel checkouts build side by side; the server reads the same variable.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  poweredByHeader: false,
  // Native and WASM packages stay out of the bundles (PGlite would otherwise land in static files).
  serverExternalPackages: ['@electric-sql/pglite', '@node-rs/argon2', 'postgres', 'pino', 'pino-pretty', 'drizzle-orm', 'file-type', 'prom-client', 'ioredis'],
  // `tsc --noEmit` is the type check of record; this lets a build skip it when asked.
  typescript: { ignoreBuildErrors: process.env.NEXT_SKIP_TYPECHECK === '1' },
  allowedDevOrigins: ['127.0.0.1', 'localhost'],
  // Pages get their nonce-based CSP from proxy.ts; these apply to every response.
  async headers() {
    return [
      { source: '/:path*', headers: commonHeaders(process.env.NODE_ENV === 'production') },
      { source: '/api/:path*', headers: apiHeaders },
    ];
  },
};

export default nextConfig;
