import { Alert, Link, Text } from '@hubspot/ui-extensions';
import { useEffect, useState } from 'react';
import type { HubSpotFetch } from './cxkit-server.ts';

/** Whether cxkit can still reach this HubSpot account (`GET /v1/hubspot/connection`). */
export type Connection =
  { status: 'connected' } | { status: 'needs-reconnect'; reconnectUrl: string | null; fix: string };

function parse(body: unknown): Connection {
  const b = body as { status?: unknown; reconnectUrl?: unknown; fix?: unknown } | null;
  if (b?.status !== 'needs-reconnect') return { status: 'connected' };
  return {
    status: 'needs-reconnect',
    reconnectUrl:
      typeof b.reconnectUrl === 'string' && b.reconnectUrl.startsWith('http') ? b.reconnectUrl : null,
    fix: typeof b.fix === 'string' ? b.fix : 'A HubSpot super admin reinstalls cxkit.',
  };
}

/**
 * Asks the server whether the app still has HubSpot's grant (an uninstall or a revoked token parks
 * the portal). Anything but a clear "needs reconnect" counts as connected: the card's own
 * request reports the errors.
 */
export function useConnection(fetcher: HubSpotFetch, serverUrl: string): Connection {
  const [connection, setConnection] = useState<Connection>({ status: 'connected' });
  useEffect(() => {
    let live = true;
    // Fire and forget: the catch turns every failure into "connected", so nothing can reject.
    void fetcher(`${serverUrl}/v1/hubspot/connection`, { method: 'GET', timeout: 15_000 })
      .then(async (res) => (res.ok ? parse(await res.json()) : ({ status: 'connected' } as const)))
      .catch(() => ({ status: 'connected' }) as const)
      .then((c) => {
        if (live) setConnection(c);
      });
    return () => {
      live = false;
    };
  }, [fetcher, serverUrl]);
  return connection;
}

/** The reconnect action, shown above the card or the settings while the portal is parked. */
export function ReconnectNotice({ connection }: { connection: Connection }) {
  if (connection.status !== 'needs-reconnect') return null;
  return (
    <Alert title="cxkit lost its connection to this HubSpot account" variant="warning">
      <Text>
        The app was uninstalled or its access was revoked, so cxkit cannot update HubSpot. Nothing is lost:
        scores and tasks wait and are sent once it is reconnected. {connection.fix}
      </Text>
      {connection.reconnectUrl ? (
        <Link href={{ url: connection.reconnectUrl, external: true }}>Reconnect cxkit</Link>
      ) : null}
    </Alert>
  );
}
