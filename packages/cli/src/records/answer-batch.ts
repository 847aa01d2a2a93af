/** A column answers are grouped by: a record field, or a dimension column of the file. */
export type AnswerKey = { field: 'account_id' | 'respondent_id' | 'role' } | { dimension: string };

/** The key columns to read with the answers. */
export interface AnswerKeys {
  /** The columns, in grouping order. */
  keys: readonly AnswerKey[];
}

/**
 * Valid answers in columns, for aggregation without an object per row. The arrays are reused: read
 * them before asking for the next batch.
 */
export interface AnswerBatch {
  /** Number of answers. */
  length: number;
  /** Index of each answer's metric in core's SCORED_KINDS. */
  metric: Uint8Array;
  /** Each answer as a score code (the score, SCORE_CODE.skipped or SCORE_CODE.cantRecommend). */
  code: Int16Array;
  /** UTC month of each answer, year * 12 + month index. */
  month: Int32Array;
  /** Per key column, each answer's value id. */
  ids: Int32Array[];
  /** The value of id `id` in key column `k`. */
  value(k: number, id: number): string;
}

/** Fills {@link AnswerBatch}es row by row; key values are given as ids, or as strings it interns. */
export class AnswerBatchBuilder implements AnswerBatch {
  length = 0;
  metric = new Uint8Array(1024);
  code = new Int16Array(1024);
  month = new Int32Array(1024);
  ids: Int32Array[];
  private readonly interned: Map<string, number>[];
  private readonly sources: (readonly string[])[];

  /** `sources[k]`, when given, holds the values of key k by id (a reader's dictionary). */
  constructor(keyCount: number, sources: (readonly string[] | undefined)[] = []) {
    this.ids = Array.from({ length: keyCount }, () => new Int32Array(1024));
    this.interned = Array.from({ length: keyCount }, () => new Map());
    this.sources = Array.from({ length: keyCount }, (_, k) => sources[k] ?? []);
  }

  /** Starts a new batch (the arrays are reused). */
  reset(): void {
    this.length = 0;
  }

  /** Appends an answer and returns its row index, where the caller writes `ids[k][row]`. */
  push(metric: number, code: number, month: number): number {
    const n = this.length;
    if (n === this.metric.length) this.grow();
    this.metric[n] = metric;
    this.code[n] = code;
    this.month[n] = month;
    this.length = n + 1;
    return n;
  }

  /** The id of `value` in key column k (for keys without a dictionary of their own). */
  intern(k: number, value: string): number {
    const map = this.interned[k] as Map<string, number>;
    let id = map.get(value);
    if (id === undefined) {
      id = map.size;
      map.set(value, id);
      (this.sources[k] as string[]).push(value);
    }
    return id;
  }

  value(k: number, id: number): string {
    return (this.sources[k] as readonly string[])[id] ?? '';
  }

  private grow(): void {
    const size = this.metric.length * 2;
    const metric = new Uint8Array(size);
    metric.set(this.metric);
    this.metric = metric;
    const code = new Int16Array(size);
    code.set(this.code);
    this.code = code;
    const month = new Int32Array(size);
    month.set(this.month);
    this.month = month;
    this.ids = this.ids.map((a) => {
      const b = new Int32Array(size);
      b.set(a);
      return b;
    });
  }
}
