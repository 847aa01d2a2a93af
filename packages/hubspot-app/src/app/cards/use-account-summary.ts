import { useCallback, useEffect, useState } from 'react';
import type { AccountSummaryView } from './account-summary-view.ts';
import { isAccountSummaryView } from './view-guard.ts';
import { CXKIT_SERVER_URL, type HubSpotFetch } from './cxkit-server.ts';

/** Where the card is in loading the company's summary. */
export type SummaryState =
  | { status: 'loading' }
  | { status: 'not-found' }
  | { status: 'error'; message: string }
  | { status: 'ready'; view: AccountSummaryView };

/** The summary URL for a company. */
export function summaryUrl(serverUrl: string, companyId: string | number): string {
  return `${serverUrl}/v1/hubspot/accounts/summary?companyId=${encodeURIComponent(String(companyId))}`;
}

async function load(fetcher: HubSpotFetch, url: string): Promise<SummaryState> {
  let res: Response;
  try {
    res = await fetcher(url, { method: 'GET', timeout: 15_000 });
  } catch {
    return { status: 'error', message: 'cxkit could not be reached. Try again in a moment.' };
  }
  if (res.status === 404) return { status: 'not-found' };
  if (!res.ok) {
    return {
      status: 'error',
      message:
        res.status === 401 || res.status === 403
          ? 'cxkit refused the request: the app may need to be reinstalled.'
          : `cxkit answered with an error (HTTP ${res.status}). Try again in a moment.`,
    };
  }
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    return { status: 'error', message: 'cxkit sent an answer the card cannot read.' };
  }
  return isAccountSummaryView(body)
    ? { status: 'ready', view: body }
    : { status: 'error', message: 'cxkit sent an answer the card cannot read.' };
}

/** Loads the company's summary through `hubspot.fetch`; `reload` starts again after an error. */
export function useAccountSummary(
  fetcher: HubSpotFetch,
  companyId: string | number,
  serverUrl: string = CXKIT_SERVER_URL,
): { state: SummaryState; reload: () => void } {
  const [state, setState] = useState<SummaryState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    setState({ status: 'loading' });
    void load(fetcher, summaryUrl(serverUrl, companyId)).then((s) => {
      if (live) setState(s);
    });
    return () => {
      live = false;
    };
  }, [fetcher, companyId, serverUrl, attempt]);
  const reload = useCallback(() => setAttempt((a) => a + 1), []);
  return { state, reload };
}
