import type { Client } from '@hubspot/api-client';
import type { Queryable } from '../db/database.js';
import type { HubSpotGateway } from './hubspot-gateway.js';
import { HubSpotCallError } from './hubspot-gateway.js';
import type { HubSpotPortal } from './hubspot-portals-store.js';
import {
  accountExists,
  accountIsLinked,
  companyLinkOfAccount,
  latestEmailRespondents,
  linkCompany,
  linkedAccount,
  rememberContact,
  rememberedContact,
} from './account-matching-store.js';

/** How an account was matched to a company. */
export type MatchedBy = 'id' | 'domain' | 'contact' | 'manual';

/** Normalises a domain the way accounts are keyed: lowercase, no scheme, no `www.`, no path. */
export function normaliseDomain(d: string): string {
  return d
    .trim()
    .toLowerCase()
    .replace(/^[a-z]+:\/\//, '')
    .replace(/^www\./, '')
    .replace(/[/?#].*$/, '');
}

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
  if (
    (await accountIsLinked(db, portal.tenantId, accountId)) ||
    !(await accountExists(db, portal.tenantId, accountId))
  )
    return undefined;
  await linkCompany(db, portal.tenantId, companyId, accountId, 'domain');
  return accountId;
}

/** A company an account matches, and how. */
export interface CompanyMatch {
  companyId: string;
  matchedBy: MatchedBy;
  /** The link is stored already (false: a match found now, not stored by the lookup). */
  linked: boolean;
}

/** Options of {@link findCompanyForAccount}. */
export interface FindCompanyOptions {
  /** Store what is learnt on the way (contact emails); off for a dry run. */
  remember?: boolean;
  /** Companies to treat as linked already (a dry run's matches so far, which it does not store). */
  claimed?: ReadonlySet<string>;
}

/** How many of an account's latest respondents are looked up as contacts. */
export const CONTACT_MATCH_RESPONDENTS = 5;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The company linked to an account, else the one it would match on first sight (nothing is
 * linked here): the company whose id is the account id, else the company whose domain is the
 * account id, else the company a recent respondent's contact belongs to (see
 * {@link companyOfRespondents}). A company linked to another account is taken only by its own id.
 */
export async function findCompanyForAccount(
  db: Queryable,
  gateway: HubSpotGateway,
  portal: HubSpotPortal,
  accountId: string,
  o: FindCompanyOptions = {},
): Promise<CompanyMatch | undefined> {
  const link = await companyLinkOfAccount(db, portal.tenantId, accountId);
  if (link) return { ...link, linked: true };
  const free = async (companyId: string) =>
    !o.claimed?.has(companyId) && (await linkedAccount(db, portal.tenantId, companyId)) === undefined;
  if (/^\d{1,18}$/.test(accountId)) {
    try {
      await gateway.call(portal, (c: Client) => c.crm.companies.basicApi.getById(accountId, ['domain']));
      // The company's own id is the strongest match: it takes the company from a weaker link.
      return { companyId: accountId, matchedBy: 'id', linked: false };
    } catch (e) {
      if (!(e instanceof HubSpotCallError && e.status === 404)) throw e;
    }
  }
  if (/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(accountId)) {
    const found = await gateway.call(portal, (c: Client) =>
      c.crm.companies.searchApi.doSearch({
        filterGroups: [
          {
            filters: [{ propertyName: 'domain', operator: 'EQ' as never, value: normaliseDomain(accountId) }],
          },
        ],
        properties: ['domain'],
        limit: 2,
        after: '0',
        sorts: [],
      }),
    );
    const company = found.results[0];
    if (company && (await free(company.id)))
      return { companyId: company.id, matchedBy: 'domain', linked: false };
  }
  const viaContact = await companyOfRespondents(db, gateway, portal, accountId, free, o.remember ?? true);
  return viaContact === undefined
    ? undefined
    : { companyId: viaContact, matchedBy: 'contact', linked: false };
}

/**
 * The company of an account's respondents: for each of its latest respondents whose id is an
 * email (at most {@link CONTACT_MATCH_RESPONDENTS}, newest answer first), the HubSpot contact with
 * that email and its primary associated company (else its first); the first such company that is
 * free wins. Answers of a company's contacts roll up to it even when no account id names it.
 */
async function companyOfRespondents(
  db: Queryable,
  gateway: HubSpotGateway,
  portal: HubSpotPortal,
  accountId: string,
  free: (companyId: string) => Promise<boolean>,
  remember: boolean,
): Promise<string | undefined> {
  for (const email of await latestEmailRespondents(
    db,
    portal.tenantId,
    accountId,
    CONTACT_MATCH_RESPONDENTS,
  )) {
    if (!EMAIL.test(email)) continue;
    const contactId = await contactByEmail(db, gateway, portal, email, remember);
    if (contactId === undefined) continue;
    let companies: { id: string; primary: boolean }[];
    try {
      companies = await associatedIds(gateway, portal, 'contacts', contactId, 'companies');
    } catch (e) {
      // A remembered contact deleted since: its respondent maps to nothing.
      if (e instanceof HubSpotCallError && e.status === 404) continue;
      throw e;
    }
    const company = companies.find((c) => c.primary) ?? companies[0];
    if (company && (await free(company.id))) return company.id;
  }
  return undefined;
}

/**
 * The contact with an email: the one remembered in `hubspot_contacts`, else found with the CRM
 * search (`email EQ`) and remembered when `remember` is set.
 */
async function contactByEmail(
  db: Queryable,
  gateway: HubSpotGateway,
  portal: HubSpotPortal,
  email: string,
  remember: boolean,
): Promise<string | undefined> {
  const known = await rememberedContact(db, portal.tenantId, email);
  if (known !== undefined) return known;
  const found = await gateway.call(portal, (c: Client) =>
    c.crm.contacts.searchApi.doSearch({
      filterGroups: [{ filters: [{ propertyName: 'email', operator: 'EQ' as never, value: email }] }],
      properties: ['email'],
      limit: 1,
      after: '0',
      sorts: [],
    }),
  );
  const contact = found.results[0];
  if (!contact) return undefined;
  if (remember) await rememberContact(db, portal.tenantId, contact.id, email);
  return contact.id;
}

/**
 * The company of an account, matching it on first sight (see {@link findCompanyForAccount}) and
 * storing the link, so HubSpot is asked once.
 */
export async function companyForAccount(
  db: Queryable,
  gateway: HubSpotGateway,
  portal: HubSpotPortal,
  accountId: string,
): Promise<string | undefined> {
  const m = await findCompanyForAccount(db, gateway, portal, accountId);
  if (m === undefined) return undefined;
  if (!m.linked) await linkCompany(db, portal.tenantId, m.companyId, accountId, m.matchedBy);
  return m.companyId;
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
    await rememberContact(db, portal.tenantId, contactId, email);
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
