import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Database, Queryable } from '../db/database.js';

/** How long an invitation stays pending. */
export const INVITATION_TTL_DAYS = 30;

/** An invitation to answer a survey, as the widget receives it. */
export const InvitationSchema = z.strictObject({
  id: z.string(),
  surveyId: z.string(),
  accountId: z.string(),
  respondentId: z.string(),
  trigger: z.string(),
  createdAt: z.string(),
  url: z.string(),
});

/** An invitation. */
export type Invitation = z.infer<typeof InvitationSchema>;

/** Input of {@link createInvitation}. */
export interface InvitationInput {
  tenantId: string;
  surveyId: string;
  accountId: string;
  respondentId: string;
  contactId?: string | null;
  /** What caused it, e.g. `deal:123:won`; one invitation per trigger and respondent. */
  trigger: string;
}

/** The link a HubSpot workflow emails: the configured portal URL with the invitation id. */
export function invitationUrl(portalUrl: string, id: string): string {
  const u = new URL(portalUrl);
  u.searchParams.set('cx-invitation', id);
  return u.toString();
}

interface Row {
  id: string;
  survey_id: string;
  account_id: string;
  respondent_id: string;
  trigger: string;
  created_at: Date | string;
}

const toInvitation = (r: Row, portalUrl: string): Invitation => ({
  id: r.id,
  surveyId: r.survey_id,
  accountId: r.account_id,
  respondentId: r.respondent_id,
  trigger: r.trigger,
  createdAt: new Date(r.created_at).toISOString(),
  url: invitationUrl(portalUrl, r.id),
});

/**
 * Creates an invitation unless this trigger already invited this respondent (webhook retries
 * and duplicate events are harmless).
 * @returns the new invitation, or null when it existed.
 */
export async function createInvitation(
  db: Queryable,
  input: InvitationInput,
  portalUrl: string,
  now: Date,
): Promise<Invitation | null> {
  const id = `inv_${randomBytes(16).toString('base64url')}`;
  const r = await db.query<Row>(
    `INSERT INTO survey_invitations (tenant_id, id, survey_id, account_id, respondent_id, contact_id, trigger, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING
     RETURNING id, survey_id, account_id, respondent_id, trigger, created_at`,
    [
      input.tenantId,
      id,
      input.surveyId,
      input.accountId,
      input.respondentId,
      input.contactId ?? null,
      input.trigger,
      now.toISOString(),
    ],
  );
  return r.rows[0] ? toInvitation(r.rows[0], portalUrl) : null;
}

/**
 * A respondent's pending invitations, newest first: not expired, and not yet answered (no
 * response from them to that survey since the invitation).
 */
export async function pendingInvitations(
  db: Queryable,
  tenantId: string,
  accountId: string,
  respondentId: string,
  portalUrl: string,
  now: Date,
): Promise<Invitation[]> {
  const since = new Date(now.getTime() - INVITATION_TTL_DAYS * 86_400_000).toISOString();
  const r = await db.query<Row>(
    `SELECT i.id, i.survey_id, i.account_id, i.respondent_id, i.trigger, i.created_at
     FROM survey_invitations i
     WHERE i.tenant_id = $1 AND i.account_id = $2 AND i.respondent_id = $3 AND i.status = 'pending'
       AND i.created_at >= $4
       AND NOT EXISTS (SELECT 1 FROM responses r WHERE r.tenant_id = i.tenant_id AND r.account_id = i.account_id
         AND r.respondent_id = i.respondent_id AND r.survey_id = i.survey_id AND r.answered_at >= i.created_at)
     ORDER BY i.created_at DESC LIMIT 10`,
    [tenantId, accountId, respondentId, since],
  );
  return r.rows.map((row) => toInvitation(row, portalUrl));
}

