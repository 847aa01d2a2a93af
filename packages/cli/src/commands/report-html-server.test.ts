import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SurveyDefinitionSchema, type Response } from '@cxkit/core';
import {
  analyzePendingVerbatims,
  createApp,
  createLogger,
  createTenant,
  loadConfig,
  openDatabase,
  saveVersion,
  storeResponses,
  type CreatedTenant,
  type Database,
} from '@cxkit/server';
import { runCli } from '../testing/capture-io.js';

const NOW = new Date('2026-06-15T12:00:00Z');

const SURVEY = SurveyDefinitionSchema.parse({
  id: 'relationship',
  version: 1,
  title: { en: 'How are we doing?' },
  questions: [
    { id: 'nps', kind: 'nps', text: { en: 'How likely are you to recommend us?' } },
    { id: 'why', kind: 'text', text: { en: 'Why?' }, maxLength: 500 },
    { id: 'csat', kind: 'csat', text: { en: 'How satisfied are you?' } },
    { id: 'ces', kind: 'ces', text: { en: 'We made it easy.' } },
  ],
});

const DICTIONARY = [
  {
    id: 'billing',
    label: { en: 'Billing', fr: 'Facturation' },
    terms: { en: ['invoice*'], fr: ['factur*'] },
  },
  { id: 'people', label: { en: 'People', fr: 'Équipe' }, terms: { en: ['team', 'people'], fr: ['équipe'] } },
];

const PLAN = {
  objective: {
    metric: 'nps',
    scope: { type: 'portfolio' },
    target: 30,
    start: '2026-03-01',
    deadline: '2026-06-30',
  },
  owner: { email: 'cs@acme.test', name: 'Camille' },
  status: 'in-progress',
  checkpoints: ['2026-04-30', '2026-05-31'],
};

/** One answer: account, role, kind, score, day, and the comment given with it. */
type Answer = [
  account: string,
  role: string,
  kind: 'nps' | 'csat' | 'ces',
  score: number,
  day: string,
  why?: string,
];

/** Three months of a small portfolio, with comments in May (some in French, one with markup). */
function answers(): Answer[] {
  const out: Answer[] = [];
  const many = (n: number, a: Omit<Answer, 'length'>) => {
    for (let i = 0; i < n; i++) out.push([...a] as Answer);
  };
  many(8, ['a1', 'buyer', 'nps', 9, '2026-03-03']);
  many(6, ['a2', 'user', 'nps', 4, '2026-03-05']);
  many(15, ['a1', 'buyer', 'nps', 3, '2026-04-08']);
  many(12, ['a2', 'user', 'nps', 7, '2026-04-09']);
  many(6, ['a1', 'buyer', 'csat', 2, '2026-04-10']);
  many(4, ['a2', 'user', 'ces', 3, '2026-04-11']);
  many(14, ['a1', 'buyer', 'nps', 10, '2026-05-04']);
  many(9, ['a2', 'user', 'nps', 8, '2026-05-05']);
  many(7, ['a3', 'user', 'nps', 2, '2026-05-06']);
  many(9, ['a1', 'buyer', 'csat', 5, '2026-05-04']);
  many(3, ['a3', 'user', 'csat', 1, '2026-05-06']);
  many(5, ['a2', 'user', 'ces', 6, '2026-05-07']);
  out.push(['a1', 'buyer', 'nps', 10, '2026-05-12', 'The team is <b>great</b>, thank you']);
  out.push(['a2', 'user', 'nps', 6, '2026-05-13', 'Every invoice is wrong and late']);
  out.push(['a3', 'user', 'nps', 0, '2026-05-14', 'Facture erronée encore une fois, inacceptable']);
  out.push(['a3', 'user', 'nps', 9, '2026-05-15', 'Great people, the invoices are fine now']);
  return out;
}

const quote = (s: string) => `"${s.replaceAll('"', '""')}"`;

const section = (html: string, title: string) => {
  const start = html.indexOf(`<h2>${title}</h2>`);
  expect(start).toBeGreaterThan(-1);
  const end = html.indexOf('<h2>', start + 1);
  return html.slice(start, end === -1 ? undefined : end);
};

const url = process.env['CX_TEST_DATABASE_URL'];
const TARGETS: { name: string; open(): Promise<{ db: Database; drop(): Promise<void> }> }[] = [
  { name: 'pglite', open: async () => ({ db: await openDatabase({}), drop: async () => undefined }) },
  ...(url
    ? [
        {
          name: 'postgres',
          async open() {
            const schema = `cx_report_${randomBytes(6).toString('hex')}`;
            const db = await openDatabase({ databaseUrl: url, schema, poolSize: 2 });
            return { db, drop: async () => void (await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)) };
          },
        },
      ]
    : []),
];

