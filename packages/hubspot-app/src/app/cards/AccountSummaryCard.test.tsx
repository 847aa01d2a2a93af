import {
  Alert,
  Button,
  DescriptionListItem,
  EmptyState,
  ErrorState,
  Heading,
  hubspot,
  LineChart,
  LoadingSpinner,
  StatisticsItem,
  StatisticsTrend,
  Table,
  TableBody,
  TableCell,
  TableRow,
  Tag,
  Text,
} from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AccountSummaryView } from './account-summary-view.ts';
import { AccountSidebarCard } from './AccountSidebarCard.tsx';
import { AccountSummary, AccountSummaryCard } from './AccountSummaryCard.tsx';
import { EMPTY_VIEW, FULL_VIEW, SMALL_SAMPLE_VIEW } from './test-fixtures.ts';

// hubspot.fetch calls `self.hsFetch` inside HubSpot's worker; the tests provide both.
type HsFetch = (url: string, options?: { method?: string }) => Promise<Response>;
const g = globalThis as unknown as { self?: unknown; hsFetch?: HsFetch };
let hsFetch: ReturnType<typeof vi.fn<HsFetch>>;

beforeEach(() => {
  g.self = globalThis;
  hsFetch = vi.fn<HsFetch>();
  // The cards also ask whether the portal needs reconnecting (connection.test.tsx covers that):
  // answered "connected" here, so `hsFetch` sees the summary requests only.
  g.hsFetch = (url, options) =>
    url.includes('/v1/hubspot/connection')
      ? Promise.resolve(json(200, { status: 'connected' }))
      : hsFetch(url, options);
});
afterEach(async () => {
  // React flushes a root's passive effects lazily; let them run against this test's stub.
  await new Promise((resolve) => setTimeout(resolve, 0));
  delete g.hsFetch;
  delete g.self;
});

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

async function renderTab(view: AccountSummaryView) {
  hsFetch.mockImplementation(async () => json(200, view));
  const r = createRenderer('crm.record.tab');
  r.render(<AccountSummaryCard companyId={1234} fetcher={hubspot.fetch} />);
  await r.waitFor(() => expect(r.find(StatisticsItem)).toBeTruthy(), { timeoutInMs: 5000 });
  return r;
}

const texts = (r: ReturnType<typeof createRenderer>) => r.findAll(Text).map((t) => t.text);

