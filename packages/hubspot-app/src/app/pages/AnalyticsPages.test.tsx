import {
  Alert,
  Button,
  EmptyState,
  ErrorState,
  LoadingSpinner,
  StatisticsItem,
  StatusTag,
  Table,
  TableBody,
  TableCell,
  TableRow,
  Text,
} from '@hubspot/ui-extensions';
import { PageLink } from '@hubspot/ui-extensions/pages';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { describe, expect, it } from 'vitest';
import type { KpiView, OverviewView } from './analytics-view.ts';
import { AnalyticsPages, PAGES } from './AnalyticsPages.tsx';
import type { HubSpotFetch } from './cxkit-server.ts';

const SERVER = 'https://cxkit.example.com';
const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const none: KpiView = {
  status: 'insufficient-data',
  n: 0,
  value: null,
  unit: 'points',
  interval: null,
  smallSample: true,
  reason: 'no answers',
};
const window = { from: '2025-07-01T00:00:00.000Z', to: '2026-06-15T00:00:00.000Z', months: 12 };
const overview = (nps: KpiView): OverviewView => ({
  generatedAt: window.to,
  window,
  kpis: [
    { kpi: 'nps', figure: nps, target: null, trend: [] },
    { kpi: 'csat', figure: { ...none, unit: 'percent' }, target: null, trend: [] },
    { kpi: 'ces', figure: { ...none, unit: 'scale' }, target: null, trend: [] },
    { kpi: 'c2es', figure: { ...none, unit: 'scale' }, target: null, trend: [] },
  ],
  accounts: { total: 3, active: 3, churned: 0 },
  health: { scored: 0, mean: null, bands: [] },
  churn: { scored: 0, expectedChurners: null, expectedMrrAtRisk: null, mrrKnown: 0 },
});

/** A fetcher answering the connection check as connected and every analytics path with `answer`. */
function fetcher(answer: (path: string) => Response | Promise<Response>, seen: string[] = []): HubSpotFetch {
  return async (url) => {
    if (url.endsWith('/v1/hubspot/connection')) return json(200, { status: 'connected' });
    seen.push(url);
    return answer(new URL(url).pathname);
  };
}

function render(f: HubSpotFetch, path = '/') {
  const r = createRenderer('home');
  r.mocks.setPageLocation({ path, params: {} });
  r.render(<AnalyticsPages fetcher={f} serverUrl={SERVER} />);
  return r;
}

