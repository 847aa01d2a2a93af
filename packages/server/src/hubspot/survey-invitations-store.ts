import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Queryable } from '../db/database.js';

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
