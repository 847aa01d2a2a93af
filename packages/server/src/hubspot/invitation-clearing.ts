import type { Database } from '../db/database.js';
import { clearInvitation, INVITATION_TTL_DAYS, invitationsToClear } from './survey-invitations-store.js';

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
  const out: InvitationClearResult = { answered: 0, expired: 0, queued: 0 };
  for (const inv of await invitationsToClear(db, tenantId, since, LIMIT)) {
    const marker = new URLSearchParams({ 'cx-invitation': inv.id }).toString();
    const r = await clearInvitation(db, tenantId, inv, now, PENDING_SURVEY_URL, marker);
    if (!r.cleared) continue;
    if (inv.answered) out.answered++;
    else out.expired++;
    out.queued += r.queued;
  }
  return out;
}
