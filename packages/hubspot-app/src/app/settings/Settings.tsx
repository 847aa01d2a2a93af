import { hubspot } from '@hubspot/ui-extensions';
import { serverUrlFrom } from './cxkit-server.ts';
import { SettingsPage } from './SettingsPage.tsx';

hubspot.extend<'settings'>(({ context }) => (
  <SettingsPage fetcher={hubspot.fetch} serverUrl={serverUrlFrom(context.variables)} />
));
