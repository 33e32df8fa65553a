import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'cw-config-'));

describe('[CONFIG] loadConfig', () => {
  it('applies the documented defaults', () => {
    const dir = tmp();
    const c = loadConfig({ DATA_DIR: dir });
    expect(c).toMatchObject({
      env: 'development',
      port: 3000,
      host: '0.0.0.0',
      databaseUrl: undefined,
      redisUrl: undefined,
      allowedOrigins: [],
      logLevel: 'info',
      rateLimit: { messagesPerSec: 10, messagesBurst: 20 },
      requestTtlDays: 14,
      seedDemo: true,
    });
    expect(c.dataDir).toBe(dir);
  });

  it('generates the development secret once and keeps it private in DATA_DIR', () => {
    const dir = tmp();
    const first = loadConfig({ DATA_DIR: dir }).authSecret;
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(loadConfig({ DATA_DIR: dir }).authSecret).toBe(first);
    const file = path.join(dir, 'auth-secret');
    expect(readFileSync(file, 'utf8').trim()).toBe(first);
    expect(statSync(file).mode & 0o077).toBe(0);
  });

  it('refuses to start in production without AUTH_SECRET', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATA_DIR: tmp() })).toThrow(/AUTH_SECRET is required/);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://x'],
    ['REDIS_URL', 'http://x'],
    ['LOG_LEVEL', 'loud'],
    ['RATE_LIMIT_MESSAGES_PER_SEC', '0'],
    ['AUTH_SECRET', 'short'],
  ])('names %s in one line when it is %s', (name, value) => {
    try {
      loadConfig({ DATA_DIR: tmp(), [name]: value });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const message = (e as Error).message;
      expect(message).toContain(name);
      expect(message).not.toContain('\n');
    }
  });

  it('splits ALLOWED_ORIGINS and treats blank values as unset', () => {
    const c = loadConfig({ DATA_DIR: tmp(), ALLOWED_ORIGINS: 'https://a.test, https://b.test', DATABASE_URL: '  ' });
    expect(c.allowedOrigins).toEqual(['https://a.test', 'https://b.test']);
    expect(c.databaseUrl).toBeUndefined();
  });
});
