import type { Hono } from 'hono';
import { resolveObjectType } from '../object-types.js';
import type { StandInContext } from './stand-in-context.js';
import { need } from './route-support.js';

/** CRM pipelines v3. */
export function mountPipelineRoutes(app: Hono, ctx: StandInContext): void {
  const { store } = ctx;
  app.get('/crm/v3/pipelines/:type', (c) => {
    const type = resolveObjectType(c.req.param('type'));
    need(c, type, 'read');
    return c.json({ results: store.listPipelines(type) });
  });
}
