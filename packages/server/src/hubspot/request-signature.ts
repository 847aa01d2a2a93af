import { createHmac, timingSafeEqual } from 'node:crypto';
import { HttpError } from '../http-error.js';

/** HubSpot signs with v3 and asks apps to refuse timestamps older than five minutes. */
export const MAX_SIGNATURE_AGE_MS = 5 * 60 * 1000;

// HubSpot decodes these percent-encodings in the URI before signing; the verifier must too.
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

/** The URI as HubSpot signs it (a few percent-encodings decoded). */
export function signedUri(uri: string): string {
  return uri.replace(/%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi, (m) => DECODED[m.toUpperCase()] ?? m);
}

/** base64(HMAC-SHA256(secret, method + uri + body + timestamp)): HubSpot's v3 signature. */
export function hubspotSignatureV3(
  secret: string,
  method: string,
  uri: string,
  body: string,
  timestamp: string,
): string {
  return createHmac('sha256', secret)
    .update(`${method.toUpperCase()}${signedUri(uri)}${body}${timestamp}`, 'utf8')
    .digest('base64');
}

/** What a request brought to be verified. */
export interface SignedRequest {
  method: string;
  /** The full URL HubSpot sent the request to (scheme, host, path, query). */
  url: string;
  /** The raw body, exactly as received ('' when none). */
  body: string;
  signature: string | undefined;
  timestamp: string | undefined;
}

/**
 * Verifies `X-HubSpot-Signature-v3`: the timestamp must be within five minutes in the past (a
 * future one is refused, beyond one minute of clock skew) and the HMAC must match, compared in
 * constant time (the SDK's helper uses `===`).
 * @throws HttpError 401 `hubspot/signature-missing`, `hubspot/signature-expired`, `hubspot/signature-invalid`.
 */
export function verifyHubSpotRequest(req: SignedRequest, secret: string, now: number): void {
  if (!req.signature || !req.timestamp)
    throw new HttpError(
      401,
      'hubspot/signature-missing',
      'X-HubSpot-Signature-v3 and X-HubSpot-Request-Timestamp are required',
    );
  if (!/^\d{1,16}$/.test(req.timestamp))
    throw new HttpError(
      401,
      'hubspot/signature-invalid',
      'X-HubSpot-Request-Timestamp must be epoch milliseconds',
    );
  const ts = Number(req.timestamp);
  if (now - ts > MAX_SIGNATURE_AGE_MS)
    throw new HttpError(401, 'hubspot/signature-expired', 'the request is older than five minutes');
  if (ts - now > 60_000)
    throw new HttpError(401, 'hubspot/signature-expired', 'the request timestamp is in the future');
  const expected = Buffer.from(
    hubspotSignatureV3(secret, req.method, req.url, req.body, req.timestamp),
    'utf8',
  );
  const given = Buffer.from(req.signature, 'utf8');
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    throw new HttpError(401, 'hubspot/signature-invalid', 'X-HubSpot-Signature-v3 does not match');
}
