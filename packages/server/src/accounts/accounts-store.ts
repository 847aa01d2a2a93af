import type { Queryable } from '../db/database.js';

/** Every account id of a tenant, in order. */
export async function listAccountIds(db: Queryable, tenantId: string): Promise<string[]> {
  const r = await db.query<{ account_id: string }>(
    'SELECT account_id FROM accounts WHERE tenant_id = $1 ORDER BY account_id',
    [tenantId],
  );
  return r.rows.map((x) => x.account_id);
}

/** Every account of a tenant with answers or with a health or churn computation, in order. */
export async function accountsWithData(db: Queryable, tenantId: string): Promise<string[]> {
  const r = await db.query<{ account_id: string }>(
    `SELECT account_id FROM accounts WHERE tenant_id = $1
     UNION SELECT DISTINCT account_id FROM account_insights WHERE tenant_id = $1 ORDER BY account_id`,
    [tenantId],
  );
  return r.rows.map((x) => x.account_id);
}