describe('company card (crm.record.tab)', () => {
  it('shows a spinner while the summary loads', () => {
    hsFetch.mockReturnValue(new Promise<Response>(() => undefined));
    const r = createRenderer('crm.record.tab');
    r.render(<AccountSummaryCard companyId={99} fetcher={hubspot.fetch} />);
    expect(r.find(LoadingSpinner).props.label).toMatch(/Loading/);
  });

  it('asks the cxkit server for this company through hubspot.fetch', async () => {
    await renderTab(FULL_VIEW);
    expect(hsFetch).toHaveBeenLastCalledWith(
      'https://cxkit.example.com/v1/hubspot/accounts/summary?companyId=1234',
      expect.objectContaining({ method: 'GET' }),
    );
  });

  it('shows NPS in points with its interval and n, CSAT and CES in their units', async () => {
    const r = await renderTab(FULL_VIEW);
    const nps = r.find(StatisticsItem, { label: 'NPS' });
    expect(nps.props.number).toBe('+34');
    expect(nps.find(Text).text).toBe('95% CI +21 to +46, n = 57');
    expect(r.find(StatisticsItem, { label: 'CSAT' }).props.number).toBe('83%');
    expect(r.find(StatisticsItem, { label: 'CSAT' }).find(Text).text).toBe('95% CI 75% to 88%, n = 120');
    const ces = r.find(StatisticsItem, { label: 'Customer effort' });
    expect(ces.props.number).toBe('5.6 / 7');
    expect(ces.find(Text).text).toBe('95% CI 5.2 to 6.0, n = 44');
    expect(r.maybeFind(Tag, { variant: 'warning' })).toBeNull();
  });

  it('draws the NPS trend from periods with data and shows the last change', async () => {
    const r = await renderTab(FULL_VIEW);
    expect(r.find(LineChart).props.data).toEqual([
      { period: '2025-11', nps: 20 },
      { period: '2026-01', nps: 28 },
      { period: '2026-02', nps: 36 },
    ]);
    expect(r.find(StatisticsTrend).props).toMatchObject({
      direction: 'increase',
      value: '+8 pts since 2026-01',
    });
  });

  it('shows the health score, its band and the three components that move it most', async () => {
    const r = await renderTab(FULL_VIEW);
    // By weighted distance from a neutral 50: usage 35 x 0.12, NPS 20 x 0.18, CSAT 22 x 0.10, tickets 10 x 0.05.
    expect(r.find(Tag, { variant: 'success' }).text).toBe('Healthy');
    expect(r.findAll(DescriptionListItem).map((d) => d.props.label)).toEqual([
      'Usage frequency',
      'Account NPS',
      'CSAT',
    ]);
    expect(r.find(DescriptionListItem, { label: 'Account NPS' }).find(Text).text).toBe(
      '12.4 of 18 pts (scored 70/100 from 34)',
    );
    // The components not listed, so the listed points and this line add up to the score.
    expect(texts(r)).toContain('Other 1 component: 2.1 pts');
    expect(texts(r)).toContain('Not scored, no data: MRR trend');
    // An older server sends no labels: the keys stand in.
    const { missingLabels: _, ...older } = FULL_VIEW.health!;
    const r2 = await renderTab({ ...FULL_VIEW, health: older });
    expect(texts(r2)).toContain('Not scored, no data: mrrTrend');
  });

  it('shows churn risk as a probability with its top drivers in plain words', async () => {
    const r = await renderTab(FULL_VIEW);
    const all = texts(r);
    expect(r.findAll(Heading).map((h) => h.text)).toContain('Churn risk 23% in the next 90 days');
    expect(all).toEqual(
      expect.arrayContaining([
        'Account NPS score 70 (high) lowers risk (\u22120.80)',
        'Open tickets score 40 (low) raises risk (+0.42)',
        'plan = monthly raises risk (+0.10)',
      ]),
    );
    expect(all).not.toContain('MRR trend score unknown raises risk (+0.05)');
  });

  it('breaks NPS down by role, saying when a role has too little data', async () => {
    const r = await renderTab(FULL_VIEW);
    const rows = r
      .findByTestId(Table, 'roles')
      .find(TableBody)
      .findAll(TableRow)
      .map((row) => row.findAll(TableCell).map((c) => c.text));
    expect(rows).toEqual([
      ['Buyer', '3', '4', '+50 (95% CI +12 to +88, n = 12), small sample'],
      ['User', '1', '2', 'Not enough data (n = 3): fewer than 5 scored answers'],
    ]);
  });

  it('renders customer comments as plain text, newest first, markup and all', async () => {
    const r = await renderTab(FULL_VIEW);
    const all = texts(r);
    const hostile = '<script>alert("x")</script> Invoices are <b>always</b> late';
    expect(all.indexOf(hostile)).toBeGreaterThan(-1);
    expect(all.indexOf(hostile)).toBeLessThan(all.indexOf('Onboarding was smooth & fast.'));
    const node = r.find(Text, (t) => t.text === hostile);
    expect(node.childNodes).toHaveLength(1);
    expect(node.childNodes[0]!.nodeType).toBe('text');
    expect(all).toContain('27 Feb 2026 · User · score 3 · negative · billing');
    expect(all).toContain('20 Feb 2026 · Buyer · score 9 · positive · onboarding');
  });

  it('lists the five most mentioned themes with their count, sentiment split and a short quote', async () => {
    const r = await renderTab(FULL_VIEW);
    expect(r.findAll(Heading).map((h) => h.text)).toContain('What they talk about');
    const rows = r
      .findByTestId(Table, 'themes')
      .find(TableBody)
      .findAll(TableRow)
      // The example sits in an italic Text inside its cell.
      .map((row) => row.findAll(TableCell).map((c) => c.maybeFind(Text)?.text ?? c.text));
    expect(rows).toEqual([
      [
        'Delivery',
        '9',
        '2 positive, 6 negative, 1 neutral',
        '“Deliveries <i>always</i> arrive a week late & nobody warns us”',
      ],
      [
        'After-sales service',
        '7',
        '5 positive, 2 negative',
        '“The after-sales team picked up the phone within minutes every single time we called, walked our operators through the recalibration step by…”',
      ],
      ['Documentation', '4', '3 positive, 0 negative, 1 neutral', '“Great documentation.”'],
      ['Pricing', '3', '0 positive, 3 negative', '“Too expensive for what we use.”'],
      ['Responsiveness', '2', '0 positive, 1 negative, 1 neutral', '—'],
    ]);
  });

  it('ranks themes by mentions even when the server lists them out of order', () => {
    const r = createRenderer('crm.record.tab');
    r.render(<AccountSummary view={{ ...FULL_VIEW, themes: [...(FULL_VIEW.themes ?? [])].reverse() }} />);
    const labels = r
      .findByTestId(Table, 'themes')
      .find(TableBody)
      .findAll(TableRow)
      .map((row) => row.find(TableCell).text);
    expect(labels).toEqual(['Delivery', 'After-sales service', 'Documentation', 'Pricing', 'Responsiveness']);
  });

  it('renders a theme quote as plain text, markup and all', async () => {
    const r = await renderTab(FULL_VIEW);
    const quote = '“Deliveries <i>always</i> arrive a week late & nobody warns us”';
    const node = r.findByTestId(Table, 'themes').find(Text, (t) => t.text === quote);
    expect(node.childNodes).toHaveLength(1);
    expect(node.childNodes[0]!.nodeType).toBe('text');
    expect(node.props.format).toEqual({ italic: true });
  });

  it('says so when the comments have no themes yet', async () => {
    const r = await renderTab(SMALL_SAMPLE_VIEW);
    expect(r.findAll(Heading).map((h) => h.text)).toContain('What they talk about');
    expect(r.maybeFindByTestId(Table, 'themes')).toBeNull();
    expect(texts(r)).toContain("No themes yet: they appear once this company's comments mention a topic.");
  });

  it('leaves the themes out for a server that does not send them', () => {
    const { themes: _omitted, ...older } = FULL_VIEW;
    const r = createRenderer('crm.record.tab');
    r.render(<AccountSummary view={older} />);
    expect(r.findAll(Heading).map((h) => h.text)).not.toContain('What they talk about');
    expect(r.findByTestId(Table, 'roles')).toBeTruthy();
  });

  it('flags small samples and shows why a KPI has no value', async () => {
    const r = await renderTab(SMALL_SAMPLE_VIEW);
    expect(r.find(StatisticsItem, { label: 'NPS' }).find(Tag).text).toBe('Small sample: read with care');
    const csat = r.find(StatisticsItem, { label: 'CSAT' });
    expect(csat.props.number).toBe('—');
    expect(csat.find(Text).text).toBe('Not enough data (n = 2): fewer than 5 scored answers');
    expect(r.maybeFind(LineChart)).toBeNull();
    expect(r.find(Alert).props.title).toBe('Estimated from the health score');
    expect(r.find(Alert).text).toContain('12 churned accounts (fewer than 30)');
    expect(texts(r)).toContain('Not scored yet: the health score needs at least one of its inputs.');
  });

  it('shows an empty state for an account without answers', async () => {
    hsFetch.mockImplementation(async () => json(200, EMPTY_VIEW));
    const r = createRenderer('crm.record.tab');
    r.render(<AccountSummaryCard companyId={1} fetcher={hubspot.fetch} />);
    await r.waitFor(() => expect(r.find(EmptyState).props.title).toBe('No survey answers yet'));
  });

  it('shows an empty state when the company is not linked to a cxkit account (404)', async () => {
    hsFetch.mockImplementation(async () => json(404, { error: { code: 'account/not-found' } }));
    const r = createRenderer('crm.record.tab');
    r.render(<AccountSummaryCard companyId={1} fetcher={hubspot.fetch} />);
    await r.waitFor(() => expect(r.find(EmptyState).props.title).toBe('No cxkit account for this company'));
  });

  it('shows an error with a retry that loads again', async () => {
    hsFetch.mockImplementationOnce(async () => json(503, { error: { message: 'Service Unavailable' } }));
    hsFetch.mockImplementationOnce(async () => json(200, FULL_VIEW));
    const r = createRenderer('crm.record.tab');
    r.render(<AccountSummaryCard companyId={7} fetcher={hubspot.fetch} />);
    await r.waitFor(() => expect(r.find(ErrorState)).toBeTruthy());
    expect(r.find(ErrorState).find(Text).text).toBe(
      'cxkit answered with an error (HTTP 503). Try again in a moment.',
    );
    r.find(Button).trigger('onClick');
    await r.waitFor(() => expect(r.find(StatisticsItem, { label: 'NPS' }).props.number).toBe('+34'));
    expect(hsFetch.mock.calls.filter(([url]) => url.endsWith('companyId=7'))).toHaveLength(2);
  });

  it('shows an error instead of breaking on a malformed answer or a network failure', async () => {
    hsFetch.mockImplementationOnce(async () => json(200, { hello: 'world' }));
    const r = createRenderer('crm.record.tab');
    r.render(<AccountSummaryCard companyId={1} fetcher={hubspot.fetch} />);
    await r.waitFor(() =>
      expect(r.find(ErrorState).find(Text).text).toBe('cxkit sent an answer the card cannot read.'),
    );
    hsFetch.mockRejectedValueOnce(new Error('timeout'));
    r.find(Button).trigger('onClick');
    await r.waitFor(() => expect(r.find(ErrorState).find(Text).text).toMatch(/could not be reached/));
  });

  it('renders from a view model alone (no fetch)', () => {
    const r = createRenderer('crm.record.tab');
    r.render(<AccountSummary view={FULL_VIEW} />);
    expect(r.find(StatisticsItem, { label: 'NPS' }).props.number).toBe('+34');
  });
});

