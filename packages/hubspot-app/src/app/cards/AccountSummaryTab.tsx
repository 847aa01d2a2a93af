import { hubspot } from '@hubspot/ui-extensions';
import { AccountSummaryCard } from './AccountSummaryCard.tsx';
import { serverUrlFrom } from './cxkit-server.ts';

hubspot.extend<'crm.record.tab'>(({ context }) => (
  <AccountSummaryCard
    companyId={context.crm.objectId}
    fetcher={hubspot.fetch}
    serverUrl={serverUrlFrom(context.variables)}
  />
));
