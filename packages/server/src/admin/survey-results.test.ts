import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { SurveyDefinitionInput } from '@cxkit/core';
import type { CreatedTenant, Database } from '@cxkit/server';
import { HOOK_TIMEOUT, STORAGE_TARGETS } from '../test-support/storage.js';
import { adminHeaders, json, seedTenant, testApp, widgetHeaders } from '../test-support/fixtures.js';

const opt = (id: string) => ({ id, label: { en: id } });

const PRODUCT_SURVEY: SurveyDefinitionInput = {
  id: 'product',
  questions: [
    { id: 'plan', kind: 'single-choice', text: { en: 'Plan?' }, options: [opt('basic'), opt('pro')] },
    {
      id: 'tools',
      kind: 'multi-choice',
      text: { en: 'Which tools?' },
      options: [opt('crm'), opt('erp'), opt('bi')],
      required: true,
      maxSelected: 2,
    },
    {
      id: 'why-erp',
      kind: 'text',
      text: { en: 'Why the ERP?' },
      showIf: { question: 'tools', anyOf: ['erp'] },
    },
    {
      id: 'rank',
      kind: 'ranking',
      text: { en: 'Order' },
      options: [opt('price'), opt('speed'), opt('quality')],
    },
    { id: 'rate', kind: 'matrix', text: { en: 'Rate' }, items: [opt('delivery'), opt('support')] },
    {
      id: 'ent',
      kind: 'text',
      text: { en: 'Enterprise?' },
      showIf: { hidden: 'segment', anyOf: ['enterprise'] },
    },
  ],
};

const BANDS_SURVEY: SurveyDefinitionInput = {
  id: 'bands',
  questions: [
    { id: 'nps', kind: 'nps', text: { en: 'Recommend?' } },
    { id: 'low', kind: 'text', text: { en: 'Why?' }, showIf: { question: 'nps', bands: ['detractor'] } },
  ],
};

// A required matrix must be rated in full; an optional multi-choice still keeps its minimum.
const STRICT_SURVEY: SurveyDefinitionInput = {
  id: 'strict',
  questions: [
    {
      id: 'grid',
      kind: 'matrix',
      text: { en: 'Rate' },
      items: [opt('a'), opt('b'), opt('c')],
      required: true,
    },
    {
      id: 'pick',
      kind: 'multi-choice',
      text: { en: 'Pick two or three' },
      options: [opt('x'), opt('y'), opt('z')],
      minSelected: 2,
    },
  ],
};

type A = { kind: string; questionId: string; value: unknown };