describe('compact card (crm.record.sidebar)', () => {
  it('shows the three headline figures', async () => {
    hsFetch.mockImplementation(async () => json(200, FULL_VIEW));
    const r = createRenderer('crm.record.sidebar');
    r.render(<AccountSidebarCard companyId={1234} fetcher={hubspot.fetch} />);
    await r.waitFor(() => expect(r.find(StatisticsItem)).toBeTruthy());
    const items = r.findAll(StatisticsItem).map((i) => [i.props.label, i.props.number]);
    expect(items).toEqual([
      ['NPS', '+34'],
      ['Health', '72'],
      ['Churn risk', '23%'],
    ]);
    expect(r.find(Tag).text).toBe('Healthy');
    expect(r.find(StatisticsItem, { label: 'NPS' }).find(Text).text).toBe('95% CI +21 to +46, n = 57');
    // The compact card stays three figures: no themes, comments or tables.
    expect(r.maybeFind(Table)).toBeNull();
    expect(r.maybeFind(Heading)).toBeNull();
  });

  it('says when figures are missing or rest on a small sample', async () => {
    hsFetch.mockImplementation(async () => json(200, SMALL_SAMPLE_VIEW));
    const r = createRenderer('crm.record.sidebar');
    r.render(<AccountSidebarCard companyId={1} fetcher={hubspot.fetch} />);
    await r.waitFor(() => expect(r.find(StatisticsItem)).toBeTruthy());
    expect(r.find(StatisticsItem, { label: 'Health' }).props.number).toBe('—');
    expect(r.find(StatisticsItem, { label: 'Churn risk' }).find(Text).text).toBe(
      'next 90 days, health estimate',
    );
    expect(r.find(Tag, { variant: 'warning' }).text).toBe('Small sample: read with care');
  });

  it('shares the loading and error states', async () => {
    hsFetch.mockImplementation(async () => json(500, {}));
    const r = createRenderer('crm.record.sidebar');
    r.render(<AccountSidebarCard companyId={1} fetcher={hubspot.fetch} />);
    await r.waitFor(() => expect(r.find(ErrorState).props.title).toBe('Customer experience is unavailable'));
  });
});
