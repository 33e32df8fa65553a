import { AppError } from '../errors';
import type { Services } from '../services';

/**
 * Ends every session and API token of the user, the caller's own included: the user's session
 * generation moves on, so each of them is refused from the next request, handshake or
 * authenticate frame on, and the live /chat sockets and /ws/notifications clients opened with
 * them are closed on every process.
 */
export async function signOutEverywhere(services: Pick<Services, 'sessions' | 'publisher' | 'logger'>, userId: string): Promise<void> {
  const generation = await services.sessions.revoke(userId);
  if (generation === null) throw new AppError('unauthorized', 'This account no longer exists');
  services.publisher.endSessions(userId, generation);
  services.logger.info({ event: 'signed out everywhere', userId }, 'signed out everywhere');
}