describe.each(TARGETS)(
  'cxkit report --format html and the server ($name) report the same data alike',
  (target) => {
    let dir: string;
    let db: Database;
    let drop: () => Promise<void> = async () => undefined;
    let t: CreatedTenant;
    let app: ReturnType<typeof createApp>['app'];

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'cxkit-report-agree-'));
      ({ db, drop } = await target.open());
      t = await createTenant(db, { id: 'acme', name: 'Acme', allowedOrigins: ['https://app.acme.test'] });
      await saveVersion(db, t.id, 'survey', SURVEY.id, SURVEY, 'test');
      await saveVersion(db, t.id, 'themes', '', DICTIONARY, 'test');
      ({ app } = createApp({
        db,
        config: loadConfig({}, { LOG_LEVEL: 'silent', INSIGHTS_AFTER_ANSWER_MS: 0 }),
        logger: createLogger('silent'),
        now: () => NOW,
      }));
      const rows = answers();
      await storeResponses(
        db,
        t.id,
        rows.map(([account, role, kind, score, day, why], i) => {
          const response: Response = {
            id: randomUUID(),
            surveyId: SURVEY.id,
            surveyVersion: 1,
            accountId: account,
            respondentId: `p${i}@${account}.test`,
            role,
            channel: 'portal',
            answeredAt: `${day}T10:00:00Z`,
            answers: [
              { kind, questionId: kind, value: score },
              ...(why === undefined ? [] : [{ kind: 'text' as const, questionId: 'why', value: why }]),
            ],
          };
          return { response, survey: SURVEY };
        }),
      );
      while ((await analyzePendingVerbatims({ db })).responses > 0);
      const csv = [
        'account_id,respondent_id,role,metric,score,answered_at,comment',
        ...rows.map(
          ([account, role, kind, score, day, why], i) =>
            `${account},p${i}@${account}.test,${role},${kind},${score},${day}T10:00:00Z,${why === undefined ? '' : quote(why)}`,
        ),
      ];
      await writeFile(join(dir, 'answers.csv'), csv.join('\n') + '\n');
      await writeFile(join(dir, 'themes.json'), JSON.stringify(DICTIONARY));
      await writeFile(
        join(dir, 'plan.json'),
        JSON.stringify([{ title: 'Fix invoices', driver: 'theme:billing', plan: PLAN }]),
      );
      const admin = { 'content-type': 'application/json', authorization: `Bearer ${t.adminKey}` };
      const put = (path: string, body: unknown, method = 'PUT') =>
        app.request(`http://cxkit.test${path}`, { method, headers: admin, body: JSON.stringify(body) });
      expect((await put('/v1/analytics/targets', { nps: 30, csat: 80 })).status).toBe(200);
      const created = await put(
        '/v1/analytics/actions',
        { title: 'Fix invoices', driver: 'theme:billing', complexity: 'low', cost: 'low' },
        'POST',
      );
      expect(created.status).toBe(201);
      const { id } = (await created.json()) as { id: string };
      expect((await put(`/v1/analytics/actions/${id}/plan`, PLAN)).status).toBe(200);
    }, 120_000);

    afterAll(async () => {
      await drop();
      await db?.close();
      await rm(dir, { recursive: true, force: true });
    });

    it('gives the same KPIs, changes, themes and plan progress for May', async () => {
      const res = await app.request('http://cxkit.test/v1/analytics/report?month=2026-05', {
        headers: { authorization: `Bearer ${t.adminKey}` },
      });
      expect(res.status).toBe(200);
      const server = await res.text();
      const cli = await runCli(
        [
          'report',
          'answers.csv',
          '--format',
          'html',
          '--month',
          '2026-05',
          '--themes',
          'themes.json',
          '--plan',
          'plan.json',
          '--target',
          'nps=30,csat=80',
        ],
        dir,
      );
      expect(cli.stderr).toBe('');
      expect(cli.code).toBe(0);
      for (const title of ['Headline KPIs', 'Changes that matter', 'What customers talked about'])
        expect(section(cli.stdout, title), title).toBe(section(server, title));
      // The plan: the CLI says where it measured it; the rows are the same.
      const rowsOf = (html: string) => /<tbody>.*<\/tbody>/s.exec(section(html, 'Action plan'))?.[0];
      expect(rowsOf(cli.stdout)).toBeDefined();
      expect(rowsOf(cli.stdout)).toBe(rowsOf(server));
      // The sections are not empty: a figure, a change and a theme made it into both.
      expect(section(server, 'Headline KPIs')).toContain('n = 34');
      expect(section(server, 'Changes that matter')).toContain('<li>NPS rose');
      expect(section(server, 'What customers talked about')).toContain(
        '<td>Billing</td><td>3</td><td>2</td>',
      );
    });
  },
);
