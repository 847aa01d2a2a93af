// What the lazily loaded chunks share (a chunk of its own, loaded with the first of them).
import type { CxSurvey } from './cx-survey.js';

/** A constructable stylesheet (allowed under a strict CSP, unlike a <style> element). */
export const sheetOf = (text: string): CSSStyleSheet => {
  const s = new CSSStyleSheet();
  s.replaceSync(text);
  return s;
};

/**
 * Adds a kind's styles to the element's shadow root once: after the built-in styles, before the
 * survey's own `stylesheet`, which must keep the last word.
 */
export function adopt(el: CxSurvey, sheet: CSSStyleSheet): void {
  const r = el.renderRoot;
  const all = r.adoptedStyleSheets;
  if (!all.includes(sheet)) r.adoptedStyleSheets = [all[0]!, sheet, ...all.slice(1)];
}

/**
 * A kind's built-in strings in the language the element shows its own strings in, under the
 * survey's overrides (`strings` of the definition, by locale and string id), like the built-in ones.
 */
export function stringsOf<T extends Record<string, string>>(el: CxSurvey, packs: Record<string, T>): T {
  const sl = el._sl();
  const lang = sl.split('-')[0]!;
  const o = el._def?.strings;
  return { ...packs.en, ...packs[lang], ...o?.[lang], ...o?.[sl] } as T;
}

/** The ids a question's error or description refers to, space-separated. */
export const ids = (...xs: (string | false | undefined)[]): string => xs.filter(Boolean).join(' ');

/** Tags a CSS template so the size build can minify it; returns the text. */
export const css = (s: TemplateStringsArray): string => s[0]!;
