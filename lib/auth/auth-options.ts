import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { ZCredentials } from '../contracts/users';
import type { Services } from '../services';
import { authenticateUser } from '../users/authenticate-user';
import { isAppError } from '../errors';
import { clientIp } from '../server/client-ip';
import { TOKEN_MAX_AGE_SECONDS } from './tokens';

/** next-auth for the browser: email + password, JWT sessions in an encrypted cookie. */
export function createAuthOptions(services: Services): NextAuthOptions {
  return {
    secret: services.config.authSecret,
    session: { strategy: 'jwt', maxAge: TOKEN_MAX_AGE_SECONDS },
    pages: { signIn: '/sign-in', error: '/sign-in' },
    providers: [
      CredentialsProvider({
        name: 'Email',
        credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
        async authorize(raw, req) {
          const parsed = ZCredentials.safeParse(raw);
          if (!parsed.success) return null;
          // A locked-out account or address is refused like a wrong password, before any hashing.
          const user = await services.logins
            .attempt({ email: parsed.data.email, ip: clientIp(req?.headers ?? {}) }, () => authenticateUser(services.db, parsed.data))
            .catch((e: unknown) => {
              if (isAppError(e) && e.code === 'rate_limited') {
                services.logger.warn({ event: 'sign-in throttled' }, 'sign-in throttled');
                return null;
              }
              throw e;
            });
          if (!user) {
            services.logger.info({ event: 'sign-in failed' }, 'sign-in failed');
            return null;
          }
          return { id: user.id, name: user.name, role: user.role, generation: user.sessionGeneration };
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user) {
          token.sub = user.id;
          token.name = user.name;
          token.role = (user as { role?: string }).role;
          // The session generation it was issued under: signing out everywhere ends it.
          token.gen = (user as { generation?: number }).generation ?? 0;
          delete token.email;
          delete token.picture;
          return token;
        }
        // A session read back (/api/auth/session): one that was signed out everywhere is not
        // renewed, and next-auth clears its cookie when this throws.
        const generation = typeof token.gen === 'number' ? token.gen : 0;
        if (typeof token.sub !== 'string' || !(await services.sessions.accepts({ userId: token.sub, generation }))) {
          throw new Error('This session has ended');
        }
        return token;
      },
      session({ session, token }) {
        session.user = { id: token.sub, name: token.name, role: token.role } as typeof session.user;
        return session;
      },
    },
    logger: {
      error: (code, metadata) => services.logger.warn({ code, metadata: String(metadata) }, 'next-auth error'),
      warn: (code) => services.logger.debug({ code }, 'next-auth warning'),
      debug: () => {},
    },
  };
}
