import { describe, expect, it } from 'vitest';
import { postgresTarget, withDatabase } from './postgres-url';

describe('postgresTarget', () => {
  it('leaves a URL without a host parameter as it is', () => {
    expect(postgresTarget('postgres://postgres@127.0.0.1:5432/collabwire')).toEqual({ url: 'postgres://postgres@127.0.0.1:5432/collabwire', options: {} });
  });

  it('takes a socket directory out of the URL and hands it over as the host option', () => {
    expect(postgresTarget('postgres://postgres@localhost/collabwire?host=/var/run/postgresql')).toEqual({
      url: 'postgres://postgres@localhost/collabwire',
      options: { host: '/var/run/postgresql' },
    });
  });

  it('keeps the other parameters and the credentials, and reads a percent-encoded directory', () => {
    expect(postgresTarget('postgresql://app:p%40ss@localhost:5433/db?sslmode=disable&host=%2Frun%2Fpg')).toEqual({
      url: 'postgresql://app:p%40ss@localhost:5433/db?sslmode=disable',
      options: { host: '/run/pg' },
    });
  });

  it('takes a host name in the parameter in place of the URL host, and reads a URL without one', () => {
    expect(postgresTarget('postgres://app@localhost/db?host=db.internal')).toEqual({ url: 'postgres://app@localhost/db', options: { host: 'db.internal' } });
    expect(postgresTarget('postgres:///db?host=/var/run/postgresql')).toEqual({ url: 'postgres:///db', options: { host: '/var/run/postgresql' } });
  });

  it('refuses an empty host parameter', () => {
    expect(() => postgresTarget('postgres://postgres@localhost/db?host=')).toThrow(/empty/);
  });
});

describe('withDatabase', () => {
  it('names another database on the same server, keeping the socket directory', () => {
    expect(withDatabase('postgres://postgres@localhost/postgres?host=/var/run/postgresql', 'scratch_1')).toBe(
      'postgres://postgres@localhost/scratch_1?host=/var/run/postgresql',
    );
    expect(withDatabase('postgres://postgres@127.0.0.1:5432/postgres', 'scratch_1')).toBe('postgres://postgres@127.0.0.1:5432/scratch_1');
  });
});
