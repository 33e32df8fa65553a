import type { Services } from '../services';
import { EXPIRY_BATCH, expireRequests } from './expire-requests';

/**
 * Expires stale requests in the background so that parties who keep a page open see the
 * change without reloading (reads expire lazily as well). Returns the stop function.
 */
export function startRequestExpirySweeper(services: Services, options: { intervalMs?: number } = {}): () => void {
  const intervalMs = options.intervalMs ?? 60_000;
  let stopped = false;
  let running = false;

  const sweep = async () => {
    if (stopped || running) return;
    running = true;
    try {
      await services.inFlight.track(async () => {
        for (let pass = 0; pass < 50 && !stopped; pass++) {
          const expired = await expireRequests(services.db, services.publisher, { ttlDays: services.config.requestTtlDays });
          if (expired.length > 0) services.logger.info({ count: expired.length }, 'requests expired');
          if (expired.length < EXPIRY_BATCH) break;
        }
      });
    } catch (err) {
      if (!stopped) services.logger.warn({ err }, 'request expiry sweep failed');
    } finally {
      running = false;
    }
  };

  const first = setTimeout(() => void sweep(), Math.min(5_000, intervalMs));
  const timer = setInterval(() => void sweep(), intervalMs);
  first.unref?.();
  timer.unref?.();
  return () => {
    stopped = true;
    clearTimeout(first);
    clearInterval(timer);
  };
}
