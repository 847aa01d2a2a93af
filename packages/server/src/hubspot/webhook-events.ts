import type { Client } from '@hubspot/api-client';
import { z } from 'zod';
import type { SurveyRepository } from '../collector.js';
import { getSetting } from '../config-store.js';
import type { Database } from '../db/database.js';
import { checkEligibility } from '../eligibility.js';
import type { Logger } from '../logger.js';
import {
  accountForCompany,
  accountForContact,
  associatedIds,
  contactEmail,
  linkCompany,
  linkedAccount,
  unlinkCompany,
} from './account-matching.js';
import type { HubSpotGateway } from './hubspot-gateway.js';
import type { HubSpotPortal } from './hubspot-portals.js';
import { enqueueWrites } from './property-outbox.js';
import { createInvitation, hasPendingInvitation, type Invitation } from './survey-invitations.js';

/** One event of a HubSpot webhook delivery (v3 payload; unknown fields are kept). */
export const WebhookEventSchema = z.looseObject({
  eventId: z.number().int(),
  portalId: z.number().int(),
  subscriptionType: z.string().min(1),
  objectId: z.number().int(),
  objectTypeId: z.string().optional(),
  propertyName: z.string().optional(),
  propertyValue: z.string().optional(),
  occurredAt: z.number().optional(),
  changeSource: z.string().optional(),
});

/** A webhook delivery: a JSON array of events (HubSpot sends at most 100). */
export const WebhookDeliverySchema = z.array(WebhookEventSchema).max(1000);

/** A webhook event. */
export type WebhookEvent = z.infer<typeof WebhookEventSchema>;

const TYPE_IDS: Record<string, string> = {
  '0-1': 'contacts',
  '0-2': 'companies',
  '0-3': 'deals',
  '0-5': 'tickets',
};
const LEGACY: Record<string, string> = {
  contact: 'contacts',
  company: 'companies',
  deal: 'deals',
  ticket: 'tickets',
};

/** The object type and action of an event (`deal.propertyChange` or `object.propertyChange` + objectTypeId). */
export function eventKind(e: WebhookEvent): { objectType: string | undefined; action: string } {
  const [prefix, action = ''] = e.subscriptionType.split('.');
  const objectType = prefix === 'object' ? TYPE_IDS[e.objectTypeId ?? ''] : LEGACY[prefix ?? ''];
  return { objectType, action };
}

/** What the processing of one delivery did. */
export interface WebhookOutcome {
  processed: number;
  duplicates: number;
  invitations: Invitation[];
}

/** Services webhook processing needs. */
export interface WebhookContext {
  db: Database;
  gateway: HubSpotGateway;
  surveys: SurveyRepository;
  logger: Logger;
  portalUrl: string;
  now: () => Date;
}

interface StageInfo {
  closedWon: boolean;
  closed: boolean;
}

const pipelineCache = new Map<string, { at: number; stages: Map<string, StageInfo> }>();

/**
 * The stages of every pipeline of an object type (custom pipelines included), cached a minute
 * (an unknown stage id refreshes the cache: someone added a pipeline or a stage):
 * a deal stage is closed-won when it is closed with probability 1; a ticket stage is closed when
 * its `ticketState` is CLOSED.
 */
export async function pipelineStages(
  gateway: HubSpotGateway,
  portal: HubSpotPortal,
  objectType: 'deals' | 'tickets',
  now: number,
  stageId?: string,
): Promise<Map<string, StageInfo>> {
  const key = `${portal.portalId}:${objectType}`;
  const hit = pipelineCache.get(key);
  if (hit && now - hit.at < 60_000 && (stageId === undefined || hit.stages.has(stageId))) return hit.stages;
  const r = await gateway.call(portal, (c: Client) => c.crm.pipelines.pipelinesApi.getAll(objectType));
  const stages = new Map<string, StageInfo>();
  for (const p of r.results)
    for (const s of p.stages) {
      const m = s.metadata as Record<string, string | undefined>;
      const closed = m['isClosed'] === 'true' || m['ticketState'] === 'CLOSED';
      stages.set(s.id, { closed, closedWon: closed && Number(m['probability']) === 1 });
    }
  pipelineCache.set(key, { at: now, stages });
  return stages;
}

async function invite(
  ctx: WebhookContext,
  portal: HubSpotPortal,
  objectType: 'deals' | 'tickets',
  objectId: string,
  trigger: string,
  surveyId: string,
): Promise<Invitation[]> {
  const survey = await ctx.surveys.get(portal.tenantId, surveyId);
  if (!survey) {
    ctx.logger.warn(
      { portalId: portal.portalId, surveyId },
      'hubspot trigger: survey not found; no invitation',
    );
    return [];
  }
  const companies = await associatedIds(ctx.gateway, portal, objectType, objectId, 'companies');
  companies.sort((a, b) => Number(b.primary) - Number(a.primary));
  let dealAccount: string | undefined;
  for (const c of companies) {
    dealAccount = await accountForCompany(ctx.db, ctx.gateway, portal, c.id);
    if (dealAccount !== undefined) break;
  }
  const caps = await getSetting(ctx.db, portal.tenantId, 'fatigue');
  const out: Invitation[] = [];
  for (const contact of await associatedIds(ctx.gateway, portal, objectType, objectId, 'contacts')) {
    const email = await contactEmail(ctx.db, ctx.gateway, portal, contact.id);
    if (!email) continue;
    const account = dealAccount ?? (await accountForContact(ctx.db, ctx.gateway, portal, contact.id));
    if (account === undefined) continue;
    const now = ctx.now();
    if (await hasPendingInvitation(ctx.db, portal.tenantId, email, now)) continue;
    const eligible = await checkEligibility(ctx.db, portal.tenantId, survey, account, email, caps, now);
    if (!eligible.eligible) continue;
    const inv = await createInvitation(
      ctx.db,
      {
        tenantId: portal.tenantId,
        surveyId: survey.id,
        accountId: account,
        respondentId: email,
        contactId: contact.id,
        trigger,
      },
      ctx.portalUrl,
      now,
    );
    if (!inv) continue;
    await enqueueWrites(ctx.db, portal.tenantId, [
      { objectType: 'contacts', objectId: contact.id, property: 'cxkit_pending_survey_url', value: inv.url },
    ]);
    out.push(inv);
  }
  return out;
}

