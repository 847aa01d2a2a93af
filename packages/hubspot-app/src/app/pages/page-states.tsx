import { Alert, Button, ErrorState, LoadingSpinner, Text } from '@hubspot/ui-extensions';
import type { ViewState } from './use-analytics.ts';

/** The loading, error and reconnect states every page shares; null when the view is ready. */
export function ViewStatus<T>({
  state,
  reload,
  what,
}: {
  state: ViewState<T>;
  reload: () => void;
  what: string;
}) {
  switch (state.status) {
    case 'loading':
      return <LoadingSpinner label={`Loading ${what}…`} layout="centered" />;
    case 'needs-reconnect':
      return (
        <Alert title="cxkit needs to be reconnected" variant="warning">
          <Text>
            {state.message} A HubSpot super admin reinstalls cxkit from the Marketplace; nothing is lost
            meanwhile.
          </Text>
        </Alert>
      );
    case 'error':
      return (
        <ErrorState title={`${what.charAt(0).toUpperCase()}${what.slice(1)} unavailable`}>
          <Text>{state.message}</Text>
          <Button onClick={reload} variant="secondary">
            Try again
          </Button>
        </ErrorState>
      );
    case 'ready':
      return null;
  }
}
