import { timingSafeEqual } from 'node:crypto';
import { AppError } from '../errors';

/**
 * Meta's verification handshake: answers the challenge when the mode is `subscribe` and
 * the verify token is ours. Returns the challenge to echo; throws `forbidden` otherwise.
 */
export function verifySubscription(params: URLSearchParams, verifyToken: string | undefined): string {
  if (!verifyToken) throw new AppError('unavailable', 'Instagram webhooks are not configured');
  const mode = params.get('hub.mode');
  const token = params.get('hub.verify_token') ?? '';
  const challenge = params.get('hub.challenge') ?? '';
  if (mode !== 'subscribe' || !sameSecret(token, verifyToken)) {
    throw new AppError('forbidden', 'Verification token does not match');
  }
  return challenge;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
