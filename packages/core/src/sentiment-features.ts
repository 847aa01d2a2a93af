// Features of the sentiment model: what the lexicon rules found (by clause, negated or not), markers of the
// classes of language that lexicons get wrong (mild evaluations, requests and questions, concessive and
// adversative contrast, sarcasm, negated comparatives), and hashed word and character n-grams so that
// vocabulary the lexicons lack still counts. The training script and the runtime call the same function.
import { foldText, type VerbatimToken } from './text-normalization.js';
import {
  lexiconMatches,
  lexiconScore,
  type LexiconMatch,
  type SentimentLanguage,
  type SentimentLexicons,
} from './sentiment.js';

/** Names of the dense features, in the order of {@link SentimentFeatures.dense}. */
export const DENSE_FEATURE_NAMES = [
  'bias',
  'lexicon.score',
  'lexicon.positive',
  'lexicon.negative',
  'lexicon.hasPositive',
  'lexicon.hasNegative',
  'lexicon.mixed',
  'lexicon.none',
  'negation.present',
  'negation.flippedToPositive',
  'negation.flippedToNegative',
  'negation.comparative',
  'negation.comparativeSign',
  'negation.comparativeUnknown',
  'negation.notOnly',
  'negation.overFailure',
  'negation.overUnknown',
  'contrast.adversative',
  'contrast.afterSum',
  'contrast.beforeSum',
  'contrast.concessive',
  'contrast.concededSum',
  'contrast.mainSum',
  'request.questionMark',
  'request.opener',
  'request.politeMarker',
  'request.withNegative',
  'sarcasm.praiseOpener',
  'sarcasm.praiseOpenerWithFailure',
  'sarcasm.marker',
  'sarcasm.markerWithFailure',
  'sarcasm.quotes',
  'sarcasm.ellipsis',
  'sarcasm.praiseWithNegative',
  'mild.adequacy',
  'mild.adequacyOnly',
  'fact.duration',
  'fact.repetition',
  'fact.stillNot',
  'fact.failureWord',
  'length.log',
  'length.short',
  'punctuation.exclamation',
  'emoji.positive',
  'emoji.negative',
] as const;

/** A dense feature's name. */
export type DenseFeatureName = (typeof DENSE_FEATURE_NAMES)[number];

/** The features of one text: dense values by {@link DENSE_FEATURE_NAMES} index, and hashed n-gram buckets with values. */
export interface SentimentFeatures {
  readonly dense: Float64Array;
  /** Bucket index to value; buckets are in [0, buckets). */
  readonly hashed: Map<number, number>;
  /** The lexicon matches, reused as the evidence of the result. */
  readonly matches: readonly LexiconMatch[];
  /** The rule layer's score of the same text. */
  readonly lexiconScore: number;
}

const INDEX = new Map<string, number>(DENSE_FEATURE_NAMES.map((n, i) => [n, i]));

