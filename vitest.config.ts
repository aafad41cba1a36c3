import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Database tests start an embedded PostgreSQL per file: two cores, so two forks.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      // Pure rules (no database, no server): `npm run test:unit`.
      {
        extends: true,
        test: { name: 'unit', include: ['src/**/*.test.ts', 'web/src/**/*.test.ts', 'test/tooling/**/*.test.ts'] },
      },
      // The API and CLI on each database (PGlite, and PostgreSQL when TEST_DATABASE_URL is set).
      {
        extends: true,
        test: { name: 'database', include: ['test/**/*.test.ts'], exclude: ['test/e2e/**', 'test/tooling/**'] },
      },
      // The web app in chromium.
      { extends: true, test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'] } },
    ],
  },
});
