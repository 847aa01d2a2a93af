/** Ids of the widget's built-in strings; a survey overrides any of them per locale in `strings`. */
export interface Strings {
  /** Name of the survey region when the survey has no title. */
  survey: string;
  next: string;
  back: string;
  submit: string;
  /** Accessible name of the language switch. */
  language: string;
  /** Accessible name of the floating mode's dismiss button. */
  close: string;
  thanks: string;
  /** Announced on every step change: `{n}` and `{total}` are replaced. */
  step: string;
  /** Shown when a required question is left unanswered. */
  required: string;
  placeholder: string;
  /** The B2B NPS choice "my company does not allow me to recommend suppliers". */
  cantRecommend: string;
  npsLow: string;
  npsHigh: string;
  csatLow: string;
  csatHigh: string;
  cesLow: string;
  cesHigh: string;
  c2esLow: string;
  c2esHigh: string;
  yes: string;
  no: string;
  sad: string;
  neutral: string;
  happy: string;
  /** Name of one star: `{n}` and `{max}` are replaced. */
  stars: string;
}

/** Replaces `{name}` placeholders in a built-in string. */
export const format = (s: string, v: Record<string, string | number>): string =>
  s.replace(/\{(\w+)\}/g, (m, k: string) => String(v[k] ?? m));
