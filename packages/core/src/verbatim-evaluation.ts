import { z } from 'zod';
import { CxError } from './cx-error.js';
import { VERBATIM_LANGUAGES, type VerbatimLanguage } from './language-detection.js';
import { SENTIMENT_LABELS, type SentimentLabel } from './sentiment.js';
import { withScoreContext, type ScoreScale } from './sentiment-context.js';
import { DEFAULT_THEME_DICTIONARY } from './theme-dictionary.js';
import {
  analyzeVerbatim,
  MAX_VERBATIM_LENGTH,
  type VerbatimAnalysis,
  type VerbatimAnalysisOptions,
} from './verbatim-analysis.js';

/** One hand-labelled verbatim of an evaluation set (one JSON object per line in a `.jsonl` file). */
export const LabelledVerbatimSchema = z.object({
  id: z.string().min(1).max(200).optional(),
  language: z.enum(VERBATIM_LANGUAGES).optional(),
  text: z.string().min(1).max(MAX_VERBATIM_LENGTH),
  sentiment: z.enum(SENTIMENT_LABELS),
  themes: z.array(z.string().min(1)).default([]),
  /** Class of language the item exercises (`plain`, `mild`, `request`, `contrast`, `sarcasm`, `negation`, ...). */
  kind: z.string().min(1).max(50).optional(),
  /** The score the same person gave (e.g. NPS 0-10), used only by the opt-in score-as-context mode. */
  score: z.number().finite().optional(),
});

/** A hand-labelled verbatim. */
export type LabelledVerbatim = z.infer<typeof LabelledVerbatimSchema>;

/**
 * Parses a JSONL evaluation set (blank lines ignored).
 * @throws CxError `parseLabelledVerbatims/invalid-line` naming the line number and field of the first bad line.
 */
export function parseLabelledVerbatims(jsonl: string): LabelledVerbatim[] {
  const out: LabelledVerbatim[] = [];
  const lines = jsonl.split(/\r?\n/);
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new CxError('parseLabelledVerbatims/invalid-line', `line ${i + 1}: not valid JSON`, {
        line: i + 1,
      });
    }
    const parsed = LabelledVerbatimSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.join('.') ?? '';
      throw new CxError(
        'parseLabelledVerbatims/invalid-line',
        `line ${i + 1}: ${field || 'record'}: ${issue?.message ?? 'invalid'}`,
        { line: i + 1, field },
      );
    }
    out.push(parsed.data);
  });
  return out;
}

/** Precision, recall and F1 of one class; null where the ratio has no denominator. */
export interface ClassMetrics {
  /** tp / predicted, null when nothing was predicted. */
  readonly precision: number | null;
  /** tp / support, null when the class never occurs. */
  readonly recall: number | null;
  /** 2tp / (2tp + fp + fn); null when the class neither occurs nor is predicted. */
  readonly f1: number | null;
  /** How many items carry the class in the labels. */
  readonly support: number;
  /** How many items the analyser gave the class. */
  readonly predicted: number;
}

/** A percentile bootstrap interval. */
export interface BootstrapInterval {
  readonly lower: number;
  readonly upper: number;
  /** Coverage, 0.95. */
  readonly level: number;
  /** Number of resamples of the items (with replacement, fixed seed). */
  readonly resamples: number;
}

/** Sentiment quality: macro-F1 over the three labels, accuracy, confusion matrix (rows: labelled, columns: predicted). */
export interface SentimentEvaluation {
  /** Mean of the per-label F1 over labels that occur or are predicted. */
  readonly macroF1: number | null;
  /** 95 % percentile bootstrap interval of the macro-F1 (items resampled); null below 2 items. */
  readonly macroF1Interval: BootstrapInterval | null;
  /** Share of items whose predicted label equals the labelled one. */
  readonly accuracy: number | null;
  /** Row and column order of {@link SentimentEvaluation.confusion}. */
  readonly labels: readonly SentimentLabel[];
  /** confusion[labelled][predicted] counts. */
  readonly confusion: readonly (readonly number[])[];
  /** Metrics of each label. */
  readonly perLabel: Readonly<Record<SentimentLabel, ClassMetrics>>;
}

