import {
  MAX_VERBATIM_LENGTH,
  analyzeVerbatim,
  analyzeVerbatimWith,
  type SentimentProvider,
  type ThemeDictionary,
  type VerbatimAnalysis,
  type VerbatimLanguage,
} from '@cxkit/core';
import type { Logger } from '../logger.js';
import type { Queryable } from '../db/database.js';
import { insertAnalyses, pendingAnswers, type PendingRow } from './verbatim-analyses-store.js';
import { loadThemeDictionaries, type TenantThemeDictionaries } from './tenant-theme-dictionaries.js';

/** Options of {@link analyzePendingVerbatims}. */
export interface AnalyzePendingOptions {
  /** Responses read per batch; default 200. */
  batchSize?: number;
  /** Batches per call at most, so one call stays short; default 50. */
  maxBatches?: number;
}

/** Picks a tenant's sentiment analyser; undefined keeps core's default model. */
export type SentimentProviderResolver = (tenantId: string) => SentimentProvider | undefined;

/** Where the verbatim jobs find a plugged-in analyser, and where they log its failures. */
export interface VerbatimAnalysisServices {
  sentimentProvider?: SentimentProviderResolver;
  logger?: Logger;
}

/** What one call analysed. */
export interface AnalyzePendingResult {
  /** Responses analysed. */
  responses: number;
  /** Open answers analysed (a response may have several). */
  verbatims: number;
  /** Tenants that got new analyses (their detractor alerts may need evaluating). */
  tenants: string[];
}

/** The survey locale as a fallback language: detection still decides when the text gives clues. */
function fallbackOf(locale: string | null): VerbatimLanguage {
  const l = locale?.slice(0, 2).toLowerCase();
  return l === 'fr' || l === 'en' ? l : 'other';
}

/** One open answer's language, sentiment and themes, with the survey locale as fallback language. */
export function analyzeAnswer(
  text: string,
  locale: string | null,
  themes: ThemeDictionary,
): VerbatimAnalysis {
  return analyzeVerbatim(text.slice(0, MAX_VERBATIM_LENGTH), {
    fallbackLanguage: fallbackOf(locale),
    themes,
  });
}

/**
 * The `verbatim_analyses` columns of an analysis made at `analyzedAt` (when its dictionaries were read), shared by
 * the first analysis and the re-analysis so both store an answer's analysis the same way.
 */
export function analysisColumns(analysis: VerbatimAnalysis, analyzedAt: string) {
  return {
    language: analysis.language,
    sentiment_score: analysis.sentiment.score,
    sentiment_label: analysis.sentiment.label,
    themes: analysis.themes.map((t) => t.theme),
    analysis,
    analyzed_at: analyzedAt,
  };
}

/**
 * {@link analyzeAnswer} with the tenant's plugged-in analyser when there is one. If that analyser fails (down,
 * timeout, malformed reply) the answer is analysed with core's default model and the failure logged, so an
 * outage elsewhere neither blocks the queue nor leaves an answer unanalysed; `sentiment.analyzer` records which
 * analyser labelled it.
 */
export async function analyzeTenantAnswer(
  services: VerbatimAnalysisServices,
  tenantId: string,
  text: string,
  locale: string | null,
  themes: ThemeDictionary,
): Promise<VerbatimAnalysis> {
  const provider = services.sentimentProvider?.(tenantId);
  if (provider === undefined) return analyzeAnswer(text, locale, themes);
  try {
    return await analyzeVerbatimWith(provider, text.slice(0, MAX_VERBATIM_LENGTH), {
      fallbackLanguage: fallbackOf(locale),
      themes,
    });
  } catch (error) {
    services.logger?.warn(
      { tenantId, provider: provider.id, err: (error as Error).message },
      'sentiment provider failed; answer analysed with the default model',
    );
    return analyzeAnswer(text, locale, themes);
  }
}

/** The analysis rows of one response: one per non-empty open answer, tagged with its tenant's dictionary. */
async function analysisRows(
  services: VerbatimAnalysisServices,
  r: PendingRow,
  dictionaries: TenantThemeDictionaries,
) {
  const answers = (Array.isArray(r.answers) ? r.answers : []) as {
    kind?: unknown;
    questionId?: unknown;
    value?: unknown;
  }[];
  const rows = [];
  const seen = new Set<string>();
  for (const a of answers) {
    if (a.kind !== 'text' || typeof a.value !== 'string' || typeof a.questionId !== 'string') continue;
    if (a.value.trim() === '' || seen.has(a.questionId)) continue;
    seen.add(a.questionId);
    const analysis = await analyzeTenantAnswer(
      services,
      r.tenant_id,
      a.value,
      r.locale,
      dictionaries.of(r.tenant_id),
    );
    rows.push({
      tenant_id: r.tenant_id,
      response_id: r.id,
      question_id: a.questionId,
      account_id: r.account_id,
      answered_at: new Date(r.answered_at).toISOString(),
      ...analysisColumns(analysis, dictionaries.readAt),
    });
  }
  return rows;
}

/**
 * Analyses the open answers stored since the last run (language, sentiment, themes, evidence) and stores
 * one `verbatim_analyses` row per answer, in batches, off the ingest path. Themes come from each tenant's
 * current `themes` setting (core's default dictionary when never set). Safe to run concurrently and
 * repeatedly: an answer is analysed once. The server runs it after ingest batches and on a timer.
 */
export async function analyzePendingVerbatims(
  services: { db: Queryable } & VerbatimAnalysisServices,
  options: AnalyzePendingOptions = {},
): Promise<AnalyzePendingResult> {
  const batchSize = options.batchSize ?? 200;
  const maxBatches = options.maxBatches ?? 50;
  const out: AnalyzePendingResult = { responses: 0, verbatims: 0, tenants: [] };
  const tenants = new Set<string>();
  // Keyset paging: a response that yields no analysis (it should not exist) cannot hold the queue up.
  let after: [string, string, string] = ['-infinity', '', '00000000-0000-0000-0000-000000000000'];
  for (let b = 0; b < maxBatches; b++) {
    const pending = await pendingAnswers(services.db, batchSize, after);
    if (pending.length === 0) break;
    const dictionaries = await loadThemeDictionaries(
      services.db,
      pending.map((r) => r.tenant_id),
    );
    const rows = [];
    for (const r of pending) rows.push(...(await analysisRows(services, r, dictionaries)));
    // A response flagged has_text always has one non-empty open answer, so every pending row gets an analysis.
    if (rows.length > 0) await insertAnalyses(services.db, rows);
    out.responses += pending.length;
    out.verbatims += rows.length;
    for (const r of pending) tenants.add(r.tenant_id);
    const last = pending[pending.length - 1]!;
    after = [last.received_at, last.tenant_id, last.id];
    if (pending.length < batchSize) break;
  }
  out.tenants = [...tenants].sort();
  return out;
}
