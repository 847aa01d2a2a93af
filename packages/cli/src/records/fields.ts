/**
 * The fields cxkit reads from an answers file. Every other column is a dimension usable in `--by`.
 * Order matters only for messages and the README.
 */
export const RECORD_FIELDS = [
  'account_id',
  'respondent_id',
  'role',
  'metric',
  'score',
  'answered_at',
  'scale_min',
  'scale_max',
  'cant_recommend',
] as const;

/** A field of an answers file. */
export type RecordField = (typeof RECORD_FIELDS)[number];

/** True when `name` is one of {@link RECORD_FIELDS}. */
export function isRecordField(name: string): name is RecordField {
  return (RECORD_FIELDS as readonly string[]).includes(name);
}

/** Fields a file must provide (`metric` may instead come from `--metric`). */
export const REQUIRED_FIELDS: readonly RecordField[] = ['account_id', 'metric', 'score', 'answered_at'];
