import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import type { Me } from '../contracts/common';
import { getServices } from '../services';
import { findUser } from '../users/find-user';
import { toMe } from '../users/to-public-user';
import { identifyCaller } from './identify';

/** The signed-in user of a server component, or null. */
export async function getCurrentUser(): Promise<Me | null> {
  const [cookieStore, headerStore] = await Promise.all([cookies(), headers()]);
  const services = getServices();
  const identity = await identifyCaller(
    { cookie: cookieStore.toString(), authorization: headerStore.get('authorization') },
    services.config.authSecret,
    services.sessions,
  );
  if (!identity) return null;
  const user = await findUser(services.db, identity.userId);
  return user ? toMe(user) : null;
}

/** The signed-in user, or a redirect to sign-in. */
export async function requireUser(): Promise<Me> {
  const user = await getCurrentUser();
  if (!user) redirect('/sign-in');
  return user;
}
