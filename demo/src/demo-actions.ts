/** Raised when the cxkit server refuses a demo action; carries the status. */
export class DemoActionError extends Error {
  /** Stable error code. */
  readonly code = 'demo/action-refused';
  constructor(readonly status: number) {
    super(`the cxkit server answered ${status} to a demo action`);
  }
}

const ACTIONS = [
  {
    title: 'Fixed delivery slots agreed with each customer',
    driver: 'touchpoint:post-delivery/ces',
    complexity: 'low',
    cost: 'low',
  },
  {
    title: 'Support playbook and callback within 4 h',
    driver: 'touchpoint:post-support/csat',
    complexity: 'medium',
    cost: 'low',
  },
  { title: 'Regional stock for A references', driver: 'theme:delivery', complexity: 'high', cost: 'high' },
  { title: 'Net price list review', driver: 'theme:pricing', complexity: 'low', cost: 'medium' },
] as const;

const day = (d: Date) => d.toISOString().slice(0, 10);
const monthEnd = (now: Date, offset: number) =>
  new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset + 1, 0));

/**
 * The demo supplier's improvement work, entered through the server's analytics API as an admin would: four
 * candidate actions linked to key drivers (seed 001's matrix ranks them), the first one in the action plan
 * (NPS of all accounts to +30 within six months, a checkpoint at the end of each month, started three months ago).
 */
export async function seedDemoActions(o: { serverUrl: string; adminKey: string; now?: Date }): Promise<void> {
  const now = o.now ?? new Date();
  const headers = {
    authorization: `Bearer ${o.adminKey}`,
    'content-type': 'application/json',
    'x-cx-actor': 'demo seed',
  };
  const ids: string[] = [];
  for (const a of ACTIONS) {
    const res = await fetch(`${o.serverUrl}/v1/analytics/actions`, {
      method: 'POST',
      headers,
      body: JSON.stringify(a),
    });
    if (!res.ok) throw new DemoActionError(res.status);
    ids.push(((await res.json()) as { id: string }).id);
  }
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 3, 1));
  const res = await fetch(`${o.serverUrl}/v1/analytics/actions/${ids[0]}/plan`, {
    method: 'PUT',
    headers,
    body: JSON.stringify({
      objective: {
        metric: 'nps',
        scope: { type: 'portfolio' },
        target: 30,
        start: day(start),
        deadline: day(monthEnd(now, 3)),
      },
      owner: { email: 'camille.martin@altaris.example', name: 'Camille Martin' },
      status: 'in-progress',
      checkpoints: [-3, -2, -1, 0, 1, 2, 3].map((m) => day(monthEnd(now, m))),
    }),
  });
  if (!res.ok) throw new DemoActionError(res.status);
}
