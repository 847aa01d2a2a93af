import type { Logger } from '../logger.js';
import { HubSpotCallError, PortalNeedsReconnect } from './hubspot-gateway.js';
import { DailyLimitReached } from './portal-rate-limiter.js';

/** Attempts after which a task HubSpot keeps failing (5xx, network) is given up. */
export const MAX_TASK_ATTEMPTS = 8;

/** What one pass over a portal's queued HubSpot tasks did. */
export interface TaskDrainResult {
  /** Tasks now in HubSpot (created by this pass, or found there after a lost answer). */
  created: number;
  /** Tasks given up: nothing to attach them to, refused by HubSpot, or out of attempts. */
  failed: number;
  /** Set when the daily limit parked the portal: the rest waits until then. */
  parkedUntil: Date | null;
  /** Set when HubSpot kept failing: the rest waits for the next pass. */
  stoppedBy: string | null;
}

/** The outcome of one task, as its queue records it. */
export type TaskOutcome =
  { status: 'created'; taskId: string } | { status: 'retry' | 'failed'; error: string };

/**
 * One pass of a HubSpot task outbox (alert tasks, action-plan checkpoint tasks), oldest task first: `create`
 * returns HubSpot's task id, or a reason string when the task has nowhere to go (given up). A 4xx gives the
 * task up; a 5xx or network error after the gateway's retries counts an attempt and stops the pass (given
 * up after {@link MAX_TASK_ATTEMPTS}); the daily limit or a portal needing reconnection stops the pass and
 * leaves the task as it was. `mark` records each outcome.
 */
export async function drainTaskOutbox<T extends { attempts: number }>(o: {
  tasks: readonly T[];
  create(task: T): Promise<{ taskId: string } | { noTarget: string }>;
  mark(task: T, outcome: TaskOutcome): Promise<void>;
  logger: Logger;
  /** What the logs say about a task (its ids). */
  describe(task: T): Record<string, unknown>;
  /** The log messages' subject, e.g. `hubspot alert task`. */
  what: string;
  signal?: AbortSignal | undefined;
}): Promise<TaskDrainResult> {
  const out: TaskDrainResult = { created: 0, failed: 0, parkedUntil: null, stoppedBy: null };
  for (const task of o.tasks) {
    if (o.signal?.aborted) break;
    try {
      const r = await o.create(task);
      if ('noTarget' in r) {
        await o.mark(task, { status: 'failed', error: r.noTarget });
        out.failed++;
        continue;
      }
      await o.mark(task, { status: 'created', taskId: r.taskId });
      out.created++;
    } catch (e) {
      if (e instanceof DailyLimitReached) {
        out.parkedUntil = e.resetAt;
        break;
      }
      // The app was uninstalled or its token revoked: the task waits for the reinstall, no attempt counted.
      if (e instanceof PortalNeedsReconnect) {
        out.stoppedBy = e.message;
        break;
      }
      if (!(e instanceof HubSpotCallError)) throw e;
      const permanent = (e.status !== null && e.status < 500) || task.attempts + 1 >= MAX_TASK_ATTEMPTS;
      const error = `HTTP ${e.status ?? 'network'}: ${e.message}`;
      await o.mark(task, { status: permanent ? 'failed' : 'retry', error });
      o.logger.warn(
        { ...o.describe(task), status: e.status },
        permanent ? `${o.what} failed` : `${o.what} will be retried`,
      );
      if (permanent) out.failed++;
      else {
        out.stoppedBy = error;
        break;
      }
    }
  }
  return out;
}
