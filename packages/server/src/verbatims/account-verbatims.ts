import {
  VerbatimAnalysisSchema,
  byThemeCount,
  summarizeVerbatims,
  type AccountSummaryView,
  type VerbatimAnalysis,
} from '@cxkit/core';
import { getSetting } from '../admin/config-store.js';
import type { Queryable } from '../db/database.js';
import { storedAnswerText } from './stored-answer-text.js';
import {
  accountThemeTotals,
  analysesOfResponses,
  latestAccountAnalyses,
  type AnalysisRow,
} from './verbatim-analyses-store.js';

/** A verbatim of the account view, before or after its analysis is filled in. */
type ViewVerbatim = AccountSummaryView['verbatims'][number];
/** The theme list of the account view. */
export type AccountThemesView = NonNullable<AccountSummaryView['themes']>;

const firstTextQuestion = (answers: unknown): string | undefined => {
  const list = (Array.isArray(answers) ? answers : []) as {
    kind?: unknown;
    questionId?: unknown;
    value?: unknown;
  }[];
  const a = list.find((x) => x.kind === 'text' && typeof x.value === 'string' && x.value.trim() !== '');
  return typeof a?.questionId === 'string' ? a.questionId : undefined;
};

const parsed = (v: unknown): VerbatimAnalysis | undefined => {
  const r = VerbatimAnalysisSchema.safeParse(v);
  return r.success ? r.data : undefined;
};

/**
 * Fills `sentiment` and `themes` (labels in the answer's language) of the account view's verbatims from their
 * stored analyses; a verbatim not analysed yet keeps `null` and `[]`.
 */
export async function withVerbatimAnalyses(
  db: Queryable,
  tenantId: string,
  verbatims: readonly ViewVerbatim[],
): Promise<ViewVerbatim[]> {
  if (verbatims.length === 0) return [];
  const rows = await analysesOfResponses(
    db,
    tenantId,
    verbatims.map((v) => v.responseId),
  );
  // The view shows a response's first open answer, so its analysis is that question's.
  const byResponse = new Map<string, AnalysisRow>();
  for (const row of rows)
    if (row.question_id === firstTextQuestion(row.answers)) byResponse.set(row.response_id, row);
  return verbatims.map((v) => {
    const row = byResponse.get(v.responseId.toLowerCase());
    const analysis = row && parsed(row.analysis);
    if (!row || !analysis) return v;
    return { ...v, sentiment: analysis.sentiment.score, themes: analysis.themes.map((t) => t.label) };
  });
}

/** Options of {@link accountThemes}. */
export interface AccountThemesOptions {
  /** Window start (inclusive). */
  from: Date;
  /** Window end (inclusive). */
  to: Date;
  /** Latest analyses read for the quotes; default 500 (counts always cover the whole window). */
  limit?: number;
  /** Quotes per theme; default 3. */
  examplesPerTheme?: number;
}

/**
 * The themes of an account's open answers in a window: count, sentiment split, mean score and example
 * quotes (the most clear-cut first), by decreasing count, from the stored analyses. Labels and tie order come
 * from the tenant's current theme dictionary; a theme since removed from it keeps its stored label.
 */
export async function accountThemes(
  db: Queryable,
  tenantId: string,
  accountId: string,
  options: AccountThemesOptions,
): Promise<AccountThemesView> {
  const dictionary = await getSetting(db, tenantId, 'themes');
  // Counts, sentiment split and mean over every analysed answer of the window, in SQL; the quotes come
  // from the latest `limit` answers, so a very talkative account costs a bounded read.
  const [totals, sample] = await Promise.all([
    accountThemeTotals(db, tenantId, accountId, options.from, options.to),
    latestAccountAnalyses(db, tenantId, accountId, options.from, options.to, options.limit ?? 500),
  ]);
  const items = sample.flatMap((row) => {
    const analysis = parsed(row.analysis);
    const text = storedAnswerText(row.answers, row.question_id);
    return analysis && text !== undefined ? [{ text, analysis }] : [];
  });
  const quoted = new Map(
    summarizeVerbatims(items, {
      examplesPerTheme: options.examplesPerTheme ?? 3,
      themes: dictionary,
    }).themes.map((t) => [t.theme, t]),
  );
  return totals
    .map((row) => {
      const q = quoted.get(row.theme);
      return {
        theme: row.theme,
        label: q?.label ?? dictionary.find((d) => d.id === row.theme)?.label.en ?? row.theme,
        count: row.n,
        sentiment: { negative: row.negative, neutral: row.neutral, positive: row.positive },
        meanScore: Math.round(row.mean * 1000) / 1000,
        examples: (q?.examples ?? []).map((e) => ({ text: e.text, sentiment: e.score })),
      };
    })
    .sort(byThemeCount(dictionary));
}