// Markers are matched on the folded, space-joined token norms, padded with spaces (" mais ", " even if ").
const CONCESSIVE = [
  ' even if ',
  ' even though ',
  ' although ',
  ' though ',
  ' despite ',
  ' in spite of ',
  ' even with ',
  ' meme si ',
  ' meme avec ',
  ' bien que ',
  ' quoique ',
  ' malgre ',
];
const ADVERSATIVE = new Set(['mais', 'but', 'however', 'yet', 'cependant', 'pourtant', 'though']);
const ADVERSATIVE_PHRASES = [
  ' par contre ',
  ' en revanche ',
  ' on the other hand ',
  ' sauf que ',
  ' still ',
  ' unfortunately ',
  ' helas ',
  ' dommage ',
  ' shame ',
];
const QUESTION_OPENERS = new Set([
  'can',
  'could',
  'would',
  'will',
  'is',
  'are',
  'do',
  'does',
  'did',
  'how',
  'where',
  'when',
  'who',
  'what',
  'which',
  'why',
  'any',
  'pouvez',
  'pourriez',
  'pourrait',
  'peut',
  'est',
  'quand',
  'ou',
  'comment',
  'qui',
  'quel',
  'quelle',
  'quels',
  'quelles',
  'pourquoi',
  'combien',
  'serait',
  'existe',
  'avez',
  'y',
]);
const POLITE = [
  ' please ',
  ' pls ',
  ' plz ',
  ' kindly ',
  ' merci de ',
  ' merci d ',
  ' svp ',
  ' s il vous plait ',
  ' stp ',
  ' could you ',
  ' can you ',
  ' would it be possible ',
  ' pourriez vous ',
  ' pouvez vous ',
  ' serait il possible ',
  ' est ce que ',
  ' we would like ',
  ' nous aimerions ',
  ' nous souhaiterions ',
  ' i would like ',
  ' je voudrais ',
];
const PRAISE_OPENERS = new Set([
  'great',
  'brilliant',
  'wonderful',
  'fantastic',
  'perfect',
  'super',
  'genial',
  'bravo',
  'parfait',
  'magnifique',
  'formidable',
  'top',
  'wow',
  'oh',
  'nice',
  'lovely',
  'love',
  'amazing',
  'awesome',
  'excellent',
  'impressive',
  'impressionnant',
  'incroyable',
  'chapeau',
  'marvellous',
  'merveilleux',
  'splendide',
  'fantastique',
  'thanks',
  'merci',
  'well',
  'ah',
  'quel',
  'quelle',
  'what',
  'cool',
  'yeah',
  'sure',
  'lol',
  'mdr',
  'adore',
]);
const SARCASM_MARKERS = [
  ' another ',
  ' again ',
  ' as usual ',
  ' as always ',
  ' only took ',
  ' barely ',
  ' lol ',
  ' mdr ',
  ' thanks a lot ',
  ' thanks for the ',
  ' thank you for the ',
  ' merci pour le ',
  ' merci pour la ',
  ' merci pour les ',
  ' merci du ',
  ' encore une ',
  ' encore un ',
  ' comme d habitude ',
  ' toujours aussi ',
  ' a peine ',
  ' seulement ',
  ' qu ils disaient ',
  ' they said ',
  ' c est ca oui ',
  ' sure ',
  ' what a joy ',
  ' what a treat ',
  ' quel plaisir ',
  ' quel bonheur ',
  ' quelle joie ',
  ' love how ',
  ' love paying ',
  ' love waiting ',
  ' j adore ',
  ' really made my ',
  ' very creative ',
  ' truly ',
  ' well done ',
  ' nice touch ',
  ' nice of you ',
  ' sympa de ',
];
const ADEQUACY = [
  ' ok ',
  ' okay ',
  ' fine ',
  ' correct ',
  ' correcte ',
  ' standard ',
  ' average ',
  ' decent ',
  ' acceptable ',
  ' adequate ',
  ' reasonable ',
  ' moyen ',
  ' convenable ',
  ' conforme ',
  ' conformes ',
  ' raisonnable ',
  ' as expected ',
  ' as planned ',
  ' as scheduled ',
  ' comme prevu ',
  ' ras ',
  ' nothing special ',
  ' rien de special ',
  ' rien de particulier ',
  ' nothing in particular ',
  ' does the job ',
  ' fait le travail ',
  ' fait le boulot ',
  ' it works ',
  ' ca fonctionne ',
  ' ca marche ',
  ' ca va ',
  ' so so ',
  ' bof ',
  ' meh ',
  ' mouais ',
  ' suffisant ',
  ' good enough ',
  ' neither good nor bad ',
  ' ni bien ni mal ',
  ' sans plus ',
  ' dans la norme ',
  ' within the norm ',
  ' usual ',
  ' habituel ',
  ' habituelle ',
  ' comme d hab ',
  ' as usual ',
];
const DURATION_UNITS = new Set([
  'day',
  'days',
  'week',
  'weeks',
  'month',
  'months',
  'hours',
  'jour',
  'jours',
  'semaine',
  'semaines',
  'mois',
  'heures',
  'h',
]);
const REPETITION = [
  ' second time ',
  ' third time ',
  ' fourth time ',
  ' times ',
  ' again ',
  ' once more ',
  ' still ',
  ' deuxieme fois ',
  ' troisieme fois ',
  ' quatrieme fois ',
  ' e fois ',
  ' fois ',
  ' encore ',
  ' de nouveau ',
  ' a nouveau ',
  ' toujours pas ',
  ' relance ',
  ' reminder ',
  ' running ',
  ' d affilee ',
  ' in a row ',
];
const STILL_NOT = [
  ' still not ',
  ' still no ',
  ' still waiting ',
  ' not yet ',
  ' toujours pas ',
  ' toujours en attente ',
  ' j attends toujours ',
  ' still haven ',
  ' still have not ',
  ' toujours sans ',
  ' always wrong ',
  ' always late ',
  ' toujours en retard ',
];
const FAILURE_WORDS = new Set([
  'missing',
  'manquant',
  'manquait',
  'manque',
  'wrong',
  'mauvais',
  'mauvaise',
  'erreur',
  'erreurs',
  'error',
  'errors',
  'lost',
  'perdu',
  'perdue',
  'broken',
  'casse',
  'cassee',
  'damaged',
  'abime',
  'abimee',
  'abimes',
  'late',
  'retard',
  'delay',
  'delayed',
  'reporte',
  'postponed',
  'cancelled',
  'annulee',
  'annule',
  'leak',
  'leaks',
  'fuit',
  'fuient',
  'crash',
  'crashes',
  'plante',
  'down',
  'panne',
  'empty',
  'vide',
  'without',
  'sans',
  'backorder',
  'reliquat',
  'rupture',
  'duplicates',
  'duplique',
  'deleted',
  'efface',
]);
// Nouns whose absence is good news ("no regrets", "aucune surprise", "zero complaints").
const NEGATED_PRAISE_OBJECTS = new Set([
  'regret',
  'regrets',
  'surprise',
  'surprises',
  'complaint',
  'complaints',
  'plainte',
  'plaintes',
  'issue',
  'issues',
  'problem',
  'problems',
  'probleme',
  'problemes',
  'souci',
  'soucis',
  'defect',
  'defects',
  'defaut',
  'defauts',
  'failure',
  'failures',
  'missed',
  'manque',
  'downtime',
  'interruption',
  'incident',
  'incidents',
  'reproche',
  'reprocher',
  'redire',
  'critiquer',
  'accroc',
  'hiccup',
  'hiccups',
  'outage',
  'outages',
  'coupure',
  'coupures',
  'plantage',
  'crash',
  'loss',
  'perte',
]);
const COMPARATIVE = new Set([
  'so',
  'this',
  'that',
  'as',
  'more',
  'better',
  'happier',
  'worse',
  'aussi',
  'si',
  'autant',
  'plus',
  'mieux',
  'pire',
  'meilleur',
  'meilleure',
  'rever',
]);
// A count before a time unit ("11 weeks", "eleven weeks", "onze semaines", "plusieurs mois").
const NUMBER_WORD =
  /^\d+$|^(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|several|many|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|quinze|vingt|trente|plusieurs)$/;
