import { AlertPageSchema, type AlertView, type Queryable } from '@cxkit/server';

/** An alert as the dashboard lists it: the server's view plus the account's name for the link. */
export interface DashboardAlert {
  id: string;
  ruleId: string;
  severity: AlertView['severity'];
  /** Plain text from the server: the page escapes it. */
  title: string;
  target: AlertView['target'];
  accountName: string | null;
  period: string;
  createdAt: string;
  acknowledged: boolean;
}

/** The dashboard's alert section: the latest alerts and how many there are in all. */
export interface DashboardAlerts {
  total: number;
  open: number;
  bySeverity: Record<AlertView['severity'], number>;
  latest: DashboardAlert[];
}

/** Raised when the cxkit server refuses the alert list; carries its status. */
export class AlertListError extends Error {
  /** Stable error code. */
  readonly code = 'demo/alert-list-failed';
  constructor(readonly status: number) {
    super(`the cxkit server answered ${status} to GET /v1/alerts`);
  }
}

/**
 * Reads the latest `limit` alerts through the server's API (`GET /v1/alerts` with the tenant's admin key,
 * validated with its schema), counts all of them, and names the accounts from the demo's table.
 */
export async function dashboardAlerts(o: {
  db: Queryable;
  tenantId: string;
  serverUrl: string;
  adminKey: string;
  limit?: number;
}): Promise<DashboardAlerts> {
  const res = await fetch(`${o.serverUrl}/v1/alerts?status=all&limit=${o.limit ?? 20}`, {
    headers: { authorization: `Bearer ${o.adminKey}` },
  });
  if (!res.ok) throw new AlertListError(res.status);
  const page = AlertPageSchema.parse(await res.json());
  // The API pages rather than counts; the totals come from the same table in one query.
  const counts = await o.db.query<{ severity: AlertView['severity']; n: number; open: number }>(
    `SELECT severity, count(*)::int AS n, (count(*) FILTER (WHERE acknowledged_at IS NULL))::int AS open
       FROM alerts WHERE tenant_id = $1 GROUP BY severity`,
    [o.tenantId],
  );
  const ids = page.alerts.flatMap((a) => (a.target.type === 'account' ? [a.target.id] : []));
  const names = await o.db.query<{ account_id: string; name: string }>(
    'SELECT account_id, name FROM demo_accounts WHERE account_id = ANY($1::text[])',
    [ids],
  );
  const nameOf = new Map(names.rows.map((r) => [r.account_id, r.name]));
  const bySeverity = { info: 0, warning: 0, critical: 0 };
  for (const c of counts.rows) bySeverity[c.severity] = c.n;
  return {
    total: counts.rows.reduce((t, c) => t + c.n, 0),
    open: counts.rows.reduce((t, c) => t + c.open, 0),
    bySeverity,
    latest: page.alerts.map((a) => ({
      id: a.id,
      ruleId: a.ruleId,
      severity: a.severity,
      title: a.title,
      target: a.target,
      accountName: a.target.type === 'account' ? (nameOf.get(a.target.id) ?? null) : null,
      period: a.period,
      createdAt: a.createdAt,
      acknowledged: a.acknowledgedAt !== null,
    })),
  };
}
