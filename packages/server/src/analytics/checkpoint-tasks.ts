import { createHash } from 'node:crypto';
import { escapeHtml, type ActionPlan } from '@cxkit/core';

const METRIC = { nps: 'NPS', csat: 'CSAT', ces: 'CES', c2es: 'C2ES' } as const;

/** A checkpoint task as queued: what `POST /crm/v3/objects/tasks` will carry. */
export interface CheckpointTaskFields {
  /** The checkpoint (`YYYY-MM-DD`). */
  checkpoint: string;
  /** `hubspot_owner_id`: the plan's owner. */
  ownerId: string;
  /** `hs_task_subject`. */
  subject: string;
  /** `hs_task_body`: escaped HTML, ending with the task's marker. */
  body: string;
  /** `hs_timestamp`: noon UTC of the checkpoint, the same calendar day from Honolulu to Auckland. */
  dueAt: string;
}

/**
 * The one-word marker that ends a checkpoint task's body: how a retry finds the task a lost answer left
 * behind (HubSpot's search matches whole tokens, split on non-word characters, so it is letters and digits).
 */
export function checkpointTaskMarker(tenantId: string, actionId: string, checkpoint: string): string {
  const h = createHash('sha256').update(`${tenantId}\u0000${actionId}\u0000${checkpoint}`).digest('hex');
  return `cxkitcheckpoint${h.slice(0, 24)}`;
}

const scopeText = (s: ActionPlan['objective']['scope']) =>
  s.type === 'portfolio'
    ? 'the whole portfolio'
    : s.type === 'segment'
      ? `${s.attribute} = ${s.value}`
      : `role ${s.role}`;

/**
 * The tasks an action plan asks for: one per checkpoint for the owner, or none when tasks are off, the owner
 * has no HubSpot id, or the action is done or abandoned. HubSpot renders `hs_task_body` as HTML: the action's
 * title (entered by an admin) is escaped.
 */
export function checkpointTasks(
  tenantId: string,
  action: { id: string; title: string },
  plan: ActionPlan | null,
): CheckpointTaskFields[] {
  if (!plan?.createHubSpotTasks || plan.owner.hubspotOwnerId === null) return [];
  if (plan.status === 'done' || plan.status === 'abandoned') return [];
  const o = plan.objective;
  return plan.checkpoints.map((checkpoint, i) => ({
    checkpoint,
    ownerId: plan.owner.hubspotOwnerId!,
    subject: `cxkit checkpoint ${i + 1}/${plan.checkpoints.length}: ${action.title}`.slice(0, 250),
    body:
      escapeHtml(
        `Review "${action.title}": ${METRIC[o.metric]} on ${scopeText(o.scope)}, target ${o.target} by ${o.deadline}. ` +
          `The plan page shows the ${METRIC[o.metric]} measured since the previous checkpoint, with its interval.`,
      ) + `<br>${checkpointTaskMarker(tenantId, action.id, checkpoint)}`,
    dueAt: `${checkpoint}T12:00:00.000Z`,
  }));
}
