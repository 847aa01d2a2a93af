import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, Signature } from '@hubspot/api-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  SIGNATURE_HEADERS,
  signCardRequest,
  startHubSpotStandIn,
  verifySignatureV3,
  type HubSpotStandIn,
} from '@cxkit/hubspot-stand-in';

let hs: HubSpotStandIn;
let now = Date.parse('2026-03-02T10:00:00Z');
beforeEach(async () => {
  now = Date.parse('2026-03-02T10:00:00Z');
  hs = await startHubSpotStandIn({ rateLimit: false, now: () => now });
});
afterEach(() => hs.close());

const redirectUri = 'http://localhost:3000/oauth/callback';

async function authorize(scope: string): Promise<string> {
  const res = await fetch(
    `${hs.url}/oauth/authorize?client_id=${hs.clientId}&redirect_uri=${encodeURIComponent(redirectUri)}&scope=${encodeURIComponent(scope)}&state=s1`,
    { redirect: 'manual' },
  );
  expect(res.status).toBe(302);
  const location = new URL(res.headers.get('location')!);
  expect(location.origin + location.pathname).toBe(redirectUri);
  expect(location.searchParams.get('state')).toBe('s1');
  return location.searchParams.get('code')!;
}

/** POSTs form fields to a 2026-03 OAuth endpoint, as HubSpot's docs show (form-encoded body). */
async function oauthPost(path: string, fields: Record<string, string>, query = '') {
  const res = await fetch(`${hs.url}${path}${query}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('OAuth on the 2026-03 endpoints', () => {
  it('exchanges a code for tokens, calls the CRM with them, refreshes after expiry, introspects', async () => {
    const code = await authorize('oauth crm.objects.companies.read');
    const client = { client_id: hs.clientId, client_secret: hs.clientSecret };
    const tokens = await oauthPost('/oauth/2026-03/token', {
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      ...client,
    });
    expect(tokens).toMatchObject({
      status: 200,
      body: { token_type: 'bearer', expires_in: 1800, hub_id: hs.portalId, user_id: 1001 },
    });
    const accessToken = tokens.body['access_token'] as string;
    const refreshToken = tokens.body['refresh_token'] as string;
    const info = await oauthPost('/oauth/2026-03/token/introspect', { token: accessToken, ...client });
    expect(info.body).toMatchObject({
      active: true,
      token_use: 'access_token',
      hub_id: hs.portalId,
      app_id: hs.appId,
      client_id: hs.clientId,
      scopes: ['oauth', 'crm.objects.companies.read'],
      hub_domain: 'cxkit-demo.hubspot.com',
    });

    const co = hs.store.create('companies', { name: 'OAuth Co' });
    const api = new Client({ accessToken, basePath: hs.url });
    await expect(api.crm.companies.basicApi.getById(co.id)).resolves.toMatchObject({ id: co.id });

    now += 1801 * 1000;
    const expired = await api.crm.companies.basicApi.getById(co.id).catch((e: unknown) => e);
    expect(expired).toMatchObject({ code: 401, body: { category: 'EXPIRED_AUTHENTICATION' } });
    expect(
      (await oauthPost('/oauth/2026-03/token/introspect', { token: accessToken, ...client })).body,
    ).toEqual({
      active: false,
    });

    const refreshed = await oauthPost('/oauth/2026-03/token', {
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      ...client,
    });
    expect(refreshed.body['refresh_token']).toBe(refreshToken);
    api.setAccessToken(refreshed.body['access_token'] as string);
    await expect(api.crm.companies.basicApi.getById(co.id)).resolves.toMatchObject({ id: co.id });
  });

  it('answers a revoked refresh token with 400 BAD_REFRESH_TOKEN / invalid_grant, and ends its access tokens', async () => {
    const code = await authorize('oauth crm.objects.companies.read');
    const client = { client_id: hs.clientId, client_secret: hs.clientSecret };
    const tokens = await oauthPost('/oauth/2026-03/token', {
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      ...client,
    });
    expect(hs.oauth.revokeRefreshToken(tokens.body['refresh_token'] as string)).toBe(true);
    const refused = await oauthPost('/oauth/2026-03/token', {
      grant_type: 'refresh_token',
      refresh_token: tokens.body['refresh_token'] as string,
      ...client,
    });
    expect(refused).toMatchObject({
      status: 400,
      body: { status: 'BAD_REFRESH_TOKEN', error: 'invalid_grant' },
    });
    const api = new Client({ accessToken: tokens.body['access_token'] as string, basePath: hs.url });
    const gone = await api.crm.companies.basicApi.getPage(1).catch((e: unknown) => e);
    expect(gone).toMatchObject({ code: 401 });
  });

  it('refuses credentials in the query string, a reused code and a wrong client secret', async () => {
    const code = await authorize('oauth');
    const fields = {
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      client_id: hs.clientId,
      client_secret: hs.clientSecret,
    };
    const inQuery = await oauthPost('/oauth/2026-03/token', {}, `?${new URLSearchParams(fields)}`);
    expect(inQuery).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
    const wrongSecret = await oauthPost('/oauth/2026-03/token', { ...fields, client_secret: 'wrong' });
    expect(wrongSecret).toMatchObject({
      status: 400,
      body: { status: 'BAD_CLIENT_SECRET', error: 'invalid_client' },
    });
    expect((await oauthPost('/oauth/2026-03/token', fields)).status).toBe(200);
    const reused = await oauthPost('/oauth/2026-03/token', fields);
    expect(reused).toMatchObject({ status: 400, body: { status: 'BAD_AUTH_CODE', error: 'invalid_grant' } });
  });

  it('answers the v1 endpoints as HubSpot does after their sunset, so an app still on v1 fails', async () => {
    const code = await authorize('oauth');
    const oauthClient = new Client({ basePath: hs.url });
    // @hubspot/api-client 13.x still calls /oauth/v1/token and /oauth/v1/access-tokens.
    const v1 = await oauthClient.oauth.tokensApi
      .create('authorization_code', code, redirectUri, hs.clientId, hs.clientSecret)
      .catch((e: unknown) => e);
    expect(v1).toMatchObject({ code: 404 });
    expect(hs.requests.at(-1)).toMatchObject({ path: '/oauth/v1/token', status: 404 });
    const meta = await oauthClient.oauth.accessTokensApi.get('at-na1-x').catch((e: unknown) => e);
    expect(meta).toMatchObject({ code: 404 });
  });

  it('refuses to authorize an unregistered redirect URL', async () => {
    const res = await fetch(
      `${hs.url}/oauth/authorize?client_id=${hs.clientId}&redirect_uri=https%3A%2F%2Fevil.example`,
      {
        redirect: 'manual',
      },
    );
    expect(res.status).toBe(400);
  });
});

/** A local receiver that records each request's URL, headers and raw body. */
async function receiver(statuses: number[]): Promise<{
  url: string;
  received: { req: IncomingMessage; body: string }[];
  server: Server;
}> {
  const received: { req: IncomingMessage; body: string }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString('utf8')));
    req.on('end', () => {
      received.push({ req, body });
      res.statusCode = statuses[received.length - 1] ?? 200;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/v1/hubspot/webhooks`, received, server };
}

