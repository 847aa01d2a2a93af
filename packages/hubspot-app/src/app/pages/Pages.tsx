import { hubspot } from '@hubspot/ui-extensions';
import { AnalyticsPages } from './AnalyticsPages.tsx';
import { serverUrlFrom } from './cxkit-server.ts';

hubspot.extend<'pages'>(({ context }) => (
  <AnalyticsPages fetcher={hubspot.fetch} serverUrl={serverUrlFrom(context.variables)} />
));