const POSITIVE_EMOJI = /[😀😃😄😁😊🙂😍🥰👍👌❤💯🙏🎉]|[:;]-?\)|:-?D\b|<3/u;
const NEGATIVE_EMOJI = /[😡😠😤😞😟🙁☹😢😭👎💩🤬]|:-?\(/u;

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const ADVERSATIVE_PHRASES_LIST = phraseList(ADVERSATIVE_PHRASES);
const POLITE_LIST = phraseList(POLITE);
const SARCASM_MARKERS_LIST = phraseList(SARCASM_MARKERS);
const ADEQUACY_LIST = phraseList(ADEQUACY);
const REPETITION_LIST = phraseList(REPETITION);
const STILL_NOT_LIST = phraseList(STILL_NOT);
const NOT_ONLY_LIST = phraseList([' not only ', ' not just ', ' non seulement ']);

// FNV-1a state after "c:", the prefix of character-gram keys.
const GRAM_PREFIX_HASH = Math.imul(Math.imul(0x811c9dc5 ^ 0x63, 0x01000193) ^ 0x3a, 0x01000193);

interface PhraseList {
  /** One-word entries, matched against the token norms. */
  readonly words: ReadonlySet<string>;
  /** Entries of several words, matched in the padded text (" rien de special "). */
  readonly phrases: readonly string[];
}

function phraseList(entries: readonly string[]): PhraseList {
  const words = new Set<string>();
  const phrases: string[] = [];
  for (const e of entries) {
    const t = e.trim();
    if (t.includes(' ')) phrases.push(` ${t} `);
    else words.add(t);
  }
  return { words, phrases };
}

function includesAny(padded: string, norms: readonly string[], list: PhraseList): boolean {
  for (const n of norms) if (list.words.has(n)) return true;
  for (const p of list.phrases) if (padded.includes(p)) return true;
  return false;
}

// Reused across calls (features are computed one text at a time; JavaScript runs them one at a time too).
let scratch = new Float64Array(0);

const squash = (x: number) => Math.tanh(x / 3);

/**
 * Dense and hashed features of one verbatim for the sentiment model (see `docs/verbatims.md`, "Sentiment model").
 * `buckets` is the size of the hashed n-gram space the model was trained with.
 */
export function sentimentFeatures(
  text: string,
  tokens: readonly VerbatimToken[],
  language: SentimentLanguage,
  lexicons: SentimentLexicons,
  buckets: number,
): SentimentFeatures {
  const dense = new Float64Array(DENSE_FEATURE_NAMES.length);
  const set = (name: DenseFeatureName, value: number) => {
    dense[INDEX.get(name) as number] = value;
  };
  const { sum, matches } = lexiconMatches(text, tokens, language, lexicons);
  const score = lexiconScore(sum);
  const norms = tokens.map((t) => t.norm);
  const padded = ` ${norms.join(' ')} `;

  let positive = 0;
  let negative = 0;
  let flippedPositive = 0;
  let flippedNegative = 0;
  for (const m of matches) {
    if (m.base > 0) positive += m.base;
    else negative -= m.base;
    if (m.negated && m.base > 0) flippedPositive++;
    if (m.negated && m.base < 0) flippedNegative++;
  }
  set('bias', 1);
  set('lexicon.score', score);
  set('lexicon.positive', squash(positive));
  set('lexicon.negative', squash(negative));
  set('lexicon.hasPositive', positive > 0 ? 1 : 0);
  set('lexicon.hasNegative', negative > 0 ? 1 : 0);
  set('lexicon.mixed', positive > 0 && negative > 0 ? 1 : 0);
  set('lexicon.none', matches.length === 0 ? 1 : 0);

  // Negation, and negated comparatives ("never been so responsive", "could not be happier", "rien de mieux").
  const negatorAt = tokens.findIndex((t) => t.negator);
  set('negation.present', negatorAt >= 0 ? 1 : 0);
  set('negation.flippedToPositive', Math.min(flippedPositive, 2) / 2);
  set('negation.flippedToNegative', Math.min(flippedNegative, 2) / 2);
  let comparative = false;
  let comparativeSign = 0;
  tokens.forEach((t, i) => {
    if (!t.negator) return;
    for (let j = i + 1; j < tokens.length && j <= i + 4; j++) {
      const u = tokens[j] as VerbatimToken;
      if (u.clause !== t.clause) break;
      if (COMPARATIVE.has(u.norm) || /[a-z]{3,}ier$/.test(u.norm)) {
        comparative = true;
        // The sign of the words compared: what the comparison is about, before any flip.
        for (const m of matches)
          if (m.clause === t.clause && m.token > i)
            comparativeSign += (m.negated ? -1 : 1) * Math.sign(m.base);
        break;
      }
    }
  });
  set('negation.comparative', comparative ? 1 : 0);
  set('negation.comparativeSign', Math.sign(comparativeSign));
  // "never been so punctual", "jamais été aussi propre": the compared word is unknown to the lexicons, and such
  // answers mostly praise (the guide's rule); the model weighs that prior apart from the known-word case.
  set('negation.comparativeUnknown', comparative && comparativeSign === 0 ? 1 : 0);
  // A negation over a failure word the lexicon may not know ("no surprises", "not a single missed pickup", "aucune
  // casse") usually praises; over a word neither list knows it is left to the n-grams.
  let overFailure = 0;
  let overUnknown = 0;
  const matched = new Set<number>();
  for (const m of matches) for (let k = m.token; k < m.token + 4; k++) matched.add(k);
  tokens.forEach((t, i) => {
    if (!t.negated || matched.has(i)) return;
    if (FAILURE_WORDS.has(t.norm) || NEGATED_PRAISE_OBJECTS.has(t.norm)) overFailure = 1;
    else if (t.norm.length > 3) overUnknown = 1;
  });
  set('negation.overFailure', overFailure);
  set('negation.overUnknown', overUnknown);
  set('negation.notOnly', includesAny(padded, norms, NOT_ONLY_LIST) ? 1 : 0);

  // Adversative contrast: the clauses from the first connective on, against those before it.
  let adversativeClause = -1;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as VerbatimToken;
    const pair = `${t.norm} ${tokens[i + 1]?.norm ?? ''}`;
    if (
      (ADVERSATIVE.has(t.norm) && !(t.norm === 'though' && i === tokens.length - 1)) ||
      ['par contre', 'en revanche', 'sauf que', 'on the'].includes(pair)
    ) {
      adversativeClause = t.clause;
      break;
    }
  }
  if (adversativeClause < 0 && includesAny(padded, norms, ADVERSATIVE_PHRASES_LIST)) {
    const t = tokens.find((x) =>
      [' still ', ' unfortunately ', ' helas ', ' dommage ', ' shame '].includes(` ${x.norm} `),
    );
    if (t !== undefined) adversativeClause = t.clause;
  }
  let after = 0;
  let before = 0;
  for (const m of matches) {
    if (adversativeClause < 0) continue;
    if (m.clause >= adversativeClause) after += m.base;
    else before += m.base;
  }
  set('contrast.adversative', adversativeClause >= 0 ? 1 : 0);
  set('contrast.afterSum', squash(after));
  set('contrast.beforeSum', squash(before));

  // Concessive contrast: the conceded clause (from "même si", "although", "despite" to the next break) counts less.
  let concededClause = -1;
  for (const c of CONCESSIVE) {
    const at = padded.indexOf(c);
    if (at < 0) continue;
    const wordIndex = padded.slice(0, at).split(' ').length - 1;
    const t = tokens[wordIndex];
    if (t !== undefined) concededClause = t.clause;
    break;
  }
  let conceded = 0;
  let main = 0;
  for (const m of matches) {
    if (concededClause < 0) continue;
    if (m.clause === concededClause) conceded += m.base;
    else main += m.base;
  }
  set('contrast.concessive', concededClause >= 0 ? 1 : 0);
  set('contrast.concededSum', squash(conceded));
  set('contrast.mainSum', squash(main));

  // Requests and questions.
  const question = text.includes('?');
  const opener = QUESTION_OPENERS.has(norms[0] ?? '') && question;
  const polite = includesAny(padded, norms, POLITE_LIST);
  set('request.questionMark', question ? 1 : 0);
  set('request.opener', opener ? 1 : 0);
  set('request.politeMarker', polite ? 1 : 0);
  set('request.withNegative', (question || polite) && negative > 0 ? 1 : 0);

  // Sarcasm: praise that opens the answer, then a failure; markers of exasperation; quoted claims; trailing dots.
  const first = tokens[0];
  // The first clause is short and praises ("Great,", "Oh perfect,", "Bravo pour le suivi…"), and more follows.
  const firstClause = first === undefined ? [] : tokens.filter((t) => t.clause === first.clause);
  const praiseOpener =
    first !== undefined &&
    firstClause.length <= 4 &&
    firstClause.some((t) => PRAISE_OPENERS.has(t.norm)) &&
    (firstClause.length < tokens.length || tokens.length <= 2);
  const failureWords = norms.filter((n) => FAILURE_WORDS.has(n)).length;
  const durations = tokens.filter(
    (t, i) => DURATION_UNITS.has(t.norm) && i > 0 && NUMBER_WORD.test(tokens[i - 1]?.norm ?? ''),
  ).length;
  set('sarcasm.praiseOpener', praiseOpener ? 1 : 0);
  set(
    'sarcasm.praiseOpenerWithFailure',
    praiseOpener && (negative > 0 || failureWords > 0 || durations > 0) ? 1 : 0,
  );
  const marker = includesAny(padded, norms, SARCASM_MARKERS_LIST);
  set('sarcasm.marker', marker && positive > 0 ? 1 : 0);
  set('sarcasm.markerWithFailure', marker && (negative > 0 || failureWords > 0 || durations > 0) ? 1 : 0);
  set('sarcasm.quotes', /["«»“”]|'\w[^']*\w'/.test(text) ? 1 : 0);
  set('sarcasm.ellipsis', /…|\.\.\./.test(text) ? 1 : 0);
  set('sarcasm.praiseWithNegative', positive > 0 && (negative > 0 || failureWords > 0) ? 1 : 0);

  // Mild and factual answers.
  const adequacy = includesAny(padded, norms, ADEQUACY_LIST);
  set('mild.adequacy', adequacy ? 1 : 0);
  set('mild.adequacyOnly', adequacy && positive < 1.5 && negative === 0 ? 1 : 0);
  set('fact.duration', Math.min(durations, 2) / 2);
  set('fact.repetition', includesAny(padded, norms, REPETITION_LIST) ? 1 : 0);
  set('fact.stillNot', includesAny(padded, norms, STILL_NOT_LIST) ? 1 : 0);
  set('fact.failureWord', Math.min(failureWords, 2) / 2);

  set('length.log', Math.log1p(tokens.length) / 4);
  set('length.short', tokens.length <= 3 ? 1 : 0);
  set('punctuation.exclamation', /!/.test(text) ? 1 : 0);
  set('emoji.positive', POSITIVE_EMOJI.test(text) ? 1 : 0);
  set('emoji.negative', NEGATIVE_EMOJI.test(text) ? 1 : 0);

  // Hashed n-grams: words (marked when a negation covers them), word pairs, and character 3- to 5-grams of
  // each word, so typos and inflections still share most of their grams. Each group is scaled to unit length.
  // Sums go to a scratch array (a Map update per gram cost more than the rest of the features together); the
  // touched buckets then make the sparse result.
  if (scratch.length !== buckets) scratch = new Float64Array(buckets);
  const acc = scratch;
  const touched: number[] = [];
  const bump = (b: number, value: number) => {
    if (acc[b] === 0) touched.push(b);
    acc[b] = (acc[b] as number) + value;
  };
  const add = (key: string, value: number) => bump(fnv1a(key) % buckets, value);
  const words = tokens.map((t) => (t.negated ? `!${t.norm}` : t.norm));
  const wordScale = 1 / Math.sqrt(Math.max(1, words.length * 2));
  words.forEach((w, i) => {
    add(`w:${w}`, wordScale);
    add(`b:${i === 0 ? '^' : words[i - 1]} ${w}`, wordScale);
  });
  if (words.length > 0) add(`b:${words[words.length - 1]} $`, wordScale);
  // Character grams are hashed in place (FNV-1a of "c:" then the gram, extended one character at a time), as
  // fnv1a(`c:${gram}`) would, without building a string per gram: that allocation dominated the cost.
  const folded = tokens.map((t) => `<${foldText(t.norm)}>`);
  let gramCount = 0;
  for (const w of folded) for (let n = 3; n <= 5; n++) gramCount += Math.max(0, w.length - n + 1);
  const gramScale = 1 / Math.sqrt(Math.max(1, gramCount));
  for (const w of folded) {
    for (let i = 0; i + 3 <= w.length; i++) {
      let h = GRAM_PREFIX_HASH;
      for (let k = 0; k < 5 && i + k < w.length; k++) {
        h = Math.imul(h ^ w.charCodeAt(i + k), 0x01000193);
        if (k >= 2) bump((h >>> 0) % buckets, gramScale);
      }
    }
  }
  const hashed = new Map<number, number>();
  for (const b of touched) {
    hashed.set(b, acc[b] as number);
    acc[b] = 0;
  }
  return { dense, hashed, matches, lexiconScore: score };
}
