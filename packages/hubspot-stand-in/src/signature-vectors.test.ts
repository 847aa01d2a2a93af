import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { deliverWebhooks, signatureV1, signatureV3, verifySignatureV3 } from '@cxkit/hubspot-stand-in';

// Signatures published by HubSpot, fixed here as published: never computed by our own code.
// SECRET and V1_BODY: HubSpot's request-validation page, v1 example
// (https://legacydocs.hubspot.com/docs/faq/v1-request-validation), also in @hubspot/api-client's
// test/unit/signature.spec.ts. The v3 and second v1 vectors: HubSpot's Python SDK,
// tests/spec/utils/test_signature.py (github.com/HubSpot/hubspot-api-python).
const SECRET = 'yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy';
const V1_BODY =
  '[{"eventId":1,"subscriptionId":12345,"portalId":62515,"occurredAt":1564113600000,"subscriptionType":"contact.creation","attemptNumber":0,"objectId":123,"changeSource":"CRM","changeFlag":"NEW","appId":54321}]';
const V1_SIGNATURE = '232db2615f3d666fe21a8ec971ac7b5402d33b9a925784df3ca654d05f4817de';
const SDK_BODY = "{'example_field':'example_value'}";
const SDK_V1_SIGNATURE = '69fc6631a867edd4f9e9e627fc5c1148e3fbdd8b21837b6d2b8901c1fa57f750';
const SDK_V3 = {
  method: 'POST',
  uri: 'https://www.example.com/webhook_uri',
  body: SDK_BODY,
  timestamp: 15000000,
  signature: 'HPW73RUtKmcYoEDADG0s6MmGFWUzWJKAW07r8RDgcQw=',
};

describe("the stand-in signs as HubSpot's published examples do", () => {
  it('v1: hex(SHA-256(secret + body))', () => {
    expect(signatureV1(SECRET, V1_BODY)).toBe(V1_SIGNATURE);
    expect(signatureV1(SECRET, SDK_BODY)).toBe(SDK_V1_SIGNATURE);
  });

  it('v3: base64(HMAC-SHA256(secret, method + uri + body + timestamp)), checked within five minutes', () => {
    const { signature, ...request } = SDK_V3;
    expect(signatureV3({ ...request, clientSecret: SECRET })).toBe(signature);
    const check = (now: number, sig = signature) =>
      verifySignatureV3({ ...request, signature: sig, clientSecret: SECRET, now });
    expect(check(SDK_V3.timestamp + 1000)).toBe(true);
    expect(check(SDK_V3.timestamp + 5 * 60 * 1000 + 1)).toBe(false);
    expect(check(SDK_V3.timestamp + 1000, signature.replace('H', 'h'))).toBe(false);
  });
});

describe("HubSpot's delivery rules", () => {
  /** A receiver answering each request with the next status, after `delayMs`. */
  async function receiver(statuses: number[], delayMs = 0) {
    let n = 0;
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const status = statuses[n++] ?? 204;
        setTimeout(() => {
          res.statusCode = status;
          res.end();
        }, delayMs);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, server, count: () => n };
  }
  const send = (url: string, o: { retries?: number; timeoutMs?: number } = {}) =>
    deliverWebhooks({
      targetUrl: url,
      events: [{ subscriptionType: 'object.propertyChange', objectId: 1 }],
      clientSecret: SECRET,
      portalId: 62515,
      appId: 54321,
      ...o,
    });

  it('re-sends after a 5xx, a 429 or a timeout; drops after 400, 401, 403, 404 or 405', async () => {
    const r = await receiver([500, 429, 204]);
    try {
      expect((await send(r.url, { retries: 10 }))[0]!.map((a) => a.status)).toEqual([500, 429, 204]);
    } finally {
      r.server.close();
    }
    for (const final of [400, 401, 403, 404, 405]) {
      const f = await receiver([final]);
      try {
        expect((await send(f.url, { retries: 10 }))[0]!.map((a) => a.status)).toEqual([final]);
      } finally {
        f.server.close();
      }
    }
    const slow = await receiver([204, 204], 300);
    try {
      const attempts = (await send(slow.url, { retries: 1, timeoutMs: 100 }))[0]!;
      expect(attempts.map((a) => a.status)).toEqual([null, null]);
      expect(attempts[0]!.error).toMatch(/abort|timeout/i);
    } finally {
      slow.server.close();
    }
  });

  it('retries at most 10 times, as HubSpot does', async () => {
    const r = await receiver(Array.from({ length: 20 }, () => 503));
    try {
      expect((await send(r.url, { retries: 50 }))[0]).toHaveLength(11);
    } finally {
      r.server.close();
    }
  });
});
