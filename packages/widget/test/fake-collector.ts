// A stand-in for the server's collector API (POST /v1/responses, GET /v1/surveys/:id,
// GET /v1/eligibility, GET /v1/invitations) that can fail at random, go down, or lose its acknowledgements.
// It validates every response with the core zod schema and deduplicates by id exactly as the
// real collector promises, so tests can count what "arrived". Each test works in its own
// namespace: /collector/<ns>/v1/...
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ResponseSchema } from '@cxkit/core';

/** What a namespace has seen; read by tests through GET /collector/<ns>/stats. */
interface Space {
  created: Map<string, unknown>;
  duplicates: number;
  invalid: string[];
  posts: number;
  failures: number;
  failRate: number;
  down: boolean;
  /** GET /v1/surveys/:id answers 503 (the definition cannot be read). */
  definitionsDown: boolean;
  /** Store the responses but answer only after this many ms (the page may be gone by then). */
  ackDelay: number;
  eligible: boolean;
  /** Bearer tokens POST /v1/responses refuses with 401 `identity/expired`. */
  refuseTokens: string[];
  /** POST /v1/responses without a token gets 401 `identity/required` (a survey that is not anonymous). */
  requireIdentity: boolean;
  definitions: Record<string, unknown>;
  /** Pending invitations listed by GET /v1/invitations (the real server filters by the identity). */
  invitations: unknown[];
  requests: { method: string; path: string; headers: Record<string, string | undefined> }[];
  rng: () => number;
}

/** Deterministic PRNG (mulberry32) so a failing run can be replayed with its seed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const readBody = async (req: IncomingMessage): Promise<string> => {
  let s = '';
  for await (const c of req) s += String(c);
  return s;
};

const json = (res: ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
};

/** Creates the collector; `handle` returns false for paths outside /collector/. */
export function createCollector(): { handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> } {
  const spaces = new Map<string, Space>();
  const space = (ns: string): Space => {
    let s = spaces.get(ns);
    if (!s)
      spaces.set(
        ns,
        (s = {
          created: new Map(),
          duplicates: 0,
          invalid: [],
          posts: 0,
          failures: 0,
          failRate: 0,
          down: false,
          definitionsDown: false,
          ackDelay: 0,
          eligible: true,
          refuseTokens: [],
          requireIdentity: false,
          definitions: {},
          invitations: [],
          requests: [],
          rng: seeded(1),
        }),
      );
    return s;
  };

  return {
    async handle(req, res) {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const m = /^\/collector\/([\w-]+)(\/.*)$/.exec(url.pathname);
      if (!m) return false;
      const s = space(m[1]!);
      const path = m[2]!;
      const q = url.searchParams;
      // GET /v1/first-paint carries the site key and the token in its query (a CORS simple request).
      const headers = {
        siteKey: (req.headers['x-cx-site-key'] as string | undefined) ?? q.get('site') ?? undefined,
        authorization: req.headers.authorization ?? (q.get('token') ? `Bearer ${q.get('token')}` : undefined),
        query: url.search,
      };
      if (path.startsWith('/v1/')) s.requests.push({ method: req.method ?? 'GET', path, headers });

      if (req.method === 'POST' && path === '/config') {
        const c = JSON.parse(await readBody(req)) as Partial<Space> & { seed?: number };
        if (c.seed !== undefined) s.rng = seeded(c.seed);
        for (const k of [
          'failRate',
          'down',
          'definitionsDown',
          'ackDelay',
          'eligible',
          'refuseTokens',
          'requireIdentity',
          'definitions',
          'invitations',
        ] as const)
          if (c[k] !== undefined) (s as unknown as Record<string, unknown>)[k] = c[k];
        json(res, 200, { ok: true });
      } else if (path === '/stats') {
        json(res, 200, {
          created: [...s.created.keys()],
          responses: [...s.created.values()],
          duplicates: s.duplicates,
          invalid: s.invalid,
          posts: s.posts,
          failures: s.failures,
          requests: s.requests,
        });
      } else if (req.method === 'GET' && path.startsWith('/v1/surveys/')) {
        const d = s.definitions[decodeURIComponent(path.slice('/v1/surveys/'.length))];
        if (s.definitionsDown) json(res, 503, { error: 'unavailable' });
        else if (d) json(res, 200, d);
        else json(res, 404, { error: 'not found' });
      } else if (req.method === 'GET' && path === '/v1/first-paint') {
        // As packages/server/src/first-paint.ts: the definition and the eligibility in one reply.
        const d = s.definitions[q.get('survey') ?? ''];
        if (s.definitionsDown) json(res, 503, { error: 'unavailable' });
        else if (d)
          json(res, 200, {
            survey: d,
            eligibility: s.eligible ? { eligible: true } : { eligible: false, reason: 'recently-surveyed' },
          });
        else json(res, 404, { error: 'not found' });
      } else if (req.method === 'GET' && path === '/v1/eligibility') {
        json(res, 200, s.eligible ? { eligible: true } : { eligible: false, reason: 'recently-surveyed' });
      } else if (req.method === 'GET' && path === '/v1/invitations') {
        json(res, 200, { invitations: s.invitations });
      } else if (req.method === 'POST' && path === '/v1/responses') {
        s.posts++;
        const raw = await readBody(req);
        if (s.down || s.rng() < s.failRate) {
          s.failures++;
          // Half the failures are 503s, half are connections cut mid-request (a network error).
          if (s.down || s.rng() < 0.5) json(res, 503, { error: 'unavailable' });
          else req.socket.destroy();
          return true;
        }
        const token = headers.authorization?.replace(/^Bearer /, '');
        if (token ? s.refuseTokens.includes(token) : s.requireIdentity) {
          const code = token ? 'identity/expired' : 'identity/required';
          json(res, 401, { error: { code, message: code } });
          return true;
        }
        const body = JSON.parse(raw) as { responses?: unknown[] };
        const list = Array.isArray(body.responses) ? body.responses : [body];
        const parsed = list.map((r) => ResponseSchema.safeParse(r));
        const bad = parsed.find((p) => !p.success);
        if (bad && !bad.success) {
          s.invalid.push(bad.error.message);
          json(res, 400, { error: bad.error.message });
          return true;
        }
        const accepted = parsed.map((p) => {
          const r = p.data!;
          if (s.created.has(r.id)) {
            s.duplicates++;
            return { id: r.id, status: 'duplicate' };
          }
          s.created.set(r.id, r);
          return { id: r.id, status: 'created' };
        });
        if (s.ackDelay) await new Promise((r) => setTimeout(r, s.ackDelay));
        if (!res.destroyed) json(res, 200, { accepted });
      } else json(res, 404, { error: 'not found' });
      return true;
    },
  };
}
