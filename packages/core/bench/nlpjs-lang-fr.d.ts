// @nlpjs/lang-fr ships no types; only the stemmer is used, by the verbatims comparison script.
declare module '@nlpjs/lang-fr' {
  /** Snowball French stemmer of nlp.js. */
  export class StemmerFr {
    /** Stem of one word (lower case). */
    stemWord(word: string): string;
  }
}
