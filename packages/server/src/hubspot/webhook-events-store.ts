import type { Database, Queryable } from '../db/database.js';
import { linkCompany, linkedAccount, unlinkCompany } from './account-matching-store.js';
import { markHubSpotPending } from './pending-accounts-store.js';

/**
 * Moves merged records' cxkit data to the survivor, in one transaction: for companies the account
 * link (the survivor keeps its own, else takes the first merged one's) and the account's values
 * are queued again, since HubSpot kept the survivor's; for contacts the email mapping and
 * invitations; for both the pending HubSpot writes.
 */
export async function mergeRecordData(
  db: Database,
  tenantId: string,
  objectType: 'companies' | 'contacts',
  survivor: string,
  gone: readonly string[],
): Promise<void> {
  const t = tenantId;
  await db.transaction(async (tx) => {
    if (objectType === 'companies') {
      const accounts: string[] = [];
      if ((await linkedAccount(tx, t, survivor)) === undefined)
        for (const m of gone) {
          const account = await linkedAccount(tx, t, m);
          if (account === undefined) continue;
          await linkCompany(tx, t, survivor, account, 'manual');
          accounts.push(account);
          break;
        }
      for (const m of gone) await unlinkCompany(tx, t, m);
      // HubSpot kept the survivor's values; the account's are queued for it again.
      const kept = await linkedAccount(tx, t, survivor);
      if (kept !== undefined) await markHubSpotPending(tx, t, [kept, ...accounts]);
    } else {
      await mergeContacts(tx, t, survivor, gone);
    }
    // Pending writes of a merged record would fail (OBJECT_NOT_FOUND): they go to the survivor.
    await moveMergedWrites(tx, t, objectType, survivor, gone);
  });
}

/**
 * Moves merged contacts' cxkit data to the survivor: the survivor takes the email mapping of the
 * first merged contact when it has none, the merged contacts' mappings go, and their invitations
 * follow the survivor. Run inside the merge's transaction.
 */
async function mergeContacts(
  tx: Queryable,
  tenantId: string,
  survivor: string,
  gone: readonly string[],
): Promise<void> {
  const has = await tx.query('SELECT 1 FROM hubspot_contacts WHERE tenant_id = $1 AND contact_id = $2', [
    tenantId,
    survivor,
  ]);
  if (has.rows.length === 0)
    await tx.query(
      `UPDATE hubspot_contacts SET contact_id = $2 WHERE tenant_id = $1 AND contact_id =
         (SELECT contact_id FROM hubspot_contacts WHERE tenant_id = $1 AND contact_id = ANY ($3::text[])
          ORDER BY contact_id LIMIT 1)`,
      [tenantId, survivor, gone],
    );
  await tx.query('DELETE FROM hubspot_contacts WHERE tenant_id = $1 AND contact_id = ANY ($2::text[])', [
    tenantId,
    gone,
  ]);
  await tx.query(
    'UPDATE survey_invitations SET contact_id = $2 WHERE tenant_id = $1 AND contact_id = ANY ($3::text[])',
    [tenantId, survivor, gone],
  );
}

/**
 * Moves merged records' pending HubSpot writes to the survivor (the latest per property, unless the
 * survivor has its own) and forgets the rest and what was synced to them: writes to a merged record
 * would fail (OBJECT_NOT_FOUND). Run inside the merge's transaction.
 */
async function moveMergedWrites(
  tx: Queryable,
  tenantId: string,
  objectType: string,
  survivor: string,
  gone: readonly string[],
): Promise<void> {
  await tx.query(
    `UPDATE hubspot_outbox o SET object_id = $3 WHERE o.tenant_id = $1 AND o.object_type = $2
       AND o.object_id = ANY ($4::text[])
       AND NOT EXISTS (SELECT 1 FROM hubspot_outbox s WHERE s.tenant_id = $1 AND s.object_type = $2
                         AND s.object_id = $3 AND s.property = o.property)
       AND o.seq = (SELECT max(seq) FROM hubspot_outbox x WHERE x.tenant_id = $1 AND x.object_type = $2
                      AND x.object_id = ANY ($4::text[]) AND x.property = o.property)`,
    [tenantId, objectType, survivor, gone],
  );
  for (const table of ['hubspot_outbox', 'hubspot_synced'])
    await tx.query(
      `DELETE FROM ${table} WHERE tenant_id = $1 AND object_type = $2 AND object_id = ANY ($3::text[])`,
      [tenantId, objectType, gone],
    );
}

/** Names the account linked to a company as the company is named in HubSpot (cut to 200 characters). */
export async function renameCompanyAccount(
  db: Queryable,
  tenantId: string,
  companyId: string,
  name: string,
): Promise<void> {
  await db.query(
    `UPDATE accounts SET name = $3 WHERE tenant_id = $1 AND account_id =
       (SELECT account_id FROM hubspot_companies WHERE tenant_id = $1 AND company_id = $2)`,
    [tenantId, companyId, name.slice(0, 200)],
  );
}

/** Updates a remembered contact's email (trimmed, lowercased). */
export async function updateContactEmail(
  db: Queryable,
  tenantId: string,
  contactId: string,
  email: string,
): Promise<void> {
  await db.query('UPDATE hubspot_contacts SET email = $3 WHERE tenant_id = $1 AND contact_id = $2', [
    tenantId,
    contactId,
    email.trim().toLowerCase(),
  ]);
}
