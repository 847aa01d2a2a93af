import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signCardRequest, signatureV3 } from '@cxkit/hubspot-stand-in';
import { decryptSecret, encryptSecret, verifyHubSpotRequest, type SignedRequest } from '@cxkit/server';

const SECRET = 'app-client-secret';
const NOW = Date.parse('2026-06-15T12:00:00Z');

function cardRequest(timestamp = NOW): SignedRequest {
  const r = signCardRequest(
    'https://cxkit.example.com/v1/hubspot/config/preview',
    { method: 'POST', body: { config: { a: 1 } } },
    { portalId: 62515, appId: 4242, userId: 1, userEmail: 'ann@acme.test', clientSecret: SECRET, timestamp },
  );
  return {
    method: r.method,
    url: r.url,
    body: r.body ?? '',
    signature: r.headers['X-HubSpot-Signature-v3'],
    timestamp: r.headers['X-HubSpot-Request-Timestamp'],
  };
}

const codeOf = (f: () => void) => {
  try {
    f();
    return 'accepted';
  } catch (e) {
    return (e as { code: string }).code;
  }
};

describe('X-HubSpot-Signature-v3 verification', () => {
  it('accepts a request signed the way HubSpot signs hubspot.fetch calls (email in the query)', () => {
    expect(codeOf(() => verifyHubSpotRequest(cardRequest(), SECRET, NOW + 1000))).toBe('accepted');
  });

  it('refuses a changed body, URL, method, or another secret', () => {
    const r = cardRequest();
    expect(codeOf(() => verifyHubSpotRequest({ ...r, body: r.body.replace('1', '2') }, SECRET, NOW))).toBe(
      'hubspot/signature-invalid',
    );
    expect(
      codeOf(() => verifyHubSpotRequest({ ...r, url: r.url.replace('62515', '62516') }, SECRET, NOW)),
    ).toBe('hubspot/signature-invalid');
    expect(codeOf(() => verifyHubSpotRequest({ ...r, method: 'PUT' }, SECRET, NOW))).toBe(
      'hubspot/signature-invalid',
    );
    expect(codeOf(() => verifyHubSpotRequest(r, 'another-secret', NOW))).toBe('hubspot/signature-invalid');
  });

  it('refuses requests older than five minutes and timestamps from the future', () => {
    expect(codeOf(() => verifyHubSpotRequest(cardRequest(), SECRET, NOW + 5 * 60_000 + 1))).toBe(
      'hubspot/signature-expired',
    );
    expect(codeOf(() => verifyHubSpotRequest(cardRequest(NOW + 10 * 60_000), SECRET, NOW))).toBe(
      'hubspot/signature-expired',
    );
  });

  it('refuses missing headers, a v1 signature in the v3 header and a malformed timestamp', () => {
    const r = cardRequest();
    expect(codeOf(() => verifyHubSpotRequest({ ...r, signature: undefined }, SECRET, NOW))).toBe(
      'hubspot/signature-missing',
    );
    expect(codeOf(() => verifyHubSpotRequest({ ...r, signature: 'a'.repeat(64) }, SECRET, NOW))).toBe(
      'hubspot/signature-invalid',
    );
    expect(codeOf(() => verifyHubSpotRequest({ ...r, timestamp: '1e12' }, SECRET, NOW))).toBe(
      'hubspot/signature-invalid',
    );
  });

  it('matches the stand-in signer on a webhook body', () => {
    const body = JSON.stringify([{ eventId: 1, objectId: 2 }]);
    const url = 'https://cxkit.example.com/v1/hubspot/webhooks';
    const signature = signatureV3({ method: 'POST', uri: url, body, timestamp: NOW, clientSecret: SECRET });
    expect(
      codeOf(() =>
        verifyHubSpotRequest({ method: 'POST', url, body, signature, timestamp: String(NOW) }, SECRET, NOW),
      ),
    ).toBe('accepted');
  });
});

describe('token encryption at rest', () => {
  const key = randomBytes(32);

  it('round-trips and never stores the plaintext', () => {
    const stored = encryptSecret('pat-na1-secret-token', key, 'hubspot:1:access');
    expect(stored).not.toContain('secret-token');
    expect(decryptSecret(stored, key, 'hubspot:1:access')).toBe('pat-na1-secret-token');
  });

  it('refuses another key or a ciphertext moved to another portal', () => {
    const stored = encryptSecret('token', key, 'hubspot:1:access');
    expect(() => decryptSecret(stored, randomBytes(32), 'hubspot:1:access')).toThrow(/cannot be decrypted/);
    expect(() => decryptSecret(stored, key, 'hubspot:2:access')).toThrow(/cannot be decrypted/);
  });
});
