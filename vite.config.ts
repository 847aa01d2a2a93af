import { defineConfig } from 'vitest/config';
import { defaultServerConditions } from 'vite';

// Tests run on the TypeScript sources through the `source` export condition,
// so no package needs building before `pnpm test`.
const conditions = ['source', ...defaultServerConditions];

/**
 * Suites that take tens of seconds each (model training, child processes killed mid-write, the built
 * bin): they run in their own project, after every other one, so a quick failure elsewhere shows first
 * and they do not compete for the two cores with the quick suites.
 */
const SLOW = [
  'packages/cli/src/bin.test.ts',
  'packages/cli/src/commands/churn.test.ts',
  'packages/core/src/churn-evaluation.test.ts',
  'packages/core/src/churn-forecast.test.ts',
  'packages/server/src/insights/churn-forecast.test.ts',
  'packages/server/src/crash.test.ts',
];

/** One vitest project per package; browser tests run under @web/test-runner instead. */
const project = (name: string, extra: { testTimeout?: number } = {}) => ({
  extends: true as const,
  test: {
    name,
    root: `packages/${name}`,
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts'],
    exclude: [
      '**/*.browser.test.ts',
      '**/node_modules/**',
      ...SLOW.filter((f) => f.startsWith(`packages/${name}/`)).map((f) =>
        f.slice(`packages/${name}/`.length),
      ),
    ],
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
        test: {
          name: 'demo',
          root: 'demo',
          include: ['seed/**/*.test.ts', 'src/**/*.test.ts', 'web/src/**/*.test.ts'],
        },
      },
      {
        // The widget's Node-driven Chromium runs (strict CSP, Trusted Types, reloads, the manifest): one
        // runner for Node tests; the in-page component tests stay under @web/test-runner.
        extends: true as const,
        test: {
          name: 'widget',
          root: 'packages/widget',
          include: ['test/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true as const,
        test: { name: 'slow', include: SLOW, testTimeout: 120_000, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
