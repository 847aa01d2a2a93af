import { describe, expect, it } from 'vitest';
import { hubspotSignatureV3, verifyHubSpotRequest } from '@cxkit/server';

// HubSpot's published v3 example (its Python SDK's tests/spec/utils/test_signature.py, the same
// algorithm as developers.hubspot.com's request-validation page), fixed as published: the server's
// verifier must accept it without any code of ours producing the expected value.
const VECTOR = {
  secret: 'yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy',
  method: 'POST',
  url: 'https://www.example.com/webhook_uri',
  body: "{'example_field':'example_value'}",
  timestamp: '15000000',
  signature: 'HPW73RUtKmcYoEDADG0s6MmGFWUzWJKAW07r8RDgcQw=',
};

describe("the server verifies HubSpot's published v3 signature example", () => {
  const request = { method: VECTOR.method, url: VECTOR.url, body: VECTOR.body, timestamp: VECTOR.timestamp };

  it('accepts it within five minutes and computes the same value', () => {
    expect(hubspotSignatureV3(VECTOR.secret, VECTOR.method, VECTOR.url, VECTOR.body, VECTOR.timestamp)).toBe(
      VECTOR.signature,
    );
    expect(() =>
      verifyHubSpotRequest({ ...request, signature: VECTOR.signature }, VECTOR.secret, 15_000_000 + 60_000),
    ).not.toThrow();
  });

  it('refuses it once older than five minutes, with another secret, or with a changed body', () => {
    const fails = (f: () => void, code: string) => expect(f).toThrow(expect.objectContaining({ code }));
    fails(
      () =>
        verifyHubSpotRequest(
          { ...request, signature: VECTOR.signature },
          VECTOR.secret,
          15_000_000 + 300_001,
        ),
      'hubspot/signature-expired',
    );
    fails(
      () => verifyHubSpotRequest({ ...request, signature: VECTOR.signature }, 'other-secret', 15_000_001),
      'hubspot/signature-invalid',
    );
    fails(
      () =>
        verifyHubSpotRequest(
          { ...request, body: `${VECTOR.body} `, signature: VECTOR.signature },
          VECTOR.secret,
          15_000_001,
        ),
      'hubspot/signature-invalid',
    );
  });
});
