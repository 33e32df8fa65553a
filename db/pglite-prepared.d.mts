import type { PGlite } from '@electric-sql/pglite';
import type { RawParam } from './raw-query';

export function preparedStatements(pg: PGlite): {
  /** Rows of the prepared `text` run with `params`. */
  run<T = Record<string, unknown>>(text: string, params?: RawParam[]): Promise<T[]>;
};
