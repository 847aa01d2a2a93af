import { randomUUID } from 'node:crypto';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import { type CrmObject, type CrmStore, type PropertyInput } from './crm-store.js';
import { SearchRequestSchema, searchObjects } from './crm-search.js';
import type { FaultInjector } from './fault-injector.js';
import { HubSpotApiError, validationError } from './hubspot-error.js';
import {
  DEFAULT_ASSOCIATION_TYPES,
  OBJECT_TYPES,
  PRIMARY_ASSOCIATION_TYPES,
  resolveObjectType,
  type ObjectType,
} from './object-types.js';
import { oauthError, type OAuthServer } from './oauth-server.js';
import { utcOffsetMs } from './portal-time.js';
import {
  DEFAULT_READ_PROPERTIES,
  lastModifiedProperty,
  PropertyCreateSchema,
} from './property-definition.js';
import type { RateLimiter } from './rate-limiter.js';
import { requiredScopes } from './required-scopes.js';

/** One request the stand-in received, for assertions. */
export interface LoggedRequest {
  at: number;
  method: string;
  path: string;
  query: Record<string, string[]>;
  headers: Record<string, string>;
  /** The parsed JSON body, the raw text when it is not JSON, or null when empty. */
  body: unknown;
  status: number;
}

/** What the app factory needs: the portal's state and the knobs tests turn. */
export interface StandInContext {
  store: CrmStore;
  oauth: OAuthServer;
  faults: FaultInjector;
  limiter: RateLimiter | null;
  log: LoggedRequest[];
  now: () => number;
  portalId: number;
  /** The portal's time zone setting. */
  timeZone: string;
}

/** Writes through the API are the app's own: webhooks report them as `INTEGRATION` changes. */
const API = { source: 'INTEGRATION' } as const;

/** Batch endpoints take at most 100 inputs. */
export const MAX_BATCH_INPUTS = 100;

const PropertyValuesSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]));

const BatchInputSchema = (withProperties: boolean) =>
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
const CreateInputSchema = z.object({
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
function associationTarget(type: ObjectType, typeIds: number[]): ObjectType {
  for (const [key, id] of [
    ...Object.entries(DEFAULT_ASSOCIATION_TYPES),
    ...Object.entries(PRIMARY_ASSOCIATION_TYPES).map(([k, v]) => [k, v.typeId] as const),
  ]) {
    const [from, to] = key.split('->') as [ObjectType, ObjectType];
    if (from === type && typeIds.includes(id)) return to;
  }
  throw validationError(`association type ids ${typeIds.join(', ')} are not defined from ${type}`);
}

const BatchCreateSchema = z.object({
  inputs: z
    .array(z.object({ properties: PropertyValuesSchema }))
    .max(MAX_BATCH_INPUTS, `inputs may hold at most ${MAX_BATCH_INPUTS} items`),
});

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body);
  if (!r.success) {
    const first = r.error.issues[0]!;
    throw validationError(`Invalid input JSON: ${first.path.join('.') || 'body'}: ${first.message}`, {
      errors: r.error.issues.map((i) => ({ message: i.message, in: i.path.join('.') })),
    });
  }
  return r.data;
}

function listParam(c: Context, name: string): string[] | undefined {
  const values = c.req.queries(name);
  if (!values) return undefined;
  return values.flatMap((v) => v.split(',')).filter((v) => v.length > 0);
}

