import type { Client } from '@hubspot/api-client';
import { z } from 'zod';
import type { SurveyRepository } from '../collector/collector.js';
import { getSetting } from '../admin/config-store.js';
import type { Database } from '../db/database.js';
import { checkEligibility } from '../collector/eligibility.js';
import type { Logger } from '../logger.js';
import { accountForCompany, accountForContact, associatedIds, contactEmail } from './account-matching.js';
import { unlinkCompany } from './account-matching-store.js';
import type { HubSpotGateway } from './hubspot-gateway.js';
import type { HubSpotPortal } from './hubspot-portals-store.js';
import { eraseContact } from './privacy-erasure-store.js';
import { enqueueWrites } from './property-outbox-store.js';
import { createInvitation, hasPendingInvitation, type Invitation } from './survey-invitations-store.js';
import { mergeRecordData, renameCompanyAccount, updateContactEmail } from './webhook-events-store.js';
import { eventApplied, recordEventApplied } from './webhook-inbox-store.js';

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

/**
 * Records merged in HubSpot (`object.merge`, https://developers.hubspot.com/changelog/new-subscription-types-for-webhooks):
 * `primaryObjectId` is the record kept, `mergedObjectIds` the ones merged into it, and
 * `newObjectId` the record a merge created, when it created one (then it is the survivor).
 * A merged company's account link, a merged contact's email mapping and invitations, and either's
 * pending HubSpot writes move to the survivor (unless it has its own), so cxkit data stays with it.
 */
async function mergeRecords(
  ctx: WebhookContext,
  portal: HubSpotPortal,
  objectType: 'companies' | 'contacts',
  e: WebhookEvent,
): Promise<void> {
  const id = (v: unknown) => (typeof v === 'number' || typeof v === 'string' ? String(v) : undefined);
  const survivor = id(e['newObjectId']) ?? id(e['primaryObjectId']) ?? String(e.objectId);
  const gone = [
    ...(Array.isArray(e['mergedObjectIds']) ? e['mergedObjectIds'] : []).map(id),
    id(e['primaryObjectId']),
  ].filter((x): x is string => x !== undefined && x !== survivor);
  if (gone.length === 0) return;
  await mergeRecordData(ctx.db, portal.tenantId, objectType, survivor, gone);
}

/** Applies one event (idempotent: running it twice has the effect of once). */
export async function handleWebhookEvent(
  ctx: WebhookContext,
  portal: HubSpotPortal,
  e: WebhookEvent,
): Promise<Invitation[]> {
  const { objectType, action } = eventKind(e);
  const id = String(e.objectId);
  if (objectType === 'companies' && action === 'deletion') {
    await unlinkCompany(ctx.db, portal.tenantId, id);
    return [];
  }
  if ((objectType === 'companies' || objectType === 'contacts') && action === 'merge') {
    await mergeRecords(ctx, portal, objectType, e);
    return [];
  }
  if (objectType === 'contacts' && action === 'privacyDeletion') {
    const r = await eraseContact(ctx.db, {
      tenantId: portal.tenantId,
      contactId: id,
      requestedAt: new Date(e.occurredAt ?? ctx.now().getTime()),
    });
    ctx.logger.info(
      { portalId: portal.portalId, contactId: id, ...r },
      r.identityKnown
        ? "hubspot privacy deletion: the contact's answers were anonymised"
        : 'hubspot privacy deletion: contact unknown to cxkit, nothing of theirs is stored under it',
    );
    return [];
  }
  if (action !== 'propertyChange' || e.propertyValue === undefined) return [];
  if (objectType === 'companies' && e.propertyName === 'name') {
    // The card shows the account's name: keep it HubSpot's.
    await renameCompanyAccount(ctx.db, portal.tenantId, id, e.propertyValue);
    return [];
  }
  if (objectType === 'contacts' && e.propertyName === 'email') {
    await updateContactEmail(ctx.db, portal.tenantId, id, e.propertyValue);
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
    if (await eventApplied(ctx.db, portal.portalId, e.eventId)) {
      out.duplicates++;
      continue;
    }
    out.invitations.push(...(await handleWebhookEvent(ctx, portal, e)));
    await recordEventApplied(ctx.db, portal.portalId, e.eventId);
    out.processed++;
  }
  return out;
}
