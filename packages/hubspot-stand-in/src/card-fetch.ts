import { SIGNATURE_HEADERS, signatureV3 } from './hubspot-signature.js';

/** Who is looking at the card: HubSpot appends these to every `hubspot.fetch` URL. */
export interface CardViewer {
  portalId: number;
  userId: number;
  userEmail: string;
  appId: number;
}

/** The options `hubspot.fetch` accepts (from `@hubspot/ui-extensions`). */
export interface HubSpotFetchOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  timeout?: number;
  body?: Record<string, unknown>;
}

/**
 * Builds the request HubSpot's proxy sends for a card's `hubspot.fetch(url, options)`:
 * the viewer's `userId`, `userEmail`, `appId` and `portalId` appended to the query, the body
 * serialised as JSON, and v3 signature headers over the final URL.
 */
export function signCardRequest(
  url: string | URL,
  options: HubSpotFetchOptions,
  o: CardViewer & { clientSecret: string; timestamp?: number },
): { url: string; method: string; headers: Record<string, string>; body: string | undefined } {
  const u = new URL(url);
  u.searchParams.set('userId', String(o.userId));
  u.searchParams.set('userEmail', o.userEmail);
  u.searchParams.set('appId', String(o.appId));
  u.searchParams.set('portalId', String(o.portalId));
  const method = options.method ?? 'GET';
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  const timestamp = o.timestamp ?? Date.now();
  const signed = u.toString();
  return {
    url: signed,
    method,
    body,
    headers: {
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      [SIGNATURE_HEADERS.v3]: signatureV3({
        method,
        uri: signed,
        body: body ?? '',
        timestamp,
        clientSecret: o.clientSecret,
      }),
      [SIGNATURE_HEADERS.timestamp]: String(timestamp),
    },
  };
}

/**
 * `hubspot.fetch`'s limits (https://developers.hubspot.com/docs/guides/crm/public-apps/fetching-data):
 * the URL must be listed in the app's `permittedUrls.fetch` (HTTPS URLs); a request times out after
 * at most 15 s (a lower `timeout` may be given); request and response payloads are limited to 1 MB;
 * HubSpot retries once when the connection fails or the answer is a 5xx within those 15 s.
 */
export const HUBSPOT_FETCH_LIMITS = { maxTimeoutMs: 15_000, maxPayloadBytes: 1024 * 1024 } as const;

/** What `hubspot.fetch` rejects with when a card's request breaks one of HubSpot's rules. */
export class HubSpotFetchRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HubSpotFetchRefused';
  }
}

/**
 * A stand-in for `hubspot.fetch` that signs and sends requests as HubSpot's proxy does, within its
 * limits ({@link HUBSPOT_FETCH_LIMITS}): HTTPS URLs only, in `permittedUrls` when given (the app's
 * `permittedUrls.fetch`), payloads up to 1 MB each way, 15 s at most, one retry on a failed connection
 * or a 5xx. Install it as `globalThis.hsFetch` to run a real card against a real server. `proxy` maps a
 * public URL prefix to a local one, like the project's `local.json` (the rules apply to the public URL).
 */
export function createHubSpotFetch(
  o: CardViewer & {
    clientSecret: string;
    proxy?: Record<string, string>;
    permittedUrls?: string[];
    fetch?: typeof fetch;
  },
): (url: string | URL, options?: HubSpotFetchOptions) => Promise<Response> {
  const send = o.fetch ?? fetch;
  return async (url, options = {}) => {
    const requested = String(url);
    if (new URL(requested).protocol !== 'https:')
      throw new HubSpotFetchRefused(`hubspot.fetch only calls HTTPS URLs, not ${requested}`);
    if (o.permittedUrls && !o.permittedUrls.some((p) => requested.startsWith(p)))
      throw new HubSpotFetchRefused(`${requested} is not in the app's permittedUrls.fetch`);
    const bodyBytes = options.body === undefined ? 0 : Buffer.byteLength(JSON.stringify(options.body));
    if (bodyBytes > HUBSPOT_FETCH_LIMITS.maxPayloadBytes)
      throw new HubSpotFetchRefused(`request payload of ${bodyBytes} bytes is over hubspot.fetch's 1 MB`);
    let target = requested;
    for (const [from, to] of Object.entries(o.proxy ?? {})) {
      if (target.startsWith(from)) target = to + target.slice(from.length);
    }
    const timeout = Math.min(
      options.timeout ?? HUBSPOT_FETCH_LIMITS.maxTimeoutMs,
      HUBSPOT_FETCH_LIMITS.maxTimeoutMs,
    );
    const deadline = AbortSignal.timeout(timeout);
    const attempt = () => {
      const req = signCardRequest(target, options, o);
      return send(req.url, { method: req.method, headers: req.headers, body: req.body, signal: deadline });
    };
    let res: Response;
    try {
      res = await attempt();
      if (res.status >= 500) res = await attempt();
    } catch (e) {
      if (deadline.aborted) throw e;
      res = await attempt();
    }
    const payload = await res.arrayBuffer();
    if (payload.byteLength > HUBSPOT_FETCH_LIMITS.maxPayloadBytes)
      throw new HubSpotFetchRefused(
        `response payload of ${payload.byteLength} bytes is over hubspot.fetch's 1 MB`,
      );
    return new Response(res.status === 204 || res.status === 304 ? null : payload, {
      status: res.status,
      statusText: res.statusText,
      headers: res.headers,
    });
  };
}
