import type { Database } from '../db/database.js';
import { INVITATION_TTL_DAYS } from './survey-invitations-store.js';

/** The contact property holding a pending invitation's link. */
export const PENDING_SURVEY_URL = 'cxkit_pending_survey_url';

/** What {@link queueInvitationClears} did. */
export interface InvitationClearResult {
  /** Invitations found answered since they were sent. */
  answered: number;
  /** Invitations that expired unanswered ({@link INVITATION_TTL_DAYS}). */
  expired: number;
  /** Contact properties queued cleared (those still holding the invitation's link). */
  queued: number;
}

/** Invitations handled per call: the worker calls again on its next tick. */
const LIMIT = 500;

/**
 * Queues `cxkit_pending_survey_url` cleared (HubSpot clears a property written empty) for the
 * contacts of invitations answered (a response from the respondent to that survey and account since
 * the invitation) or expired, and marks those invitations `answered` or `expired` and cleared. The
 * property is cleared only while it still holds that invitation's link (the pending value, else the
 * last one HubSpot acknowledged): a newer invitation's link, queued once this one was answered, is
 * never wiped.
 */
export async function queueInvitationClears(
  db: Database,
  tenantId: string,
  now: Date,
): Promise<InvitationClearResult> {
  const since = new Date(now.getTime() - INVITATION_TTL_DAYS * 86_400_000).toISOString();
  const r = await db.query<{ id: string; contact_id: string | null; answered: boolean }>(
    `SELECT i.id, i.contact_id, a.answered
     FROM survey_invitations i
     CROSS JOIN LATERAL (SELECT EXISTS (SELECT 1 FROM responses r WHERE r.tenant_id = i.tenant_id
       AND r.account_id = i.account_id AND r.respondent_id = i.respondent_id AND r.survey_id = i.survey_id
       AND r.answered_at >= i.created_at) AS answered) a
     WHERE i.tenant_id = $1 AND i.cleared_at IS NULL AND (a.answered OR i.created_at < $2)
     ORDER BY i.created_at, i.id LIMIT $3`,
    [tenantId, since, LIMIT],
  );
  const out: InvitationClearResult = { answered: 0, expired: 0, queued: 0 };
  for (const inv of r.rows) {
    const marker = new URLSearchParams({ 'cx-invitation': inv.id }).toString();
    await db.transaction(async (tx) => {
      const done = await tx.query(
        `UPDATE survey_invitations SET status = $3, cleared_at = $4
         WHERE tenant_id = $1 AND id = $2 AND cleared_at IS NULL`,
        [tenantId, inv.id, inv.answered ? 'answered' : 'expired', now.toISOString()],
      );
      if (done.rowCount === 0) return;
      if (inv.answered) out.answered++;
      else out.expired++;
      if (inv.contact_id === null) return;
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
        [tenantId, inv.contact_id, PENDING_SURVEY_URL, marker],
      );
      out.queued += q.rowCount;
    });
  }
  return out;
}
