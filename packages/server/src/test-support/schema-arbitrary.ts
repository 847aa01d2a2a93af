import fc from 'fast-check';
import { z } from 'zod';

/** The subset of JSON Schema (draft 2020-12, as zod 4 writes it) the generator reads. */
interface JsonSchema {
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  items?: JsonSchema;
  prefixItems?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema | boolean;
  propertyNames?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  default?: unknown;
}

const MAX_ITEMS = 4;
const MAX_STRING = 24;

// Integers at PostgreSQL's and JavaScript's edges: where a value a schema accepts can fail to store.
const EDGE_INTEGERS = [
  0,
  1,
  -1,
  32_767,
  32_768,
  2_147_483_647,
  2_147_483_648,
  -2_147_483_649,
  Number.MAX_SAFE_INTEGER,
];
const EDGE_NUMBERS = [0, -0, 1e-300, 1.7e308, -1.7e308, Number.MAX_SAFE_INTEGER, 0.1];

function integer(s: JsonSchema): fc.Arbitrary<number> {
  const min = Math.max(s.minimum ?? (s.exclusiveMinimum ?? -Infinity) + 1, Number.MIN_SAFE_INTEGER);
  const max = Math.min(s.maximum ?? (s.exclusiveMaximum ?? Infinity) - 1, Number.MAX_SAFE_INTEGER);
  const edges = [...EDGE_INTEGERS, min, max].filter((v) => v >= min && v <= max);
  return fc.oneof(
    { weight: 3, arbitrary: fc.integer({ min, max }) },
    { weight: 2, arbitrary: fc.constantFrom(...edges) },
  );
}

function number(s: JsonSchema): fc.Arbitrary<number> {
  const min = s.minimum ?? s.exclusiveMinimum ?? -Number.MAX_VALUE;
  const max = s.maximum ?? s.exclusiveMaximum ?? Number.MAX_VALUE;
  const inRange = (v: number) => v >= min && v <= max && v !== s.exclusiveMinimum && v !== s.exclusiveMaximum;
  const edges = EDGE_NUMBERS.filter(inRange);
  return fc.oneof(
    { weight: 3, arbitrary: fc.double({ min, max, noNaN: true, noDefaultInfinity: true }).filter(inRange) },
    ...(edges.length > 0 ? [{ weight: 1, arbitrary: fc.constantFrom(...edges) }] : []),
  );
}

const CHAR = fc.oneof(
  { weight: 8, arbitrary: fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: fc.constantFrom('\u0000', '\ud800', '\u202e', 'é', '😀', '=', '\n') },
);

const pad = (n: number, w: number) => String(n).padStart(w, '0');

/**
 * ISO 8601 date-times as the `date-time` format admits them: any year 0000-9999, any offset up to
 * ±23:59, with or without fractional seconds; a third are recent, ordinary dates.
 */
