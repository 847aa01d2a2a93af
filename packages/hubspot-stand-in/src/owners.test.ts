import { Client } from '@hubspot/api-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHubSpotStandIn, type HubSpotStandIn } from '@cxkit/hubspot-stand-in';

let hs: HubSpotStandIn;
let client: Client;

beforeAll(async () => {
  hs = await startHubSpotStandIn({ rateLimit: false });
  client = new Client({ accessToken: hs.accessToken, basePath: hs.url });
});
afterAll(() => hs.close());

const task = (owner: string) => ({
  properties: {
    hs_task_subject: 'Review the plan',
    hs_timestamp: '2026-06-30T12:00:00.000Z',
    hubspot_owner_id: owner,
  },
  associations: [],
});

describe('owners', () => {
  it('accepts any owner id while the portal has no owners, then only its owners', async () => {
    expect((await client.crm.objects.tasks.basicApi.create(task('999'))).properties['hubspot_owner_id']).toBe(
      '999',
    );
    hs.store.addOwner({ id: '501', email: 'camille@acme.test', firstName: 'Camille' });
    expect((await client.crm.objects.tasks.basicApi.create(task('501'))).properties['hubspot_owner_id']).toBe(
      '501',
    );
    const refused = await client.crm.objects.tasks.basicApi.create(task('999')).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 400 });
    expect(JSON.stringify((refused as { body: unknown }).body)).toContain(
      '999 was not one of the allowed options',
    );
    // Companies share the Owner property's options.
    await expect(
      client.crm.companies.basicApi.create({
        properties: { name: 'X', hubspot_owner_id: '998' },
        associations: [],
      }),
    ).rejects.toMatchObject({ code: 400 });
  });
});
