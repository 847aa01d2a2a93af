import { z } from 'zod';
import type { CrmObject } from './crm-store.js';
import { validationError } from './hubspot-error.js';
import type { Property } from './property-definition.js';

const OPERATORS = [
  'EQ',
  'NEQ',
  'LT',
  'LTE',
  'GT',
  'GTE',
  'BETWEEN',
  'IN',
  'NOT_IN',
  'HAS_PROPERTY',
  'NOT_HAS_PROPERTY',
  'CONTAINS_TOKEN',
  'NOT_CONTAINS_TOKEN',
] as const;

const FilterSchema = z.object({
  propertyName: z.string().min(1),
  operator: z.enum(OPERATORS),
  value: z.union([z.string(), z.number(), z.boolean()]).optional(),
  highValue: z.union([z.string(), z.number()]).optional(),
  values: z.array(z.union([z.string(), z.number()])).optional(),
});

/** The body of `POST /crm/v3/objects/{objectType}/search` (HubSpot's PublicObjectSearchRequest). */
export const SearchRequestSchema = z.object({
  filterGroups: z
    .array(z.object({ filters: z.array(FilterSchema).max(6, 'at most 6 filters per filter group') }))
    .max(5, 'at most 5 filter groups')
    .optional(),
  sorts: z
    .array(
      z.union([
        z.string(),
        z.object({ propertyName: z.string(), direction: z.enum(['ASCENDING', 'DESCENDING']) }),
      ]),
    )
    .optional(),
  query: z.string().optional(),
  properties: z.array(z.string()).optional(),
  limit: z.number().int().min(0).max(200, 'limit must be at most 200').optional(),
  after: z.union([z.string(), z.number()]).optional(),
});

/** A search request. */
export type SearchRequest = z.infer<typeof SearchRequestSchema>;

/** HubSpot stops paging a search at 10,000 results. */
export const SEARCH_RESULT_CAP = 10_000;

/**
 * Runs a search over records the way HubSpot does: filters in a group are ANDed, groups are
 * ORed, `query` matches the default searchable text properties, results page by `after`.
 */
export function searchObjects(
  objects: CrmObject[],
  req: SearchRequest,
  defs: Map<string, Property>,
  searchable: string[],
): { total: number; page: CrmObject[]; nextAfter: string | null } {
  const total18 = (req.filterGroups ?? []).reduce((n, g) => n + g.filters.length, 0);
  if (total18 > 18) throw validationError('There can be at most 18 filters in total across filter groups.');
  const groups = req.filterGroups ?? [];
  let hits = objects.filter(
    (o) =>
      groups.length === 0 ||
      groups.some((g) => g.filters.every((f) => matches(o, f, defs.get(f.propertyName)))),
  );
  if (req.query) {
    const q = req.query.toLowerCase();
    hits = hits.filter((o) => searchable.some((p) => (o.properties[p] ?? '').toLowerCase().includes(q)));
  }
  const sort = req.sorts?.[0];
  if (sort) {
    const [prop, dir] =
      typeof sort === 'string'
        ? [sort.replace(/^-/, ''), sort.startsWith('-') ? -1 : 1]
        : [sort.propertyName, sort.direction === 'DESCENDING' ? -1 : 1];
    const def = defs.get(prop);
    hits = [...hits].sort(
      (a, b) => dir * compare(a.properties[prop] ?? null, b.properties[prop] ?? null, def),
    );
  }
  const offset = req.after === undefined ? 0 : Number(req.after);
  if (!Number.isInteger(offset) || offset < 0)
    throw validationError(`after must be a non-negative integer offset`);
  const limit = req.limit ?? 10;
  if (offset + limit > SEARCH_RESULT_CAP) {
    throw validationError(`Search results are limited to ${SEARCH_RESULT_CAP} records; narrow the filters.`);
  }
  const page = hits.slice(offset, offset + limit);
  const next = offset + limit;
  return { total: hits.length, page, nextAfter: next < hits.length ? String(next) : null };
}

function comparable(v: string, def: Property | undefined): number | string {
  if (def?.type === 'number') return Number(v);
  if (def?.type === 'datetime' || def?.type === 'date') return /^\d+$/.test(v) ? Number(v) : Date.parse(v);
  return v.toLowerCase();
}

function compare(a: string | null, b: string | null, def: Property | undefined): number {
  if (a === null && b === null) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  const x = comparable(a, def);
  const y = comparable(b, def);
  return x < y ? -1 : x > y ? 1 : 0;
}

function matches(o: CrmObject, f: z.infer<typeof FilterSchema>, def: Property | undefined): boolean {
  const v = o.properties[f.propertyName] ?? null;
  const target = f.value === undefined ? null : String(f.value);
  switch (f.operator) {
    case 'HAS_PROPERTY':
      return v !== null;
    case 'NOT_HAS_PROPERTY':
      return v === null;
    case 'EQ':
      return v !== null && target !== null && compare(v, target, def) === 0;
    case 'NEQ':
      return v === null || target === null || compare(v, target, def) !== 0;
    case 'LT':
      return v !== null && target !== null && compare(v, target, def) < 0;
    case 'LTE':
      return v !== null && target !== null && compare(v, target, def) <= 0;
    case 'GT':
      return v !== null && target !== null && compare(v, target, def) > 0;
    case 'GTE':
      return v !== null && target !== null && compare(v, target, def) >= 0;
    case 'BETWEEN':
      return (
        v !== null &&
        target !== null &&
        f.highValue !== undefined &&
        compare(v, target, def) >= 0 &&
        compare(v, String(f.highValue), def) <= 0
      );
    case 'IN':
      return v !== null && (f.values ?? []).some((x) => compare(v, String(x), def) === 0);
    case 'NOT_IN':
      return v === null || !(f.values ?? []).some((x) => compare(v, String(x), def) === 0);
    case 'CONTAINS_TOKEN':
      return v !== null && target !== null && tokenMatch(v, target);
    case 'NOT_CONTAINS_TOKEN':
      return v === null || target === null || !tokenMatch(v, target);
  }
}

function tokenMatch(value: string, token: string): boolean {
  // HubSpot tokenises on non-word characters and accepts `*` wildcards.
  const re = new RegExp(
    `^${token
      .toLowerCase()
      .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')}$`,
  );
  return value
    .toLowerCase()
    .split(/[^\p{L}\p{N}@._-]+/u)
    .some((t) => re.test(t));
}
