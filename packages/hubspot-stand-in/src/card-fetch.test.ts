import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHubSpotFetch, HUBSPOT_FETCH_LIMITS } from '@cxkit/hubspot-stand-in';

const PUBLIC = 'https://cxkit.example.com';
let local: string;
let hits = 0;
let failNext = 0;
const server = createServer((req, res) => {
  hits++;
  req.resume();
  req.on('end', () => {
    if (failNext > 0) {
      failNext--;
      res.statusCode = 503;
      return res.end();
    }
    res.setHeader('content-type', 'application/json');
    res.end(
      req.url?.startsWith('/big')
        ? JSON.stringify({ x: 'y'.repeat(HUBSPOT_FETCH_LIMITS.maxPayloadBytes) })
        : '{"ok":true}',
    );
  });
});
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  local = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => server.close());

const hsFetch = (permittedUrls?: string[]) =>
  createHubSpotFetch({
    clientSecret: 's3cret',
    portalId: 1,
    appId: 2,
    userId: 3,
    userEmail: 'rep@cx.example',
    proxy: { [PUBLIC]: local },
    ...(permittedUrls ? { permittedUrls } : {}),
  });

describe("hubspot.fetch's rules", () => {
  it('calls HTTPS URLs listed in permittedUrls only', async () => {
    await expect(hsFetch([PUBLIC])(`${PUBLIC}/v1/x`)).resolves.toMatchObject({ status: 200 });
    await expect(hsFetch()(`${local}/v1/x`)).rejects.toThrow(/only calls HTTPS/);
    await expect(hsFetch(['https://other.example'])(`${PUBLIC}/v1/x`)).rejects.toThrow(/permittedUrls/);
  });

  it('refuses payloads over 1 MB each way', async () => {
    const big = { blob: 'z'.repeat(HUBSPOT_FETCH_LIMITS.maxPayloadBytes) };
    await expect(hsFetch()(`${PUBLIC}/v1/x`, { method: 'POST', body: big })).rejects.toThrow(
      /over hubspot.fetch's 1 MB/,
    );
    await expect(hsFetch()(`${PUBLIC}/big`)).rejects.toThrow(/response payload/);
  });

  it('retries once on a 5xx, as HubSpot does', async () => {
    hits = 0;
    failNext = 1;
    await expect(hsFetch()(`${PUBLIC}/v1/x`)).resolves.toMatchObject({ status: 200 });
    expect(hits).toBe(2);
    failNext = 2;
    await expect(hsFetch()(`${PUBLIC}/v1/x`)).resolves.toMatchObject({ status: 503 });
    failNext = 0;
  });
});
