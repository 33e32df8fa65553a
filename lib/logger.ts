import pino, { type Logger } from 'pino';
import type { Config } from './config';

export type { Logger };

/** One structured logger per process. Secrets and message bodies never reach it. */
export function createLogger(config: Pick<Config, 'logLevel' | 'env'>): Logger {
  return pino({
    level: config.logLevel,
    base: { service: 'collabwire' },
    redact: {
      paths: ['password', '*.password', 'token', '*.token', 'authorization', '*.authorization', 'cookie', '*.cookie'],
      censor: '[redacted]',
    },
    transport:
      config.env === 'development' && process.stdout.isTTY
        ? { target: 'pino-pretty', options: { colorize: true, ignore: 'pid,hostname,service' } }
        : undefined,
  });
}
