import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

export default defineConfig({
  root,
  // One copy of graphql-js: Node loads its CommonJS build for type-graphql and graphql-scalars;
  // without this, Vite would hand our own code the `.mjs` build and `instanceof` checks would fail.
  resolve: { alias: [{ find: /^graphql$/, replacement: `${root}/node_modules/graphql/index.js` }] },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    setupFiles: ['test/helpers/setup.ts'],
    // One throwaway PostgreSQL server for the whole run, plus seeded templates of both databases.
    globalSetup: ['test/helpers/global-setup.ts'],
  },
});
