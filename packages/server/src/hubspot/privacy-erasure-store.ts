import { randomUUID } from 'node:crypto';
import type { Database } from '../db/database.js';

/** What an erasure did. */
export interface ErasureResult {
  /** Whether cxkit knew who the contact was (its email, learnt when the contact was matched). */
  identityKnown: boolean;
  /** Answers anonymised: identity and attributes removed, open-text answers emptied. */
  responses: number;
}

/**
 * Erases a HubSpot contact's personal data after HubSpot's `contact.privacyDeletion` (a GDPR delete
 * in HubSpot): the person's answers lose their identity (respondent id replaced by a random
 * pseudonym, so per-person roll-ups still count them once), their attributes and the text of open
 * answers (and its analysis); their invitations, contact mapping and pending HubSpot writes go.
 * Scores stay, so the anonymous aggregates (NPS, CSAT, ...) do not change. The erasure is recorded
 * (portal contact id, time, count), never the person's identity.
 */
export async function eraseContact(
  db: Database,
  o: { tenantId: string; contactId: string; requestedAt: Date },
): Promise<ErasureResult> {
  return db.transaction(async (tx) => {
    const known = await tx.query<{ email: string }>(
      'SELECT email FROM hubspot_contacts WHERE tenant_id = $1 AND contact_id = $2',
      [o.tenantId, o.contactId],
    );
    const email = known.rows[0]?.email;
    let responses = 0;
    if (email !== undefined) {
      const pseudonym = `erased-${randomUUID()}`;
      const ids = await tx.query<{ id: string }>(
        `UPDATE responses SET respondent_id = $3, attributes = NULL, has_text = false,
           answers = (SELECT coalesce(jsonb_agg(CASE WHEN a->>'kind' = 'text'
                        THEN jsonb_set(a, '{value}', 'null'::jsonb) ELSE a END), '[]'::jsonb)
                      FROM jsonb_array_elements(answers) AS a)
         WHERE tenant_id = $1 AND lower(respondent_id) = $2 RETURNING id`,
        [o.tenantId, email, pseudonym],
      );
      responses = ids.rows.length;
      await tx.query(
        'DELETE FROM verbatim_analyses WHERE tenant_id = $1 AND response_id = ANY ($2::uuid[])',
        [o.tenantId, ids.rows.map((r) => r.id)],
      );
      await tx.query(
        'UPDATE latest_scores SET respondent_id = $3 WHERE tenant_id = $1 AND lower(respondent_id) = $2',
        [o.tenantId, email, pseudonym],
      );
      await tx.query('DELETE FROM survey_invitations WHERE tenant_id = $1 AND lower(respondent_id) = $2', [
        o.tenantId,
        email,
      ]);
    }
    await tx.query('DELETE FROM survey_invitations WHERE tenant_id = $1 AND contact_id = $2', [
      o.tenantId,
      o.contactId,
    ]);
    await tx.query('DELETE FROM hubspot_contacts WHERE tenant_id = $1 AND contact_id = $2', [
      o.tenantId,
      o.contactId,
    ]);
    await tx.query(
      `DELETE FROM hubspot_outbox WHERE tenant_id = $1 AND object_type = 'contacts' AND object_id = $2`,
      [o.tenantId, o.contactId],
    );
    await tx.query(
      `DELETE FROM hubspot_synced WHERE tenant_id = $1 AND object_type = 'contacts' AND object_id = $2`,
      [o.tenantId, o.contactId],
    );
    await tx.query(
      `INSERT INTO privacy_erasures (tenant_id, source, subject_ref, requested_at, responses, identity_known)
       VALUES ($1, 'hubspot:contact.privacyDeletion', $2, $3, $4, $5)`,
      [o.tenantId, o.contactId, o.requestedAt.toISOString(), responses, email !== undefined],
    );
    return { identityKnown: email !== undefined, responses };
  });
}
