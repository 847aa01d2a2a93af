import { Client } from '@hubspot/api-client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHubSpotStandIn, type HubSpotStandIn } from '@cxkit/hubspot-stand-in';

// The real @hubspot/api-client, pointed at the stand-in through `basePath`.
let hs: HubSpotStandIn;
let client: Client;

beforeAll(async () => {
  hs = await startHubSpotStandIn({ rateLimit: false });
  client = new Client({ accessToken: hs.accessToken, basePath: hs.url });
});
afterAll(() => hs.close());
beforeEach(() => hs.clearRequests());

function apiError(err: unknown): { code: number; body: Record<string, unknown> } {
  return err as { code: number; body: Record<string, unknown> };
}

describe('companies through the real api-client', () => {
  it('gets a company by id with the requested properties, values as strings', async () => {
    const acme = hs.store.create('companies', {
      name: 'Acme',
      domain: 'acme.example',
      numberofemployees: 250,
    });
    const got = await client.crm.companies.basicApi.getById(acme.id, ['name', 'numberofemployees']);
    expect(got.id).toBe(acme.id);
    expect(got.properties).toMatchObject({ name: 'Acme', numberofemployees: '250', hs_object_id: acme.id });
    expect(got.properties).not.toHaveProperty('domain');
    expect(got.createdAt).toBeInstanceOf(Date);
    const req = hs.requests.at(-1)!;
    expect(req.path).toBe(`/crm/v3/objects/companies/${acme.id}`);
    expect(req.headers.authorization).toBe(`Bearer ${hs.accessToken}`);
  });

  it('answers 404 for a company that does not exist', async () => {
    await expect(client.crm.companies.basicApi.getById('999')).rejects.toMatchObject({ code: 404 });
  });

  it('batch-reads companies and reports missing ids as a 207 with OBJECT_NOT_FOUND', async () => {
    const a = hs.store.create('companies', { name: 'A' });
    const res = await client.crm.companies.batchApi.read({
      inputs: [{ id: a.id }, { id: '123' }],
      properties: ['name'],
      propertiesWithHistory: [],
    });
    expect(res.results.map((r) => r.properties.name)).toEqual(['A']);
    expect(res).toMatchObject({
      numErrors: 1,
      errors: [{ category: 'OBJECT_NOT_FOUND', context: { ids: ['123'] } }],
    });
  });

  it('batch-updates up to 100 companies and stores the values', async () => {
    const ids = Array.from({ length: 100 }, (_, i) => hs.store.create('companies', { name: `C${i}` }).id);
    const res = await client.crm.companies.batchApi.update({
      inputs: ids.map((id, i) => ({ id, properties: { numberofemployees: String(i) } })),
    });
    expect(res.status).toBe('COMPLETE');
    expect(res.results).toHaveLength(100);
    expect(res.startedAt).toBeInstanceOf(Date);
    expect(hs.store.get('companies', ids[42]!)!.properties.numberofemployees).toBe('42');
    expect(hs.requests.at(-1)!.body).toEqual({
      inputs: ids.map((id, i) => ({ id, properties: { numberofemployees: String(i) } })),
    });
  });

  it('rejects a batch update of 101 inputs with a 400 naming the limit', async () => {
    const inputs = Array.from({ length: 101 }, (_, i) => ({ id: String(i + 1), properties: { name: 'x' } }));
    const err = await client.crm.companies.batchApi.update({ inputs }).catch((e: unknown) => e);
    expect(apiError(err).code).toBe(400);
    expect(apiError(err).body).toMatchObject({ status: 'error', category: 'VALIDATION_ERROR' });
    expect(String(apiError(err).body.message)).toContain('at most 100');
  });

  it('rejects a whole batch when one value is invalid, writing nothing', async () => {
    const a = hs.store.create('companies', { name: 'Before' });
    const err = await client.crm.companies.batchApi
      .update({
        inputs: [
          { id: a.id, properties: { name: 'After' } },
          { id: a.id + '0', properties: { nope: '1' } },
        ],
      })
      .catch((e: unknown) => e);
    expect(apiError(err).code).toBe(400);
    expect(String(apiError(err).body.message)).toContain('PROPERTY_DOESNT_EXIST');
    expect(hs.store.get('companies', a.id)!.properties.name).toBe('Before');
  });

  it('rejects a number property given text', async () => {
    const a = hs.store.create('companies', { name: 'N' });
    const err = await client.crm.companies.basicApi
      .update(a.id, { properties: { numberofemployees: 'many' } })
      .catch((e: unknown) => e);
    expect(apiError(err).code).toBe(400);
    expect(String(apiError(err).body.message)).toContain('numberofemployees');
  });

  it('searches with filters, sorts and pages with paging.next.after', async () => {
    const hs2 = await startHubSpotStandIn({ rateLimit: false });
    const c2 = new Client({ accessToken: hs2.accessToken, basePath: hs2.url });
    try {
      for (let i = 1; i <= 5; i++)
        hs2.store.create('companies', { name: `Co ${i}`, numberofemployees: i * 10 });
      const search = (after?: string) =>
        c2.crm.companies.searchApi.doSearch({
          filterGroups: [
            { filters: [{ propertyName: 'numberofemployees', operator: 'GTE' as never, value: '20' }] },
          ],
          sorts: ['-numberofemployees'],
          properties: ['name', 'numberofemployees'],
          limit: 3,
          ...(after ? { after } : {}),
        });
      const first = await search();
      expect(first.total).toBe(4);
      expect(first.results.map((r) => r.properties.name)).toEqual(['Co 5', 'Co 4', 'Co 3']);
      expect(first.paging?.next?.after).toBe('3');
      const second = await search(first.paging!.next!.after);
      expect(second.results.map((r) => r.properties.name)).toEqual(['Co 2']);
      expect(second.paging).toBeUndefined();
    } finally {
      await hs2.close();
    }
  });

  it('ORs filter groups and ANDs filters within a group', async () => {
    const hs2 = await startHubSpotStandIn({ rateLimit: false });
    const c2 = new Client({ accessToken: hs2.accessToken, basePath: hs2.url });
    try {
      hs2.store.create('companies', { name: 'Alpha', domain: 'alpha.example', city: 'Berlin' });
      hs2.store.create('companies', { name: 'Beta', domain: 'beta.example', city: 'Paris' });
      hs2.store.create('companies', { name: 'Gamma', city: 'Berlin' });
      const res = await c2.crm.companies.searchApi.doSearch({
        filterGroups: [
          {
            filters: [
              { propertyName: 'city', operator: 'EQ' as never, value: 'berlin' },
              { propertyName: 'domain', operator: 'HAS_PROPERTY' as never },
            ],
          },
          { filters: [{ propertyName: 'name', operator: 'IN' as never, values: ['Beta'] }] },
        ],
        properties: ['name'],
        limit: 10,
      });
      expect(res.results.map((r) => r.properties.name).sort()).toEqual(['Alpha', 'Beta']);
    } finally {
      await hs2.close();
    }
  });
});

