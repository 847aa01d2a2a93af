import { defineConfig } from 'vitest/config';
import { defaultServerConditions } from 'vite';

const conditions = ['source', ...defaultServerConditions];

/** The demo's end-to-end tests: the whole demo in-process, driven in Debian's Chromium. */
export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['source'] } },
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['test/**/*.e2e.test.ts'],
    testTimeout: 60_000,
    // seeding 300 accounts takes minutes when the machine is shared
    hookTimeout: 300_000,
    fileParallelism: false,
  },
});
