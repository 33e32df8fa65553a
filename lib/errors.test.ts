import { describe, expect, it } from 'vitest';
import { toAppError } from './errors';

describe('[ERRORS] mapping thrown values to wire codes', () => {
  it('maps driver connection errors to unavailable, also when the query builder wraps them', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    expect(toAppError(refused).code).toBe('unavailable');
    expect(toAppError(new Error('Failed query: insert …', { cause: refused })).code).toBe('unavailable');
    expect(toAppError(new Error('Failed query: select 1', { cause: new Error('PGlite is closed') })).code).toBe('unavailable');
  });

  it('maps anything else to internal without details', () => {
    expect(toAppError(new Error('Failed query', { cause: new Error('syntax error') })).toBody()).toEqual({ code: 'internal', message: 'Something went wrong' });
    expect(toAppError('a string').code).toBe('internal');
  });
});
