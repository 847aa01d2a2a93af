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
 * A stand-in for `hubspot.fetch` that signs and sends requests as HubSpot's proxy does.
 * Install it as `globalThis.hsFetch` to run a real card against a real server. `proxy` maps a
 * public URL prefix to a local one, like the project's `local.json`.
 */
export function createHubSpotFetch(
  o: CardViewer & { clientSecret: string; proxy?: Record<string, string>; fetch?: typeof fetch },
): (url: string | URL, options?: HubSpotFetchOptions) => Promise<Response> {
  const send = o.fetch ?? fetch;
  return async (url, options = {}) => {
    let target = String(url);
    for (const [from, to] of Object.entries(o.proxy ?? {})) {
      if (target.startsWith(from)) target = to + target.slice(from.length);
    }
    const req = signCardRequest(target, options, o);
    const timeout = Math.min(options.timeout ?? 15_000, 120_000);
    return send(req.url, {
      method: req.method,
      headers: req.headers,
      body: req.body,
      signal: AbortSignal.timeout(timeout),
    });
  };
}
