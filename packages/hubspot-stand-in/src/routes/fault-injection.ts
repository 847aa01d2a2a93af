import { randomUUID } from 'node:crypto';
import type { Hono } from 'hono';
import { rateLimitBody } from './rate-limit-answer.js';
import type { StandInContext } from './stand-in-context.js';

/** Answers with the injected faults (5xx, 429, lost answers) before any route runs. */
export function useFaultInjection(app: Hono, ctx: StandInContext): void {
  const { faults } = ctx;
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
      return c.json(rateLimitBody(fault.policy), 429);
    }
    return c.json({ status: 'error', message: 'internal error', correlationId: randomUUID() }, fault);
  });
}