/** Theme quality: metrics per theme and micro-averaged over all theme assignments. */
export interface ThemeEvaluation {
  /** One row per theme of the dictionary or of the labels, dictionary order first. */
  readonly perTheme: readonly (ClassMetrics & { readonly theme: string })[];
  /** Metrics over all (item, theme) pairs. */
  readonly micro: ClassMetrics;
}

/** One item the analyser got wrong, for error analysis. */
export interface VerbatimMistake {
  readonly id: string | undefined;
  readonly text: string;
  readonly expected: SentimentLabel;
  readonly predicted: SentimentLabel;
  readonly score: number;
  /** Labelled themes the analyser missed. */
  readonly missingThemes: readonly string[];
  /** Themes the analyser gave that the labels do not have. */
  readonly extraThemes: readonly string[];
}

/** Sentiment and theme metrics of a set of items. */
export interface VerbatimEvaluationGroup {
  readonly n: number;
  readonly sentiment: SentimentEvaluation;
  readonly themes: ThemeEvaluation;
}

/** Length buckets of the report, in words: one-word answers to paragraphs. */
export const LENGTH_BUCKETS = [
  { id: '1-3 words', max: 3 },
  { id: '4-10 words', max: 10 },
  { id: '11-25 words', max: 25 },
  { id: '26+ words', max: Infinity },
] as const;

/** How the sentiment was predicted: from the text alone (default) or with the answer's score as context. */
export type VerbatimEvaluationMode = 'text' | 'score-context';

/** Result of {@link evaluateVerbatims}: overall, per labelled language, language detection accuracy, and mistakes. */
export interface VerbatimEvaluation extends VerbatimEvaluationGroup {
  /** `text` unless the score-as-context mode was asked for. */
  readonly mode: VerbatimEvaluationMode;
  /** Items of the set that carry a score (the score-context mode uses it; the others are predicted from text). */
  readonly withScore: number;
  /** The same metrics by length of the answer ({@link LENGTH_BUCKETS}); empty buckets left out. */
  readonly byLength: readonly (VerbatimEvaluationGroup & { readonly length: string })[];
  /** The same metrics by the items' `kind` (class of language), when the set labels it. */
  readonly byKind: readonly (VerbatimEvaluationGroup & { readonly kind: string })[];
  /** Detection accuracy over items that carry a language label. */
  readonly languageDetection: { readonly n: number; readonly accuracy: number | null };
  /** The same metrics for each labelled language present. */
  readonly byLanguage: readonly (VerbatimEvaluationGroup & { readonly language: VerbatimLanguage })[];
  /** Items with a wrong sentiment label or a wrong theme set. */
  readonly mistakes: readonly VerbatimMistake[];
}

/** Options of {@link evaluateVerbatims}: those of {@link analyzeVerbatim}, or another analyser to compare. */
export interface VerbatimEvaluationOptions extends Omit<VerbatimAnalysisOptions, 'language'> {
  /** Analyser to evaluate instead of {@link analyzeVerbatim} (e.g. one built on another lexicon). */
  analyzer?: (text: string) => VerbatimAnalysis;
  /**
   * `score-context` lets each item's `score` settle answers the text leaves uncertain ({@link withScoreContext});
   * default `text`: the text alone, as the server analyses answers.
   */
  mode?: VerbatimEvaluationMode;
  /** Scale of the items' scores in `score-context` mode; default NPS 0-10. */
  scoreScale?: ScoreScale;
  /** Bootstrap resamples for the macro-F1 interval; default 1,000. */
  resamples?: number;
}

interface Scored {
  readonly item: LabelledVerbatim;
  readonly language: VerbatimLanguage;
  readonly predicted: SentimentLabel;
  readonly score: number;
  readonly themes: readonly string[];
}

function classMetrics(tp: number, support: number, predicted: number): ClassMetrics {
  const fp = predicted - tp;
  const fn = support - tp;
  return {
    precision: predicted > 0 ? round(tp / predicted) : null,
    recall: support > 0 ? round(tp / support) : null,
    f1: support + predicted > 0 ? round((2 * tp) / (2 * tp + fp + fn)) : null,
    support,
    predicted,
  };
}

const LABEL_INDEX = new Map(SENTIMENT_LABELS.map((l, i) => [l, i]));

