import { Alert, Button, Input, NumberInput, Select, Toggle } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { describe, expect, it } from 'vitest';
import type { StoredAction } from './action-form.ts';
import { ActionEditor } from './ActionEditor.tsx';
import type { HubSpotFetch } from './cxkit-server.ts';
import { AnalyticsClientContext } from './use-analytics.ts';

const SERVER = 'https://cxkit.example.com';
const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
// `trigger` types its argument as the handler itself; at run time it is the value passed to it.
const arg = (value: unknown) => value as never;

interface Call {
  method: string;
  path: string;
  body: Record<string, unknown> | undefined;
}

/** A fetcher that records each call and answers it with `answer`. */
function server(answer: (c: Call) => Response) {
  const calls: Call[] = [];
  const fetcher: HubSpotFetch = async (url, o) => {
    const call = { method: o?.method ?? 'GET', path: new URL(url).pathname, body: o?.body };
    calls.push(call);
    return answer(call);
  };
  return { calls, fetcher };
}

const stored = (over: Partial<StoredAction> = {}): StoredAction => ({
  id: 'a1',
  title: 'Fix invoices',
  description: '',
  driver: 'theme:billing',
  complexity: 'low',
  cost: 'medium',
  costAmount: null,
  plan: null,
  ...over,
});

function render(fetcher: HubSpotFetch, existing?: StoredAction) {
  const saved: StoredAction[] = [];
  const r = createRenderer('home');
  r.render(
    <AnalyticsClientContext.Provider value={{ fetcher, serverUrl: SERVER }}>
      <ActionEditor
        {...(existing ? { existing } : {})}
        onSaved={(a) => saved.push(a)}
        onCancel={() => undefined}
      />
    </AnalyticsClientContext.Provider>,
  );
  return { r, saved };
}

const type = (r: ReturnType<typeof createRenderer>, id: string, value: string) =>
  r.findByTestId(Input, `action-${id}`).trigger('onChange', arg(value));

describe('the action editor', () => {
  it('creates an action, then puts it in the plan with its objective, owner and checkpoints', async () => {
    const s = server((c) =>
      c.method === 'POST'
        ? json(201, stored({ title: 'Call detractors', driver: 'touchpoint:support/csat' }))
        : json(200, stored({ title: 'Call detractors', plan: c.body as never })),
    );
    const { r, saved } = render(s.fetcher);
    type(r, 'title', 'Call detractors');
    type(r, 'driver', 'touchpoint:support/csat');
    r.findByTestId(Select, 'action-complexity').trigger('onChange', arg('high'));
    r.findByTestId(Toggle, 'action-inPlan').trigger('onChange', arg(true));
    r.findByTestId(Select, 'action-scopeType').trigger('onChange', arg('segment'));
    type(r, 'attribute', 'sector');
    type(r, 'scopeValue', 'energy');
    r.findByTestId(NumberInput, 'action-target').trigger('onChange', arg(30));
    type(r, 'start', '2026-01-01');
    type(r, 'deadline', '2026-06-30');
    type(r, 'checkpoints', '2026-03-31, 2026-06-30');
    type(r, 'ownerEmail', 'camille@acme.test');
    type(r, 'ownerId', '501');
    r.findByTestId(Toggle, 'action-createHubSpotTasks').trigger('onChange', arg(true));
    r.findByTestId(Button, 'action-save').trigger('onClick');
    await r.waitFor(() => expect(saved).toHaveLength(1));
    expect(s.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      'POST /v1/hubspot/analytics/actions',
      'PUT /v1/hubspot/analytics/actions/a1/plan',
    ]);
    expect(s.calls[0]!.body).toEqual({
      title: 'Call detractors',
      description: '',
      driver: 'touchpoint:support/csat',
      complexity: 'high',
      cost: 'medium',
    });
    expect(s.calls[1]!.body).toEqual({
      objective: {
        metric: 'nps',
        scope: { type: 'segment', attribute: 'sector', value: 'energy' },
        target: 30,
        start: '2026-01-01',
        deadline: '2026-06-30',
      },
      owner: { hubspotOwnerId: '501', email: 'camille@acme.test', name: null },
      status: 'planned',
      checkpoints: ['2026-03-31', '2026-06-30'],
      createHubSpotTasks: true,
    });
    expect(r.maybeFind(Alert)).toBeNull();
  });

  it("shows the server's refusal under the field it names, and saves nothing more", async () => {
    const s = server((c) =>
      c.method === 'PUT' && c.path.endsWith('/plan')
        ? json(400, {
            error: {
              code: 'validation/body',
              message: 'invalid body',
              issues: [
                { path: 'checkpoints.0', rule: 'custom', message: 'must be after the start' },
                { path: 'owner.email', rule: 'invalid_format', message: 'Invalid email address' },
              ],
            },
          })
        : json(200, stored()),
    );
    const { r, saved } = render(s.fetcher, stored());
    expect(r.findByTestId(Input, 'action-title').props.value).toBe('Fix invoices');
    r.findByTestId(Toggle, 'action-inPlan').trigger('onChange', arg(true));
    r.findByTestId(NumberInput, 'action-target').trigger('onChange', arg(30));
    type(r, 'start', '2026-01-01');
    type(r, 'deadline', '2026-06-30');
    type(r, 'checkpoints', '2025-12-01');
    type(r, 'ownerEmail', 'not an email');
    r.findByTestId(Button, 'action-save').trigger('onClick');
    await r.waitFor(() => expect(r.maybeFind(Alert)).not.toBeNull());
    expect(r.find(Alert).props.title).toBe('Not saved');
    expect(r.findByTestId(Input, 'action-checkpoints').props).toMatchObject({
      error: true,
      validationMessage: 'must be after the start',
    });
    expect(r.findByTestId(Input, 'action-ownerEmail').props.validationMessage).toBe('Invalid email address');
    expect(r.findByTestId(Input, 'action-start').props.error).toBeUndefined();
    expect(saved).toEqual([]);
    expect(s.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      'PUT /v1/hubspot/analytics/actions/a1',
      'PUT /v1/hubspot/analytics/actions/a1/plan',
    ]);
  });

  it('edits a planned action from its stored values, and takes it out of the plan', async () => {
    const planned = stored({
      plan: {
        objective: {
          metric: 'csat',
          scope: { type: 'role', role: 'buyer' },
          target: 85,
          start: '2026-01-01',
          deadline: '2026-12-31',
        },
        owner: { hubspotOwnerId: null, email: 'dana@acme.test', name: 'Dana' },
        status: 'in-progress',
        checkpoints: ['2026-06-30', '2026-12-31'],
      },
    });
    const s = server(() => json(200, stored()));
    const { r, saved } = render(s.fetcher, planned);
    expect(r.findByTestId(Select, 'action-metric').props.value).toBe('csat');
    expect(r.findByTestId(Input, 'action-role').props.value).toBe('buyer');
    expect(r.findByTestId(Input, 'action-checkpoints').props.value).toBe('2026-06-30, 2026-12-31');
    expect(r.findByTestId(Select, 'action-status').props.value).toBe('in-progress');
    r.findByTestId(Toggle, 'action-inPlan').trigger('onChange', arg(false));
    r.findByTestId(Button, 'action-save').trigger('onClick');
    await r.waitFor(() => expect(saved).toHaveLength(1));
    expect(s.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      'PUT /v1/hubspot/analytics/actions/a1',
      'DELETE /v1/hubspot/analytics/actions/a1/plan',
    ]);
  });
});