/** Whether a respondent already has a pending invitation (a fatigue cap: one at a time). */
export async function hasPendingInvitation(
  db: Queryable,
  tenantId: string,
  respondentId: string,
  now: Date,
): Promise<boolean> {
  const since = new Date(now.getTime() - INVITATION_TTL_DAYS * 86_400_000).toISOString();
  const r = await db.query(
    `SELECT 1 FROM survey_invitations i WHERE i.tenant_id = $1 AND i.respondent_id = $2 AND i.status = 'pending'
       AND i.created_at >= $3
       AND NOT EXISTS (SELECT 1 FROM responses r WHERE r.tenant_id = i.tenant_id AND r.account_id = i.account_id
         AND r.respondent_id = i.respondent_id AND r.survey_id = i.survey_id AND r.answered_at >= i.created_at)
     LIMIT 1`,
    [tenantId, respondentId, since],
  );
  return r.rows.length > 0;
}

/** An invitation due to be cleared: answered since it was sent, or expired. */
export interface InvitationToClear {
  /** The invitation. */
  id: string;
  /** Its HubSpot contact, when it has one. */
  contact_id: string | null;
  /** Answered (a response from the respondent to that survey and account since it was sent). */
  answered: boolean;
}

/** Up to `limit` uncleared invitations answered since they were sent or sent before `since`, oldest first. */
export async function invitationsToClear(
  db: Queryable,
  tenantId: string,
  since: string,
  limit: number,
): Promise<InvitationToClear[]> {
  const r = await db.query<InvitationToClear>(
    `SELECT i.id, i.contact_id, a.answered
     FROM survey_invitations i
     CROSS JOIN LATERAL (SELECT EXISTS (SELECT 1 FROM responses r WHERE r.tenant_id = i.tenant_id
       AND r.account_id = i.account_id AND r.respondent_id = i.respondent_id AND r.survey_id = i.survey_id
       AND r.answered_at >= i.created_at) AS answered) a
     WHERE i.tenant_id = $1 AND i.cleared_at IS NULL AND (a.answered OR i.created_at < $2)
     ORDER BY i.created_at, i.id LIMIT $3`,
    [tenantId, since, limit],
  );
  return r.rows;
}

/**
 * Marks an invitation `answered` or `expired` and cleared and, in the same transaction, queues the
 * contact's `property` cleared while it still holds the invitation's link (`marker`: the pending
 * value, else the last one HubSpot acknowledged). `cleared` is false when another run cleared it first.
 */
export async function clearInvitation(
  db: Database,
  tenantId: string,
  inv: InvitationToClear,
  now: Date,
  property: string,
  marker: string,
): Promise<{ cleared: boolean; queued: number }> {
  return db.transaction(async (tx) => {
    const done = await tx.query(
      `UPDATE survey_invitations SET status = $3, cleared_at = $4
       WHERE tenant_id = $1 AND id = $2 AND cleared_at IS NULL`,
      [tenantId, inv.id, inv.answered ? 'answered' : 'expired', now.toISOString()],
    );
    if (done.rowCount === 0) return { cleared: false, queued: 0 };
    if (inv.contact_id === null) return { cleared: true, queued: 0 };
    const q = await tx.query(
      `INSERT INTO hubspot_outbox (tenant_id, object_type, object_id, property, value)
       SELECT $1, 'contacts', $2::text, $3::text, NULL
       WHERE CASE WHEN EXISTS (SELECT 1 FROM hubspot_outbox o WHERE o.tenant_id = $1
                    AND o.object_type = 'contacts' AND o.object_id = $2::text AND o.property = $3::text)
              THEN (SELECT strpos(coalesce(o.value, ''), $4::text) > 0 FROM hubspot_outbox o
                    WHERE o.tenant_id = $1 AND o.object_type = 'contacts' AND o.object_id = $2::text
                      AND o.property = $3::text)
              ELSE coalesce((SELECT strpos(coalesce(s.value, ''), $4::text) > 0 FROM hubspot_synced s
                    WHERE s.tenant_id = $1 AND s.object_type = 'contacts' AND s.object_id = $2::text
                      AND s.property = $3::text), false)
             END
       ON CONFLICT (tenant_id, object_type, object_id, property) DO UPDATE
         SET value = NULL, seq = excluded.seq, enqueued_at = excluded.enqueued_at, failed_at = NULL, error = NULL
         WHERE strpos(coalesce(hubspot_outbox.value, ''), $4::text) > 0`,
      [tenantId, inv.contact_id, property, marker],
    );
    return { cleared: true, queued: q.rowCount };
  });
}
