import { Flex } from '@hubspot/ui-extensions';
import type { ReactNode } from 'react';
import type { AccountSummaryView } from './account-summary-view.ts';
import { CXKIT_SERVER_URL, type HubSpotFetch } from './cxkit-server.ts';
import { ReconnectNotice, useConnection } from './connection.tsx';
import { SummaryStatus } from './summary-states.tsx';
import { useAccountSummary } from './use-account-summary.ts';

/** What a company card is given by its HubSpot entry point. */
export interface SummaryCardProps {
  companyId: string | number;
  fetcher: HubSpotFetch;
  serverUrl?: string;
}

/**
 * Loads the company's summary for a card and renders it with `render` once ready, with the loading and error
 * states before, and a reconnect notice above when the install is not connected.
 */
export function SummaryCard({
  companyId,
  fetcher,
  serverUrl,
  render,
}: SummaryCardProps & { render: (view: AccountSummaryView) => ReactNode }) {
  // Asked first, so the summary is the card's last request (tests and logs read it so).
  const connection = useConnection(fetcher, serverUrl ?? CXKIT_SERVER_URL);
  const { state, reload } = useAccountSummary(fetcher, companyId, serverUrl);
  const body =
    state.status !== 'ready' ? <SummaryStatus state={state} reload={reload} /> : render(state.view);
  if (connection.status === 'connected') return body;
  return (
    <Flex direction="column" gap="small">
      <ReconnectNotice connection={connection} />
      {body}
    </Flex>
  );
}
