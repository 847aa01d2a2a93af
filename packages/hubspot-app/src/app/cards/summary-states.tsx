import { Button, EmptyState, ErrorState, LoadingSpinner, Text } from '@hubspot/ui-extensions';
import type { SummaryState } from './use-account-summary.ts';

/** The loading, error and not-found states both cards share; null when the summary is ready. */
export function SummaryStatus({ state, reload }: { state: SummaryState; reload: () => void }) {
  switch (state.status) {
    case 'loading':
      return <LoadingSpinner label="Loading customer experience…" layout="centered" />;
    case 'error':
      return (
        <ErrorState title="Customer experience is unavailable">
          <Text>{state.message}</Text>
          <Button onClick={reload} variant="secondary">
            Try again
          </Button>
        </ErrorState>
      );
    case 'not-found':
      return (
        <EmptyState title="No cxkit account for this company" imageName="companies" layout="vertical">
          <Text>Survey answers appear here once this company is linked to a cxkit account.</Text>
        </EmptyState>
      );
    case 'ready':
      return null;
  }
}

/** Shown when the account exists but nobody has answered a survey yet. */
export function NoResponses() {
  return (
    <EmptyState title="No survey answers yet" imageName="customerExperience" layout="vertical">
      <Text>NPS, CSAT and customer effort appear after this company's first survey answers.</Text>
    </EmptyState>
  );
}
