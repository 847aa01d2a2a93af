import { describe, expect, it } from 'vitest';
import { loadHubSpotSettings } from '@cxkit/server';

const BASE = { HUBSPOT_CLIENT_SECRET: 'a-client-secret', CXKIT_DEV: 'true' };

describe('HubSpot settings', () => {
  it("default to HubSpot's strictest rolling limit, 100 requests per 10 s", () => {
    expect(loadHubSpotSettings({}, BASE).HUBSPOT_TEN_SECOND_LIMIT).toBe(100);
    expect(
      loadHubSpotSettings({}, { ...BASE, HUBSPOT_TEN_SECOND_LIMIT: '190' }).HUBSPOT_TEN_SECOND_LIMIT,
    ).toBe(190);
  });

  it('derive the signed URL and the OAuth redirect URL from the one public URL', () => {
    const s = loadHubSpotSettings({}, { ...BASE, CXKIT_PUBLIC_URL: 'https://cx.acme.example/' });
    expect(s.HUBSPOT_PUBLIC_URL).toBe('https://cx.acme.example');
    expect(s.HUBSPOT_REDIRECT_URL).toBe('https://cx.acme.example/v1/hubspot/oauth/callback');
    // The older name still works; an explicit redirect URL wins.
    const old = loadHubSpotSettings(
      {},
      {
        ...BASE,
        HUBSPOT_PUBLIC_URL: 'https://old.example',
        HUBSPOT_REDIRECT_URL: 'https://other.example/cb',
      },
    );
    expect(old).toMatchObject({
      HUBSPOT_PUBLIC_URL: 'https://old.example',
      HUBSPOT_REDIRECT_URL: 'https://other.example/cb',
    });
  });
});
