import { CANT_RECOMMEND, SCORED_KINDS, SCORE_CODE, type Scale, type ScoredKind } from '@cxkit/core';
import { ByteDictionary } from './byte-dictionary.js';
import type { CsvRecord } from './csv-scanner.js';
import { RECORD_FIELDS, type RecordField } from './fields.js';
import { checkCell, validateRow, type CellProblem, type RowCells } from './survey-record.js';

// Validates CSV rows straight from their bytes with exactly the rules of `validateRow`: every check of a
// cell is made once per distinct value (through the same zod schemas) and remembered by the value's
// dictionary id; the cross-field rules (metric, score, scale, can't-recommend) once per combination.
// Only the answer date is checked per row, by a byte test that accepts a subset of what the zod schema
// accepts; anything else, and every row with a problem, goes through `validateRow` itself, so the
// problems reported are the same, in the same order.

/** A valid row, as read into reused fields (valid until the next row). */
export interface DecodedRow {
  /** Index of the metric in core's SCORED_KINDS. */
  metric: number;
  /** The answer as a score code: the score, SCORE_CODE.skipped or SCORE_CODE.cantRecommend. */
  code: number;
  /** The row's scale (one frozen object per distinct scale). */
  scale: Scale;
  /** Dictionary id of the account. */
  account: number;
  /** Dictionary id of the role slug's cell, or -1 when blank. */
  role: number;
  /** UTC month of the answer as year * 12 + month index. */
  month: number;
  /** Dictionary ids of the kept dimension columns, in their order. */
  dims: Int32Array;
}

/** Where each field and kept dimension is in the header. */
export interface CsvLayout {
  /** Column index of each field present. */
  index: Partial<Record<RecordField, number>>;
  /** Kept dimension columns: name and index. */
  dimensions: readonly (readonly [string, number])[];
}

interface Combo {
  problems: readonly CellProblem[] | undefined;
  metric: number;
  code: number;
  scale: Scale | undefined;
}

const decoder = new TextDecoder();
const PLACEHOLDER: RowCells = {
  account_id: 'a',
  respondent_id: '',
  role: '',
  metric: '',
  score: '',
  answered_at: '2000-01-01',
  scale_min: '',
  scale_max: '',
  cant_recommend: '',
};
const DIGIT0 = 0x30;
const isDigit = (c: number | undefined): boolean => c !== undefined && c >= 0x30 && c <= 0x39;
const two = (b: Uint8Array, i: number): number =>
  ((b[i] as number) - DIGIT0) * 10 + ((b[i + 1] as number) - DIGIT0);

/** Reads the rows of one CSV file: dictionaries of its repeated values and the memos of their checks. */
export class CsvRowDecoder {
  /** Values of the accounts (by id). */
  readonly accounts = new ByteDictionary(true);
  /** Raw role cells (by id); see {@link roleSlug}. */
  readonly roles = new ByteDictionary(true);
  /** One dictionary per kept dimension column. */
  readonly dimensionValues: ByteDictionary[];
  /** The kept dimension columns' names, in order. */
  readonly dimensionNames: string[];
  /** The decoded row (reused). */
  readonly row: DecodedRow;
  private readonly comboFields: RecordField[] = [
    'metric',
    'score',
    'scale_min',
    'scale_max',
    'cant_recommend',
  ];
  private readonly combos: (Combo | undefined)[] = [];
  private readonly comboKeys = new ByteDictionary();
  private readonly scratch = new Uint8Array(5 * 33);
  private readonly comboColumns: Int32Array;
  private readonly accountOk: (boolean | undefined)[] = [];
  private readonly roleSlugs: (string | undefined | null)[] = [];
  private readonly dates = new Map<number, boolean>();
  private readonly defaultMetric: ScoredKind | undefined;

  constructor(
    private readonly layout: CsvLayout,
    defaultMetric: ScoredKind | undefined,
  ) {
    this.defaultMetric = defaultMetric;
    this.dimensionValues = layout.dimensions.map(() => new ByteDictionary());
    this.dimensionNames = layout.dimensions.map(([name]) => name);
    this.row = {
      metric: 0,
      code: 0,
      scale: { min: 0, max: 10, polarity: 'higher-is-better' },
      account: 0,
      role: -1,
      month: 0,
      dims: new Int32Array(layout.dimensions.length),
    };
    this.comboColumns = Int32Array.from(this.comboFields, (f) => layout.index[f] ?? -1);
  }

  /** The role slug of a role id (undefined when blank). */
  roleSlug(id: number): string | undefined {
    return id < 0 ? undefined : (this.roleSlugs[id] ?? undefined);
  }