describe('cxkit app pages', () => {
  it('links every page from the layout', () => {
    const r = render(fetcher(() => new Promise(() => undefined)));
    expect(r.findAll(PageLink).map((l) => [l.props.to, l.text])).toEqual(PAGES.map((p) => [p.path, p.title]));
    expect(r.find(LoadingSpinner).props.label).toBe('Loading the CX overview…');
  });

  it('shows the NPS with its n and small-sample state, and says when CSAT has no answers', async () => {
    const seen: string[] = [];
    const nps: KpiView = {
      status: 'ok',
      n: 12,
      value: 25,
      unit: 'points',
      interval: { lower: -10.5, upper: 55.2, level: 0.95, method: 'adjusted-wald' },
      smallSample: true,
    };
    const r = render(fetcher(() => json(200, overview(nps)), seen));
    await r.waitFor(() => expect(r.maybeFind(StatisticsItem)).not.toBeNull());
    expect(seen).toContain(`${SERVER}/v1/hubspot/analytics/overview?months=12`);
    const item = r.find(StatisticsItem, { label: 'NPS' });
    expect(item.props.number).toBe('+25');
    expect(item.find(Text).text).toBe('+25 (95% -11 to +55) · n = 12 · small sample');
    const csat = r.find(StatisticsItem, { label: 'CSAT' });
    expect(csat.props.number).toBe('—');
    expect(csat.find(Text).text).toBe('No answers');
  });

  it('says there is nothing yet when no KPI has an answer', async () => {
    const r = render(fetcher(() => json(200, overview(none))));
    await r.waitFor(() => expect(r.maybeFind(EmptyState)).not.toBeNull());
    expect(r.find(EmptyState).props.title).toBe('No survey answers yet');
  });

  it('offers to try again after an error, and recovers', async () => {
    let fail = true;
    const r = render(
      fetcher(() => (fail ? json(500, { error: { code: 'internal' } }) : json(200, overview(none)))),
    );
    await r.waitFor(() => expect(r.maybeFind(ErrorState)).not.toBeNull());
    expect(r.find(ErrorState).find(Text).text).toBe(
      'cxkit answered with an error (HTTP 500). Try again in a moment.',
    );
    fail = false;
    r.find(Button).trigger('onClick');
    await r.waitFor(() => expect(r.maybeFind(EmptyState)).not.toBeNull());
  });

  it('asks for a reconnection when the server no longer knows the portal', async () => {
    const r = render(
      fetcher(() => json(403, { error: { code: 'hubspot/portal-unknown' } })),
      '/themes',
    );
    await r.waitFor(() => expect(r.maybeFind(Alert)).not.toBeNull());
    expect(r.find(Alert).props.title).toBe('cxkit needs to be reconnected');
  });

  it('shows the reconnect notice above any page when the server says the grant was lost', async () => {
    const f: HubSpotFetch = async (url) =>
      url.endsWith('/v1/hubspot/connection')
        ? json(200, {
            status: 'needs-reconnect',
            reconnectUrl: 'https://app.hubspot.com/oauth',
            fix: 'Reinstall.',
          })
        : json(200, overview(none));
    const r = render(f);
    await r.waitFor(() => expect(r.maybeFind(Alert)).not.toBeNull());
    expect(r.find(Alert).props.title).toBe('cxkit lost its connection to this HubSpot account');
  });

  it('refuses an answer that is not the view it asked for', async () => {
    const r = render(
      fetcher(() => json(200, { accounts: [] })),
      '/at-risk',
    );
    await r.waitFor(() => expect(r.maybeFind(ErrorState)).not.toBeNull());
    expect(r.find(ErrorState).find(Text).text).toBe('cxkit sent an answer this page cannot read.');
  });

  it.each([
    ['/at-risk', { accounts: [], ranked: 0 }, 'No account scored yet'],
    ['/themes', { themes: [], language: 'en' }, 'No analysed comment yet'],
    ['/plan', { actions: [] }, 'No action in the plan yet'],
  ])('shows the empty state of %s', async (path, body, title) => {
    const r = render(
      fetcher(() => json(200, { generatedAt: window.to, window, ...body })),
      path,
    );
    await r.waitFor(() => expect(r.maybeFind(EmptyState)).not.toBeNull());
    expect(r.find(EmptyState).props.title).toBe(title);
  });

  it('lists the alerts with their severity in words', async () => {
    const alert = {
      id: 'a',
      ruleId: 'r',
      ruleKind: 'threshold',
      metric: 'nps',
      severity: 'critical',
      target: { type: 'account', id: 'acc-1' },
      period: '2026-06',
      value: -40,
      title: 'NPS -40 <b>below</b> 0',
      createdAt: window.to,
      acknowledgedAt: null,
      accountName: 'Initech',
    };
    const body = {
      generatedAt: window.to,
      window,
      total: 1,
      open: 1,
      bySeverity: {
        info: { total: 0, open: 0 },
        warning: { total: 0, open: 0 },
        critical: { total: 1, open: 1 },
      },
      latest: [alert],
    };
    const r = render(
      fetcher(() => json(200, body)),
      '/alerts',
    );
    await r.waitFor(() => expect(r.maybeFindByTestId(Table, 'alerts')).not.toBeNull());
    const cells = r
      .findByTestId(Table, 'alerts')
      .find(TableBody)
      .find(TableRow)
      .findAll(TableCell)
      .map((c) => c.maybeFind(StatusTag)?.text ?? c.maybeFind(Text)?.text ?? c.text);
    // The title is plain text, never markup.
    expect(cells).toEqual(['Critical', 'NPS -40 <b>below</b> 0', 'Initech', '2026-06', 'Open']);
    expect(r.find(StatisticsItem, { label: 'Critical' }).props.number).toBe('1');
  });
});