describe('webhooks', () => {
  it('POSTs an event array signed so HubSpot’s own Signature helper accepts it (v3 and v1)', async () => {
    now = Date.now(); // Signature.isValid checks the timestamp against the real clock
    const r = await receiver([204]);
    try {
      const results = await hs.sendWebhooks(r.url, [
        {
          subscriptionType: 'company.propertyChange',
          objectId: 42,
          propertyName: 'name',
          propertyValue: 'Acme <b>',
        },
      ]);
      expect(results).toEqual([[{ attemptNumber: 0, status: 204 }]]);
      const { req, body } = r.received[0]!;
      const events = JSON.parse(body) as Record<string, unknown>[];
      expect(events).toEqual([
        expect.objectContaining({
          subscriptionType: 'company.propertyChange',
          objectId: 42,
          portalId: hs.portalId,
          appId: hs.appId,
          attemptNumber: 0,
          propertyValue: 'Acme <b>',
        }),
      ]);
      const timestamp = Number(req.headers['x-hubspot-request-timestamp']);
      expect(
        Signature.isValid({
          signatureVersion: 'v3',
          signature: req.headers['x-hubspot-signature-v3'] as string,
          clientSecret: hs.clientSecret,
          requestBody: body,
          url: r.url,
          method: 'POST',
          timestamp,
        }),
      ).toBe(true);
      expect(
        Signature.isValid({
          signatureVersion: 'v1',
          signature: req.headers['x-hubspot-signature'] as string,
          clientSecret: hs.clientSecret,
          requestBody: body,
        }),
      ).toBe(true);
      expect(
        Signature.isValid({
          signatureVersion: 'v3',
          signature: req.headers['x-hubspot-signature-v3'] as string,
          clientSecret: 'another-secret',
          requestBody: body,
          url: r.url,
          method: 'POST',
          timestamp,
        }),
      ).toBe(false);
    } finally {
      r.server.close();
    }
  });

  it('retries a failed delivery with attemptNumber incremented and splits batches at 100 events', async () => {
    const r = await receiver([500, 200, 200]);
    try {
      const events = Array.from({ length: 101 }, (_, i) => ({
        subscriptionType: 'company.creation',
        objectId: i + 1,
      }));
      const results = await hs.sendWebhooks(r.url, events, { retries: 2 });
      expect(results.map((a) => a.map((x) => x.status))).toEqual([[500, 200], [200]]);
      const bodies = r.received.map((x) => JSON.parse(x.body) as { attemptNumber: number }[]);
      expect(bodies.map((b) => b.length)).toEqual([100, 100, 1]);
      expect(bodies[0]![0]!.attemptNumber).toBe(0);
      expect(bodies[1]![0]!.attemptNumber).toBe(1);
    } finally {
      r.server.close();
    }
  });
});

