import { hubspot } from '@hubspot/ui-extensions';
import { AccountSidebarCard } from './AccountSidebarCard.tsx';
import { serverUrlFrom } from './cxkit-server.ts';

hubspot.extend<'crm.record.sidebar'>(({ context }) => (
  <AccountSidebarCard
    companyId={context.crm.objectId}
    fetcher={hubspot.fetch}
    serverUrl={serverUrlFrom(context.variables)}
  />
));
