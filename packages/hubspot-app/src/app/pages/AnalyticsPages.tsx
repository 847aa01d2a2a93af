import { Flex } from '@hubspot/ui-extensions';
import { createPageRouter, PageLink, PageRoutes } from '@hubspot/ui-extensions/pages';
import { useMemo, type ReactNode } from 'react';
import { AlertsPage } from './AlertsPage.tsx';
import { AtRiskPage } from './AtRiskPage.tsx';
import { ReconnectNotice, useConnection } from './connection.tsx';
import type { HubSpotFetch } from './cxkit-server.ts';
import { OverviewPage } from './OverviewPage.tsx';
import { PlanPage } from './PlanPage.tsx';
import { PrioritiesPage } from './PrioritiesPage.tsx';
import { SegmentsPage } from './SegmentsPage.tsx';
import { ThemesPage } from './ThemesPage.tsx';
import { AnalyticsClientContext } from './use-analytics.ts';

/** The app's pages, in the navigation's order. */
export const PAGES = [
  { path: '/', title: 'CX overview' },
  { path: '/segments', title: 'Segments & trends' },
  { path: '/at-risk', title: 'Accounts at risk' },
  { path: '/themes', title: 'Themes' },
  { path: '/alerts', title: 'Alerts' },
  { path: '/priorities', title: 'Priorities' },
  { path: '/plan', title: 'Action plan' },
] as const;

function Layout({ children }: { children?: ReactNode }) {
  return (
    <Flex direction="column" gap="medium">
      <Flex direction="row" gap="medium" wrap="wrap">
        {PAGES.map((p) => (
          <PageLink key={p.path} to={p.path}>
            {p.title}
          </PageLink>
        ))}
      </Flex>
      {children}
    </Flex>
  );
}

const PageRouter = createPageRouter(
  <PageRoutes layoutComponent={Layout}>
    <PageRoutes.IndexRoute component={OverviewPage} />
    <PageRoutes.Route path="/segments" component={SegmentsPage} />
    <PageRoutes.Route path="/at-risk" component={AtRiskPage} />
    <PageRoutes.Route path="/themes" component={ThemesPage} />
    <PageRoutes.Route path="/alerts" component={AlertsPage} />
    <PageRoutes.Route path="/priorities" component={PrioritiesPage} />
    <PageRoutes.Route path="/plan" component={PlanPage} />
  </PageRoutes>,
);

/**
 * cxkit's app pages (platform 2026.03 `pages`): the portfolio's CX overview and its segments, accounts at
 * risk, themes, alerts, priorities and action plan, each read from the server's signed analytics API.
 */
export function AnalyticsPages({ fetcher, serverUrl }: { fetcher: HubSpotFetch; serverUrl: string }) {
  const connection = useConnection(fetcher, serverUrl);
  const client = useMemo(() => ({ fetcher, serverUrl }), [fetcher, serverUrl]);
  return (
    <AnalyticsClientContext.Provider value={client}>
      <Flex direction="column" gap="small">
        <ReconnectNotice connection={connection} />
        <PageRouter />
      </Flex>
    </AnalyticsClientContext.Provider>
  );
}