  /** The cells of a row as strings, trimmed as `validateRow` expects. */
  cells(r: CsvRecord): RowCells {
    const cells = {} as RowCells;
    for (const f of RECORD_FIELDS) {
      const i = this.layout.index[f];
      cells[f] = i === undefined || i >= r.count ? '' : text(r, i).trim();
    }
    return cells;
  }

  /**
   * Decodes and validates row `r` into {@link row}; returns undefined when valid, else the problems
   * `validateRow` finds (with `dimensions` for it).
   */
  decode(r: CsvRecord): CellProblem[] | undefined {
    const { index } = this.layout;
    const b = r.bytes;
    const out = this.row;

    // Metric, score, scale and can't-recommend: one check per combination of their cells, found by
    // interning the cells together (each prefixed with its length) in one dictionary.
    const scratch = this.scratch;
    let w = 0;
    for (let k = 0; k < 5; k++) {
      const i = this.comboColumns[k] as number;
      if (i < 0) continue;
      const from = r.starts[i] as number;
      const len = (r.ends[i] as number) - from;
      if (len > 32) return this.slow(r);
      scratch[w++] = len;
      for (let j = 0; j < len; j++) scratch[w++] = b[from + j] as number;
    }
    const comboId = this.comboKeys.intern(scratch, 0, w);
    let combo = this.combos[comboId];
    if (combo === undefined) {
      // Distinct combinations are few in survey data; past a bound, stop remembering (flat memory).
      if (comboId > 100_000) return this.slow(r);
      combo = this.combo(r);
      this.combos[comboId] = combo;
    }
    if (combo.problems !== undefined) return this.slow(r);

    // Account: required, at most 128 characters.
    const ai = index.account_id as number;
    const account = this.accounts.intern(b, r.starts[ai] as number, r.ends[ai] as number);
    let ok = this.accountOk[account];
    if (ok === undefined)
      this.accountOk[account] = ok = checkCell('account_id', this.accounts.values[account] as string).ok;
    if (!ok) return this.slow(r);

    // Respondent: optional, at most 128 characters (UTF-8 bytes never undercount UTF-16 units).
    const ri = index.respondent_id;
    if (ri !== undefined && (r.ends[ri] as number) - (r.starts[ri] as number) > 128) return this.slow(r);

    // Role: a slug, checked once per distinct cell.
    const li = index.role;
    let role = -1;
    if (li !== undefined && (r.ends[li] as number) > (r.starts[li] as number)) {
      role = this.roles.intern(b, r.starts[li] as number, r.ends[li] as number);
      let slug = this.roleSlugs[role];
      if (slug === undefined) {
        const c = checkCell('role', this.roles.values[role] as string);
        this.roleSlugs[role] = slug = c.ok ? ((c.value as string | undefined) ?? '') : null;
      }
      if (slug === null) return this.slow(r);
      if (slug === '') role = -1;
    }

    // Answer date: the common shapes by bytes, anything else through the schema.
    const di = index.answered_at as number;
    const month = this.month(b, r.starts[di] as number, r.ends[di] as number);
    if (month < 0) return this.slow(r);

    for (let d = 0; d < this.layout.dimensions.length; d++) {
      const i = (this.layout.dimensions[d] as readonly [string, number])[1];
      out.dims[d] =
        i < r.count
          ? (this.dimensionValues[d] as ByteDictionary).intern(b, r.starts[i] as number, r.ends[i] as number)
          : (this.dimensionValues[d] as ByteDictionary).intern(b, 0, 0);
    }
    out.metric = combo.metric;
    out.code = combo.code;
    out.scale = combo.scale as Scale;
    out.account = account;
    out.role = role;
    out.month = month;
    return undefined;
  }

  /** The answer date of a valid row, as written (call after {@link decode} succeeded). */
  answeredAt(r: CsvRecord): string {
    return text(r, this.layout.index.answered_at as number).trim();
  }

  /** The respondent of a valid row, or undefined when blank. */
  respondent(r: CsvRecord): string | undefined {
    const i = this.layout.index.respondent_id;
    if (i === undefined || i >= r.count) return undefined;
    const s = text(r, i).trim();
    return s === '' ? undefined : s;
  }

  private combo(r: CsvRecord): Combo {
    const cells = { ...PLACEHOLDER };
    const real = this.cells(r);
    for (const f of this.comboFields) cells[f] = real[f];
    const v = validateRow(0, cells, {}, this.defaultMetric);
    if (Array.isArray(v)) return { problems: v, metric: 0, code: 0, scale: undefined };
    const code =
      v.value === null ? SCORE_CODE.skipped : v.value === CANT_RECOMMEND ? SCORE_CODE.cantRecommend : v.value;
    return { problems: undefined, metric: SCORED_KINDS.indexOf(v.metric), code, scale: v.scale };
  }

