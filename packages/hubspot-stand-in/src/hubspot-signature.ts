import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** Headers HubSpot adds to requests it sends to an app (webhooks, `hubspot.fetch`). */
export const SIGNATURE_HEADERS = {
  v3: 'X-HubSpot-Signature-v3',
  timestamp: 'X-HubSpot-Request-Timestamp',
  v1: 'X-HubSpot-Signature',
  version: 'X-HubSpot-Signature-Version',
} as const;

/** HubSpot rejects, and tells apps to reject, v3 signatures older than five minutes. */
export const SIGNATURE_MAX_AGE_MS = 5 * 60 * 1000;

/**
 * HubSpot's v3 request signature: base64(HMAC-SHA256(clientSecret, method + uri + body + timestamp)).
 *
 * `uri` is the full URL the request was sent to (scheme, host, path and query), with the
 * percent-encodings HubSpot decodes before signing (`%40` -> `@`, ...) decoded.
 * @example signatureV3({ method: 'POST', uri: 'https://x.example/hook', body: '[]', timestamp: 1, clientSecret: 's' })
 */
export function signatureV3(o: {
  method: string;
  uri: string;
  body: string;
  timestamp: number;
  clientSecret: string;
}): string {
  return createHmac('sha256', o.clientSecret)
    .update(`${o.method.toUpperCase()}${normaliseSignedUri(o.uri)}${o.body}${o.timestamp}`, 'utf8')
    .digest('base64');
}

/** HubSpot's v1 webhook signature: hex(SHA-256(clientSecret + body)). */
export function signatureV1(clientSecret: string, body: string): string {
  return createHash('sha256')
    .update(clientSecret + body, 'utf8')
    .digest('hex');
}

// HubSpot decodes these percent-encodings in the URI before signing; verifiers must do the same.
const DECODED: Record<string, string> = {
  '%3A': ':',
  '%2F': '/',
  '%3F': '?',
  '%40': '@',
  '%21': '!',
  '%24': '$',
  '%27': "'",
  '%28': '(',
  '%29': ')',
  '%2A': '*',
  '%2C': ',',
  '%3B': ';',
};

/** Normalises a request URI the way HubSpot's v3 signature expects. */
export function normaliseSignedUri(uri: string): string {
  return uri.replace(/%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi, (m) => DECODED[m.toUpperCase()] ?? m);
}

/**
 * Checks a v3 signature and its timestamp (within five minutes of `now`), in constant time.
 * The stand-in uses it to check its own signing; it mirrors what the app's server must do.
 */
export function verifySignatureV3(o: {
  method: string;
  uri: string;
  body: string;
  timestamp: string | number | null | undefined;
  signature: string | null | undefined;
  clientSecret: string;
  now?: number;
}): boolean {
  const ts = Number(o.timestamp);
  if (!o.signature || !Number.isFinite(ts)) return false;
  if (Math.abs((o.now ?? Date.now()) - ts) > SIGNATURE_MAX_AGE_MS) return false;
  const expected = Buffer.from(
    signatureV3({ method: o.method, uri: o.uri, body: o.body, timestamp: ts, clientSecret: o.clientSecret }),
  );
  const given = Buffer.from(o.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
