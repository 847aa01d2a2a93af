// Schemas and helpers the route modules share.
import type { Context } from 'hono';
import { z } from 'zod';
import type { CrmObject, CrmStore } from '../crm-store.js';
import { HubSpotApiError, validationError } from '../hubspot-error.js';
import { DEFAULT_ASSOCIATION_TYPES, PRIMARY_ASSOCIATION_TYPES, type ObjectType } from '../object-types.js';
import { DEFAULT_READ_PROPERTIES, lastModifiedProperty } from '../property-definition.js';
import { requiredScopes } from '../required-scopes.js';
import type { StandInContext } from './stand-in-context.js';

/** Writes through the API are the app's own: webhooks report them as `INTEGRATION` changes. */
export const API = { source: 'INTEGRATION' } as const;

/** Batch endpoints take at most 100 inputs. */
export const MAX_BATCH_INPUTS = 100;

/** A record's property values as the API takes them. */
export const PropertyValuesSchema = z.record(
  z.string(),
  z.union([z.string(), z.number(), z.boolean(), z.null()]),
);

/** A batch read or update body: ids, and properties when `withProperties`. */
export const BatchInputSchema = (withProperties: boolean) =>
  z.object({
    inputs: z
      .array(
        withProperties
          ? z.object({
              id: z.string().min(1),
              properties: PropertyValuesSchema,
              idProperty: z.string().optional(),
            })
          : z.object({ id: z.string().min(1) }),
      )
      .max(MAX_BATCH_INPUTS, `inputs may hold at most ${MAX_BATCH_INPUTS} items`),
    properties: z.array(z.string()).optional(),
    propertiesWithHistory: z.array(z.string()).optional(),
    idProperty: z.string().optional(),
  });

/** `SimplePublicObjectInputForCreate`: properties and the records to associate the new one with. */
export const CreateInputSchema = z.object({
  properties: PropertyValuesSchema,
  associations: z
    .array(
      z.object({
        to: z.object({ id: z.string().min(1) }),
        types: z
          .array(
            z.object({
              associationCategory: z
                .enum(['HUBSPOT_DEFINED', 'USER_DEFINED', 'INTEGRATOR_DEFINED'])
                .optional(),
              associationTypeId: z.number().int(),
            }),
          )
          .min(1),
      }),
    )
    .optional(),
});

/** The object type a HubSpot-defined association type id from `type` points to. */
export function associationTarget(type: ObjectType, typeIds: number[]): ObjectType {
  for (const [key, id] of [
    ...Object.entries(DEFAULT_ASSOCIATION_TYPES),
    ...Object.entries(PRIMARY_ASSOCIATION_TYPES).map(([k, v]) => [k, v.typeId] as const),
  ]) {
    const [from, to] = key.split('->') as [ObjectType, ObjectType];
    if (from === type && typeIds.includes(id)) return to;
  }
  throw validationError(`association type ids ${typeIds.join(', ')} are not defined from ${type}`);
}

/** A batch create body. */
export const BatchCreateSchema = z.object({
  inputs: z
    .array(z.object({ properties: PropertyValuesSchema }))
    .max(MAX_BATCH_INPUTS, `inputs may hold at most ${MAX_BATCH_INPUTS} items`),
});

/** Parses a body with HubSpot's 400 VALIDATION_ERROR naming the first bad field. */
export function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body);
  if (!r.success) {
    const first = r.error.issues[0]!;
    throw validationError(`Invalid input JSON: ${first.path.join('.') || 'body'}: ${first.message}`, {
      errors: r.error.issues.map((i) => ({ message: i.message, in: i.path.join('.') })),
    });
  }
  return r.data;
}

/** A query parameter HubSpot takes repeated or comma-separated (`properties=a,b&properties=c`). */
export function listParam(c: Context, name: string): string[] | undefined {
  const values = c.req.queries(name);
  if (!values) return undefined;
  return values.flatMap((v) => v.split(',')).filter((v) => v.length > 0);
}

/** A record as the API returns it, with the requested properties (or the type's defaults). */
export function present(
  store: CrmStore,
  type: ObjectType,
  o: CrmObject,
  requested?: string[],
): Record<string, unknown> {
  const names =
    requested && requested.length > 0
      ? [...new Set([...requested, 'hs_object_id', 'createdate', lastModifiedProperty(type)])]
      : DEFAULT_READ_PROPERTIES[type];
  const known = new Set(store.listProperties(type).map((p) => p.name));
  const properties: Record<string, string | null> = {};
  for (const n of names) if (known.has(n)) properties[n] = o.properties[n] ?? null;
  return { id: o.id, properties, createdAt: o.createdAt, updatedAt: o.updatedAt, archived: false };
}

/** Refuses with HubSpot's 403 MISSING_SCOPES unless the token has one of the scopes the call needs. */
export const need = (c: Context, type: ObjectType, access: Parameters<typeof requiredScopes>[1]) => {
  const granted = new Set((c.get('scopes' as never) as string[] | undefined) ?? []);
  const anyOf = requiredScopes(type, access);
  if (!anyOf.some((s) => granted.has(s))) {
    throw new HubSpotApiError(403, {
      message: "This app hasn't been granted all required scopes to make this call.",
      category: 'MISSING_SCOPES',
      errors: [
        {
          message: 'One or more of the following scopes are required.',
          context: { requiredGranularScopes: anyOf },
        },
      ],
    });
  }
};

/** The request's JSON body, or HubSpot's 400 for a body that is not JSON. */
export const jsonBody = async (c: Context): Promise<unknown> => {
  try {
    return await c.req.json();
  } catch {
    throw validationError('Invalid input JSON: the body is not valid JSON.');
  }
};

/** The envelope of a batch answer, completed at the portal's clock. */
export const batchEnvelopeOf = (ctx: StandInContext) => (results: unknown[], startedAt: string) => ({
  status: 'COMPLETE',
  results,
  startedAt,
  completedAt: new Date(ctx.now()).toISOString(),
});
