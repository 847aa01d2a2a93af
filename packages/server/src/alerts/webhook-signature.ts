import { createHmac, timingSafeEqual } from 'node:crypto';

/** Header carrying `sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`. */
export const SIGNATURE_HEADER = 'X-Cx-Signature';
/** Header carrying the signing time in Unix seconds. */
export const TIMESTAMP_HEADER = 'X-Cx-Timestamp';

/**
 * Signs a webhook body: HMAC-SHA256 with the tenant's secret over `<timestamp>.<body>`, so a captured request
 * cannot be replayed later with another timestamp or altered body.
 * @example signWebhook('s3cret', 1_767_225_600, '{"a":1}') // 'sha256=…64 hex…'
 */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * Checks a received webhook (for receivers written in Node): the signature must match and the timestamp be
 * within `toleranceSeconds` of `now` (default 300). Compares in constant time.
 */
export function verifyWebhook(
  secret: string,
  headers: { signature: string | null | undefined; timestamp: string | null | undefined },
  body: string,
  options: { now?: Date; toleranceSeconds?: number } = {},
): boolean {
  const ts = Number(headers.timestamp);
  if (!headers.signature || !Number.isInteger(ts)) return false;
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  if (Math.abs(now - ts) > (options.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(signWebhook(secret, ts, body));
  const got = Buffer.from(headers.signature);
  return got.length === expected.length && timingSafeEqual(got, expected);
}
