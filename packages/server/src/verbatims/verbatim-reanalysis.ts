import { z } from 'zod';
import { saveVersion } from '../admin/config-store.js';
import type { Queryable } from '../db/database.js';
import { analyzeTenantAnswer, type VerbatimAnalysisServices } from './analyze-pending-verbatims.js';
import { loadThemeDictionaries } from './tenant-theme-dictionaries.js';
import { storedAnswerText } from './stored-answer-text.js';

/**
 * Configuration entity of re-analysis requests: each request is a version in `config_versions`, so the
 * history says who asked and when, and its `changed_at` is the cut-off (analyses made before it are redone).
 */
export const REANALYSIS_ENTITY = 'verbatim-reanalysis';

/** Where a tenant's re-analysis stands. */
export const ReanalysisStatusSchema = z.object({
  /** When the latest re-analysis was asked for, or null when never. */
  requestedAt: z.string().nullable(),
  /** Who asked (`X-Cx-Actor` or `admin-key`), or null when never. */
  requestedBy: z.string().nullable(),
  /** Analyses made before the request and not redone yet; 0 when done. */
  remaining: z.int(),
});

/** Where a tenant's re-analysis stands. */
export type ReanalysisStatus = z.infer<typeof ReanalysisStatusSchema>;

/** Options of {@link reanalyzeVerbatims}. */
export interface ReanalyzeOptions {
  /** Analyses redone per batch; default 200. */
  batchSize?: number;
  /** Batches per call at most, over all tenants, so one call stays short; default 50. */
  maxBatches?: number;
}

/** What one call of {@link reanalyzeVerbatims} redid. */
export interface ReanalyzeResult {
  /** Open answers analysed again. */
  verbatims: number;
  /** Tenants whose analyses changed. */
  tenants: string[];
}

/** The status of a tenant's latest re-analysis request. */
export async function reanalysisStatus(db: Queryable, tenantId: string): Promise<ReanalysisStatus> {
  const r = await db.query<{ requested_at: Date | string | null; actor: string | null; remaining: number }>(
    `WITH req AS (SELECT changed_at, actor FROM config_versions
                  WHERE tenant_id = $1 AND entity = $2 AND entity_id = '' ORDER BY version DESC LIMIT 1)
     SELECT req.changed_at AS requested_at, req.actor,
            (SELECT count(*)::int FROM verbatim_analyses v
             WHERE v.tenant_id = $1 AND v.analyzed_at < req.changed_at) AS remaining
     FROM (SELECT 1) one LEFT JOIN req ON true`,
    [tenantId, REANALYSIS_ENTITY],
  );
  const row = r.rows[0];
  return {
    requestedAt: row?.requested_at ? new Date(row.requested_at).toISOString() : null,
    requestedBy: row?.actor ?? null,
    remaining: Number(row?.remaining ?? 0),
  };
}

/**
 * Asks for every stored analysis of a tenant to be redone with its current theme dictionary (after a
 * `themes` change). Nothing is deleted: the worker replaces analyses in batches, so summaries keep showing
 * the previous tags until each answer is redone. Returns the status right after the request.
 */
export async function requestVerbatimReanalysis(
  db: Queryable,
  tenantId: string,
  actor: string,
): Promise<ReanalysisStatus> {
  await saveVersion(db, tenantId, REANALYSIS_ENTITY, '', {}, actor);
  return reanalysisStatus(db, tenantId);
}

// Each tenant's latest request, as text so the microseconds a JS Date would drop are kept.
const REQUESTS = `
SELECT tenant_id, max(changed_at)::text AS requested_at FROM config_versions
WHERE entity = $1 AND entity_id = '' GROUP BY tenant_id ORDER BY tenant_id`;