describe.each(STORAGE_TARGETS)('multi-choice, ranking, matrix and jump logic on $name', (target) => {
  let db: Database;
  let t: CreatedTenant;
  let app: ReturnType<typeof testApp>['app'];
  let n = 0;

  beforeAll(async () => {
    db = await target.open();
    t = await seedTenant(db);
    app = testApp(db).app;
    for (const s of [PRODUCT_SURVEY, BANDS_SURVEY, STRICT_SURVEY, { ...PRODUCT_SURVEY, id: 'fuzz' }]) {
      const res = await app.request(`/v1/admin/surveys/${s.id}`, {
        method: 'PUT',
        headers: adminHeaders(t),
        body: JSON.stringify(s),
      });
      expect(res.status).toBe(200);
    }
  }, HOOK_TIMEOUT);
  afterAll(() => db.close(), HOOK_TIMEOUT);

  const post = (answers: A[], surveyId = 'product', attributes?: Record<string, string>) => {
    const who = { account: 'globex', respondent: `p-${++n}` };
    return app.request('/v1/responses', {
      method: 'POST',
      headers: widgetHeaders(t, who),
      body: JSON.stringify({
        id: randomUUID(),
        surveyId,
        accountId: who.account,
        respondentId: who.respondent,
        answeredAt: new Date().toISOString(),
        answers,
        ...(attributes ? { attributes } : {}),
      }),
    });
  };
  const issuesOf = async (res: Response) => {
    expect(res.status).toBe(400);
    return (await json(res)).error.issues.map((i: { path: string; rule: string }) => `${i.path} ${i.rule}`);
  };
  const tools = (value: unknown): A => ({ kind: 'multi-choice', questionId: 'tools', value });
  const rank = (value: unknown): A => ({ kind: 'ranking', questionId: 'rank', value });
  const rate = (value: unknown): A => ({ kind: 'matrix', questionId: 'rate', value });

  it('refuses multi-choice answers off the question, naming the element and the rule', async () => {
    expect(await issuesOf(await post([tools(['crm', 'crm'])]))).toEqual([
      'answers.0.value.1 duplicate_option',
    ]);
    expect(await issuesOf(await post([tools(['crm', 'zzz'])]))).toEqual(['answers.0.value.1 unknown_option']);
    // Required: at least one; maxSelected 2.
    expect(await issuesOf(await post([tools([])]))).toEqual(['answers.0.value too_few_selected']);
    expect(await issuesOf(await post([tools(['crm', 'erp', 'bi'])]))).toEqual([
      'answers.0.value too_many_selected',
    ]);
  });

  it('refuses a ranking that is not every option once', async () => {
    expect(await issuesOf(await post([rank(['price', 'speed'])]))).toEqual([
      'answers.0.value not_a_permutation',
    ]);
    expect(await issuesOf(await post([rank(['price', 'price', 'speed'])]))).toEqual([
      'answers.0.value.1 duplicate_option',
    ]);
    expect(await issuesOf(await post([rank(['price', 'speed', 'cost'])]))).toEqual([
      'answers.0.value.2 unknown_option',
    ]);
  });

  it('refuses matrix ratings off the scale or of unknown items, and an empty matrix', async () => {
    expect(await issuesOf(await post([rate({ delivery: 6, support: 0 })]))).toEqual([
      'answers.0.value.delivery out_of_scale',
      'answers.0.value.support out_of_scale',
    ]);
    expect(await issuesOf(await post([rate({ price: 3 })]))).toEqual(['answers.0.value.price unknown_item']);
    expect(await issuesOf(await post([rate({})]))).toEqual(['answers.0.value too_few_items']);
    expect(
      await issuesOf(await post([{ kind: 'multi-choice', questionId: 'rank', value: ['price'] }])),
    ).toEqual(['answers.0.kind kind_mismatch']);
  });

  it('holds a required matrix to every item and an optional multi-choice to its minimum', async () => {
    const grid = (value: unknown): A => ({ kind: 'matrix', questionId: 'grid', value });
    const pick = (value: unknown): A => ({ kind: 'multi-choice', questionId: 'pick', value });
    expect(await issuesOf(await post([grid({ a: 1, c: 5 })], 'strict'))).toEqual([
      'answers.0.value missing_items',
    ]);
    expect(await issuesOf(await post([pick(['x'])], 'strict'))).toEqual(['answers.0.value too_few_selected']);
    expect(await issuesOf(await post([pick([])], 'strict'))).toEqual(['answers.0.value too_few_selected']);
    // Skipping stays possible (a partial response), as for every other kind.
    expect((await post([grid({ a: 1, b: 2, c: 5 }), pick(['x', 'z'])], 'strict')).status).toBe(200);
    expect((await post([grid(null), pick(null)], 'strict')).status).toBe(200);
  });

  it('answers 200 or 400, never 5xx, to any list or record in these kinds, and a 400 names the answer', async () => {
    const id = fc.oneof(
      fc.constantFrom('crm', 'erp', 'bi', 'price', 'speed', 'quality', 'delivery', 'support'),
      fc.string(),
    );
    const value = fc.oneof(
      fc.constant(null),
      fc.array(id, { maxLength: 10 }),
      fc.dictionary(id, fc.oneof(fc.integer({ min: -2, max: 12 }), fc.double(), fc.string()), { maxKeys: 8 }),
      fc.anything(),
    );
    const answer = fc.record({
      kind: fc.constantFrom('multi-choice', 'ranking', 'matrix'),
      questionId: fc.constantFrom('tools', 'rank', 'rate'),
      value,
    });
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(answer, { minLength: 1, maxLength: 3, selector: (a) => a.questionId }),
        async (answers) => {
          const res = await post(answers, 'fuzz'); // its own survey: the valid ones are stored
          expect([200, 400]).toContain(res.status);
          if (res.status === 400)
            for (const i of (await json(res)).error.issues) expect(i.path).toMatch(/^answers\.\d/);
        },
      ),
      { numRuns: 60 },
    );
    // Whatever was accepted, the results add up: core's summaries refuse inconsistent tallies.
    const res = await app.request('/v1/admin/surveys/fuzz/results', { headers: adminHeaders(t) });
    expect(res.status).toBe(200);
  });

  it('refuses answers to questions their showIf hides: choice, hidden field and score band alike', async () => {
    const whyErp: A = { kind: 'text', questionId: 'why-erp', value: 'Finance wants it' };
    expect(await issuesOf(await post([tools(['crm']), whyErp]))).toEqual(['answers.1.questionId not_shown']);
    expect(await issuesOf(await post([whyErp]))).toEqual(['answers.0.questionId not_shown']);
    // A skip says the question was shown, so it is refused too.
    expect(await issuesOf(await post([tools(['crm']), { ...whyErp, value: null }]))).toEqual([
      'answers.1.questionId not_shown',
    ]);
    const ent: A = { kind: 'text', questionId: 'ent', value: 'Yes' };
    expect(await issuesOf(await post([ent]))).toEqual(['answers.0.questionId not_shown']);
    expect(await issuesOf(await post([ent], 'product', { segment: 'smb' }))).toEqual([
      'answers.0.questionId not_shown',
    ]);
    const low: A = { kind: 'text', questionId: 'low', value: 'Slow' };
    expect(await issuesOf(await post([{ kind: 'nps', questionId: 'nps', value: 9 }, low], 'bands'))).toEqual([
      'answers.1.questionId not_shown',
    ]);
    expect((await post([{ kind: 'nps', questionId: 'nps', value: 3 }, low], 'bands')).status).toBe(200);
  });

  it('stores valid answers whole and reports per-question results with n', async () => {
    const plan = (value: unknown): A => ({ kind: 'single-choice', questionId: 'plan', value });
    const ok = [
      await post([
        plan('basic'),
        tools(['crm', 'erp']),
        { kind: 'text', questionId: 'why-erp', value: 'Finance' },
        rank(['price', 'speed', 'quality']),
        rate({ delivery: 5, support: 4 }),
      ]),
      await post([plan('pro'), tools(['crm']), rank(['speed', 'price', 'quality']), rate({ delivery: 4 })]),
      await post(
        [
          plan('basic'),
          tools(['bi']),
          rank(['price', 'quality', 'speed']),
          rate(null),
          { kind: 'text', questionId: 'ent', value: 'Big' },
        ],
        'product',
        { segment: 'enterprise' },
      ),
      await post([plan(null), tools(['crm', 'bi']), rank(null), rate({ delivery: 2, support: 2 })]),
    ];
    expect(ok.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    const stored = await db.query<{ answers: A[] }>(
      `SELECT answers FROM responses WHERE tenant_id = $1 AND survey_id = 'product' ORDER BY answered_at, id`,
      [t.id],
    );
    expect(
      stored.rows
        .flatMap((r) => r.answers)
        .filter((a) => a.kind === 'matrix')
        .map((a) => a.value),
    ).toEqual(
      expect.arrayContaining([
        { delivery: 5, support: 4 },
        { delivery: 4 },
        null,
        { delivery: 2, support: 2 },
      ]),
    );

    const res = await app.request('/v1/admin/surveys/product/results', { headers: adminHeaders(t) });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body).toMatchObject({ surveyId: 'product', version: 1 });
    expect(body.questions.map((q: { questionId: string }) => q.questionId)).toEqual([
      'plan',
      'tools',
      'rank',
      'rate',
    ]);
    const [p, tl, rk, rt] = body.questions.map((q: { summary: unknown }) => q.summary);

    // plan: basic 2, pro 1 of 3 answering, 1 skipped; 2 of 3 has Wilson [20.77, 93.85].
    expect(p).toMatchObject({ kind: 'single-choice', n: 3, skipped: 1, smallSample: true });
    expect(p.options.map((o: { count: number }) => o.count)).toEqual([2, 1]);
    expect(p.options[0].share.value).toBeCloseTo(66.667, 2);
    expect(p.options[0].share.interval.lower).toBeCloseTo(20.77, 2);
    expect(p.options[0].share.interval.upper).toBeCloseTo(93.85, 2);

    // tools: crm 3, erp 1, bi 2 of 4 (shares add up to more than 100 %).
    expect(tl).toMatchObject({ kind: 'multi-choice', n: 4, skipped: 0 });
    expect(tl.options.map((o: { count: number }) => o.count)).toEqual([3, 1, 2]);
    expect(tl.options.map((o: { share: { value: number } }) => o.share.value)).toEqual([75, 25, 50]);

    // rank: price 1, 2, 1 (mean 4/3, Borda 3·3 − 4 = 5), speed 2, 1, 3 (mean 2, Borda 3), quality 3, 3, 2.
    expect(rk).toMatchObject({ kind: 'ranking', n: 3, skipped: 1 });
    expect(rk.options.map((o: { borda: number }) => o.borda)).toEqual([5, 3, 1]);
    expect(rk.options[0].meanRank.value).toBeCloseTo(4 / 3, 10);
    expect(rk.options[1].meanRank.value).toBe(2);
    expect(rk.options[2].meanRank.value).toBeCloseTo(8 / 3, 10);
    expect(rk.options.map((o: { first: { value: number } }) => Math.round(o.first.value * 3))).toEqual([
      200, 100, 0,
    ]);
    // speed: sd 1, t(0.975, 2) = 4.3027: 2 ± 2.4841, clipped to the ranks 1-3.
    expect(rk.options[1].meanRank.interval.raw.lower).toBeCloseTo(-0.4841, 3);

    // rate: 3 answering, 1 skipped; delivery 5, 4, 2 (n 3, mean 11/3, top box 4-5: 2 of 3), support 4, 2.
    expect(rt).toMatchObject({ kind: 'matrix', n: 3, skipped: 1, topBoxFrom: 4, scale: { min: 1, max: 5 } });
    expect(rt.items.map((i: { n: number }) => i.n)).toEqual([3, 2]);
    expect(rt.items[0].mean.value).toBeCloseTo(11 / 3, 10);
    expect(rt.items[0].topBox.value).toBeCloseTo(200 / 3, 10);
    expect(rt.items[1].mean.value).toBe(3);
    expect(rt.items[1].topBox.value).toBe(50);
  });

  it('reads one survey version, needs the admin key, and says which survey or version is missing', async () => {
    const bumped = await app.request('/v1/admin/surveys/product', {
      method: 'PUT',
      headers: adminHeaders(t),
      body: JSON.stringify(PRODUCT_SURVEY),
    });
    expect(await json(bumped)).toMatchObject({ version: 2 });
    const latest = await json(
      await app.request('/v1/admin/surveys/product/results', { headers: adminHeaders(t) }),
    );
    expect(latest.version).toBe(2);
    expect(latest.questions[1].summary.n).toBe(0);
    expect(latest.questions[1].summary.options[0].share.status).toBe('insufficient-data');
    const v1 = await json(
      await app.request('/v1/admin/surveys/product/results?version=1', { headers: adminHeaders(t) }),
    );
    expect(v1.questions[1].summary.n).toBe(4);

    expect((await app.request('/v1/admin/surveys/product/results')).status).toBe(401);
    // Another tenant with a survey of the same id sees none of these answers.
    const other = await seedTenant(db, 'initech');
    const mine = await app.request('/v1/admin/surveys/product', {
      method: 'PUT',
      headers: adminHeaders(other),
      body: JSON.stringify(PRODUCT_SURVEY),
    });
    expect(mine.status).toBe(200);
    const theirs = await json(
      await app.request('/v1/admin/surveys/product/results?version=1', { headers: adminHeaders(other) }),
    );
    expect(theirs.questions.map((q: { summary: { n: number } }) => q.summary.n)).toEqual([0, 0, 0, 0]);
    const missing = await app.request('/v1/admin/surveys/nope/results', { headers: adminHeaders(t) });
    expect(missing.status).toBe(404);
    expect((await json(missing)).error.code).toBe('survey/not-found');
    expect(
      (await app.request('/v1/admin/surveys/product/results?version=9', { headers: adminHeaders(t) })).status,
    ).toBe(404);
    const bad = await app.request('/v1/admin/surveys/product/results?version=0', {
      headers: adminHeaders(t),
    });
    expect(await issuesOf(bad)).toEqual([expect.stringMatching(/^version /)]);
  });
});
