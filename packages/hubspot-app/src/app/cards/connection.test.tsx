import { Alert, hubspot, Link, StatisticsItem } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SettingsPage } from '../settings/SettingsPage.tsx';
import { AccountSidebarCard } from './AccountSidebarCard.tsx';
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

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const RECONNECT = 'https://cxkit.example.com/v1/hubspot/oauth/install';
/** The server's answers while the portal is parked "needs reconnect" (its data still shows). */
function parkedServer() {
  hsFetch.mockImplementation(async (url) =>
    url.includes('/v1/hubspot/connection')
      ? json(200, {
          status: 'needs-reconnect',
          since: '2026-12-01T10:00:00.000Z',
          reason: 'BAD_REFRESH_TOKEN',
          reconnectUrl: RECONNECT,
          fix: 'A HubSpot super admin reinstalls cxkit from the reconnect link.',
        })
      : url.includes('/v1/hubspot/config')
        ? json(503, { error: { code: 'x', message: 'down' } })
        : json(200, FULL_VIEW),
  );
}

describe('reconnect action', () => {
  it('the company card keeps its data and offers the reconnect link', async () => {
    parkedServer();
    const r = createRenderer('crm.record.tab');
    r.render(<AccountSummaryCard companyId={1234} fetcher={hubspot.fetch} />);
    await r.waitFor(() => expect(r.find(Link).props.href).toEqual({ url: RECONNECT, external: true }), {
      timeoutInMs: 5000,
    });
    expect(r.find(Alert, { variant: 'warning' }).props.title).toMatch(/lost its connection/);
    expect(r.find(StatisticsItem)).toBeTruthy();
  });

  it('the sidebar card and the settings page offer it too', async () => {
    parkedServer();
    const side = createRenderer('crm.record.sidebar');
    side.render(<AccountSidebarCard companyId={1} fetcher={hubspot.fetch} />);
    await side.waitFor(() => expect(side.find(Link).props.href).toEqual({ url: RECONNECT, external: true }), {
      timeoutInMs: 5000,
    });
    const settings = createRenderer('settings');
    settings.render(<SettingsPage fetcher={hubspot.fetch} serverUrl="https://cxkit.example.com" />);
    await settings.waitFor(
      () => expect(settings.find(Link).props.href).toEqual({ url: RECONNECT, external: true }),
      { timeoutInMs: 5000 },
    );
  });

  it('shows nothing extra while the portal is connected', async () => {
    hsFetch.mockImplementation(async (url) =>
      url.includes('/v1/hubspot/connection') ? json(200, { status: 'connected' }) : json(200, FULL_VIEW),
    );
    const r = createRenderer('crm.record.tab');
    r.render(<AccountSummaryCard companyId={1234} fetcher={hubspot.fetch} />);
    await r.waitFor(() => expect(r.find(StatisticsItem)).toBeTruthy(), { timeoutInMs: 5000 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(r.findAll(Link)).toHaveLength(0);
  });

  it('is one file kept identical in cards/ and settings/ (each extension is bundled alone)', () => {
    const read = (dir: string) => readFileSync(new URL(`../${dir}/connection.tsx`, import.meta.url), 'utf8');
    expect(read('settings')).toBe(read('cards'));
  });
});