// Oldest analyses first, keyset-paged so a row that cannot be redone never holds the queue up; the
// (tenant_id, analyzed_at) index serves it and LIMIT stops the scan early.
const STALE = `
SELECT v.tenant_id, v.response_id::text AS response_id, v.question_id, v.analyzed_at::text AS analyzed_at,
       r.locale, r.answers
FROM verbatim_analyses v JOIN responses r ON r.tenant_id = v.tenant_id AND r.id = v.response_id
WHERE v.tenant_id = $1 AND v.analyzed_at < $2::timestamptz
  AND (v.analyzed_at, v.response_id, v.question_id) > ($4::timestamptz, $5::uuid, $6::text)
ORDER BY v.analyzed_at, v.response_id, v.question_id
LIMIT $3`;

// A concurrent run that read the dictionary later wins: an older analysis never overwrites a newer one.
const UPDATE = `
UPDATE verbatim_analyses v
SET language = x.language, sentiment_score = x.sentiment_score, sentiment_label = x.sentiment_label,
    themes = ARRAY(SELECT jsonb_array_elements_text(x.themes)), analysis = x.analysis, analyzed_at = x.analyzed_at
FROM jsonb_to_recordset($1::jsonb) AS x(tenant_id text, response_id uuid, question_id text, language text,
     sentiment_score double precision, sentiment_label text, themes jsonb, analysis jsonb, analyzed_at timestamptz)
WHERE v.tenant_id = x.tenant_id AND v.response_id = x.response_id AND v.question_id = x.question_id
  AND v.analyzed_at < x.analyzed_at`;

interface StaleRow {
  tenant_id: string;
  response_id: string;
  question_id: string;
  /** Text, so paging keeps the microseconds. */
  analyzed_at: string;
  locale: string | null;
  answers: unknown;
}

/**
 * Redoes, in batches, the analyses made before each tenant's latest re-analysis request, with the tenant's
 * current dictionary. Safe to run concurrently and repeatedly; the verbatim worker runs it after new answers.
 */
export async function reanalyzeVerbatims(
  services: { db: Queryable } & VerbatimAnalysisServices,
  options: ReanalyzeOptions = {},
): Promise<ReanalyzeResult> {
  const batchSize = options.batchSize ?? 200;
  let budget = options.maxBatches ?? 50;
  const out: ReanalyzeResult = { verbatims: 0, tenants: [] };
  const requests = await services.db.query<{ tenant_id: string; requested_at: string }>(REQUESTS, [
    REANALYSIS_ENTITY,
  ]);
  for (const req of requests.rows) {
    let redone = 0;
    let after: [string, string, string] = ['-infinity', '00000000-0000-0000-0000-000000000000', ''];
    while (budget > 0) {
      budget--;
      const stale = await services.db.query<StaleRow>(STALE, [
        req.tenant_id,
        req.requested_at,
        batchSize,
        ...after,
      ]);
      if (stale.rows.length === 0) break;
      const last = stale.rows[stale.rows.length - 1]!;
      after = [last.analyzed_at, last.response_id, last.question_id];
      // Read after the request committed, so this batch's analyses count as done.
      const dictionaries = await loadThemeDictionaries(services.db, [req.tenant_id]);
      const rows = [];
      for (const s of stale.rows) {
        const text = storedAnswerText(s.answers, s.question_id);
        if (text === undefined || text.trim() === '') continue;
        const analysis = await analyzeTenantAnswer(
          services,
          s.tenant_id,
          text,
          s.locale,
          dictionaries.of(s.tenant_id),
        );
        rows.push({
          tenant_id: s.tenant_id,
          response_id: s.response_id,
          question_id: s.question_id,
          language: analysis.language,
          sentiment_score: analysis.sentiment.score,
          sentiment_label: analysis.sentiment.label,
          themes: analysis.themes.map((t) => t.theme),
          analysis,
          analyzed_at: dictionaries.readAt,
        });
      }
      if (rows.length > 0) await services.db.query(UPDATE, [JSON.stringify(rows)]);
      redone += rows.length;
      if (stale.rows.length < batchSize) break;
    }
    if (redone > 0) out.tenants.push(req.tenant_id);
    out.verbatims += redone;
    if (budget === 0) break;
  }
  return out;
}
