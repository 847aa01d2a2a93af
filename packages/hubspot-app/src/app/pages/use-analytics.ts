import { createContext, useCallback, useContext, useEffect, useState } from 'react';
import { isAnalyticsView, type AnalyticsViews } from './analytics-guard.ts';
import { CXKIT_SERVER_URL, type HubSpotFetch } from './cxkit-server.ts';

/** Where the pages reach the cxkit server: `hubspot.fetch` (signed by HubSpot) and the server's URL. */
export interface AnalyticsClient {
  fetcher: HubSpotFetch;
  serverUrl: string;
}

/** Given once by the page router's root, read by every page. */
export const AnalyticsClientContext = createContext<AnalyticsClient>({
  fetcher: () => Promise.reject(new Error('no fetcher')),
  serverUrl: CXKIT_SERVER_URL,
});

/** Where a page is in loading its view. */
export type ViewState<T> =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'needs-reconnect'; message: string }
  | { status: 'ready'; view: T };

async function load<K extends keyof AnalyticsViews>(
  client: AnalyticsClient,
  kind: K,
  query: string,
): Promise<ViewState<AnalyticsViews[K]>> {
  let res: Response;
  try {
    res = await client.fetcher(
      `${client.serverUrl}/v1/hubspot/analytics/${kind}${query ? `?${query}` : ''}`,
      {
        method: 'GET',
        timeout: 15_000,
      },
    );
  } catch {
    return { status: 'error', message: 'cxkit could not be reached. Try again in a moment.' };
  }
  if (res.status === 401 || res.status === 403)
    return {
      status: 'needs-reconnect',
      message:
        'cxkit refused the request: this HubSpot account is not connected to cxkit, or its install expired.',
    };
  if (!res.ok)
    return {
      status: 'error',
      message: `cxkit answered with an error (HTTP ${res.status}). Try again in a moment.`,
    };
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    return { status: 'error', message: 'cxkit sent an answer this page cannot read.' };
  }
  return isAnalyticsView(kind, body)
    ? { status: 'ready', view: body }
    : { status: 'error', message: 'cxkit sent an answer this page cannot read.' };
}

/** Loads one analytics view through `hubspot.fetch`; `reload` starts again after an error. */
export function useAnalytics<K extends keyof AnalyticsViews>(
  kind: K,
  query = '',
): { state: ViewState<AnalyticsViews[K]>; reload: () => void } {
  const client = useContext(AnalyticsClientContext);
  const [state, setState] = useState<ViewState<AnalyticsViews[K]>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    setState({ status: 'loading' });
    void load(client, kind, query).then((s) => {
      if (live) setState(s);
    });
    return () => {
      live = false;
    };
  }, [client, kind, query, attempt]);
  const reload = useCallback(() => setAttempt((a) => a + 1), []);
  return { state, reload };
}
