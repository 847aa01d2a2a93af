import type { Hono } from 'hono';
import { z } from 'zod';
import { HubSpotApiError } from '../hubspot-error.js';
import { OBJECT_TYPES, resolveObjectType } from '../object-types.js';
import { PropertyCreateSchema } from '../property-definition.js';
import type { StandInContext } from './stand-in-context.js';
import { parse, MAX_BATCH_INPUTS, need, jsonBody, batchEnvelopeOf } from './route-support.js';

/** CRM properties v3 and property groups. */
export function mountPropertyRoutes(app: Hono, ctx: StandInContext): void {
  const { store } = ctx;
  const batchEnvelope = batchEnvelopeOf(ctx);
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
}
