import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/.cxkit-data/**',
      '**/coverage/**',
      '**/custom-elements.json',
      '**/build/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // core is isomorphic: no Node built-ins outside tests and benchmarks.
    files: ['packages/core/src/**/*.ts'],
    ignores: ['packages/core/src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'crypto', 'os'],
              message: '@cxkit/core must stay isomorphic: no Node built-ins.',
            },
          ],
        },
      ],
    },
  },
  {
    // Issue 19: in the server only store files (`*-store.ts`) and `db/` talk to the database, so
    // every query has one home per feature and the rest of the code reads typed results.
    // Syntactic on purpose: it needs no type information, so it stays cheap in `pnpm test`;
    // `c.req.query()` is Hono's query string, not SQL.
    files: ['packages/server/src/**/*.ts'],
    ignores: [
      '**/*-store.ts',
      '**/*.test.ts',
      'packages/server/src/db/**',
      'packages/server/src/test-support/**',
    ],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "CallExpression[callee.type='MemberExpression'][callee.property.name=/^(query|transaction)$/]:not([callee.object.property.name='req'])",
          message:
            "Only *-store.ts files and db/ talk to the database (issue 19): move this statement into a function of the feature's store.",
        },
        {
          selector: 'Literal[value=/^\\s*(SELECT|INSERT|UPDATE|DELETE|WITH)\\s/]',
          message:
            "SQL belongs in a *-store.ts file or db/ (issue 19): move this statement into a function of the feature's store.",
        },
        {
          selector:
            'TemplateLiteral > TemplateElement:first-child[value.raw=/^\\s*(SELECT|INSERT|UPDATE|DELETE|WITH)\\s/]',
          message:
            "SQL belongs in a *-store.ts file or db/ (issue 19): move this statement into a function of the feature's store.",
        },
      ],
    },
  },
  {
    // Issue 19: a promise nobody awaits loses its error (the server runs background jobs, the CLI
    // writes files, handlers are async). Type-aware, so only on the files a tsconfig includes;
    // projectService reuses each package's own tsconfig.
    files: [
      'packages/{cli,core,server}/{src,bench,scripts}/**/*.ts',
      'packages/hubspot-stand-in/src/**/*.ts',
      'packages/hubspot-app/{src,test,shared,scripts}/**/*.{ts,tsx}',
      'packages/widget/src/**/*.ts',
      'demo/{seed,src,test,scripts}/**/*.ts',
      'demo/web/src/**/*.ts',
    ],
    ignores: ['**/*.d.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
);
