import { z } from 'zod';
import { RECORD_FIELDS, type RecordField } from './fields.js';

/** Which file column (or JSON key) holds each field, for files whose columns are named otherwise. */
export type FieldMap = Partial<Record<RecordField, string>>;

const PairSchema = z
  .string()
  .regex(/^[^=]+=.+$/, 'each mapping must look like FIELD=COLUMN')
  .transform((pair) => {
    const eq = pair.indexOf('=');
    return { field: pair.slice(0, eq).trim(), column: pair.slice(eq + 1).trim() };
  })
  .pipe(
    z.object({
      field: z.enum(RECORD_FIELDS, { error: `FIELD must be one of ${RECORD_FIELDS.join(', ')}` }),
      column: z.string().min(1, 'COLUMN must not be empty'),
    }),
  );

/** Why a `--map` value was refused, for the usage message. */
export class FieldMapError extends Error {
  override readonly name = 'FieldMapError';
}

/**
 * Parses `--map` values such as `score=REC,account_id=Account` (several `--map` options add up).
 * @throws FieldMapError naming the bad pair and the rule: FIELD=COLUMN syntax, unknown field,
 *   a field mapped twice, or two fields mapped to one column.
 * @example parseFieldMap(['score=REC,account_id=Account']) // { score: 'REC', account_id: 'Account' }
 */
export function parseFieldMap(values: readonly string[]): FieldMap {
  const map: FieldMap = {};
  const byColumn = new Map<string, RecordField>();
  for (const value of values) {
    for (const raw of value.split(',')) {
      if (raw.trim() === '') continue;
      const parsed = PairSchema.safeParse(raw.trim());
      if (!parsed.success)
        throw new FieldMapError(`--map "${raw.trim()}": ${parsed.error.issues[0]?.message ?? 'invalid'}`);
      const { field, column } = parsed.data;
      if (map[field] !== undefined)
        throw new FieldMapError(`--map: field ${field} is mapped twice (${map[field]} and ${column})`);
      const other = byColumn.get(column);
      if (other !== undefined)
        throw new FieldMapError(`--map: column "${column}" is mapped to both ${other} and ${field}`);
      map[field] = column;
      byColumn.set(column, field);
    }
  }
  return map;
}
