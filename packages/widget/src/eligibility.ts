// Asking the collector whether to show a survey, apart from the first paint (which brings the answer
// with the definition): a later show(), or an older collector. A chunk of its own.
import type { SurveyDefinition } from '@cxkit/core';
import type { Lib } from './chunk-api.js';
import type { CxSurvey } from './cx-survey.js';

/** Whether the collector lets `el` show `d` now; true when it cannot be asked (its veto is advisory). */
export async function eligible(
  el: CxSurvey,
  d: SurveyDefinition,
  { getJson, collectorHeaders }: Lib,
): Promise<boolean> {
  const p = new URLSearchParams({ survey: d.id, account: el.account ?? '' });
  if (el.respondent && !el._anon()) p.set('respondent', el.respondent);
  try {
    const r = (await getJson(
      `${el._base()}/v1/eligibility?${p}`,
      collectorHeaders(el.siteKey, el._tok()),
      'eligibility/failed',
    )) as { eligible?: boolean };
    return r.eligible !== false;
  } catch {
    return true;
  }
}
