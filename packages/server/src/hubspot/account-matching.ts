import type { Client } from '@hubspot/api-client';
import type { Queryable } from '../db/database.js';
import type { HubSpotGateway } from './hubspot-gateway.js';
import { HubSpotCallError } from './hubspot-gateway.js';
import type { HubSpotPortal } from './hubspot-portals.js';

/** How an account was matched to a company. */
export type MatchedBy = 'id' | 'domain' | 'manual';

/** Normalises a domain the way accounts are keyed: lowercase, no scheme, no `www.`, no path. */
export function normaliseDomain(d: string): string {
  return d
    .trim()
    .toLowerCase()
    .replace(/^[a-z]+:\/\//, '')
    .replace(/^www\./, '')
    .replace(/[/?#].*$/, '');
}

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

const accountExists = async (db: Queryable, tenantId: string, accountId: string) =>
  (await db.query('SELECT 1 FROM accounts WHERE tenant_id = $1 AND account_id = $2', [tenantId, accountId]))
    .rows.length > 0;

/**
 * The account of a company, matching it on first sight: a cxkit account whose id is the company
 * id, else one whose id is the company's domain. The match is stored, so HubSpot is asked once.
 */
export async function accountForCompany(
  db: Queryable,
  gateway: HubSpotGateway,
  portal: HubSpotPortal,
  companyId: string,
): Promise<string | undefined> {
  const linked = await linkedAccount(db, portal.tenantId, companyId);
  if (linked !== undefined) return linked;
  if (await accountExists(db, portal.tenantId, companyId)) {
    await linkCompany(db, portal.tenantId, companyId, companyId, 'id');
    return companyId;
  }
  let domain: string | null | undefined;
  try {
    const company = await gateway.call(portal, (c: Client) =>
      c.crm.companies.basicApi.getById(companyId, ['domain', 'name']),
    );
    domain = company.properties['domain'];
  } catch (e) {
    if (e instanceof HubSpotCallError && e.status === 404) return undefined;
    throw e;
  }
  if (!domain) return undefined;
  const accountId = normaliseDomain(domain);
  const free = await db.query('SELECT 1 FROM hubspot_companies WHERE tenant_id = $1 AND account_id = $2', [
    portal.tenantId,
    accountId,
  ]);
  if (free.rows.length > 0 || !(await accountExists(db, portal.tenantId, accountId))) return undefined;
  await linkCompany(db, portal.tenantId, companyId, accountId, 'domain');
  return accountId;
}

/**
 * The company of an account, matching it on first sight: the company whose id is the account id,
 * else the company whose domain is the account id.
 */
export async function companyForAccount(
  db: Queryable,
  gateway: HubSpotGateway,
  portal: HubSpotPortal,
  accountId: string,
): Promise<string | undefined> {
  const r = await db.query<{ company_id: string }>(
    'SELECT company_id FROM hubspot_companies WHERE tenant_id = $1 AND account_id = $2',
    [portal.tenantId, accountId],
  );
  if (r.rows[0]) return r.rows[0].company_id;
  if (/^\d{1,18}$/.test(accountId)) {
    try {
      await gateway.call(portal, (c: Client) => c.crm.companies.basicApi.getById(accountId, ['domain']));
      await linkCompany(db, portal.tenantId, accountId, accountId, 'id');
      return accountId;
    } catch (e) {
      if (!(e instanceof HubSpotCallError && e.status === 404)) throw e;
    }
  }
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(accountId)) return undefined;
  const found = await gateway.call(portal, (c: Client) =>
    c.crm.companies.searchApi.doSearch({
      filterGroups: [
        { filters: [{ propertyName: 'domain', operator: 'EQ' as never, value: normaliseDomain(accountId) }] },
      ],
      properties: ['domain'],
      limit: 2,
      after: '0',
      sorts: [],
    }),
  );
  const company = found.results[0];
  if (!company) return undefined;
  const taken = await linkedAccount(db, portal.tenantId, company.id);
  if (taken !== undefined) return undefined;
  await linkCompany(db, portal.tenantId, company.id, accountId, 'domain');
  return company.id;
}

/** A contact's email (lowercased), remembered so respondents map to contacts by email. */
export async function contactEmail(
  db: Queryable,
  gateway: HubSpotGateway,
  portal: HubSpotPortal,
  contactId: string,
): Promise<string | undefined> {
  try {
    const contact = await gateway.call(portal, (c: Client) =>
      c.crm.contacts.basicApi.getById(contactId, ['email']),
    );
    const email = contact.properties['email']?.trim().toLowerCase();
    if (!email) return undefined;
    await db.query(
      `INSERT INTO hubspot_contacts (tenant_id, contact_id, email) VALUES ($1, $2, $3)
       ON CONFLICT (tenant_id, contact_id) DO UPDATE SET email = excluded.email`,
      [portal.tenantId, contactId, email],
    );
    return email;
  } catch (e) {
    if (e instanceof HubSpotCallError && e.status === 404) return undefined;
    throw e;
  }
}

/** Ids of the records of `toType` associated with a record (v4 associations, every page). */
export async function associatedIds(
  gateway: HubSpotGateway,
  portal: HubSpotPortal,
  fromType: string,
  fromId: string,
  toType: string,
): Promise<{ id: string; primary: boolean }[]> {
  const out: { id: string; primary: boolean }[] = [];
  let after: string | undefined;
  do {
    const page = await gateway.call(portal, (c: Client) =>
      c.crm.associations.v4.basicApi.getPage(fromType, fromId, toType, after, 500),
    );
    for (const r of page.results)
      out.push({
        id: String(r.toObjectId),
        primary: r.associationTypes.some((t) => (t.label ?? '').toLowerCase() === 'primary'),
      });
    after = page.paging?.next?.after;
  } while (after);
  return out;
}

/**
 * The account a contact's answers roll up to: the account of its primary associated company,
 * else of the first associated company that has one.
 */
export async function accountForContact(
  db: Queryable,
  gateway: HubSpotGateway,
  portal: HubSpotPortal,
  contactId: string,
): Promise<string | undefined> {
  const companies = await associatedIds(gateway, portal, 'contacts', contactId, 'companies');
  companies.sort((a, b) => Number(b.primary) - Number(a.primary));
  for (const c of companies) {
    const account = await accountForCompany(db, gateway, portal, c.id);
    if (account !== undefined) return account;
  }
  return undefined;
}
