import {
  Alert,
  Button,
  ErrorState,
  hubspot,
  NumberInput,
  Table,
  TableBody,
  TableCell,
  TableRow,
  Toggle,
} from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CxConfig, VersionedConfig } from './cx-config.ts';
import { SettingsPage } from './SettingsPage.tsx';
import { SAMPLE_VERSIONED } from './test-fixtures.ts';

type HsFetch = (
  url: string,
  options?: { method?: string; body?: Record<string, unknown> },
) => Promise<Response>;
const g = globalThis as unknown as { self?: unknown; hsFetch?: HsFetch };
const SERVER = 'https://cxkit.example.com';
const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** An in-memory stand-in for the server's versioned config endpoints. */
function configServer(
  o: { conflict?: boolean; failLoad?: boolean; fewEvents?: boolean; badPreview?: boolean } = {},
) {
  let current: VersionedConfig = structuredClone(SAMPLE_VERSIONED);
  const calls: { method: string; url: string; body?: Record<string, unknown> }[] = [];
  const fetchFn = vi.fn<HsFetch>(async (url, options = {}) => {
    const method = options.method ?? 'GET';
    calls.push({ method, url, ...(options.body ? { body: options.body } : {}) });
    if (url === `${SERVER}/v1/hubspot/config` && method === 'GET') {
      return o.failLoad ? json(500, { error: { message: 'Internal Server Error' } }) : json(200, current);
    }
    if (url === `${SERVER}/v1/hubspot/config` && method === 'PUT') {
      const body = options.body as { expectedVersion: number; config: CxConfig };
      if (o.conflict || body.expectedVersion !== current.version) {
        return json(409, { error: { code: 'config/version-conflict', message: 'version 4 is current' } });
      }
      current = { version: current.version + 1, updatedAt: '2026-03-02T10:00:00.000Z', config: body.config };
      return json(200, current);
    }
    if (url === `${SERVER}/v1/hubspot/config/preview` && method === 'POST') {
      if (o.badPreview) return json(200, { changes: 2 });
      return json(200, {
        changes: 2,
        accounts: [
          {
            accountId: 'a1',
            name: 'Acme',
            from: { band: 'healthy', label: 'Healthy', score: 71.2 },
            to: { band: 'needs-attention', label: 'Needs attention', score: 66.8 },
          },
          { accountId: 'a2', name: null, from: null, to: { band: 'at-risk', label: 'At risk', score: 31 } },
        ],
      });
    }
    if (url === `${SERVER}/v1/hubspot/config/health-weights` && method === 'GET') {
      if (o.fewEvents)
        return json(422, { error: { code: 'health-weights/too-few-events', message: '4 churn events' } });
      return json(200, {
        current: { auc: 0.612, rows: 4200, events: 57 },
        suggested: { auc: 0.701, rows: 4200, events: 57 },
        weights: { nps: 20, openTickets: 50, activeUsers: 30 },
        components: [],
        validationFrom: '2025-11-03T12:00:00.000Z',
        better: true,
        horizonDays: 90,
        suggestedConfig: {},
        preview: {
          changes: 1,
          accounts: [
            {
              accountId: 'a7',
              name: 'Globex',
              from: { band: 'healthy', label: 'Healthy', score: 74 },
              to: { band: 'needs-attention', label: 'Needs attention', score: 58.4 },
            },
          ],
        },
      });
    }
    return json(404, {});
  });
  return { fetchFn, calls };
}

beforeEach(() => {
  g.self = globalThis;
});
afterEach(async () => {
  await new Promise((resolve) => setTimeout(resolve, 0));
  delete g.hsFetch;
  delete g.self;
});

async function renderSettings(server: ReturnType<typeof configServer>) {
  g.hsFetch = server.fetchFn;
  const r = createRenderer('settings');
  r.render(<SettingsPage fetcher={hubspot.fetch} serverUrl={SERVER} />);
  await r.waitFor(() => expect(r.maybeFindByTestId(NumberInput, 'weight-nps')).not.toBeNull(), {
    timeoutInMs: 5000,
  });
  return r;
}

