import type { Hono } from 'hono';
import { z } from 'zod';
import type { PropertyInput } from '../crm-store.js';
import { SearchRequestSchema, searchObjects } from '../crm-search.js';
import { validationError } from '../hubspot-error.js';
import { OBJECT_TYPES, PRIMARY_ASSOCIATION_TYPES, resolveObjectType } from '../object-types.js';
import { DEFAULT_READ_PROPERTIES } from '../property-definition.js';
import type { StandInContext } from './stand-in-context.js';
import {
  API,
  PropertyValuesSchema,
  BatchInputSchema,
  CreateInputSchema,
  associationTarget,
  BatchCreateSchema,
  parse,
  listParam,
  present,
  need,
  jsonBody,
  batchEnvelopeOf,
} from './route-support.js';

/** CRM objects v3: read, batch read/update/create, search, create, update, archive, list. */
export function mountObjectRoutes(app: Hono, ctx: StandInContext): void {
  const { store } = ctx;
  const batchEnvelope = batchEnvelopeOf(ctx);
  // A batch naming unknown ids is a 207: the objects found plus one OBJECT_NOT_FOUND error listing the rest.
  const withMissing = (envelope: object, missing: string[], message: string) => ({
    ...envelope,
    numErrors: 1,
    errors: [{ status: 'error', category: 'OBJECT_NOT_FOUND', message, context: { ids: missing } }],
  });
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
      withMissing(
        batchEnvelope(results, startedAt),
        missing,
        `Could not get some ${OBJECT_TYPES[type].label} objects, they may be deleted or not exist. Check that ids are valid.`,
      ),
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
      withMissing(
        batchEnvelope(results, startedAt),
        missing,
        `Could not update some ${OBJECT_TYPES[type].label} objects, they may be deleted or not exist.`,
      ),
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
}
