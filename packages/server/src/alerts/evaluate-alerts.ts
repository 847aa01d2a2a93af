import { evaluateAlertRun, type AlertEvent, type AlertRuleBatch } from '@cxkit/core';
import type { Database } from '../db/database.js';
import type { Logger } from '../logger.js';
import { getAlertChannels } from './alert-channels.js';
import { loadAlertInputs } from './alert-inputs.js';
import { listAlertRules, tenantsWithRules } from './alert-rules-store.js';
import type { AlertView } from './alert-store.js';
import { raiseAlerts } from './raise-alerts.js';

/** What an evaluation did. */
export interface EvaluateAlertsResult {
  /** Rules evaluated. */
  rules: number;
  /** Events found (known ones included). */
  events: number;
  /** Alerts created by this run. */
  raised: AlertView[];
  /** Rules that failed (the others still ran), with the error message. */
  failed: { tenantId: string; ruleId: string; error: string }[];
}

/**
 * Evaluates the enabled rules of one tenant (or of every tenant with rules) at `now` and stores the new alerts.
 * Idempotent: running it again on the same data raises nothing new. The statistical alerts of all the tenant's
 * rules and accounts form one run held to a false-discovery rate (core's {@link evaluateAlertRun}). A rule that fails is reported and
 * logged; the other rules still run.
 */
export async function evaluateAlerts(
  services: { db: Database; logger: Logger; now: () => Date },
  options: { tenantId?: string; now?: Date } = {},
): Promise<EvaluateAlertsResult> {
  const now = options.now ?? services.now();
  const tenants = options.tenantId === undefined ? await tenantsWithRules(services.db) : [options.tenantId];
  const out: EvaluateAlertsResult = { rules: 0, events: 0, raised: [], failed: [] };
  for (const tenantId of tenants) {
    const rules = await listAlertRules(services.db, tenantId, { enabledOnly: true });
    const batches: AlertRuleBatch[] = [];
    for (const rule of rules) {
      out.rules++;
      try {
        batches.push({ rule, targets: await loadAlertInputs(services.db, tenantId, rule, now) });
      } catch (err) {
        const error = err instanceof Error ? err.message : String(err);
        out.failed.push({ tenantId, ruleId: rule.id, error });
        services.logger.warn({ err, tenantId, ruleId: rule.id }, 'alert rule failed');
      }
    }
    // One run: the statistical alerts of every rule and account are held together to the false-discovery rate;
    // a rule that throws (e.g. CES on two scales) is reported and left out, the others still run.
    const events: AlertEvent[] = evaluateAlertRun(batches, {
      now,
      onRuleError: (rule, err) => {
        out.failed.push({
          tenantId,
          ruleId: rule.id,
          error: err instanceof Error ? err.message : String(err),
        });
        services.logger.warn({ err, tenantId, ruleId: rule.id }, 'alert rule failed');
      },
    });
    out.events += events.length;
    if (events.length === 0) continue;
    const channels = await getAlertChannels(services.db, tenantId);
    out.raised.push(...(await raiseAlerts(services.db, tenantId, events, channels, now)));
  }
  return out;
}
