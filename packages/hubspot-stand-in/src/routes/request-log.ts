import type { Hono } from 'hono';
import type { StandInContext, LoggedRequest } from './stand-in-context.js';

/** Logs every request with the status it got, for tests to assert on. */
export function useRequestLog(app: Hono, ctx: StandInContext): void {
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
}