// Macro-F1 straight from label indices, for the bootstrap (no rounding, no allocation per class).
function rawMacroF1(truth: Int8Array, predicted: Int8Array, pick: (k: number) => number, n: number): number {
  const tp = [0, 0, 0];
  const support = [0, 0, 0];
  const pred = [0, 0, 0];
  for (let k = 0; k < n; k++) {
    const i = pick(k);
    const t = truth[i] as number;
    const p = predicted[i] as number;
    support[t] = (support[t] ?? 0) + 1;
    pred[p] = (pred[p] ?? 0) + 1;
    if (t === p) tp[t] = (tp[t] ?? 0) + 1;
  }
  let sum = 0;
  let classes = 0;
  for (let c = 0; c < 3; c++) {
    if ((support[c] as number) + (pred[c] as number) === 0) continue;
    classes++;
    sum += (2 * (tp[c] as number)) / ((support[c] as number) + (pred[c] as number));
  }
  return classes === 0 ? 0 : sum / classes;
}

// mulberry32: a small seeded generator, so the interval printed today is the one printed tomorrow.
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * 95 % percentile bootstrap interval of macro-F1 over items (resampled with replacement, seed fixed).
 * @example bootstrapMacroF1(['negative', 'positive'], ['negative', 'neutral']) // { lower, upper, level: 0.95, resamples: 1000 }
 */
export function bootstrapMacroF1(
  labelled: readonly SentimentLabel[],
  predicted: readonly SentimentLabel[],
  resamples = 1000,
  seed = 18,
): BootstrapInterval | null {
  const n = labelled.length;
  if (n < 2 || predicted.length !== n) return null;
  const truth = Int8Array.from(labelled.map((l) => LABEL_INDEX.get(l) as number));
  const pred = Int8Array.from(predicted.map((l) => LABEL_INDEX.get(l) as number));
  const random = seeded(seed);
  const values: number[] = [];
  for (let r = 0; r < resamples; r++) values.push(rawMacroF1(truth, pred, () => Math.floor(random() * n), n));
  values.sort((a, b) => a - b);
  const at = (q: number) =>
    values[Math.min(values.length - 1, Math.max(0, Math.round(q * (values.length - 1))))] as number;
  return { lower: round(at(0.025)), upper: round(at(0.975)), level: 0.95, resamples };
}

function group(
  scored: readonly Scored[],
  themeIds: readonly string[],
  resamples: number,
): VerbatimEvaluationGroup {
  const index = LABEL_INDEX;
  const confusion = SENTIMENT_LABELS.map(() => SENTIMENT_LABELS.map(() => 0));
  for (const s of scored) {
    const row = confusion[index.get(s.item.sentiment) as number] as number[];
    row[index.get(s.predicted) as number] = (row[index.get(s.predicted) as number] ?? 0) + 1;
  }
  const perLabel = Object.fromEntries(
    SENTIMENT_LABELS.map((l, i) => {
      const tp = confusion[i]?.[i] ?? 0;
      const support = (confusion[i] ?? []).reduce((a, b) => a + b, 0);
      const predicted = confusion.reduce((a, row) => a + (row[i] ?? 0), 0);
      return [l, classMetrics(tp, support, predicted)];
    }),
  ) as Record<SentimentLabel, ClassMetrics>;
  const f1s = SENTIMENT_LABELS.map((l) => perLabel[l].f1).filter((f): f is number => f !== null);
  const correct = SENTIMENT_LABELS.reduce((a, _l, i) => a + (confusion[i]?.[i] ?? 0), 0);

  let tpAll = 0;
  let supportAll = 0;
  let predictedAll = 0;
  const perTheme = themeIds.map((theme) => {
    let tp = 0;
    let support = 0;
    let predicted = 0;
    for (const s of scored) {
      const labelled = s.item.themes.includes(theme);
      const found = s.themes.includes(theme);
      if (labelled) support++;
      if (found) predicted++;
      if (labelled && found) tp++;
    }
    tpAll += tp;
    supportAll += support;
    predictedAll += predicted;
    return { theme, ...classMetrics(tp, support, predicted) };
  });
  return {
    n: scored.length,
    sentiment: {
      macroF1: f1s.length > 0 ? round(f1s.reduce((a, b) => a + b, 0) / f1s.length) : null,
      macroF1Interval: bootstrapMacroF1(
        scored.map((x) => x.item.sentiment),
        scored.map((x) => x.predicted),
        resamples,
      ),
      accuracy: scored.length > 0 ? round(correct / scored.length) : null,
      labels: SENTIMENT_LABELS,
      confusion,
      perLabel,
    },
    themes: { perTheme, micro: classMetrics(tpAll, supportAll, predictedAll) },
  };
}