/** A record as the API returns it, with the requested properties (or the type's defaults). */
function present(
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

/**
 * Builds the stand-in's HTTP app: HubSpot's CRM v3/v4 and OAuth paths with HubSpot's payloads,
 * behind bearer auth, scope checks, fault injection and the rate limiter.
 */
export function createStandInApp(ctx: StandInContext): Hono {
  const app = new Hono();
  const { store, oauth, faults } = ctx;

  app.onError((err, c) => {
    if (err instanceof HubSpotApiError) return c.json(err.toJSON(), err.status as ContentfulStatusCode);
    return c.json({ status: 'error', message: 'internal error', correlationId: randomUUID() }, 500);
  });

  // Request log: every request, with the status it got.
  app.use('*', async (c, next) => {
    const text = ['GET', 'HEAD'].includes(c.req.method) ? '' : await c.req.raw.clone().text();
    let body: unknown = null;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
    const entry: LoggedRequest = {
      at: ctx.now(),
      method: c.req.method,
      path: c.req.path,
      query: Object.fromEntries(
        [...new URL(c.req.url).searchParams.keys()].map((k) => [k, c.req.queries(k) ?? []]),
      ),
      headers: Object.fromEntries([...c.req.raw.headers.entries()]),
      body,
      status: 0,
    };
    ctx.log.push(entry);
    await next();
    entry.status = c.res.status;
  });

  // Faults apply to every path (the token endpoint fails too), before anything else answers.
  app.use('*', async (c, next) => {
    const fault = faults.next(c.req.method, c.req.path);
    if (fault === null) {
      await next();
      // The request was handled (a write happened) but its answer is lost.
      const lost = faults.nextAfterHandling(c.req.method, c.req.path);
      if (lost !== null)
        c.res = new Response(
          JSON.stringify({ status: 'error', message: 'internal error', correlationId: randomUUID() }),
          { status: lost, headers: { 'content-type': 'application/json' } },
        );
      return;
    }
    if (typeof fault === 'object') {
      const daily = fault.policy === 'DAILY';
      return c.json(
        {
          status: 'error',
          message: daily
            ? 'You have reached your daily limit.'
            : 'You have reached your ten_secondly_rolling limit.',
          errorType: 'RATE_LIMIT',
          correlationId: randomUUID(),
          policyName: fault.policy,
          requestId: randomUUID(),
        },
        429,
      );
    }
    return c.json({ status: 'error', message: 'internal error', correlationId: randomUUID() }, fault);
  });

  // CRM and account APIs: bearer auth, then the rate limiter.
  const authenticated: MiddlewareHandler = async (c, next) => {
    const header = c.req.header('authorization');
    const bearer = header?.match(/^Bearer\s+(.+)$/i)?.[1];
    const auth = oauth.authenticate(bearer);
    if (!auth.token) {
      throw new HubSpotApiError(401, {
        message: auth.expired
          ? 'The OAuth token used to make this call expired.'
          : 'Authentication credentials not found. This API supports OAuth 2.0 authentication.',
        category: auth.expired ? 'EXPIRED_AUTHENTICATION' : 'INVALID_AUTHENTICATION',
      });
    }
    c.set('scopes' as never, auth.token.scopes as never);
    if (
      ctx.limiter &&
      c.req.method === 'POST' &&
      c.req.path.endsWith('/search') &&
      !ctx.limiter.takeSearch()
    ) {
      // The api-client recognises this exact message and retries after a second.
      return c.json(
        {
          status: 'error',
          message: 'You have reached your secondly limit.',
          errorType: 'RATE_LIMIT',
          correlationId: randomUUID(),
          requestId: randomUUID(),
        },
        429,
      );
    }
    if (ctx.limiter) {
      const d = ctx.limiter.take();
      for (const [k, v] of Object.entries(d.headers)) c.header(k, v);
      if (!d.allowed) {
        const daily = d.policy === 'DAILY';
        return c.json(
          {
            status: 'error',
            message: daily
              ? 'You have reached your daily limit.'
              : 'You have reached your ten_secondly_rolling limit.',
            errorType: 'RATE_LIMIT',
            correlationId: randomUUID(),
            policyName: d.policy,
            requestId: randomUUID(),
          },
          429,
        );
      }
    }
    return next();
  };
  app.use('/crm/*', authenticated);
  app.use('/account-info/*', authenticated);

  const need = (c: Context, type: ObjectType, access: Parameters<typeof requiredScopes>[1]) => {
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

  const jsonBody = async (c: Context): Promise<unknown> => {
    try {
      return await c.req.json();
    } catch {
      throw validationError('Invalid input JSON: the body is not valid JSON.');
    }
  };

  const batchEnvelope = (results: unknown[], startedAt: string) => ({
    status: 'COMPLETE',
    results,
    startedAt,
    completedAt: new Date(ctx.now()).toISOString(),
  });

  // --- objects ---------------------------------------------------------------------------
  app.post('/crm/v3/objects/:type/batch/read', async (c) => {
    const type = resolveObjectType(c.req.param('type'));
    need(c, type, 'read');
    const startedAt = new Date(ctx.now()).toISOString();
    const body = parse(BatchInputSchema(false), await jsonBody(c));
    const results: unknown[] = [];
    const missing: string[] = [];
    for (const { id } of body.inputs) {
      const o = store.get(type, id);
      if (o) results.push(present(store, type, o, body.properties));
      else missing.push(id);
    }
    if (missing.length === 0) return c.json(batchEnvelope(results, startedAt));
    return c.json(
      {
        ...batchEnvelope(results, startedAt),
        numErrors: 1,
        errors: [
          {
            status: 'error',
            category: 'OBJECT_NOT_FOUND',
            message: `Could not get some ${OBJECT_TYPES[type].label} objects, they may be deleted or not exist. Check that ids are valid.`,
            context: { ids: missing },
          },
        ],
      },
      207,
    );
  });

  app.post('/crm/v3/objects/:type/batch/update', async (c) => {
    const type = resolveObjectType(c.req.param('type'));
    need(c, type, 'write');
    const startedAt = new Date(ctx.now()).toISOString();
    const body = parse(BatchInputSchema(true), await jsonBody(c)) as {
      inputs: { id: string; properties: Record<string, PropertyInput> }[];
    };
    const ids = body.inputs.map((i) => i.id);
    const dupes = [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
    if (dupes.length > 0)
      throw validationError(`Duplicate IDs found in batch input: [${dupes.join(', ')}]. IDs must be unique`);
    // Validate everything first: HubSpot rejects the whole batch on an invalid value.
    for (const input of body.inputs) store.validateValues(type, input.properties, { allowReadOnly: false });
    const results: unknown[] = [];
    const missing: string[] = [];
    for (const input of body.inputs) {
      if (!store.get(type, input.id)) {
        missing.push(input.id);
        continue;
      }
      const o = store.update(type, input.id, input.properties, API);
      results.push(present(store, type, o, Object.keys(input.properties)));
    }
    if (missing.length === 0) return c.json(batchEnvelope(results, startedAt));
    return c.json(
      {
        ...batchEnvelope(results, startedAt),
        numErrors: 1,
        errors: [
          {
            status: 'error',
            category: 'OBJECT_NOT_FOUND',
            message: `Could not update some ${OBJECT_TYPES[type].label} objects, they may be deleted or not exist.`,
            context: { ids: missing },
          },
        ],
      },
      207,
    );
  });

  app.post('/crm/v3/objects/:type/batch/create', async (c) => {
    const type = resolveObjectType(c.req.param('type'));
    need(c, type, 'write');
    const startedAt = new Date(ctx.now()).toISOString();
    const body = parse(BatchCreateSchema, await jsonBody(c));
    for (const input of body.inputs) store.validateValues(type, input.properties, { allowReadOnly: false });
    const results = body.inputs.map((i) =>
      present(store, type, store.create(type, i.properties, API), Object.keys(i.properties)),
    );
    return c.json(batchEnvelope(results, startedAt), 201);
  });

  app.post('/crm/v3/objects/:type/search', async (c) => {
    const type = resolveObjectType(c.req.param('type'));
    need(c, type, 'read');
    const req = parse(SearchRequestSchema, await jsonBody(c));
    const defs = new Map(store.listProperties(type).map((p) => [p.name, p]));
    const searchable = DEFAULT_READ_PROPERTIES[type].filter((p) => defs.get(p)?.type === 'string');
    const { total, page, nextAfter } = searchObjects(store.list(type), req, defs, searchable);
    return c.json({
      total,
      results: page.map((o) => present(store, type, o, req.properties)),
      ...(nextAfter === null ? {} : { paging: { next: { after: nextAfter } } }),
    });
  });

  app.get('/crm/v3/objects/:type/:id', (c) => {
    const type = resolveObjectType(c.req.param('type'));
    need(c, type, 'read');
    const idProperty = c.req.query('idProperty');
    const id = c.req.param('id');
    const o = idProperty
      ? store.list(type).find((x) => x.properties[idProperty] === id)
      : store.get(type, id);
    if (!o) return c.body(null, 404);
    const out = present(store, type, o, listParam(c, 'properties'));
    const assoc = listParam(c, 'associations');
    if (assoc && assoc.length > 0) {
      const associations: Record<string, unknown> = {};
      for (const toName of assoc) {
        const to = resolveObjectType(toName);
        const links = store.associationsOf(type, o.id, to);
        if (links.length === 0) continue;
        associations[to] = {
          results: links.flatMap((l) =>
            l.associationTypes.map((t) => ({
              id: l.toObjectId,
              type: t.label
                ? `${OBJECT_TYPES[type].singular}_to_${OBJECT_TYPES[to].singular}_${t.label.toLowerCase()}`
                : `${OBJECT_TYPES[type].singular}_to_${OBJECT_TYPES[to].singular}`,
            })),
          ),
        };
      }
      out.associations = associations;
    }
    return c.json(out);
  });

  app.patch('/crm/v3/objects/:type/:id', async (c) => {
    const type = resolveObjectType(c.req.param('type'));
    need(c, type, 'write');
    const body = parse(z.object({ properties: PropertyValuesSchema }), await jsonBody(c));
    const o = store.update(type, c.req.param('id'), body.properties, API);
    return c.json(present(store, type, o, Object.keys(body.properties)));
  });

  app.delete('/crm/v3/objects/:type/:id', (c) => {
    const type = resolveObjectType(c.req.param('type'));
    need(c, type, 'write');
    store.archive(type, c.req.param('id'), API);
    return c.body(null, 204);
  });

  app.post('/crm/v3/objects/:type', async (c) => {
    const type = resolveObjectType(c.req.param('type'));
    need(c, type, 'write');
    const body = parse(CreateInputSchema, await jsonBody(c));
    // Associations are checked before the record exists: a bad one creates nothing, as in HubSpot.
    const links = (body.associations ?? []).map((a) => {
      const typeIds = a.types.map((t) => t.associationTypeId);
      const to = associationTarget(type, typeIds);
      if (!store.get(to, a.to.id))
        throw validationError(`${OBJECT_TYPES[to].label} ${a.to.id} is not valid for an association`);
      return {
        to,
        id: a.to.id,
        primary: typeIds.some((id) => PRIMARY_ASSOCIATION_TYPES[`${type}->${to}`]?.typeId === id),
      };
    });
    const created = store.create(type, body.properties, API);
    for (const l of links) store.associate(type, created.id, l.to, l.id, { primary: l.primary, ...API });
    return c.json(present(store, type, created, Object.keys(body.properties)), 201);
  });

  app.get('/crm/v3/objects/:type', (c) => {
    const type = resolveObjectType(c.req.param('type'));
    need(c, type, 'read');
    const limit = Math.min(Number(c.req.query('limit') ?? 10), 100);
    const after = Number(c.req.query('after') ?? 0);
    const all = store.list(type);
    const page = all.slice(after, after + limit);
    const next = after + limit;
    return c.json({
      results: page.map((o) => present(store, type, o, listParam(c, 'properties'))),
      ...(next < all.length ? { paging: { next: { after: String(next) } } } : {}),
    });
  });

  // --- properties and groups -------------------------------------------------------------
  app.get('/crm/v3/properties/:type/groups', (c) => {
    const type = resolveObjectType(c.req.param('type'));
    need(c, type, 'schemaRead');
    return c.json({ results: store.listGroups(type) });
  });

  app.post('/crm/v3/properties/:type/groups', async (c) => {
    const type = resolveObjectType(c.req.param('type'));
    need(c, type, 'schemaWrite');
    const body = parse(
      z.object({
        name: z
          .string()
          .regex(/^[a-z][a-z0-9_]*$/, 'name must be lower-case letters, digits and underscores'),
        label: z.string().min(1),
        displayOrder: z.number().int().optional(),
      }),
      await jsonBody(c),
    );
    return c.json(store.createGroup(type, body), 201);
  });

  app.get('/crm/v3/properties/:type', (c) => {
    const type = resolveObjectType(c.req.param('type'));
    need(c, type, 'schemaRead');
    return c.json({ results: store.listProperties(type, c.req.query('archived') === 'true') });
  });

  app.post('/crm/v3/properties/:type', async (c) => {
    const type = resolveObjectType(c.req.param('type'));
    need(c, type, 'schemaWrite');
    const body = parse(PropertyCreateSchema, await jsonBody(c));
    return c.json(store.createProperty(type, body), 201);
  });

  app.post('/crm/v3/properties/:type/batch/create', async (c) => {
    const type = resolveObjectType(c.req.param('type'));
    need(c, type, 'schemaWrite');
    const startedAt = new Date(ctx.now()).toISOString();
    const body = parse(
      z.object({ inputs: z.array(PropertyCreateSchema).max(MAX_BATCH_INPUTS) }),
      await jsonBody(c),
    );
    const results: unknown[] = [];
    const errors: unknown[] = [];
    for (const input of body.inputs) {
      try {
        results.push(store.createProperty(type, input));
      } catch (err) {
        if (!(err instanceof HubSpotApiError)) throw err;
        errors.push({
          status: 'error',
          category: err.body.category,
          message: err.body.message,
          context: { name: [input.name] },
        });
      }
    }
    if (errors.length === 0) return c.json(batchEnvelope(results, startedAt), 201);
    return c.json({ ...batchEnvelope(results, startedAt), numErrors: errors.length, errors }, 207);
  });

  app.post('/crm/v3/properties/:type/batch/read', async (c) => {
    const type = resolveObjectType(c.req.param('type'));
    need(c, type, 'schemaRead');
    const startedAt = new Date(ctx.now()).toISOString();
    const body = parse(
      z.object({ inputs: z.array(z.object({ name: z.string().min(1) })), archived: z.boolean().optional() }),
      await jsonBody(c),
    );
    const results = body.inputs.map((i) => store.getProperty(type, i.name)).filter((p) => p !== undefined);
    return c.json(batchEnvelope(results, startedAt));
  });

  app.get('/crm/v3/properties/:type/:name', (c) => {
    const type = resolveObjectType(c.req.param('type'));
    need(c, type, 'schemaRead');
    const p = store.getProperty(type, c.req.param('name'));
    if (!p) {
      throw new HubSpotApiError(404, {
        message: `Unable to find property ${c.req.param('name')} for object type ${OBJECT_TYPES[type].id}`,
        category: 'OBJECT_NOT_FOUND',
      });
    }
    return c.json(p);
  });

  // --- associations v4 -------------------------------------------------------------------
  app.get('/crm/v4/objects/:type/:id/associations/:toType', (c) => {
    const type = resolveObjectType(c.req.param('type'));
    const to = resolveObjectType(c.req.param('toType'));
    need(c, type, 'read');
    need(c, to, 'read');
    const limit = Math.min(Number(c.req.query('limit') ?? 500), 500);
    const after = Number(c.req.query('after') ?? 0);
    const all = store.associationsOf(type, c.req.param('id'), to);
    const page = all.slice(after, after + limit);
    const next = after + limit;
    return c.json({
      results: page.map((l) => ({ toObjectId: Number(l.toObjectId), associationTypes: l.associationTypes })),
      ...(next < all.length ? { paging: { next: { after: String(next) } } } : {}),
    });
  });

  app.put('/crm/v4/objects/:type/:id/associations/default/:toType/:toId', (c) => {
    const type = resolveObjectType(c.req.param('type'));
    const to = resolveObjectType(c.req.param('toType'));
    need(c, type, 'write');
    store.associate(type, c.req.param('id'), to, c.req.param('toId'), API);
    const startedAt = new Date(ctx.now()).toISOString();
    const types = store
      .associationsOf(type, c.req.param('id'), to)
      .find((l) => l.toObjectId === c.req.param('toId'));
    return c.json(
      batchEnvelope(
        [
          {
            from: { id: c.req.param('id') },
            to: { id: c.req.param('toId') },
            associationSpec: types?.associationTypes[0] ?? null,
          },
        ],
        startedAt,
      ),
    );
  });

  app.post('/crm/v4/associations/:type/:toType/batch/read', async (c) => {
    const type = resolveObjectType(c.req.param('type'));
    const to = resolveObjectType(c.req.param('toType'));
    need(c, type, 'read');
    const startedAt = new Date(ctx.now()).toISOString();
    const body = parse(
      z.object({
        inputs: z
          .array(z.object({ id: z.string().min(1), after: z.string().optional() }))
          .max(1000, 'inputs may hold at most 1000 items'),
      }),
      await jsonBody(c),
    );
    const results = body.inputs
      .map((i) => ({ id: i.id, links: store.associationsOf(type, i.id, to) }))
      .filter((r) => r.links.length > 0)
      .map((r) => ({
        from: { id: r.id },
        to: r.links.map((l) => ({ toObjectId: Number(l.toObjectId), associationTypes: l.associationTypes })),
      }));
    return c.json(batchEnvelope(results, startedAt));
  });

  // --- pipelines -------------------------------------------------------------------------
  app.get('/crm/v3/pipelines/:type', (c) => {
    const type = resolveObjectType(c.req.param('type'));
    need(c, type, 'read');
    return c.json({ results: store.listPipelines(type) });
  });

  // --- account details -------------------------------------------------------------------
  // Any valid token may read them (no scope beyond `oauth`).
  app.get('/account-info/v3/details', (c) => {
    const offsetMs = utcOffsetMs(ctx.now(), ctx.timeZone);
    const sign = offsetMs < 0 ? '-' : '+';
    const abs = Math.abs(offsetMs) / 60_000;
    return c.json({
      portalId: ctx.portalId,
      accountType: 'STANDARD',
      timeZone: ctx.timeZone,
      companyCurrency: 'EUR',
      additionalCurrencies: [],
      utcOffset: `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`,
      utcOffsetMilliseconds: offsetMs,
      uiDomain: 'app.hubspot.com',
      dataHostingLocation: 'na1',
    });
  });

  // --- OAuth -----------------------------------------------------------------------------
  app.get('/oauth/authorize', (c) => {
    const clientId = c.req.query('client_id');
    const redirectUri = c.req.query('redirect_uri');
    if (clientId !== oauth.app.clientId) return c.text('Unknown client_id', 400);
    if (!redirectUri || !oauth.app.redirectUrls.includes(redirectUri)) {
      return c.text("redirect_uri is not one of the app's redirect URLs", 400);
    }
    const scopes = (c.req.query('scope') ?? '').split(/[ +]/).filter(Boolean);
    const code = oauth.issueCode(redirectUri, scopes);
    const target = new URL(redirectUri);
    target.searchParams.set('code', code);
    const state = c.req.query('state');
    if (state) target.searchParams.set('state', state);
    return c.redirect(target.toString(), 302);
  });

  // The 2026-03 token endpoints take every parameter as a form-encoded body field, "never as query
  // parameters" (https://developers.hubspot.com/docs/api-reference/legacy/authentication/oauth-tokens/v1/migration-guide,
  // steps 2-4): client credentials in a URL end up in logs.
  const oauthForm = async (c: Context): Promise<Record<string, string> | Response> => {
    const leaked = ['client_id', 'client_secret', 'code', 'refresh_token', 'token'].filter(
      (k) => c.req.query(k) !== undefined,
    );
    if (leaked.length > 0)
      return c.json(
        oauthError('INVALID_REQUEST', `send ${leaked.join(', ')} in the form body, not the query`),
        400,
      );
    if (!(c.req.header('content-type') ?? '').startsWith('application/x-www-form-urlencoded'))
      return c.json(oauthError('INVALID_REQUEST', 'the body must be application/x-www-form-urlencoded'), 400);
    return Object.fromEntries(new URLSearchParams(await c.req.text()).entries());
  };

  app.post('/oauth/2026-03/token', async (c) => {
    const form = await oauthForm(c);
    if (form instanceof Response) return form;
    const r = oauth.exchange(form);
    return r.ok ? c.json(r.body) : c.json(r.body, 400);
  });

  app.post('/oauth/2026-03/token/introspect', async (c) => {
    const form = await oauthForm(c);
    if (form instanceof Response) return form;
    const r = oauth.introspect(form);
    return r.ok ? c.json(r.body) : c.json(r.body, 400);
  });

  // HubSpot switches the v1 endpoints off on 16 February 2027 (same guide); the stand-in plays a
  // HubSpot past that date, so an app still calling v1 fails here as it would there. HubSpot has not
  // documented the exact answer of a sunset endpoint: a 404 with its error body is our assumption.
  app.all('/oauth/v1/*', (c) =>
    c.json(
      {
        status: 'error',
        message:
          'The OAuth v1 API was sunset on 2027-02-16; use /oauth/2026-03/token and /oauth/2026-03/token/introspect',
        category: 'OBJECT_NOT_FOUND',
        correlationId: randomUUID(),
      },
      404,
    ),
  );

  app.notFound((c) =>
    c.json(
      { status: 'error', message: `No route for ${c.req.method} ${c.req.path}`, correlationId: randomUUID() },
      404,
    ),
  );

  return app;
}
