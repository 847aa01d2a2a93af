import { z } from 'zod';
import { CxError } from './cx-error.js';
import { VERBATIM_LANGUAGES, type VerbatimLanguage } from './language-detection.js';
import { SENTIMENT_LABELS, type SentimentLabel } from './sentiment.js';
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

/** Sentiment quality: macro-F1 over the three labels, accuracy, confusion matrix (rows: labelled, columns: predicted). */
export interface SentimentEvaluation {
  /** Mean of the per-label F1 over labels that occur or are predicted. */
  readonly macroF1: number | null;
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

/** Result of {@link evaluateVerbatims}: overall, per labelled language, language detection accuracy, and mistakes. */
export interface VerbatimEvaluation extends VerbatimEvaluationGroup {
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

function group(scored: readonly Scored[], themeIds: readonly string[]): VerbatimEvaluationGroup {
  const index = new Map(SENTIMENT_LABELS.map((l, i) => [l, i]));
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
 * sentiment macro-F1, accuracy and confusion matrix, per-theme precision/recall/F1 with support, the same per
 * labelled language, and language detection accuracy.
 * @example evaluateVerbatims(parseLabelledVerbatims(jsonl)).sentiment.macroF1 // e.g. 0.8
 */
export function evaluateVerbatims(
  items: readonly LabelledVerbatim[],
  options: VerbatimEvaluationOptions = {},
): VerbatimEvaluation {
  const { analyzer, ...analysisOptions } = options;
  const analyze = analyzer ?? ((text: string) => analyzeVerbatim(text, analysisOptions));
  const dictionary = options.themes ?? DEFAULT_THEME_DICTIONARY;
  const themeIds = dictionary.map((t) => t.id);
  for (const item of items) for (const t of item.themes) if (!themeIds.includes(t)) themeIds.push(t);

  const scored: Scored[] = items.map((item) => {
    const a = analyze(item.text);
    return {
      item,
      language: a.language,
      predicted: a.sentiment.label,
      score: a.sentiment.score,
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
  return {
    ...group(scored, themeIds),
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
      ),
    })),
    mistakes,
  };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