/**
 * Runs {@link analyzeVerbatim} over labelled items (language detected, not taken from the labels) and reports
 * sentiment macro-F1 with a 95 % bootstrap interval, accuracy and confusion matrix, per-theme precision/recall/F1
 * with support, the same per labelled language, per length bucket and per kind, and language detection accuracy.
 * The text alone is measured unless `mode: 'score-context'` is asked for.
 * @example evaluateVerbatims(parseLabelledVerbatims(jsonl)).sentiment.macroF1 // e.g. 0.8
 */
export function evaluateVerbatims(
  items: readonly LabelledVerbatim[],
  options: VerbatimEvaluationOptions = {},
): VerbatimEvaluation {
  const { analyzer, mode = 'text', scoreScale, resamples = 1000, ...analysisOptions } = options;
  const analyze = analyzer ?? ((text: string) => analyzeVerbatim(text, analysisOptions));
  const dictionary = options.themes ?? DEFAULT_THEME_DICTIONARY;
  const themeIds = dictionary.map((t) => t.id);
  for (const item of items) for (const t of item.themes) if (!themeIds.includes(t)) themeIds.push(t);

  const scored: Scored[] = items.map((item) => {
    const a = analyze(item.text);
    const sentiment =
      mode === 'score-context' && item.score !== undefined
        ? withScoreContext(a.sentiment, item.score, scoreScale)
        : a.sentiment;
    return {
      item,
      language: a.language,
      predicted: sentiment.label,
      score: sentiment.score,
      themes: a.themes.map((t) => t.theme),
    };
  });
  const withLanguage = scored.filter((s) => s.item.language !== undefined);
  const languages = VERBATIM_LANGUAGES.filter((l) => scored.some((s) => s.item.language === l));
  const mistakes = scored.flatMap((s): VerbatimMistake[] => {
    const missingThemes = s.item.themes.filter((t) => !s.themes.includes(t));
    const extraThemes = s.themes.filter((t) => !s.item.themes.includes(t));
    if (s.predicted === s.item.sentiment && missingThemes.length === 0 && extraThemes.length === 0) return [];
    return [
      {
        id: s.item.id,
        text: s.item.text,
        expected: s.item.sentiment,
        predicted: s.predicted,
        score: s.score,
        missingThemes,
        extraThemes,
      },
    ];
  });
  const words = (text: string) => text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
  const lengthOf = (s: Scored) =>
    (LENGTH_BUCKETS.find((b) => words(s.item.text) <= b.max) ?? LENGTH_BUCKETS[3]).id;
  const kinds = [...new Set(scored.flatMap((s) => (s.item.kind === undefined ? [] : [s.item.kind])))].sort();
  return {
    mode,
    withScore: items.filter((i) => i.score !== undefined).length,
    ...group(scored, themeIds, resamples),
    byLength: LENGTH_BUCKETS.flatMap((b) => {
      const members = scored.filter((s) => lengthOf(s) === b.id);
      return members.length === 0 ? [] : [{ length: b.id, ...group(members, themeIds, resamples) }];
    }),
    byKind: kinds.map((kind) => ({
      kind,
      ...group(
        scored.filter((s) => s.item.kind === kind),
        themeIds,
        resamples,
      ),
    })),
    languageDetection: {
      n: withLanguage.length,
      accuracy:
        withLanguage.length > 0
          ? round(withLanguage.filter((s) => s.language === s.item.language).length / withLanguage.length)
          : null,
    },
    byLanguage: languages.map((language) => ({
      language,
      ...group(
        scored.filter((s) => s.item.language === language),
        themeIds,
        resamples,
      ),
    })),
    mistakes,
  };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
