import { SENTIMENT_LABELS, type SentimentLabel } from './sentiment.js';
import { DEFAULT_THEME_DICTIONARY, type ThemeDictionary } from './theme-dictionary.js';
import type { VerbatimAnalysis } from './verbatim-analysis.js';

/** One analysed answer to roll up: its text and what {@link analyzeVerbatim} found (as stored by the server). */
export interface AnalysedVerbatim {
  readonly text: string;
  readonly analysis: Pick<VerbatimAnalysis, 'sentiment' | 'themes'>;
}

/** A quote shown as an example of a theme. */
export interface VerbatimQuote {
  readonly text: string;
  readonly score: number;
  readonly label: SentimentLabel;
}

/** How often a theme came up, with which sentiment, and a few quotes. */
export interface VerbatimThemeSummary {
  readonly theme: string;
  /** The theme's label in the requested language. */
  readonly label: string;
  /** Answers that mention the theme. */
  readonly count: number;
  /** Of those, how many were negative, neutral, positive. */
  readonly sentiment: Readonly<Record<SentimentLabel, number>>;
  /** Mean sentiment score of those answers, rounded to 3 decimals. */
  readonly meanScore: number;
  /** Up to `examplesPerTheme` quotes, the most clear-cut first. */
  readonly examples: readonly VerbatimQuote[];
}

/** Roll-up of many analysed answers (e.g. one account's open answers). */
export interface VerbatimSummary {
  /** Answers rolled up. */
  readonly n: number;
  /** Answers per sentiment label. */
  readonly sentiment: Readonly<Record<SentimentLabel, number>>;
  /** Mean sentiment score, null without answers. */
  readonly meanScore: number | null;
  /** Themes by decreasing count (dictionary order on ties); themes never mentioned are left out. */
  readonly themes: readonly VerbatimThemeSummary[];
}

/** Options of {@link summarizeVerbatims}. */
export interface VerbatimSummaryOptions {
  /** Quotes per theme, default 3. */
  examplesPerTheme?: number;
  /** Language of theme labels, default English. */
  labelLanguage?: 'fr' | 'en';
  /** Dictionary the analyses were made with (for labels and order), default {@link DEFAULT_THEME_DICTIONARY}. */
  themes?: ThemeDictionary;
  /** Longest quote kept, in characters, default 280: long answers make poor examples. */
  maxQuoteLength?: number;
}

/** Orders themes as summaries list them: by decreasing count, then the dictionary's order, then id. */
export function byThemeCount(
  dictionary: ThemeDictionary = DEFAULT_THEME_DICTIONARY,
): (a: { theme: string; count: number }, b: { theme: string; count: number }) => number {
  const order = new Map(dictionary.map((t, i) => [t.id, i]));
  const rank = (theme: string) => order.get(theme) ?? Number.MAX_SAFE_INTEGER;
  return (a, b) => b.count - a.count || rank(a.theme) - rank(b.theme) || a.theme.localeCompare(b.theme);
}

const emptyCounts = (): Record<SentimentLabel, number> =>
  Object.fromEntries(SENTIMENT_LABELS.map((l) => [l, 0])) as Record<SentimentLabel, number>;

/**
 * Themes with counts, sentiment split and example quotes over many analysed answers, for an account summary.
 * Quotes are the most clear-cut answers (largest |score|, then shortest) without repeating a text.
 * @example summarizeVerbatims(rows.map((r) => ({ text: r.text, analysis: r.analysis }))).themes[0]
 * // { theme: 'lead-time', label: 'Lead times', count: 12, sentiment: { negative: 9, ... }, meanScore: -0.41, examples: [...] }
 */
export function summarizeVerbatims(
  items: readonly AnalysedVerbatim[],
  options: VerbatimSummaryOptions = {},
): VerbatimSummary {
  const dictionary = options.themes ?? DEFAULT_THEME_DICTIONARY;
  const perTheme = options.examplesPerTheme ?? 3;
  const maxLength = options.maxQuoteLength ?? 280;
  const sentiment = emptyCounts();
  let total = 0;
  const byTheme = new Map<string, { items: AnalysedVerbatim[]; label: string | undefined }>();
  for (const item of items) {
    sentiment[item.analysis.sentiment.label]++;
    total += item.analysis.sentiment.score;
    for (const t of item.analysis.themes) {
      const entry = byTheme.get(t.theme) ?? { items: [], label: t.label };
      entry.items.push(item);
      byTheme.set(t.theme, entry);
    }
  }
  const themes = [...byTheme.entries()].map(([theme, { items: themed, label }]): VerbatimThemeSummary => {
    const counts = emptyCounts();
    let sum = 0;
    for (const i of themed) {
      counts[i.analysis.sentiment.label]++;
      sum += i.analysis.sentiment.score;
    }
    const definition = dictionary.find((d) => d.id === theme);
    const seen = new Set<string>();
    const examples = themed
      .filter((i) => i.text.trim().length > 0 && i.text.length <= maxLength)
      .sort(
        (a, b) =>
          Math.abs(b.analysis.sentiment.score) - Math.abs(a.analysis.sentiment.score) ||
          a.text.length - b.text.length,
      )
      .filter((i) => {
        const key = i.text.trim().toLowerCase();
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      })
      .slice(0, perTheme)
      .map((i) => ({ text: i.text, score: i.analysis.sentiment.score, label: i.analysis.sentiment.label }));
    return {
      theme,
      label: definition?.label[options.labelLanguage ?? 'en'] ?? label ?? theme,
      count: themed.length,
      sentiment: counts,
      meanScore: Math.round((sum / themed.length) * 1000) / 1000,
      examples,
    };
  });
  themes.sort(byThemeCount(dictionary));
  return {
    n: items.length,
    sentiment,
    meanScore: items.length > 0 ? Math.round((total / items.length) * 1000) / 1000 : null,
    themes,
  };
}
