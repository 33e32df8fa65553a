import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import type { Config } from './config';

export type { Logger };

/**
 * One structured logger per process. Secrets and message bodies never reach it. `destination`
 * replaces stdout (the test servers keep their boot's log in memory).
 */
export function createLogger(config: Pick<Config, 'logLevel' | 'env'>, destination?: DestinationStream): Logger {
  const options: LoggerOptions = {
    level: config.logLevel,
    base: { service: 'collabwire' },
    redact: {
      paths: ['password', '*.password', 'token', '*.token', 'authorization', '*.authorization', 'cookie', '*.cookie'],
      censor: '[redacted]',
    },
    transport:
      !destination && config.env === 'development' && process.stdout.isTTY
        ? { target: 'pino-pretty', options: { colorize: true, ignore: 'pid,hostname,service' } }
        : undefined,
  };
  return destination ? pino(options, destination) : pino(options);
}
