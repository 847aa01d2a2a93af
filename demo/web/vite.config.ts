import { fileURLToPath } from 'node:url';
import { defineConfig, defaultClientConditions } from 'vite';

const page = (name: string) => fileURLToPath(new URL(`./${name}.html`, import.meta.url));

// Multi-page build; the `source` condition lets the demo use the widget's TypeScript sources
// without building the widget package first.
export default defineConfig({
  resolve: { conditions: ['source', ...defaultClientConditions] },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rollupOptions: {
      input: {
        index: page('index'),
        portal: page('portal'),
        company: page('company'),
        dashboard: page('dashboard'),
        settings: page('settings'),
      },
    },
  },
});
