import type { Queryable } from '../db/database.js';
import type { MatchedBy } from './account-matching.js';

/** Links a company to an account (both ways unique); an existing link of either is replaced. */
export async function linkCompany(
  db: Queryable,
  tenantId: string,
  companyId: string,
  accountId: string,
  matchedBy: MatchedBy,
): Promise<void> {
  await db.query(
    'DELETE FROM hubspot_companies WHERE tenant_id = $1 AND (company_id = $2 OR account_id = $3)',
    [tenantId, companyId, accountId],
  );
  await db.query(
    'INSERT INTO hubspot_companies (tenant_id, company_id, account_id, matched_by) VALUES ($1, $2, $3, $4)',
    [tenantId, companyId, accountId, matchedBy],
  );
}

/** Removes a company's link (the company was deleted in HubSpot). */
export async function unlinkCompany(db: Queryable, tenantId: string, companyId: string): Promise<void> {
  await db.query('DELETE FROM hubspot_companies WHERE tenant_id = $1 AND company_id = $2', [
    tenantId,
    companyId,
  ]);
}

/** The account linked to a company, or undefined. */
export async function linkedAccount(
  db: Queryable,
  tenantId: string,
  companyId: string,
): Promise<string | undefined> {
  const r = await db.query<{ account_id: string }>(
    'SELECT account_id FROM hubspot_companies WHERE tenant_id = $1 AND company_id = $2',
    [tenantId, companyId],
  );
  return r.rows[0]?.account_id;
}

/** Every linked (company, account) pair of a tenant. */
export async function linkedCompanies(
  db: Queryable,
  tenantId: string,
): Promise<{ companyId: string; accountId: string }[]> {
  const r = await db.query<{ company_id: string; account_id: string }>(
    'SELECT company_id, account_id FROM hubspot_companies WHERE tenant_id = $1 ORDER BY account_id',
    [tenantId],
  );
  return r.rows.map((x) => ({ companyId: x.company_id, accountId: x.account_id }));
}

/** Whether cxkit has an account with this id. */
export const accountExists = async (db: Queryable, tenantId: string, accountId: string) =>
  (await db.query('SELECT 1 FROM accounts WHERE tenant_id = $1 AND account_id = $2', [tenantId, accountId]))
    .rows.length > 0;

/** Whether an account is linked to some company. */
export async function accountIsLinked(db: Queryable, tenantId: string, accountId: string): Promise<boolean> {
  const r = await db.query('SELECT 1 FROM hubspot_companies WHERE tenant_id = $1 AND account_id = $2', [
    tenantId,
    accountId,
  ]);
  return r.rows.length > 0;
}

/** The company linked to an account and how it was matched, or undefined. */
export async function companyLinkOfAccount(
  db: Queryable,
  tenantId: string,
  accountId: string,
): Promise<{ companyId: string; matchedBy: MatchedBy } | undefined> {
  const r = await db.query<{ company_id: string; matched_by: MatchedBy }>(
    'SELECT company_id, matched_by FROM hubspot_companies WHERE tenant_id = $1 AND account_id = $2',
    [tenantId, accountId],
  );
  const row = r.rows[0];
  return row && { companyId: row.company_id, matchedBy: row.matched_by };
}

/**
 * An account's latest respondents whose id looks like an email (lowercased), newest answer first,
 * at most `limit`.
 */
export async function latestEmailRespondents(
  db: Queryable,
  tenantId: string,
  accountId: string,
  limit: number,
): Promise<string[]> {
  const r = await db.query<{ respondent_id: string }>(
    `SELECT lower(respondent_id) AS respondent_id FROM latest_scores
     WHERE tenant_id = $1 AND account_id = $2 AND respondent_id LIKE '%_@_%._%'
     GROUP BY lower(respondent_id) ORDER BY max(answered_at) DESC, lower(respondent_id) LIMIT $3`,
    [tenantId, accountId, limit],
  );
  return r.rows.map((x) => x.respondent_id);
}

/** The remembered contact with an email (the lowest id when several share it), or undefined. */
export async function rememberedContact(
  db: Queryable,
  tenantId: string,
  email: string,
): Promise<string | undefined> {
  const r = await db.query<{ contact_id: string }>(
    'SELECT contact_id FROM hubspot_contacts WHERE tenant_id = $1 AND email = $2 ORDER BY contact_id LIMIT 1',
    [tenantId, email],
  );
  return r.rows[0]?.contact_id;
}

/** Remembers a contact's email, so respondents map to contacts by email. */
export async function rememberContact(
  db: Queryable,
  tenantId: string,
  contactId: string,
  email: string,
): Promise<void> {
  await db.query(
    `INSERT INTO hubspot_contacts (tenant_id, contact_id, email) VALUES ($1, $2, $3)
     ON CONFLICT (tenant_id, contact_id) DO UPDATE SET email = excluded.email`,
    [tenantId, contactId, email],
  );
}