const dateTime: fc.Arbitrary<string> = fc.oneof(
  fc
    .record({
      y: fc.oneof(fc.integer({ min: 0, max: 9999 }), fc.constantFrom(0, 1, 1899, 1900, 1969, 1970, 9999)),
      mo: fc.integer({ min: 1, max: 12 }),
      d: fc.integer({ min: 1, max: 28 }),
      h: fc.integer({ min: 0, max: 23 }),
      mi: fc.integer({ min: 0, max: 59 }),
      s: fc.integer({ min: 0, max: 59 }),
      ms: fc.option(fc.integer({ min: 0, max: 999_999 }), { nil: undefined }),
      off: fc.oneof(
        fc.constant('Z'),
        fc
          .tuple(fc.constantFrom('+', '-'), fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
          .map(([sign, h, m]) => `${sign}${pad(h, 2)}:${pad(m, 2)}`),
      ),
    })
    .map(
      (x) =>
        `${pad(x.y, 4)}-${pad(x.mo, 2)}-${pad(x.d, 2)}T${pad(x.h, 2)}:${pad(x.mi, 2)}:${pad(x.s, 2)}` +
        `${x.ms === undefined ? '' : `.${pad(x.ms, 6)}`}${x.off}`,
    ),
  fc
    .date({
      min: new Date('2020-01-01T00:00:00Z'),
      max: new Date('2027-12-31T00:00:00Z'),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString()),
);

function string(s: JsonSchema): fc.Arbitrary<string> {
  const minLength = s.minLength ?? 0;
  const maxLength = Math.max(minLength, Math.min(s.maxLength ?? MAX_STRING, MAX_STRING));
  const fits = (v: string) => v.length >= minLength && (s.maxLength === undefined || v.length <= s.maxLength);
  if (s.format === 'date-time') return dateTime;
  if (s.format === 'date') return dateTime.map((d) => d.slice(0, 10));
  if (s.format === 'uuid') return fc.uuid();
  if (s.format === 'uri' || s.format === 'url')
    return fc.oneof(
      fc.webUrl({ size: 'xsmall', withQueryParameters: true }),
      fc.constantFrom('https://app.acme.test/nps', 'javascript:alert(1)', 'http://[::1]:99999/'),
    );
  if (s.format === 'email') return fc.emailAddress().filter(fits);
  if (s.pattern !== undefined) {
    const re = new RegExp(s.pattern);
    return fc.stringMatching(re).filter(fits);
  }
  // Mostly ASCII, with the characters that trip storage and display: NUL, an unpaired surrogate,
  // a right-to-left override, accents, an astral emoji, a formula prefix.
  return fc.string({ minLength, maxLength, unit: CHAR });
}

/**
 * A fast-check arbitrary of values a JSON Schema describes: every value it yields has the
 * schema's shape, types, lengths, ranges, formats and patterns, with integers and numbers biased
 * to storage edges (2^31, ±1.7e308) and date-times drawn from the schema's own pattern (any year
 * 0000-9999, any offset up to ±23:59). Refinements JSON Schema cannot express are not honoured,
 * so some values still fail the zod schema: those must get a 400, never a 5xx.
 */
export function jsonSchemaArbitrary(s: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const branches = s.anyOf ?? s.oneOf;
  if (branches) return fc.oneof(...branches.map((b) => jsonSchemaArbitrary(b, depth + 1)));
  if (s.allOf && s.allOf.length > 0) return jsonSchemaArbitrary(s.allOf[0]!, depth + 1);
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'string':
      return string(s);
    case 'integer':
      return integer(s);
    case 'number':
      return number(s);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      if (s.prefixItems) return fc.tuple(...s.prefixItems.map((p) => jsonSchemaArbitrary(p, depth + 1)));
      const minLength = s.minItems ?? 0;
      const maxLength = Math.max(minLength, Math.min(s.maxItems ?? MAX_ITEMS, MAX_ITEMS));
      return fc.array(jsonSchemaArbitrary(s.items ?? {}, depth + 1), { minLength, maxLength });
    }
    case 'object': {
      if (s.properties) {
        const required = new Set(s.required ?? []);
        const model: Record<string, fc.Arbitrary<unknown>> = {};
        for (const [k, v] of Object.entries(s.properties)) model[k] = jsonSchemaArbitrary(v, depth + 1);
        return fc.record(model, { requiredKeys: [...required].filter((k) => k in model) });
      }
      if (typeof s.additionalProperties === 'object') {
        const key = s.propertyNames ? string(s.propertyNames) : fc.string({ maxLength: 8 });
        return fc.dictionary(key, jsonSchemaArbitrary(s.additionalProperties, depth + 1), { maxKeys: 3 });
      }
      return fc.constant({});
    }
    default:
      return depth > 3 ? fc.constant(null) : fc.jsonValue({ maxDepth: 2 });
  }
}

/** The arbitrary of a zod schema's accepted input, through its JSON Schema. */
export function zodArbitrary(schema: z.ZodType): fc.Arbitrary<unknown> {
  return jsonSchemaArbitrary(
    z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema,
  );
}
