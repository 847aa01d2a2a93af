import { defineConfig } from 'vitest/config';
import { defaultServerConditions } from 'vite';

// Tests run on the TypeScript sources through the `source` export condition,
// so no package needs building before `pnpm test`.
const conditions = ['source', ...defaultServerConditions];

/** One vitest project per package; browser tests run under @web/test-runner instead. */
const project = (name: string, extra: { testTimeout?: number } = {}) => ({
  extends: true as const,
  test: {
    name,
    root: `packages/${name}`,
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts'],
    exclude: ['**/*.browser.test.ts', '**/node_modules/**'],
    ...extra,
  },
});

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['source'] } },
  test: {
    projects: [
      project('core'),
      project('cli', { testTimeout: 30_000 }),
      project('server', { testTimeout: 60_000 }),
      project('hubspot-app'),
      project('hubspot-stand-in'),
      {
        extends: true as const,
        test: { name: 'demo', root: 'demo', include: ['seed/**/*.test.ts', 'src/**/*.test.ts'] },
      },
    ],
  },
});
