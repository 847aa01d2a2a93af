import { z } from 'zod';
import { saveVersion } from '../admin/config-store.js';
import type { Queryable } from '../db/database.js';
import {
  analysisColumns,
  analyzeTenantAnswer,
  type VerbatimAnalysisServices,
} from './analyze-pending-verbatims.js';
import { loadThemeDictionaries } from './tenant-theme-dictionaries.js';
import { storedAnswerText } from './stored-answer-text.js';
import { reanalysisRequests, reanalysisStatus } from './verbatim-reanalysis-store.js';
import { replaceAnalyses, staleAnalyses } from './verbatim-analyses-store.js';

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
  for (const req of await reanalysisRequests(services.db)) {
    let redone = 0;
    let after: [string, string, string] = ['-infinity', '00000000-0000-0000-0000-000000000000', ''];
    while (budget > 0) {
      budget--;
      const stale = await staleAnalyses(services.db, req.tenant_id, req.requested_at, batchSize, after);
      if (stale.length === 0) break;
      const last = stale[stale.length - 1]!;
      after = [last.analyzed_at, last.response_id, last.question_id];
      // Read after the request committed, so this batch's analyses count as done.
      const dictionaries = await loadThemeDictionaries(services.db, [req.tenant_id]);
      const rows = [];
      for (const s of stale) {
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
          ...analysisColumns(analysis, dictionaries.readAt),
        });
      }
      if (rows.length > 0) await replaceAnalyses(services.db, rows);
      redone += rows.length;
      if (stale.length < batchSize) break;
    }
    if (redone > 0) out.tenants.push(req.tenant_id);
    out.verbatims += redone;
    if (budget === 0) break;
  }
  return out;
}
