import { describe, expect, it } from 'vitest';
import { postgresJsQuery } from './raw-query';

/** postgres-js's result: an Array subclass with the statement's details beside the rows. */
class DriverResult extends Array {
  count = 2;
  command = 'SELECT';
  static get [Symbol.species]() {
    return Array;
  }
}

describe('postgresJsQuery', () => {
  it('prepares every statement and hands the rows over in a plain array, leaving the driver none', async () => {
    const calls: unknown[][] = [];
    const result = DriverResult.from([{ id: 1 }, { id: 2 }]) as DriverResult;
    const client = {
      unsafe: (text: string, params: never[], options: { prepare: boolean }) => {
        calls.push([text, params, options]);
        return Promise.resolve(result);
      },
    };
    const rows = await postgresJsQuery(client)('select id from t where x = $1', ['a']);
    expect(calls).toEqual([['select id from t where x = $1', ['a'], { prepare: true }]]);
    expect(rows).toEqual([{ id: 1 }, { id: 2 }]);
    expect(Object.getPrototypeOf(rows)).toBe(Array.prototype);
    // The rows must not stay reachable through the driver's result (see postgresJsQuery).
    expect(result).toHaveLength(0);
  });
});
