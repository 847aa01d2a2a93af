// Normalisation and tokenisation of short French and English verbatims, shared by language detection,
// sentiment scoring and theme tagging so the three always agree on what a "word" is.

/** One word of a verbatim: the text as written, its folded form, where it sits, and whether a negation covers it. */
export interface VerbatimToken {
  /** The word as written (an elided article keeps its apostrophe: `l'`, `qu'`). */
  readonly surface: string;
  /** Lower case, accents removed, elisions and contractions expanded (`n'` -> `ne`, `n't` -> `not`). */
  readonly norm: string;
  /** Offset of the word in the original text (UTF-16 code units). */
  readonly start: number;
  /** Offset just past the word in the original text. */
  readonly end: number;
  /** Index of the clause: punctuation and contrast words (`mais`, `but`) start a new one. */
  readonly clause: number;
  /** True when the word is a contrast word that opens its clause (`mais`, `but`, `par contre`, `however`). */
  readonly contrast: boolean;
  /** True when a preceding negation in the same clause covers this word. */
  negated: boolean;
  /** True for negation words themselves (`pas`, `not`, `aucun`, `never`). */
  negator: boolean;
  /** Index of the negation word that covers this word, or -1. */
  negatedBy: number;
}

const ASCII = /^[\t\n\r\x20-\x7e]*$/;

/**
 * Lower-cases, strips accents and ligatures and unifies apostrophes, so `Délais`, `delais` and `DÉLAIS` compare equal.
 * @example foldText('Très DÉÇU, l’œuvre') // 'tres decu, l'oeuvre'
 */
export function foldText(text: string): string {
  // Most words are plain ASCII: skip Unicode normalisation, the costliest step.
  if (ASCII.test(text)) return text.toLowerCase().replace(/`/g, "'");
  return text
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[’‘`´ʼ]/g, "'");
}

// French elided particles: the folded form they stand for.
const ELISIONS: Readonly<Record<string, string>> = {
  l: 'le',
  d: 'de',
  j: 'je',
  m: 'me',
  t: 'te',
  s: 'se',
  c: 'ce',
  n: 'ne',
  qu: 'que',
  jusqu: 'jusque',
  lorsqu: 'lorsque',
  puisqu: 'puisque',
  quoiqu: 'quoique',
};

// English negative contractions whose stem changes, and apostrophe-less spellings seen in quick typing.
const NEGATIVE_CONTRACTIONS: Readonly<Record<string, string>> = {
  "can't": 'can',
  "won't": 'will',
  "shan't": 'shall',
  "ain't": 'is',
  cant: 'can',
  dont: 'do',
  doesnt: 'does',
  didnt: 'did',
  isnt: 'is',
  arent: 'are',
  wasnt: 'was',
  werent: 'were',
  havent: 'have',
  hasnt: 'has',
  hadnt: 'had',
  wouldnt: 'would',
  couldnt: 'could',
  shouldnt: 'should',
  wont: 'will',
};

/** Words that negate what follows them in French or English (folded). */
export const NEGATORS: ReadonlySet<string> = new Set([
  // French
  'ne',
  'pas',
  'jamais',
  'aucun',
  'aucune',
  'aucuns',
  'aucunes',
  'rien',
  'sans',
  'ni',
  'guere',
  'nullement',
  'zero',
  // English
  'not',
  'no',
  'never',
  'none',
  'nobody',
  'nothing',
  'neither',
  'nor',
  'without',
  'hardly',
  'barely',
  'cannot',
  'nowhere',
  'lack',
  'lacks',
  'lacking',
]);

// Words a negation reaches across without using up its scope ("pas du tout satisfait", "not very happy").
const NEGATION_TRANSPARENT = new Set([
  'du',
  'tout',
  'tres',
  'vraiment',
  'si',
  'assez',
  'le',
  'la',
  'les',
  'un',
  'une',
  'de',
  'des',
  'd',
  'l',
  'trop',
  'encore',
  'toujours',
  'forcement',
  'franchement',
  'at',
  'all',
  'very',
  'really',
  'so',
  'that',
  'the',
  'a',
  'an',
  'any',
  'be',
  'been',
  'is',
  'are',
  'was',
  'were',
  'quite',
  'always',
  'totally',
  'too',
  'even',
  'single',
  'much',
  'particularly',
  'particulier',
  'particuliere',
  'of',
]);

/** How many content words a negation covers after its last negation word. */
export const NEGATION_SCOPE = 3;

const CONTRAST_WORDS = new Set([
  'mais',
  'but',
  'however',
  'though',
  'although',
  'cependant',
  'pourtant',
  'yet',
]);
const CONTRAST_PAIRS = new Set(['par contre', 'en revanche', 'even though']);

