import { Alert, DescriptionListItem, Heading, hubspot, StatisticsItem, Text } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { AccountSummaryViewSchema } from '@cxkit/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AccountSummaryView } from './account-summary-view.ts';
import { AccountSidebar } from './AccountSidebarCard.tsx';
import { AccountSummaryCard } from './AccountSummaryCard.tsx';
import { FULL_VIEW } from './test-fixtures.ts';

type HsFetch = (url: string, options?: { method?: string }) => Promise<Response>;
const g = globalThis as unknown as { self?: unknown; hsFetch?: HsFetch };
let hsFetch: ReturnType<typeof vi.fn<HsFetch>>;

beforeEach(() => {
  g.self = globalThis;
  hsFetch = vi.fn<HsFetch>();
  g.hsFetch = hsFetch;
});
afterEach(async () => {
  await new Promise((resolve) => setTimeout(resolve, 0));
  delete g.hsFetch;
  delete g.self;
});

async function renderTab(view: AccountSummaryView) {
  // Every view here is one the server can send.
  expect(AccountSummaryViewSchema.parse(view)).toEqual(view);
  hsFetch.mockImplementation(
    async () =>
      new Response(JSON.stringify(view), { status: 200, headers: { 'content-type': 'application/json' } }),
  );
  const r = createRenderer('crm.record.tab');
  r.render(<AccountSummaryCard companyId={1234} fetcher={hubspot.fetch} />);
  await r.waitFor(() => expect(r.find(StatisticsItem)).toBeTruthy(), { timeoutInMs: 5000 });
  return r;
}

const texts = (r: ReturnType<typeof createRenderer>) => r.findAll(Text).map((t) => t.text);

const validation = {
  auc: 0.8412,
  brier: 0.0394,
  calibrationSlope: 1.0365,
  priorAuc: 0.6234,
  priorBrier: 0.0461,
  from: '2025-10-04T00:00:00.000Z',
  to: '2026-03-03T00:00:00.000Z',
  rows: 1398,
  events: 63,
};

describe('company card: model or prior, silence, insufficient data', () => {
  it("says the risk comes from the portal's model and how it did against the health estimate", async () => {
    const r = await renderTab({
      ...FULL_VIEW,
      churn: { ...FULL_VIEW.churn!, validation: { ...validation, beatsPrior: true } },
    });
    expect(texts(r)).toContain(
      "Forecast by this portal's model: AUC 0.84 (health estimate 0.62), calibration slope 1.04, on 63 churns since 4 Oct 2025",
    );
    expect(r.findAll(Alert)).toHaveLength(0);
  });

  it('says the health estimate is shown because the model did not beat it', async () => {
    const reason =
      "the tenant's model did not beat the health-based prior on its later history (AUC 0.584 vs 0.702, Brier 0.061 vs 0.055): prior from the health score";
    const r = await renderTab({
      ...FULL_VIEW,
      churn: {
        ...FULL_VIEW.churn!,
        source: 'prior',
        reason,
        validation: { ...validation, beatsPrior: false },
      },
    });
    const alert = r.find(Alert);
    expect(alert.props.title).toBe('Estimated from the health score');
    expect(alert.text).toContain(reason);
  });

  it('shows "insufficient data" with the reason instead of a score', async () => {
    const r = await renderTab({
      ...FULL_VIEW,
      health: null,
      healthInsufficient: {
        reason: 'data for 38 % of the health weight (minimum 50 %)',
        coverage: 0.38,
        minCoverage: 0.5,
        missingLabels: ['Usage frequency', 'Active users'],
        computedAt: '2026-03-02T09:00:00.000Z',
      },
    });
    expect(r.findAll(Heading).map((h) => h.text)).toContain('Health: insufficient data');
    expect(texts(r)).toEqual(
      expect.arrayContaining([
        'Not scored: data for 38 % of the health weight (minimum 50 %). A score on so little would read like a full one.',
        'No data: Usage frequency, Active users',
      ]),
    );
  });

  it('says on the compact card which forecast it shows and when health has too little data', async () => {
    const view: AccountSummaryView = {
      ...FULL_VIEW,
      health: null,
      healthInsufficient: {
        reason: 'data for 38 % of the health weight (minimum 50 %)',
        coverage: 0.38,
        minCoverage: 0.5,
        missingLabels: [],
        computedAt: '2026-03-02T09:00:00.000Z',
      },
    };
    expect(AccountSummaryViewSchema.parse(view)).toEqual(view);
    const r = createRenderer('crm.record.sidebar');
    r.render(<AccountSidebar view={view} />);
    expect(r.find(StatisticsItem, { label: 'Health' }).find(Text).text).toBe('Insufficient data');
    expect(r.find(StatisticsItem, { label: 'Churn risk' }).find(Text).text).toBe(
      "next 90 days, this portal's model",
    );
  });

  it('shows never answering as a component that counts', async () => {
    const silence = {
      component: 'daysSinceLastAnswer',
      label: 'Days since last survey answer',
      points: 0,
      normalized: 0,
      weight: 0.3,
      raw: null,
      imputed: true,
    };
    const r = await renderTab({
      ...FULL_VIEW,
      health: { ...FULL_VIEW.health!, contributions: [...FULL_VIEW.health!.contributions, silence] },
    });
    expect(r.find(DescriptionListItem, { label: 'Days since last survey answer' }).find(Text).text).toBe(
      '0.0 of 30 pts (scored 0/100: none on record, which counts)',
    );
  });
});
