import type { Hono, MiddlewareHandler } from 'hono';
import type { z } from 'zod';
import type { AppContext, AppEnv, AppServices } from './app-context.js';
import { adminAuth, siteAuth, siteQueryAuth } from './auth.js';
import { readJsonBody } from './json-body.js';
import type { RouteDoc } from './openapi.js';
import { parseOrThrow } from './validation.js';

type Parsed<S> = S extends z.ZodType ? z.infer<S> : undefined;

/**
 * The authentication of a route. A HubSpot-signed route brings the middleware that checks the
 * signature (it needs the app's client secret and, for card calls, the portal lookup).
 */
export type RouteAuthDefinition =
  | { auth: 'siteKey' | 'siteKey+identity' | 'siteKeyQuery+identity' | 'adminKey' | 'none' }
  | { auth: 'hubspotSignature'; hubspotSignature: MiddlewareHandler<AppEnv> };

/** One route: what registers, authenticates, validates and documents it. */
export type RouteDefinition<
  P extends z.ZodObject | undefined,
  Q extends z.ZodObject | undefined,
  B extends z.ZodType | undefined,
  R,
> = Omit<RouteDoc, 'auth' | 'params' | 'query' | 'body'> &
  RouteAuthDefinition & {
    /** Path parameters, validated (400 `validation/params`) and documented. */
    params?: P;
    /** Query parameters, validated (400 `validation/query`) and documented. */
    query?: Q;
    /** JSON body, validated (400 `validation/body`) and documented. */
    body?: B;
    /**
     * Reads and validates the body instead of `readJsonBody` + `body` (a batch limit from the
     * config, a schema chosen by a path parameter, a body already read to check its signature);
     * `body` still documents it.
     */
    readBody?: (c: AppContext, params: Parsed<P>) => Promise<R>;
  };

/** What a handler receives, parsed by the route's schemas. */
export interface RouteInput<P, Q, R> {
  /** Parsed path parameters. */
  params: Parsed<P>;
  /** Parsed query. */
  query: Parsed<Q>;
  /** Parsed body. */
  body: R;
}

/**
 * Defines a route once: registers it on the app behind the middleware its `auth` names (so the
 * documented authentication is the enforced one), validates params, query and body with its zod
 * schemas in that order (the standard 400 naming each field and rule), hands the handler the parsed
 * values, and adds the route to the OpenAPI document.
 */
export function defineRoute<
  P extends z.ZodObject | undefined = undefined,
  Q extends z.ZodObject | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
  R = Parsed<B>,
>(
  app: Hono<AppEnv>,
  s: AppServices,
  def: RouteDefinition<P, Q, B, R>,
  handler: (c: AppContext, input: RouteInput<P, Q, R>) => Response | Promise<Response>,
): void {
  const { params, query, body, readBody } = def;
  s.docs.push({
    method: def.method,
    path: def.path,
    summary: def.summary,
    tag: def.tag,
    auth: def.auth,
    ...(params ? { params } : {}),
    ...(query ? { query } : {}),
    ...(body ? { body } : {}),
    responses: def.responses,
  });
  const auth = authMiddleware(s, def);
  const route = async (c: AppContext) => {
    const parsedParams = (params ? parseOrThrow(params, c.req.param(), 'params') : undefined) as Parsed<P>;
    const parsedQuery = (query ? parseOrThrow(query, c.req.query(), 'query') : undefined) as Parsed<Q>;
    const parsedBody = (
      readBody
        ? await readBody(c, parsedParams)
        : body
          ? parseOrThrow(body, await readJsonBody(c), 'body')
          : undefined
    ) as R;
    return handler(c, { params: parsedParams, query: parsedQuery, body: parsedBody });
  };
  if (auth) app[def.method](def.path, auth, route);
  else app[def.method](def.path, route);
}

function authMiddleware(s: AppServices, def: RouteAuthDefinition): MiddlewareHandler<AppEnv> | undefined {
  switch (def.auth) {
    case 'siteKey':
    case 'siteKey+identity':
      // The identity token is optional on these routes; the handler verifies it (identityOf), since
      // whether one is needed depends on the survey.
      return siteAuth(s);
    case 'siteKeyQuery+identity':
      return siteQueryAuth(s);
    case 'adminKey':
      return adminAuth(s);
    case 'hubspotSignature':
      return def.hubspotSignature;
    case 'none':
      return undefined;
  }
}

/** Defines one admin route of a feature: {@link defineRoute} with the feature's tag and the admin-key auth. */
export type AdminRouteDefiner = <
  P extends z.ZodObject | undefined = undefined,
  Q extends z.ZodObject | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
  R = Parsed<B>,
>(
  def: Omit<RouteDefinition<P, Q, B, R>, 'tag' | 'auth'>,
  handler: (c: AppContext, input: RouteInput<P, Q, R>) => Response | Promise<Response>,
) => void;

/**
 * A definer of a feature's admin routes: each carries the admin-key auth through {@link defineRoute}, so the
 * documented auth is the enforced one, and no feature can forget it on one route.
 */
export function adminRouteDefiner(app: Hono<AppEnv>, s: AppServices, tag: string): AdminRouteDefiner {
  return (def, handler) => defineRoute(app, s, { ...def, tag, auth: 'adminKey' }, handler);
}