const WORD = /[\p{L}\p{N}]+(?:['’‘`´ʼ][\p{L}\p{N}]+)*['’]?/gu;
const CLAUSE_BREAK = /[.,;:!?…()[\]{}\n•–—]|\s-\s/;

interface RawToken {
  surface: string;
  norm: string;
  start: number;
  end: number;
}

function splitWord(surface: string, start: number): RawToken[] {
  const folded = foldText(surface);
  const out: RawToken[] = [];
  const apostrophe = folded.indexOf("'");
  if (apostrophe > 0) {
    const head = folded.slice(0, apostrophe);
    const elided = ELISIONS[head];
    if (elided !== undefined && apostrophe < folded.length - 1) {
      out.push({
        surface: surface.slice(0, apostrophe + 1),
        norm: elided,
        start,
        end: start + apostrophe + 1,
      });
      return out.concat(splitWord(surface.slice(apostrophe + 1), start + apostrophe + 1));
    }
    const stem = NEGATIVE_CONTRACTIONS[folded];
    if (stem !== undefined)
      return [{ surface, norm: stem, start, end: start + surface.length }, negation(surface, start)];
    if (folded.endsWith("n't")) {
      return [
        { surface, norm: folded.slice(0, -3), start, end: start + surface.length },
        negation(surface, start),
      ];
    }
    // English clitics ('s, 're, 've, 'll, 'd, 'm) carry no sentiment or theme: keep the stem only.
    return [{ surface, norm: head, start, end: start + surface.length }];
  }
  const bare = folded.replace(/'$/, '');
  const stem = NEGATIVE_CONTRACTIONS[bare];
  if (stem !== undefined)
    return [{ surface, norm: stem, start, end: start + surface.length }, negation(surface, start)];
  return [{ surface, norm: bare, start, end: start + surface.length }];
}

function negation(surface: string, start: number): RawToken {
  return { surface, norm: 'not', start, end: start + surface.length };
}

/**
 * Splits a verbatim into words, expands French elisions (`l'`, `d'`, `qu'`, `n'`) and English negative
 * contractions (`don't`, `isn't`, `cant`), cuts clauses at punctuation and contrast words, and marks the
 * words a negation covers: up to {@link NEGATION_SCOPE} content words after the last negation word of
 * the clause, reaching across fillers such as `du tout`, `very`, `at all`.
 * @example tokenize("Je ne suis pas du tout satisfait").find((t) => t.norm === 'satisfait')?.negated // true
 */
export function tokenize(text: string): VerbatimToken[] {
  const tokens: VerbatimToken[] = [];
  const word = new RegExp(WORD.source, WORD.flags);
  let clause = 0;
  let last = 0;
  let pendingBreak = false;
  for (let match = word.exec(text); match !== null; match = word.exec(text)) {
    const start = match.index;
    if (tokens.length > 0 && hasClauseBreak(text, last, start)) pendingBreak = true;
    for (const r of splitWord(match[0], start)) {
      if (pendingBreak) clause++;
      pendingBreak = false;
      tokens.push({
        surface: r.surface,
        norm: r.norm,
        start: r.start,
        end: r.end,
        clause,
        contrast: false,
        negated: false,
        negator: false,
        negatedBy: -1,
      });
    }
    last = start + match[0].length;
  }
  // Contrast words open a new clause: shift the clause index of everything from them on.
  let shift = 0;
  let previousClause = -1;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Mutable<VerbatimToken>;
    const next = tokens[i + 1];
    const contrast =
      CONTRAST_WORDS.has(t.norm) || (next !== undefined && CONTRAST_PAIRS.has(`${t.norm} ${next.norm}`));
    const clauseBefore = t.clause;
    // A contrast word right after punctuation already opens a clause ("Bon, mais ...").
    if (contrast && i > 0 && clauseBefore === previousClause) shift++;
    previousClause = clauseBefore;
    t.contrast = contrast;
    t.clause = clauseBefore + shift;
  }
  markNegation(tokens);
  return tokens;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function hasClauseBreak(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    // Plain spaces are by far the most common gap: skip the regex for them.
    if (c === 32) continue;
    if (CLAUSE_BREAK.test(text.slice(from, to))) return true;
    return false;
  }
  return false;
}

function isNegator(tokens: readonly VerbatimToken[], i: number): boolean {
  const t = tokens[i] as VerbatimToken;
  const next = tokens[i + 1];
  const sameClauseNext = next !== undefined && next.clause === t.clause ? next.norm : '';
  // "personne ne répond" and "ne ... plus" are negations; "une personne", "plus rapide" are not.
  if (t.norm === 'personne' || t.norm === 'nul' || t.norm === 'nulle') return sameClauseNext === 'ne';
  if (t.norm === 'plus') return precededByNe(tokens, i);
  // "rien à redire", "no more" and the like stay negations; "no." on its own covers nothing anyway.
  return NEGATORS.has(t.norm);
}

function precededByNe(tokens: readonly VerbatimToken[], i: number): boolean {
  const clause = (tokens[i] as VerbatimToken).clause;
  for (let j = i - 1; j >= 0 && j >= i - 4; j--) {
    const t = tokens[j] as VerbatimToken;
    if (t.clause !== clause) return false;
    if (t.norm === 'ne') return true;
  }
  return false;
}

function markNegation(tokens: VerbatimToken[]): void {
  let remaining = 0;
  let by = -1;
  let clause = -1;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as VerbatimToken;
    if (t.clause !== clause) {
      clause = t.clause;
      remaining = 0;
    }
    if (isNegator(tokens, i)) {
      t.negator = true;
      remaining = NEGATION_SCOPE;
      by = i;
      continue;
    }
    if (remaining > 0) {
      t.negated = true;
      t.negatedBy = by;
      if (!NEGATION_TRANSPARENT.has(t.norm)) remaining--;
    }
  }
}
