import { foldText, tokenize, type VerbatimToken } from './text-normalization.js';

// One matcher serves the sentiment lexicons and the theme dictionary, so a term is written the same way in both:
// a word (`late`), a stem ending in `*` (`livr*` matches livraison, livré, livrée), or a phrase of words and stems
// separated by spaces (`en retard`, `lead time*`). Terms are folded, so accents and case never matter.

/** A term compiled to folded parts; a part ending in `*` is a prefix. */
interface CompiledTerm<T> {
  readonly parts: readonly string[];
  readonly value: T;
  readonly term: string;
}

/** A match of one term at one position of a token list. */
export interface TermMatch<T> {
  /** The term as written in the lexicon or dictionary. */
  readonly term: string;
  /** What the term maps to (a weight, a theme id). */
  readonly value: T;
  /** Index of the first matched token. */
  readonly start: number;
  /** Number of tokens matched. */
  readonly length: number;
}

/** Compiled lookup of words, stems and phrases over {@link tokenize} tokens; longest match wins. */
export interface TermMatcher<T> {
  /** The longest term matching at token `i`, if any. */
  matchAt(tokens: readonly VerbatimToken[], i: number): TermMatch<T> | undefined;
  /** Every non-overlapping longest match, left to right. */
  matchAll(tokens: readonly VerbatimToken[]): TermMatch<T>[];
}

function partMatches(part: string, norm: string): boolean {
  return part.endsWith('*') ? norm.startsWith(part.slice(0, -1)) : part === norm;
}

/** Splits a term into folded, tokenised parts (elisions expanded as in the text), keeping a trailing `*`. */
export function termParts(term: string): string[] {
  const star = term.trimEnd().endsWith('*');
  const parts = tokenize(term.replace(/\*/g, ' ')).map((t) => t.norm);
  // A `*` may close any part ("lead* time*"): reattach it to the part it followed.
  const stars = foldText(term)
    .split(/\s+/)
    .filter((w) => w.length > 0)
    .map((w) => w.endsWith('*'));
  if (stars.length === parts.length) return parts.map((p, i) => (stars[i] ? `${p}*` : p));
  return star && parts.length > 0 ? [...parts.slice(0, -1), `${parts[parts.length - 1]}*`] : parts;
}

/** Compiles `[term, value]` pairs into a {@link TermMatcher}; later duplicates override earlier ones. */
export function compileTerms<T>(entries: Iterable<readonly [string, T]>): TermMatcher<T> {
  const exact = new Map<string, CompiledTerm<T>[]>();
  const byInitial = new Map<string, CompiledTerm<T>[]>();
  const seen = new Map<string, CompiledTerm<T>>();
  for (const [term, value] of entries) {
    const parts = termParts(term);
    if (parts.length === 0) continue;
    seen.set(parts.join(' '), { parts, value, term });
  }
  for (const compiled of seen.values()) {
    const first = compiled.parts[0] as string;
    if (first.endsWith('*')) {
      const key = first.slice(0, 2);
      byInitial.set(key, [...(byInitial.get(key) ?? []), compiled]);
    } else {
      exact.set(first, [...(exact.get(first) ?? []), compiled]);
    }
  }
  // Longest first, so "pas terrible" beats "terrible" and "livraison*" beats "livr*".
  const order = (a: CompiledTerm<T>, b: CompiledTerm<T>) =>
    b.parts.length - a.parts.length || b.parts.join(' ').length - a.parts.join(' ').length;
  for (const list of exact.values()) list.sort(order);
  for (const list of byInitial.values()) list.sort(order);

  const tryList = (list: CompiledTerm<T>[] | undefined, tokens: readonly VerbatimToken[], i: number) => {
    if (list === undefined) return undefined;
    for (const c of list) {
      if (i + c.parts.length > tokens.length) continue;
      let ok = true;
      for (let k = 0; k < c.parts.length; k++) {
        if (!partMatches(c.parts[k] as string, (tokens[i + k] as VerbatimToken).norm)) {
          ok = false;
          break;
        }
      }
      if (ok) return c;
    }
    return undefined;
  };

  const matchAt = (tokens: readonly VerbatimToken[], i: number): TermMatch<T> | undefined => {
    const norm = (tokens[i] as VerbatimToken | undefined)?.norm;
    if (norm === undefined) return undefined;
    const a = tryList(exact.get(norm), tokens, i);
    const b = tryList(byInitial.get(norm.slice(0, 2)), tokens, i);
    const best = a === undefined ? b : b === undefined ? a : order(a, b) <= 0 ? a : b;
    return best === undefined
      ? undefined
      : { term: best.term, value: best.value, start: i, length: best.parts.length };
  };

  return {
    matchAt,
    matchAll(tokens) {
      const out: TermMatch<T>[] = [];
      for (let i = 0; i < tokens.length;) {
        const m = matchAt(tokens, i);
        if (m === undefined) i++;
        else {
          out.push(m);
          i += m.length;
        }
      }
      return out;
    },
  };
}
