import { z } from 'zod';

/** How a route authenticates, as named in the OpenAPI security schemes. */
export type RouteAuth =
  'siteKey' | 'siteKey+identity' | 'siteKeyQuery+identity' | 'adminKey' | 'hubspotSignature' | 'none';

/** What the OpenAPI document says about one route; the same zod schemas validate requests. */
export interface RouteDoc {
  /** HTTP method. */
  method: 'get' | 'post' | 'put' | 'delete';
  /** Hono-style path (`/v1/surveys/:id`). */
  path: string;
  /** One line. */
  summary: string;
  /** Feature tag. */
  tag: string;
  /** Authentication. */
  auth: RouteAuth;
  /** Path parameters. */
  params?: z.ZodObject;
  /** Query parameters. */
  query?: z.ZodObject;
  /** JSON request body. */
  body?: z.ZodType;
  /** Responses by status. */
  responses: Record<number, { description: string; schema?: z.ZodType }>;
}

/** The shape of every error reply. */
export const ErrorBodySchema = z.strictObject({
  error: z.strictObject({
    code: z.string(),
    message: z.string(),
    issues: z.array(z.strictObject({ path: z.string(), rule: z.string(), message: z.string() })).optional(),
  }),
});

const jsonSchema = (s: z.ZodType, io: 'input' | 'output') => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(s, {
    io,
    unrepresentable: 'any',
    target: 'draft-2020-12',
  });
  return rest;
};

const SECURITY: Record<RouteAuth, Record<string, string[]>[]> = {
  siteKey: [{ siteKey: [] }],
  'siteKey+identity': [{ siteKey: [], identity: [] }, { siteKey: [] }],
  'siteKeyQuery+identity': [{ siteKeyQuery: [], identityQuery: [] }, { siteKeyQuery: [] }],
  adminKey: [{ adminKey: [] }],
  hubspotSignature: [{ hubspotSignature: [], hubspotTimestamp: [] }],
  none: [],
};

/** Builds the OpenAPI 3.1 document from the route docs (JSON Schema via zod 4's `z.toJSONSchema`). */
export function openApiDocument(routes: readonly RouteDoc[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = r.path.replace(/:([A-Za-z_]+)/g, '{$1}');
    const parameters = [
      ...Object.entries(r.params?.shape ?? {}).map(([name, s]) => ({
        name,
        in: 'path',
        required: true,
        schema: jsonSchema(s as z.ZodType, 'input'),
      })),
      ...Object.entries(r.query?.shape ?? {}).map(([name, s]) => ({
        name,
        in: 'query',
        required: !(s as z.ZodType).safeParse(undefined).success,
        schema: jsonSchema(s as z.ZodType, 'input'),
      })),
    ];
    const responses: Record<string, unknown> = {};
    for (const [status, res] of Object.entries(r.responses))
      responses[status] = {
        description: res.description,
        ...(res.schema
          ? { content: { 'application/json': { schema: jsonSchema(res.schema, 'output') } } }
          : {}),
      };
    responses['default'] = {
      description: 'Error',
      content: { 'application/json': { schema: jsonSchema(ErrorBodySchema, 'output') } },
    };
    paths[path] = {
      ...paths[path],
      [r.method]: {
        summary: r.summary,
        tags: [r.tag],
        security: SECURITY[r.auth],
        ...(parameters.length > 0 ? { parameters } : {}),
        ...(r.body
          ? {
              requestBody: {
                required: true,
                content: { 'application/json': { schema: jsonSchema(r.body, 'input') } },
              },
            }
          : {}),
        responses,
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'cxkit server', version, description: 'Collector, account and admin API of cxkit.' },
    components: {
      securitySchemes: {
        siteKey: {
          type: 'apiKey',
          in: 'header',
          name: 'X-Cx-Site-Key',
          description: 'Public key of the site (tenant).',
        },
        identity: {
          type: 'http',
          scheme: 'bearer',
          description:
            'Identity token minted by the host backend: `cxt1.<claims>.<hmac>` or an HS256 JWT (claims acc, sub, role, svy, exp).',
        },
        siteKeyQuery: {
          type: 'apiKey',
          in: 'query',
          name: 'site',
          description:
            'Public key of the site, in the URL (requests a browser sends without a CORS preflight).',
        },
        identityQuery: {
          type: 'apiKey',
          in: 'query',
          name: 'token',
          description: 'Identity token, in the URL (same formats as the bearer identity).',
        },
        adminKey: { type: 'http', scheme: 'bearer', description: 'Tenant admin API key.' },
        hubspotSignature: {
          type: 'apiKey',
          in: 'header',
          name: 'X-HubSpot-Signature-v3',
          description:
            "HubSpot's v3 request signature (HMAC-SHA256 of method, URI, body and timestamp with the app's client secret); the signed portalId selects the tenant.",
        },
        hubspotTimestamp: {
          type: 'apiKey',
          in: 'header',
          name: 'X-HubSpot-Request-Timestamp',
          description: 'Epoch milliseconds of the signature; refused when older than five minutes.',
        },
      },
    },
    paths,
  };
}
