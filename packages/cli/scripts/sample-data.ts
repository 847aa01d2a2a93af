// Seeded generator of realistic B2B survey answers, shared by the bundled sample and the benchmark.

import { seededRandom } from '@cxkit/core';
import { RECORD_FIELDS } from '../src/records/fields.js';

/**
 * Core's mulberry32, fed so that its stream starts from `seed` itself: core mixes the seed with
 * 0x9e3779b9, and undoing that keeps the bundled sample and benchmark files byte-identical.
 */
const sampleRandom = (seed: number): (() => number) => seededRandom(seed ^ 0x9e3779b9);

const ACCOUNTS = [
  ['acme-industrie', 'EMEA', 0.6],
  ['nordhafen-logistik', 'EMEA', 0.2],
  ['sol-packaging', 'EMEA', -0.4],
  ['alpine-pharma', 'EMEA', 0.9],
  ['great-lakes-steel', 'NAM', -0.1],
  ['pacific-foods', 'NAM', 0.4],
  ['redwood-energy', 'NAM', -0.8],
  ['harbor-chemicals', 'NAM', 0.1],
  ['sakura-motors', 'APAC', 0.5],
  ['monsoon-textiles', 'APAC', -0.3],
  ['outback-mining', 'APAC', 0.0],
  ['lion-city-labs', 'APAC', 0.7],
] as const;

const PRODUCTS = ['pumps', 'valves', 'sensors'] as const;
const ROLES = [
  ['buyer', -0.3],
  ['user', 0.2],
  ['prescriber', 0.4],
  ['support', -0.1],
] as const;

/** Header of the generated CSV: the record fields (answers use the default scales), then two dimensions. */
export const SAMPLE_HEADER: readonly string[] = [
  ...RECORD_FIELDS.filter((field) => field !== 'scale_min' && field !== 'scale_max'),
  'region',
  'product',
];

const clamp = (x: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, Math.round(x)));

const REGIONS = ['EMEA', 'NAM', 'APAC'] as const;

/** `n` generated accounts (`acct-00001`, ...) with a region and a health lean, for files at scale. */
function manyAccounts(n: number, random: () => number): (readonly [string, string, number])[] {
  return Array.from({ length: n }, (_, i) => {
    const region = REGIONS[Math.floor(random() * REGIONS.length)] as string;
    return [`acct-${String(i + 1).padStart(5, '0')}`, region, random() * 2 - 1] as const;
  });
}

/**
 * Yields `rows` CSV data rows (no header) of NPS, CSAT and CES answers from 2025: several respondents
 * per account with role-dependent leanings, a few "can't recommend" buyers and some skipped questions.
 * `accounts` replaces the twelve named accounts by that many generated ones (the benchmark uses 10,000).
 */
export function* sampleRows(rows: number, seed = 2025, accounts?: number): Generator<string> {
  const random = sampleRandom(seed);
  const accountList = accounts === undefined ? ACCOUNTS : manyAccounts(accounts, random);
  const normal = () => {
    const u = 1 - random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const start = Date.UTC(2025, 0, 1);
  const span = Date.UTC(2026, 0, 1) - start;
  let emitted = 0;
  while (emitted < rows) {
    const [account, region, health] = pick(accountList);
    const [role, lean] = pick(ROLES);
    const person = `${account}-p${1 + Math.floor(random() * 8)}`;
    const product = pick(PRODUCTS);
    const at = new Date(start + Math.floor(random() * span));
    // Accounts drift a little over the year, so trends by period are visible.
    const drift = (at.getUTCMonth() - 5.5) * 0.05 * (health >= 0 ? 1 : -1);
    const mood = health + lean + drift + 0.9 * normal();
    const answeredAt = at.toISOString().replace(/\.\d{3}Z$/, 'Z');
    const base = [account, person, role];
    const dims = [region, product];
    const cantRecommend = role === 'buyer' && random() < 0.06;
    const npsScore = cantRecommend ? (random() < 0.5 ? '0' : '') : String(clamp(7.6 + 2.2 * mood, 0, 10));
    const out = [[...base, 'nps', npsScore, answeredAt, cantRecommend ? 'true' : 'false', ...dims]];
    if (random() < 0.85) {
      const skipped = random() < 0.04;
      out.push([
        ...base,
        'csat',
        skipped ? '' : String(clamp(3.9 + 0.9 * mood, 1, 5)),
        answeredAt,
        '',
        ...dims,
      ]);
    }
    if (random() < 0.65)
      out.push([...base, 'ces', String(clamp(5.2 + 1.1 * mood, 1, 7)), answeredAt, '', ...dims]);
    for (const row of out) {
      if (emitted >= rows) break;
      emitted += 1;
      yield row.join(',');
    }
  }
}
