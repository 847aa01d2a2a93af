// Invitation mode (`invitations`): a chunk of its own, loaded only by pages that use it.
import type { Lib } from './chunk-api.js';
import type { CxSurvey } from './cx-survey.js';

/** The fields of a server invitation (`GET /v1/invitations`) the widget uses. */
export type Invitation = { id: string; surveyId: string; createdAt: string };

/**
 * The pending invitation to show: the page URL's `cx-invitation` when still pending, else the
 * newest; none without a signed-in respondent.
 * @throws WidgetError `invitations/fetch-failed` when the list cannot be had.
 */
export const pendingInvitation = async (
  el: CxSurvey,
  { getJson, collectorHeaders }: Lib,
): Promise<Invitation | undefined> => {
  if (!el.endpoint || !el.respondent || el._anon()) return;
  const p = new URLSearchParams({ account: el.account ?? '', respondent: el.respondent });
  const l = (
    (await getJson(
      `${el._base()}/v1/invitations?${p}`,
      collectorHeaders(el.siteKey, el._tok()),
      'invitations/fetch-failed',
    )) as { invitations: Invitation[] }
  ).invitations;
  return l.find((i) => i.id === new URLSearchParams(location.search).get('cx-invitation')) ?? l[0];
};