const input = (r: ReturnType<typeof createRenderer>, id: string) => r.findByTestId(NumberInput, id);
// `trigger` types its argument as the handler itself; at run time it is the value passed to it.
const arg = (value: number | boolean) => value as never;

describe('settings page', () => {
  it('loads the current weights, scales, bands and role weights', async () => {
    const r = await renderSettings(configServer());
    expect(input(r, 'weight-nps').props.value).toBe(15);
    expect(input(r, 'lo-nps').props.value).toBe(-50);
    expect(input(r, 'hi-nps').props.value).toBe(70);
    expect(r.findByTestId(Toggle, 'invert-activeUsers').props.checked).toBe(false);
    expect(input(r, 'band-needs-attention').props.value).toBe(40);
    expect(input(r, 'band-at-risk').props.readOnly).toBe(true);
    expect(input(r, 'role-buyer').props.value).toBe(3);
    expect(input(r, 'role-default').props.value).toBe(1);
    expect(r.findByTestId(Button, 'save').props.disabled).toBe(true);
  });

  it('shows inline errors and blocks saving while a value breaks a rule', async () => {
    const r = await renderSettings(configServer());
    input(r, 'hi-nps').trigger('onChange', arg(-60));
    await r.waitFor(() => expect(input(r, 'hi-nps').props.error).toBe(true));
    expect(input(r, 'hi-nps').props.validationMessage).toBe(
      'The healthy end must be above the unhealthy end.',
    );
    expect(r.findByTestId(Button, 'save').props.disabled).toBe(true);
    expect(r.findByTestId(Button, 'preview').props.disabled).toBe(true);

    input(r, 'hi-nps').trigger('onChange', arg(80));
    input(r, 'band-healthy').trigger('onChange', arg(30));
    await r.waitFor(() => expect(input(r, 'band-healthy').props.error).toBe(true));
    expect(input(r, 'hi-nps').props.error).toBeUndefined();
    expect(input(r, 'band-healthy').props.validationMessage).toBe(
      'Each band must start above the previous one.',
    );

    input(r, 'band-healthy').trigger('onChange', arg(75));
    input(r, 'weight-nps').trigger('onChange', arg(-1));
    await r.waitFor(() =>
      expect(input(r, 'weight-nps').props.validationMessage).toBe('Weight must be 0 or more.'),
    );
  });

  it('edits a stepped scale: bounds and points, steps added and removed, order checked inline', async () => {
    const server = configServer();
    const r = await renderSettings(server);
    expect(input(r, 'upto-openTickets-1').props.value).toBe(2);
    expect(input(r, 'stepscore-openTickets-1').props.value).toBe(75);
    // A bound below the previous step's is refused where it is typed.
    input(r, 'upto-openTickets-2').trigger('onChange', arg(1));
    await r.waitFor(() =>
      expect(input(r, 'upto-openTickets-2').props.validationMessage).toBe(
        'Each band must end above the previous one.',
      ),
    );
    expect(r.findByTestId(Button, 'save').props.disabled).toBe(true);
    input(r, 'upto-openTickets-2').trigger('onChange', arg(6));
    input(r, 'stepscore-openTickets-2').trigger('onChange', arg(30));
    r.findByTestId(Button, 'add-step-openTickets').trigger('onClick');
    await r.waitFor(() => expect(input(r, 'upto-openTickets-3').props.value).toBe(7));
    input(r, 'upto-openTickets-3').trigger('onChange', arg(10));
    input(r, 'stepscore-openTickets-3').trigger('onChange', arg(0));
    r.findByTestId(Button, 'remove-step-openTickets-0').trigger('onClick');
    await r.waitFor(() => expect(r.findByTestId(Button, 'save').props.disabled).toBe(false));
    r.findByTestId(Button, 'save').trigger('onClick');
    await r.waitFor(() => expect(r.find(Alert, { variant: 'success' }).text).toContain('Saved as version 4'));
    const body = server.calls.find((c) => c.method === 'PUT')!.body as { config: CxConfig };
    expect(body.config.health.components[1]!.scale).toEqual({
      type: 'bands',
      bands: [
        { upTo: 2, score: 75 },
        { upTo: 6, score: 30 },
        { upTo: 10, score: 0 },
      ],
    });
  });

  it('says when no role weight is left above zero', async () => {
    const r = await renderSettings(configServer());
    for (const id of ['role-buyer', 'role-prescriber', 'role-user', 'role-default'])
      input(r, id).trigger('onChange', arg(0));
    await r.waitFor(() =>
      expect(r.find(Alert, { title: 'Check the role weights' }).text).toBe(
        'At least one role weight must be above 0.',
      ),
    );
    expect(r.findByTestId(Button, 'save').props.disabled).toBe(true);
  });

  it('previews how many accounts would change band before saving', async () => {
    const server = configServer();
    const r = await renderSettings(server);
    input(r, 'weight-nps').trigger('onChange', arg(30));
    await r.waitFor(() => expect(r.findByTestId(Button, 'preview').props.disabled).toBe(false));
    r.findByTestId(Button, 'preview').trigger('onClick');
    await r.waitFor(() =>
      expect(r.find(Alert, { variant: 'warning' }).props.title).toBe('2 accounts change band'),
    );
    const preview = server.calls.find((c) => c.method === 'POST')!;
    expect(preview.url).toBe(`${SERVER}/v1/hubspot/config/preview`);
    expect((preview.body as { config: CxConfig }).config.health.components[0]!.weight).toBe(30);
    const rows = r.find(TableBody, (t) => t.findAll(TableRow).length === 2).findAll(TableRow);
    expect(rows.map((row) => row.findAll(TableCell).map((c) => c.text))).toEqual([
      ['Acme', 'Healthy (71)', 'Needs attention (67)'],
      ['a2', 'Not scored', 'At risk (31)'],
    ]);
  });

  it('says so instead of rendering a preview answer it cannot read', async () => {
    const r = await renderSettings(configServer({ badPreview: true }));
    input(r, 'weight-nps').trigger('onChange', arg(30));
    await r.waitFor(() => expect(r.findByTestId(Button, 'preview').props.disabled).toBe(false));
    r.findByTestId(Button, 'preview').trigger('onClick');
    await r.waitFor(() =>
      expect(r.find(Alert, { variant: 'danger' }).text).toContain(
        'cxkit sent a preview the page cannot read.',
      ),
    );
    expect(r.maybeFind(Alert, { variant: 'warning' })).toBeNull();
  });

  it('checks the weights against later churn, shows the suggestion with its band changes, and adopts it', async () => {
    const server = configServer();
    const r = await renderSettings(server);
    r.findByTestId(Button, 'check-weights').trigger('onClick');
    await r.waitFor(() =>
      expect(r.find(Alert, { title: 'The suggested weights rank later churn better' }).text).toContain(
        'saved weights 0.612, suggested 0.701',
      ),
    );
    expect(r.find(Alert, { title: 'The suggested weights rank later churn better' }).text).toContain(
      'Churn within 90 days, from 2025-11-03 on: 57 churned of 4200 account snapshots.',
    );
    const weights = r
      .findByTestId(Table, 'suggested-weights')
      .findAll(TableRow)
      .filter((row) => row.findAll(TableCell).length > 0);
    expect(weights.map((row) => row.findAll(TableCell).map((c) => c.text))).toEqual([
      ['Account NPS', '15', '20'],
      ['Open tickets', '5', '50'],
      ['Active users', '8', '30'],
    ]);
    expect(r.find(Alert, { title: '1 account changes band' })).toBeDefined();
    const change = r
      .find(TableBody, (t) => t.findAll(TableCell).some((c) => c.text === 'Globex'))
      .findAll(TableCell);
    expect(change.map((c) => c.text)).toEqual(['Globex', 'Healthy (74)', 'Needs attention (58)']);

    // Adopting copies the weights into the form; saving sends them as the next version.
    r.findByTestId(Button, 'adopt-weights').trigger('onClick');
    await r.waitFor(() => expect(input(r, 'weight-openTickets').props.value).toBe(50));
    expect(input(r, 'weight-nps').props.value).toBe(20);
    expect(input(r, 'weight-activeUsers').props.value).toBe(30);
    expect(r.find(Alert, { title: 'Suggested weights copied into the form' })).toBeDefined();
    await r.waitFor(() => expect(r.findByTestId(Button, 'save').props.disabled).toBe(false));
    r.findByTestId(Button, 'save').trigger('onClick');
    await r.waitFor(() => expect(r.find(Alert, { variant: 'success' }).text).toContain('Saved as version 4'));
    const put = server.calls.find((c) => c.method === 'PUT')!;
    const body = put.body as { expectedVersion: number; config: CxConfig };
    expect(body.config.health.components.map((c) => [c.key, c.weight])).toEqual([
      ['nps', 20],
      ['openTickets', 50],
      ['activeUsers', 30],
    ]);
  });

  it('says so when the history has too few churned accounts to judge the weights', async () => {
    const r = await renderSettings(configServer({ fewEvents: true }));
    r.findByTestId(Button, 'check-weights').trigger('onClick');
    await r.waitFor(() =>
      expect(r.find(Alert, { title: 'No weights check' }).text).toContain('Not enough accounts have churned'),
    );
    expect(r.maybeFindByTestId(Button, 'adopt-weights')).toBeNull();
  });

  it('saves through the versioned config and shows the new version', async () => {
    const server = configServer();
    const r = await renderSettings(server);
    input(r, 'role-buyer').trigger('onChange', arg(4));
    r.findByTestId(Toggle, 'invert-activeUsers').trigger('onChange', arg(true));
    await r.waitFor(() => expect(r.findByTestId(Button, 'save').props.disabled).toBe(false));
    r.findByTestId(Button, 'save').trigger('onClick');
    await r.waitFor(() => expect(r.find(Alert, { variant: 'success' }).text).toContain('Saved as version 4'));
    const put = server.calls.find((c) => c.method === 'PUT')!;
    const body = put.body as { expectedVersion: number; config: CxConfig };
    expect(body.expectedVersion).toBe(3);
    expect(body.config.roleWeights.weights.buyer).toBe(4);
    expect(body.config.health.components[2]!.scale).toEqual({ type: 'percentile', invert: true });
    await r.waitFor(() => expect(r.findByTestId(Button, 'save').props.disabled).toBe(true));
  });

  it('explains a conflict when someone else saved first', async () => {
    const r = await renderSettings(configServer({ conflict: true }));
    input(r, 'weight-nps').trigger('onChange', arg(16));
    await r.waitFor(() => expect(r.findByTestId(Button, 'save').props.disabled).toBe(false));
    r.findByTestId(Button, 'save').trigger('onClick');
    await r.waitFor(() =>
      expect(r.find(Alert, { variant: 'danger' }).props.title).toBe('Settings changed elsewhere'),
    );
  });

  it('shows an error state when the settings cannot be loaded', async () => {
    const server = configServer({ failLoad: true });
    g.hsFetch = server.fetchFn;
    const r = createRenderer('settings');
    r.render(<SettingsPage fetcher={hubspot.fetch} serverUrl={SERVER} />);
    await r.waitFor(() => expect(r.find(ErrorState).props.title).toBe('cxkit settings are unavailable'), {
      timeoutInMs: 5000,
    });
  });
});
