import type { Hono } from 'hono';
import { z } from 'zod';
import { resolveObjectType } from '../object-types.js';
import type { StandInContext } from './stand-in-context.js';
import { API, parse, need, jsonBody, batchEnvelopeOf } from './route-support.js';

/** CRM associations v4: list, create the default association, batch read. */
export function mountAssociationRoutes(app: Hono, ctx: StandInContext): void {
  const { store } = ctx;
  const batchEnvelope = batchEnvelopeOf(ctx);
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
}
