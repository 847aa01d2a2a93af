import { isConfigPreview, type ConfigPreview } from './cx-config.ts';
import type { HubSpotFetch } from './cxkit-server.ts';

/** How well a weight set ranked later churn on the tenant's history. */
export interface WeightSetCheck {
  /** ROC AUC of (100 - score) for churn within the horizon; 0.5 = chance. */
  auc: number;
  /** Snapshots scored. */
  rows: number;
  /** Of which churned within the horizon. */
  events: number;
}

/** `GET /v1/hubspot/config/health-weights`: the current weights against later churn and a suggested set. */
export interface WeightsValidation {
  current: WeightSetCheck;
  suggested: WeightSetCheck;
  /** Suggested weights by component key (integers summing to 100; 0 drops a component). */
  weights: Record<string, number>;
  /** Each component alone against later churn. */
  components: { key: string; label: string; auc: number | null; rows: number }[];
  /** First validation cut-off (ISO): the suggestion learned only from earlier cut-offs. */
  validationFrom: string;
  /** The suggestion ranks later churn better (AUC higher by at least 0.01). */
  better: boolean;
  /** Horizon of "later churn", days. */
  horizonDays: number;
  /** The band changes adopting the suggestion would bring today. */
  preview: ConfigPreview;
}

function isValidation(x: unknown): x is WeightsValidation {
  const v = x as WeightsValidation | null;
  return (
    typeof v?.current?.auc === 'number' &&
    typeof v.suggested?.auc === 'number' &&
    typeof v.weights === 'object' &&
    v.weights !== null &&
    typeof v.better === 'boolean' &&
    typeof v.horizonDays === 'number' &&
    isConfigPreview(v.preview)
  );
}

/** Asks cxkit to check the saved health weights against later churn; an error comes back in words for the admin. */
export async function fetchWeightsValidation(
  fetcher: HubSpotFetch,
  serverUrl: string,
): Promise<{ ok: true; validation: WeightsValidation } | { ok: false; message: string }> {
  try {
    const res = await fetcher(`${serverUrl}/v1/hubspot/config/health-weights`, { method: 'GET' });
    if (res.status === 422)
      return {
        ok: false,
        message:
          'Not enough accounts have churned in your history yet to judge the weights against what happened.',
      };
    if (!res.ok) return { ok: false, message: `cxkit refused the request (HTTP ${res.status})` };
    const body: unknown = await res.json();
    return isValidation(body)
      ? { ok: true, validation: body }
      : { ok: false, message: 'cxkit sent a weights check the page cannot read.' };
  } catch {
    return { ok: false, message: 'cxkit could not be reached.' };
  }
}