describe('card request signing', () => {
  it('appends the viewer to the query and signs the final URL', () => {
    const timestamp = Date.parse('2026-03-02T10:00:00Z');
    const req = signCardRequest(
      'https://cx.example/v1/hubspot/accounts/summary?companyId=42',
      {},
      {
        portalId: 62515,
        userId: 7,
        userEmail: 'rep@cx.example',
        appId: 4242,
        clientSecret: 's3cret',
        timestamp,
      },
    );
    const u = new URL(req.url);
    expect(Object.fromEntries(u.searchParams)).toEqual({
      companyId: '42',
      userId: '7',
      userEmail: 'rep@cx.example',
      appId: '4242',
      portalId: '62515',
    });
    const signature = req.headers[SIGNATURE_HEADERS.v3];
    const check = (o: { uri?: string; secret?: string; at?: number }) =>
      verifySignatureV3({
        method: 'GET',
        uri: o.uri ?? req.url,
        body: '',
        timestamp: req.headers[SIGNATURE_HEADERS.timestamp],
        signature,
        clientSecret: o.secret ?? 's3cret',
        now: o.at ?? timestamp + 1000,
      });
    expect(check({})).toBe(true);
    expect(check({ secret: 'other' })).toBe(false);
    expect(check({ uri: req.url.replace('companyId=42', 'companyId=43') })).toBe(false);
    expect(check({ at: timestamp + 5 * 60 * 1000 + 1 })).toBe(false);
  });

  it('routes a public URL to a local server like local.json, signing what the local server receives', async () => {
    const r = await receiver([200]);
    try {
      const local = new URL(r.url).origin;
      const hsFetch = hs.cardFetch({ proxy: { 'https://cxkit.example.com': local } });
      await hsFetch('https://cxkit.example.com/v1/hubspot/accounts/summary?companyId=5');
      const { req } = r.received[0]!;
      expect(req.url).toMatch(/^\/v1\/hubspot\/accounts\/summary\?companyId=5&userId=1001&/);
      expect(
        verifySignatureV3({
          method: 'GET',
          uri: `${local}${req.url}`,
          body: '',
          timestamp: req.headers['x-hubspot-request-timestamp'] as string,
          signature: req.headers['x-hubspot-signature-v3'] as string,
          clientSecret: hs.clientSecret,
        }),
      ).toBe(true);
    } finally {
      r.server.close();
    }
  });

  it('sends a card POST with a JSON body that a receiver can verify', async () => {
    const r = await receiver([200]);
    try {
      const local = new URL(r.url).origin;
      const hsFetch = hs.cardFetch({
        userId: 9,
        userEmail: 'cs@cx.example',
        proxy: { 'https://cxkit.example.com': local },
      });
      const res = await hsFetch(r.url.replace(local, 'https://cxkit.example.com'), {
        method: 'POST',
        body: { weights: { nps: 0.5 } },
      });
      expect(res.status).toBe(200);
      const { req, body } = r.received[0]!;
      expect(JSON.parse(body)).toEqual({ weights: { nps: 0.5 } });
      const fullUrl = `http://127.0.0.1:${new URL(r.url).port}${req.url}`;
      expect(
        verifySignatureV3({
          method: 'POST',
          uri: fullUrl,
          body,
          timestamp: req.headers['x-hubspot-request-timestamp'] as string,
          signature: req.headers['x-hubspot-signature-v3'] as string,
          clientSecret: hs.clientSecret,
        }),
      ).toBe(true);
      expect(new URL(fullUrl).searchParams.get('portalId')).toBe(String(hs.portalId));
    } finally {
      r.server.close();
    }
  });
});
