import path from 'node:path';
import { defineConfig } from 'vitest/config';

// Groups run one after another (unit, then each database), each with its own workers.
const integration = (name: string, env: Record<string, string>, groupOrder: number) => ({
  extends: true as const,
  test: {
    name,
    sequence: { groupOrder },
    include: ['tests/integration/**/*.test.ts'],
    env,
    pool: 'forks' as const,
    // Each file boots its own server and database; two at a time fit 2 cores.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

export default defineConfig({
  resolve: { alias: { '@': path.resolve(import.meta.dirname) } },
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['lib/**/*.test.ts', 'db/**/*.test.ts'], environment: 'node', sequence: { groupOrder: 0 } },
      },
      integration('integration:pglite', { TEST_DB: 'pglite' }, 1),
      ...(process.env.TEST_DATABASE_URL ? [integration('integration:postgres', { TEST_DB: 'postgres' }, 2)] : []),
    ],
  },
});
