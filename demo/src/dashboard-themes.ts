import { DEFAULT_THEME_DICTIONARY } from '@cxkit/core';
import type { Queryable } from '@cxkit/server';

/** One theme of the tenant's comments over a window: how often, in what tone, and one quote. */
export interface ThemeRow {
  theme: string;
  label: string;
  mentions: number;
  /** Mentions whose comment was negative, neutral or positive. */
  sentiment: { negative: number; neutral: number; positive: number };
  /** Shares of the mentions (0-100, one decimal) whose comment was negative and positive. */
  negativeShare: number;
  positiveShare: number;
  /** One clear-cut comment of the theme (plain text: the page escapes it), English when there is one. */
  example: { text: string; sentiment: number; language: string } | null;
}

/** English labels of the default themes, for a theme with no English comment in the window. */
const LABELS = new Map(DEFAULT_THEME_DICTIONARY.map((t) => [t.id, t.label.en]));

const share = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10);

/**
 * What customers talk about across the tenant since `from`: per theme the mentions, the split of sentiment
 * and one example, from the server's stored analyses (`verbatim_analyses`, one row per open answer).
 */
export async function tenantThemes(db: Queryable, tenantId: string, from: Date): Promise<ThemeRow[]> {
  const counts = await db.query<{
    theme: string;
    mentions: number;
    negative: number;
    neutral: number;
    positive: number;
  }>(
    `SELECT t.theme, count(*)::int AS mentions,
            (count(*) FILTER (WHERE v.sentiment_label = 'negative'))::int AS negative,
            (count(*) FILTER (WHERE v.sentiment_label = 'neutral'))::int AS neutral,
            (count(*) FILTER (WHERE v.sentiment_label = 'positive'))::int AS positive
       FROM verbatim_analyses v, unnest(v.themes) AS t(theme)
      WHERE v.tenant_id = $1 AND v.answered_at >= $2
      GROUP BY t.theme ORDER BY mentions DESC, t.theme`,
    [tenantId, from.toISOString()],
  );
  // The most clear-cut recent comment per theme; its text is read from the answer it analysed.
  const examples = await db.query<{
    theme: string;
    sentiment_score: number;
    language: string;
    text: string | null;
    label: string | null;
  }>(
    `SELECT DISTINCT ON (t.theme) t.theme, v.sentiment_score, v.language,
            (SELECT a->>'value' FROM jsonb_array_elements(r.answers) a
              WHERE a->>'kind' = 'text' AND a->>'questionId' = v.question_id LIMIT 1) AS text,
            (SELECT th->>'label' FROM jsonb_array_elements(v.analysis->'themes') th
              WHERE th->>'theme' = t.theme LIMIT 1) AS label
       FROM verbatim_analyses v
       JOIN responses r ON r.tenant_id = v.tenant_id AND r.id = v.response_id,
            unnest(v.themes) AS t(theme)
      WHERE v.tenant_id = $1 AND v.answered_at >= $2
      ORDER BY t.theme, (v.language = 'en') DESC, abs(v.sentiment_score) DESC, v.answered_at DESC, v.response_id`,
    [tenantId, from.toISOString()],
  );
  const exampleOf = new Map(examples.rows.map((e) => [e.theme, e]));
  return counts.rows.map((c) => {
    const e = exampleOf.get(c.theme);
    return {
      theme: c.theme,
      // The tenant's dictionary names the theme in the analysis, in the answer's language.
      label: (e?.language === 'en' ? e.label : null) ?? LABELS.get(c.theme) ?? c.theme,
      mentions: c.mentions,
      sentiment: { negative: c.negative, neutral: c.neutral, positive: c.positive },
      negativeShare: share(c.negative, c.mentions),
      positiveShare: share(c.positive, c.mentions),
      example:
        e && e.text !== null
          ? {
              text: e.text,
              sentiment: Math.round(Number(e.sentiment_score) * 100) / 100,
              language: e.language,
            }
          : null,
    };
  });
}
