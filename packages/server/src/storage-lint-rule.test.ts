import { fileURLToPath } from 'node:url';
import { ESLint, Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

// The repository's own ESLint configuration decides which files may run SQL (issue 19); this
// checks that decision and the rule's reach on sample code, without type information.
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const eslint = new ESLint({ cwd: ROOT });

/** The storage rule's messages for `code` as if it were the file at `path` (repository-relative). */
async function storageErrors(path: string, code: string): Promise<string[]> {
  const config = (await eslint.calculateConfigForFile(path)) as { rules?: Record<string, unknown> };
  const rule = config.rules?.['no-restricted-syntax'];
  if (rule === undefined) return [];
  const messages = new Linter({ configType: 'flat' }).verify(
    code,
    [
      {
        files: ['**/*.ts'],
        languageOptions: { parser: tseslint.parser },
        rules: { 'no-restricted-syntax': rule as Linter.RuleEntry },
      },
    ],
    { filename: `${ROOT}${path}` },
  );
  return messages.map((m) => m.message);
}

const QUERY =
  "export const n = (db) => db.query('SELECT count(*) FROM responses WHERE tenant_id = $1', ['t']);";

describe('only store files talk to the database', () => {
  it('refuses a query, its SQL and a transaction in a feature file', async () => {
    const errors = await storageErrors('packages/server/src/collector/collector.ts', QUERY);
    expect(errors).toHaveLength(2);
    expect(errors.every((m) => m.includes('*-store.ts'))).toBe(true);
    expect(
      await storageErrors(
        'packages/server/src/hubspot/sync-worker.ts',
        'export const f = (db) => db.transaction(async () => 1);',
      ),
    ).toHaveLength(1);
    expect(
      await storageErrors(
        'packages/server/src/app.ts',
        'export const sql = `\n  UPDATE accounts SET name = $2 WHERE account_id = $1`;',
      ),
    ).toHaveLength(1);
  });

  it('lets store files, db/ and tests run SQL', async () => {
    for (const path of [
      'packages/server/src/collector/responses-store.ts',
      'packages/server/src/db/ping.ts',
      'packages/server/src/collector/collector.test.ts',
    ])
      expect(await storageErrors(path, QUERY), path).toEqual([]);
  });

  it("does not mistake Hono's query string or prose for SQL", async () => {
    const code = [
      "export const q = (c) => c.req.query('account');",
      "export const why = 'With a signed identity, answers count for the account.';",
    ].join('\n');
    expect(await storageErrors('packages/server/src/accounts/account-routes.ts', code)).toEqual([]);
  });
});
