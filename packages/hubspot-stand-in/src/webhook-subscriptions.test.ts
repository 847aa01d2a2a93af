import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@hubspot/api-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  startHubSpotStandIn,
  verifySignatureV3,
  type HubSpotStandIn,
  type WebhookEvent,
} from '@cxkit/hubspot-stand-in';

let hs: HubSpotStandIn;
let server: Server;
let received: { body: string; signature: string; timestamp: string }[];
let targetUrl: string;

beforeEach(async () => {
  hs = await startHubSpotStandIn({ rateLimit: false });
  received = [];
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString('utf8')));
    req.on('end', () => {
      received.push({
        body,
        signature: String(req.headers['x-hubspot-signature-v3']),
        timestamp: String(req.headers['x-hubspot-request-timestamp']),
      });
      res.statusCode = 204;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  targetUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/hubspot/webhooks`;
});
afterEach(async () => {
  server.close();
  await hs.close();
});

const events = () => received.flatMap((r) => JSON.parse(r.body) as WebhookEvent[]);

describe('webhook subscriptions', () => {
  it('reports a person’s edit and the app’s own write apart, so the app can ignore its echo', async () => {
    hs.webhooks.subscribe(targetUrl, [
      { subscriptionType: 'object.propertyChange', objectType: 'company', propertyName: 'name' },
    ]);
    const co = hs.store.create('companies', { name: 'Acme' });
    hs.store.update('companies', co.id, { name: 'Acme Corp', city: 'Lyon' }); // a person, in HubSpot
    const client = new Client({ accessToken: hs.accessToken, basePath: hs.url });
    await client.crm.companies.basicApi.update(co.id, { properties: { name: 'Acme Corporation' } }); // the app
    await client.crm.companies.basicApi.update(co.id, { properties: { name: 'Acme Corporation' } }); // no change
    expect(hs.webhooks.pending()).toHaveLength(2);
    const attempts = await hs.webhooks.flush();
    expect(attempts).toEqual([[{ attemptNumber: 0, status: 204 }]]);
    expect(events()).toEqual([
      expect.objectContaining({
        subscriptionType: 'object.propertyChange',
        objectId: Number(co.id),
        objectTypeId: '0-2',
        propertyName: 'name',
        propertyValue: 'Acme Corp',
        changeSource: 'CRM_UI',
        portalId: hs.portalId,
      }),
      expect.objectContaining({
        propertyValue: 'Acme Corporation',
        changeSource: 'INTEGRATION',
        sourceId: String(hs.appId),
      }),
    ]);
    const r = received[0]!;
    expect(
      verifySignatureV3({
        method: 'POST',
        uri: targetUrl,
        body: r.body,
        timestamp: r.timestamp,
        signature: r.signature,
        clientSecret: hs.clientSecret,
      }),
    ).toBe(true);
    expect(hs.webhooks.pending()).toEqual([]);
  });

  it('reports creations, deletions and contact-company associations only when subscribed', async () => {
    hs.webhooks.subscribe(targetUrl, [
      { subscriptionType: 'object.creation', objectType: 'company' },
      { subscriptionType: 'object.deletion', objectType: 'company' },
      { subscriptionType: 'object.associationChange', objectType: 'contact' },
    ]);
    const co = hs.store.create('companies', { name: 'New' });
    const contact = hs.store.create('contacts', { email: 'x@new.example' }); // not subscribed
    hs.store.associate('contacts', contact.id, 'companies', co.id, { primary: true });
    hs.store.archive('companies', co.id);
    await hs.webhooks.flush();
    expect(events().map((e) => e.subscriptionType)).toEqual([
      'object.creation',
      'object.associationChange',
      'object.deletion',
    ]);
    expect(events()[1]).toMatchObject({
      associationType: 'CONTACT_TO_COMPANY',
      fromObjectId: Number(contact.id),
      toObjectId: Number(co.id),
      isPrimaryAssociation: true,
      associationRemoved: false,
    });
  });

  it('refuses a subscription to an object type HubSpot does not have here', () => {
    expect(() =>
      hs.webhooks.subscribe(targetUrl, [{ subscriptionType: 'object.creation', objectType: 'spaceship' }]),
    ).toThrow(/spaceship/);
  });
});

describe('merge and privacy deletion, as the project subscribes', () => {
  it('sends object.merge with primaryObjectId and mergedObjectIds, and contact.privacyDeletion', async () => {
    hs.webhooks.subscribe(targetUrl, [
      { subscriptionType: 'object.merge', objectType: 'company' },
      { subscriptionType: 'contact.privacyDeletion', objectType: 'contact' },
    ]);
    const kept = hs.store.create('companies', { name: 'Initech' }).id;
    const dup = hs.store.create('companies', { name: 'Initech (dup)', domain: 'initech.example' }).id;
    hs.store.merge('companies', kept, dup);
    const contact = hs.store.create('contacts', { email: 'hal@initech.example' }).id;
    hs.store.privacyDelete(contact);
    await hs.webhooks.flush();
    const events = JSON.parse(received[0]!.body) as WebhookEvent[];
    expect(events).toEqual([
      expect.objectContaining({
        subscriptionType: 'object.merge',
        objectTypeId: '0-2',
        objectId: Number(kept),
        primaryObjectId: Number(kept),
        mergedObjectIds: [Number(dup)],
      }),
      expect.objectContaining({ subscriptionType: 'contact.privacyDeletion', objectId: Number(contact) }),
    ]);
    // The merged record is gone, its values filled the kept one's blanks; the deleted contact is gone.
    expect(hs.store.get('companies', kept)!.properties['domain']).toBe('initech.example');
    expect(hs.store.get('contacts', contact)).toBeUndefined();
  });
});