  /** A row with a problem, or an unusual cell: `validateRow` on its strings decides. */
  private slow(r: CsvRecord): CellProblem[] | undefined {
    const v = validateRow(r.line, this.cells(r), {}, this.defaultMetric);
    if (Array.isArray(v)) return v;
    // Valid after all (a shape the byte tests do not take): fill the row from the record.
    const out = this.row;
    const { index } = this.layout;
    const b = r.bytes;
    out.metric = SCORED_KINDS.indexOf(v.metric);
    out.code =
      v.value === null ? SCORE_CODE.skipped : v.value === CANT_RECOMMEND ? SCORE_CODE.cantRecommend : v.value;
    out.scale = v.scale;
    const ai = index.account_id as number;
    out.account = this.accounts.intern(b, r.starts[ai] as number, r.ends[ai] as number);
    const li = index.role;
    out.role = -1;
    if (li !== undefined && v.role !== undefined) {
      out.role = this.roles.intern(b, r.starts[li] as number, r.ends[li] as number);
      this.roleSlugs[out.role] = v.role;
    }
    out.month = utcMonth(v.answeredAt);
    for (let d = 0; d < this.layout.dimensions.length; d++) {
      const i = (this.layout.dimensions[d] as readonly [string, number])[1];
      const dict = this.dimensionValues[d] as ByteDictionary;
      out.dims[d] =
        i < r.count ? dict.intern(b, r.starts[i] as number, r.ends[i] as number) : dict.intern(b, 0, 0);
    }
    return undefined;
  }

  /** UTC year * 12 + month of a date cell in a shape the byte test knows, else -1. */
  private month(b: Uint8Array, s: number, e: number): number {
    const len = e - s;
    if (len < 10 || b[s + 4] !== 0x2d || b[s + 7] !== 0x2d) return -1;
    if (!isDigit(b[s]) || !isDigit(b[s + 1]) || !isDigit(b[s + 2]) || !isDigit(b[s + 3])) return -1;
    if (!isDigit(b[s + 5]) || !isDigit(b[s + 6]) || !isDigit(b[s + 8]) || !isDigit(b[s + 9])) return -1;
    const y = two(b, s) * 100 + two(b, s + 2);
    const m = two(b, s + 5);
    const d = two(b, s + 8);
    const key = y * 10000 + m * 100 + d;
    let dateOk = this.dates.get(key);
    if (dateOk === undefined) {
      dateOk = checkCell('answered_at', decoder.decode(b.subarray(s, s + 10))).ok;
      this.dates.set(key, dateOk);
    }
    if (!dateOk) return -1;
    const month = y * 12 + m - 1;
    if (len === 10) return month;
    // THH:MM:SS, optional fraction, then Z or an offset ±HH:MM (zod's datetime({ offset: true })).
    if (b[s + 10] !== 0x54 || b[s + 13] !== 0x3a || b[s + 16] !== 0x3a) return -1;
    if (!isDigit(b[s + 11]) || !isDigit(b[s + 12]) || !isDigit(b[s + 14])) return -1;
    if (!isDigit(b[s + 15]) || !isDigit(b[s + 17]) || !isDigit(b[s + 18])) return -1;
    if (two(b, s + 11) > 23 || two(b, s + 14) > 59 || two(b, s + 17) > 59) return -1;
    let i = s + 19;
    if (b[i] === 0x2e) {
      i++;
      const from = i;
      while (i < e && isDigit(b[i])) i++;
      if (i === from) return -1;
    }
    if (i + 1 === e && b[i] === 0x5a) return month;
    // An offset moves the UTC month near month ends: leave it to Date.
    if (i + 6 === e && (b[i] === 0x2b || b[i] === 0x2d) && b[i + 3] === 0x3a) {
      if (!isDigit(b[i + 1]) || !isDigit(b[i + 2]) || !isDigit(b[i + 4]) || !isDigit(b[i + 5])) return -1;
      if (two(b, i + 1) > 23 || two(b, i + 4) > 59) return -1;
      return utcMonth(decoder.decode(b.subarray(s, e)));
    }
    return -1;
  }
}

/** UTC year * 12 + month index of an ISO date or date-time. */
export function utcMonth(iso: string): number {
  const d = new Date(Date.parse(iso));
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

/** The text of field `i` of a record. */
export function text(r: CsvRecord, i: number): string {
  return decoder.decode(r.bytes.subarray(r.starts[i] as number, r.ends[i] as number));
}