describe('properties, groups, associations and pipelines', () => {
  it('creates a property group and a property, and refuses a duplicate with 409', async () => {
    const group = await client.crm.properties.groupsApi.create('companies', {
      name: 'cxkit',
      label: 'cxkit',
      displayOrder: 1,
    });
    expect(group).toMatchObject({ name: 'cxkit', label: 'cxkit', archived: false });
    const body = {
      name: 'cx_nps',
      label: 'NPS (cxkit)',
      type: 'number' as never,
      fieldType: 'number' as never,
      groupName: 'cxkit',
      description: 'Net Promoter Score from cxkit',
    };
    const prop = await client.crm.properties.coreApi.create('companies', body);
    expect(prop).toMatchObject({
      name: 'cx_nps',
      type: 'number',
      fieldType: 'number',
      groupName: 'cxkit',
      hidden: false,
    });
    const err = await client.crm.properties.coreApi.create('companies', body).catch((e: unknown) => e);
    expect(apiError(err).code).toBe(409);
    expect(apiError(err).body).toMatchObject({ category: 'OBJECT_ALREADY_EXISTS' });
    const all = await client.crm.properties.coreApi.getAll('companies');
    expect(all.results.map((p) => p.name)).toContain('cx_nps');
    const written = await client.crm.companies.basicApi.create({
      properties: { name: 'P', cx_nps: '34' },
      associations: [],
    });
    expect(written.properties.cx_nps).toBe('34');
  });

  it('batch-creates properties and reports the ones that already exist as a 207', async () => {
    const group = 'cxkit_batch';
    await client.crm.properties.groupsApi.create('companies', { name: group, label: 'cxkit batch' });
    const res = await client.crm.properties.batchApi.create('companies', {
      inputs: [
        {
          name: 'cx_health_band',
          label: 'Health band',
          type: 'enumeration' as never,
          fieldType: 'select' as never,
          groupName: group,
          options: [{ label: 'Healthy', value: 'healthy', hidden: false, displayOrder: 0 }],
        },
        {
          name: 'name',
          label: 'Clash',
          type: 'string' as never,
          fieldType: 'text' as never,
          groupName: group,
        },
      ],
    });
    expect(res.results.map((p) => p.name)).toEqual(['cx_health_band']);
    expect(res).toMatchObject({
      numErrors: 1,
      errors: [{ category: 'OBJECT_ALREADY_EXISTS', context: { name: ['name'] } }],
    });
    const read = await client.crm.properties.batchApi.read('companies', {
      inputs: [{ name: 'cx_health_band' }, { name: 'missing' }],
      archived: false,
    });
    expect(read.results.map((p) => [p.name, p.options.map((o) => o.value)])).toEqual([
      ['cx_health_band', ['healthy']],
    ]);
    const co = hs.store.create('companies', { name: 'Banded' });
    const bad = await client.crm.companies.basicApi
      .update(co.id, { properties: { cx_health_band: 'purple' } })
      .catch((e: unknown) => e);
    expect(apiError(bad).code).toBe(400);
    expect(String(apiError(bad).body.message)).toContain('INVALID_OPTION');
  });

  it('refuses a property whose fieldType does not fit its type', async () => {
    const err = await client.crm.properties.coreApi
      .create('companies', {
        name: 'cx_bad',
        label: 'Bad',
        type: 'number' as never,
        fieldType: 'select' as never,
        groupName: 'companyinformation',
      })
      .catch((e: unknown) => e);
    expect(apiError(err).code).toBe(400);
    expect(String(apiError(err).body.message)).toContain('fieldType');
  });

  it('lists a company’s contacts through associations v4 with HubSpot’s type ids', async () => {
    const co = hs.store.create('companies', { name: 'Assoc' });
    const c1 = hs.store.create('contacts', { email: 'a@x.example' });
    const c2 = hs.store.create('contacts', { email: 'b@x.example' });
    hs.store.associate('contacts', c1.id, 'companies', co.id, { primary: true });
    hs.store.associate('contacts', c2.id, 'companies', co.id);
    const page = await client.crm.associations.v4.basicApi.getPage('companies', co.id, 'contacts');
    expect(page.results).toEqual([
      {
        toObjectId: Number(c1.id),
        associationTypes: [
          { category: 'HUBSPOT_DEFINED', typeId: 280, label: null },
          { category: 'HUBSPOT_DEFINED', typeId: 2, label: 'Primary' },
        ],
      },
      {
        toObjectId: Number(c2.id),
        associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 280, label: null }],
      },
    ]);
    const back = await client.crm.associations.v4.basicApi.getPage('contacts', c1.id, 'companies');
    expect(back.results[0]!.associationTypes.map((t) => t.typeId)).toEqual([279, 1]);
  });

  it('creates a task associated to a company in one call, and refuses an association to a missing record', async () => {
    const co = hs.store.create('companies', { name: 'Task Co' });
    const task = await client.crm.objects.tasks.basicApi.create({
      properties: {
        hs_task_subject: 'Call Acme',
        hs_timestamp: '2026-03-02T09:00:00.000Z',
        hs_task_priority: 'HIGH',
        hubspot_owner_id: '77',
      },
      associations: [
        {
          to: { id: co.id },
          types: [{ associationCategory: 'HUBSPOT_DEFINED' as never, associationTypeId: 192 }],
        },
      ],
    });
    expect(hs.requests.at(-1)).toMatchObject({ method: 'POST', path: '/crm/v3/objects/tasks', status: 201 });
    expect(hs.store.get('tasks', task.id)!.properties).toMatchObject({
      hs_task_subject: 'Call Acme',
      hs_task_priority: 'HIGH',
      hubspot_owner_id: '77',
    });
    const page = await client.crm.associations.v4.basicApi.getPage('companies', co.id, 'tasks');
    expect(page.results).toEqual([
      {
        toObjectId: Number(task.id),
        associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 191, label: null }],
      },
    ]);
    const before = hs.store.list('tasks').length;
    const err = await client.crm.objects.tasks.basicApi
      .create({
        properties: { hs_task_subject: 'Orphan', hs_timestamp: '2026-03-02T09:00:00.000Z' },
        associations: [{ to: { id: '404404' }, types: [{ associationTypeId: 192 } as never] }],
      })
      .catch((e: unknown) => e);
    expect(apiError(err).code).toBe(400);
    expect(hs.store.list('tasks')).toHaveLength(before);
  });

  it('serves the default deal and ticket pipelines', async () => {
    const deals = await client.crm.pipelines.pipelinesApi.getAll('deals');
    expect(deals.results[0]).toMatchObject({ id: 'default', label: 'Sales Pipeline' });
    expect(deals.results[0]!.stages.map((s) => s.id)).toContain('closedwon');
    const tickets = await client.crm.pipelines.pipelinesApi.getAll('tickets');
    expect(tickets.results[0]!.stages.find((s) => s.id === '4')!.metadata).toMatchObject({
      ticketState: 'CLOSED',
    });
  });
});

describe('authentication and scopes', () => {
  it('answers 401 INVALID_AUTHENTICATION for an unknown token', async () => {
    const bad = new Client({ accessToken: 'nope', basePath: hs.url });
    const err = await bad.crm.companies.basicApi.getPage().catch((e: unknown) => e);
    expect(apiError(err).code).toBe(401);
    expect(apiError(err).body).toMatchObject({ category: 'INVALID_AUTHENTICATION' });
  });

  it('answers 403 MISSING_SCOPES when the token lacks the write scope', async () => {
    const ro = await startHubSpotStandIn({
      rateLimit: false,
      staticTokenScopes: ['crm.objects.companies.read'],
    });
    try {
      const c = new Client({ accessToken: ro.accessToken, basePath: ro.url });
      const co = ro.store.create('companies', { name: 'RO' });
      await expect(c.crm.companies.basicApi.getById(co.id)).resolves.toMatchObject({ id: co.id });
      const err = await c.crm.companies.basicApi
        .update(co.id, { properties: { name: 'x' } })
        .catch((e: unknown) => e);
      expect(apiError(err).code).toBe(403);
      expect(apiError(err).body).toMatchObject({ category: 'MISSING_SCOPES' });
    } finally {
      await ro.close();
    }
  });
});
