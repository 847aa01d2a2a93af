import { createHmac, timingSafeEqual } from 'node:crypto';
import { renderMonthlyReport } from '@cxkit/core';
import { z } from 'zod';
import type { Queryable } from '../db/database.js';
import { HttpError } from '../http-error.js';
import { findTenant } from '../tenants/tenants-store.js';
import { buildActionPlan } from './action-plan-progress.js';
import { analyticsWindow, buildAlerts, buildOverview, buildThemes } from './portfolio-analytics.js';

/** A month (`YYYY-MM`). */
export const MonthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month, YYYY-MM');

/** The month before `now`'s (the default report: the last full month). */
export function previousMonth(now: Date): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return d.toISOString().slice(0, 7);
}

/**
 * The tenant's monthly report as an HTML document (core's `renderMonthlyReport`): the month's headline KPIs
 * and significant changes, alerts and themes, and the action plan's progress as of `now`.
 */
export async function buildMonthlyReport(
  db: Queryable,
  tenantId: string,
  month: string,
  now: Date,
): Promise<string> {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const end = new Date(Math.min(Date.UTC(y, m, 1) - 1, now.getTime()));
  const [tenant, overview, themes, alerts, plan] = await Promise.all([
    findTenant(db, tenantId),
    buildOverview(db, tenantId, analyticsWindow(end, 12)),
    buildThemes(db, tenantId, analyticsWindow(end, 1), { language: 'en' }),
    buildAlerts(db, tenantId, analyticsWindow(end, 1), { limit: 50 }),
    buildActionPlan(db, tenantId, now),
  ]);
  return renderMonthlyReport({
    tenant: tenant?.name ?? tenantId,
    month,
    generatedAt: now.toISOString(),
    kpis: overview.kpis,
    themes,
    alerts,
    plan,
  });
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64url');
const sign = (payload: string, secret: string) =>
  createHmac('sha256', secret).update(payload).digest('base64url');
const TokenSchema = z.strictObject({ t: z.string(), m: MonthSchema, e: z.int() });

/** A link token for one tenant's report of one month, valid `ttlMs`, signed with the tenant's secret. */
export function reportToken(
  tenantId: string,
  month: string,
  secret: string,
  now: Date,
  ttlMs = 3_600_000,
): string {
  const payload = b64(JSON.stringify({ t: tenantId, m: month, e: now.getTime() + ttlMs }));
  return `${payload}.${sign(payload, secret)}`;
}

/**
 * Reads a report link token: its tenant and month, once the signature (tenant's secret) and expiry check out.
 * @throws HttpError 401 `report/token-invalid` or `report/token-expired`.
 */
export async function readReportToken(
  db: Queryable,
  token: string,
  now: Date,
): Promise<{ tenantId: string; month: string }> {
  const invalid = new HttpError(401, 'report/token-invalid', 'the report link is not valid');
  const [payload, signature] = token.split('.');
  if (!payload || !signature) throw invalid;
  let claims: z.infer<typeof TokenSchema>;
  try {
    claims = TokenSchema.parse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
  } catch {
    throw invalid;
  }
  const tenant = await findTenant(db, claims.t);
  if (!tenant) throw invalid;
  const expected = Buffer.from(sign(payload, tenant.signingSecret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw invalid;
  if (claims.e < now.getTime())
    throw new HttpError(
      401,
      'report/token-expired',
      'the report link has expired; open it again from HubSpot',
    );
  return { tenantId: claims.t, month: claims.m };
}
