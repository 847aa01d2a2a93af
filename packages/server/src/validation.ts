import type { z } from 'zod';
import { HttpError, type FieldIssue } from './http-error.js';

/** Flattens zod issues into `{ path, rule, message }` with dot paths under `prefix`. */
export function fieldIssues(error: z.ZodError, prefix: readonly (string | number)[] = []): FieldIssue[] {
  const out: FieldIssue[] = [];
  for (const issue of error.issues) {
    const base = [...prefix, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys)
        out.push({ path: [...base, key].join('.'), rule: 'unrecognized_key', message: 'unknown field' });
      continue;
    }
    out.push({ path: base.join('.'), rule: issue.code, message: issue.message });
  }
  return out;
}

/** Parses `value` with `schema` or throws a 400 {@link HttpError} listing each field and rule. */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  value: unknown,
  where: 'body' | 'query' | 'params',
  prefix: readonly (string | number)[] = [],
): z.infer<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  throw new HttpError(400, `validation/${where}`, `invalid ${where}`, {
    issues: fieldIssues(r.error, prefix),
  });
}
