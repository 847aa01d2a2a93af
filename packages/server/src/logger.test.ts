import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { HOOK_TIMEOUT } from './test-support/storage.js';

const SERVER_SRC = fileURLToPath(new URL('./index.ts', import.meta.url));

/** Runs a script in a child Node process (tsx, source condition) and returns its stdout. */
function child(script: string): string {
  const r = spawnSync(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', '--input-type=module', '-e', script],
    {
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  return r.stdout;
}

describe('server logs', () => {
  it(
    "keep a database error's statement and parameters out of the log",
    () => {
      // The fields PGlite's and pg's errors carry: the statement, its parameters, the row's detail.
      const out = child(`
        import { createLogger } from ${JSON.stringify(SERVER_SRC)};
        const err = Object.assign(new Error('invalid input syntax for type integer'), {
          code: '22P02', query: 'SELECT $1::int AS n', params: ['my answer: the product is awful'],
          detail: 'the product is awful',
        });
        createLogger('info').error({ err, job: 'test' }, 'background job failed');
      `);
      const line = JSON.parse(out.trim());
      expect(line.err).toEqual({
        type: 'Error',
        message: 'invalid input syntax for type integer',
        code: '22P02',
        stack: expect.any(String),
      });
      expect(out).not.toContain('awful');
      expect(out).not.toContain('SELECT');
    },
    HOOK_TIMEOUT,
  );

  it(
    'lose no line written before a SIGKILL',
    () => {
      const out = child(`
        import { createLogger } from ${JSON.stringify(SERVER_SRC)};
        const logger = createLogger('info');
        for (let i = 0; i < 2000; i++) logger.info({ i, pad: 'x'.repeat(200) }, 'request');
        process.kill(process.pid, 'SIGKILL');
      `);
      expect(out.trim().split('\n')).toHaveLength(2000);
    },
    HOOK_TIMEOUT,
  );
});