/** Companies merged into one: a link of a merged company moves to the surviving one (unless it has its own). */
async function moveMergedLink(ctx: WebhookContext, portal: HubSpotPortal, e: WebhookEvent): Promise<void> {
  const primary = String(e['primaryObjectId'] ?? e['newObjectId'] ?? e.objectId);
  const merged = (Array.isArray(e['mergedObjectIds']) ? e['mergedObjectIds'] : []).map(String);
  if ((await linkedAccount(ctx.db, portal.tenantId, primary)) !== undefined) {
    for (const m of merged) if (m !== primary) await unlinkCompany(ctx.db, portal.tenantId, m);
    return;
  }
  for (const m of merged) {
    const account = await linkedAccount(ctx.db, portal.tenantId, m);
    if (account === undefined) continue;
    await linkCompany(ctx.db, portal.tenantId, primary, account, 'manual');
    return;
  }
}

/** GDPR deletion in HubSpot: the contact's email mapping and invitations are deleted here too. */
async function forgetContact(ctx: WebhookContext, portal: HubSpotPortal, contactId: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    await tx.query('DELETE FROM survey_invitations WHERE tenant_id = $1 AND contact_id = $2', [
      portal.tenantId,
      contactId,
    ]);
    await tx.query('DELETE FROM hubspot_contacts WHERE tenant_id = $1 AND contact_id = $2', [
      portal.tenantId,
      contactId,
    ]);
    await tx.query(
      `DELETE FROM hubspot_outbox WHERE tenant_id = $1 AND object_type = 'contacts' AND object_id = $2`,
      [portal.tenantId, contactId],
    );
  });
}

async function handle(ctx: WebhookContext, portal: HubSpotPortal, e: WebhookEvent): Promise<Invitation[]> {
  const { objectType, action } = eventKind(e);
  const id = String(e.objectId);
  if (objectType === 'companies' && action === 'deletion') {
    await unlinkCompany(ctx.db, portal.tenantId, id);
    return [];
  }
  if (objectType === 'companies' && action === 'merge') {
    await moveMergedLink(ctx, portal, e);
    return [];
  }
  if (objectType === 'contacts' && action === 'privacyDeletion') {
    await forgetContact(ctx, portal, id);
    return [];
  }
  if (action !== 'propertyChange' || e.propertyValue === undefined) return [];
  if (objectType === 'companies' && e.propertyName === 'name') {
    // The card shows the account's name: keep it HubSpot's.
    await ctx.db.query(
      `UPDATE accounts SET name = $3 WHERE tenant_id = $1 AND account_id =
         (SELECT account_id FROM hubspot_companies WHERE tenant_id = $1 AND company_id = $2)`,
      [portal.tenantId, id, e.propertyValue.slice(0, 200)],
    );
    return [];
  }
  if (objectType === 'contacts' && e.propertyName === 'email') {
    await ctx.db.query('UPDATE hubspot_contacts SET email = $3 WHERE tenant_id = $1 AND contact_id = $2', [
      portal.tenantId,
      id,
      e.propertyValue.trim().toLowerCase(),
    ]);
    return [];
  }
  if (objectType === 'deals' && e.propertyName === 'dealstage') {
    const stage = (
      await pipelineStages(ctx.gateway, portal, 'deals', ctx.now().getTime(), e.propertyValue)
    ).get(e.propertyValue);
    if (!stage?.closedWon) return [];
    return invite(ctx, portal, 'deals', id, `deal:${id}:won`, portal.dealSurveyId);
  }
  if (objectType === 'tickets' && e.propertyName === 'hs_pipeline_stage') {
    const stage = (
      await pipelineStages(ctx.gateway, portal, 'tickets', ctx.now().getTime(), e.propertyValue)
    ).get(e.propertyValue);
    if (!stage?.closed) return [];
    return invite(ctx, portal, 'tickets', id, `ticket:${id}:closed`, portal.ticketSurveyId);
  }
  return [];
}

/**
 * Processes a delivery's events for one portal, each once: an event already processed (HubSpot
 * retries, duplicates) is skipped; an event is recorded as processed only after its effects are
 * stored, and its effects are idempotent, so a failure mid-delivery is safely retried.
 */
export async function processWebhookEvents(
  ctx: WebhookContext,
  portal: HubSpotPortal,
  events: readonly WebhookEvent[],
): Promise<WebhookOutcome> {
  const out: WebhookOutcome = { processed: 0, duplicates: 0, invitations: [] };
  const ordered = [...events].sort(
    (a, b) => (a.occurredAt ?? 0) - (b.occurredAt ?? 0) || a.eventId - b.eventId,
  );
  for (const e of ordered) {
    const seen = await ctx.db.query(
      'SELECT 1 FROM hubspot_webhook_events WHERE portal_id = $1 AND event_id = $2',
      [portal.portalId, e.eventId],
    );
    if (seen.rows.length > 0) {
      out.duplicates++;
      continue;
    }
    out.invitations.push(...(await handle(ctx, portal, e)));
    await ctx.db.query(
      'INSERT INTO hubspot_webhook_events (portal_id, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING',
      [portal.portalId, e.eventId],
    );
    out.processed++;
  }
  return out;
}
