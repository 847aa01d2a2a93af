import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  byBuckets,
  byDimension,
  byPeriod,
  groupSummaries,
  nestedGroupSummaries,
  nps,
  pnps,
  scoredCount,
  summarize,
  type SegmentRow,
} from '@cxkit/core';

// The NPS sample (data/nps-sample.csv): 1,000 answers from 2012 with Account, Region, BU and PRODUCT.
// The counts asserted below were computed by `python3 data/scripts/nps-sample-check.py` (no cxkit code).
const csv = readFileSync(new URL('../../../data/nps-sample.csv', import.meta.url), 'utf8');
const [header, ...lines] = csv.trim().split('\n');
const cols = header!.split(',').map((c) => c.replaceAll('"', ''));
const rows: SegmentRow[] = lines.map((line) => {
  const cells = line.split(',').map((c) => c.replaceAll('"', ''));
  const get = (name: string) => cells[cols.indexOf(name)]!;
  return {
    dims: { region: get('Region'), account: get('Account'), bu: get('BU'), product: get('PRODUCT') },
    answeredAt: `${get('date')}T12:00:00Z`,
    kind: 'nps',
    value: Number(get('REC')),
  };
});

describe('segmentation', () => {
  it('groups the sample by region into summaries that add back up to the whole', () => {
    const byRegion = groupSummaries(rows, byDimension('region'), { kind: 'nps' });
    expect([...byRegion.keys()]).toEqual(['APAC', 'EMEA', 'LATAM', 'NAM']);
    expect([...byRegion.values()].map(scoredCount)).toEqual([180, 89, 192, 539]);
    const emea = rows.filter((r) => r.dims.region === 'EMEA').map((r) => r.value as number);
    expect(nps(byRegion.get('EMEA')!).value).toBeCloseTo(
      (100 * (emea.filter((v) => v >= 9).length - emea.filter((v) => v <= 6).length)) / emea.length,
      9,
    );
  });

  it('groups by month and by segment then quarter', () => {
    const months = groupSummaries(rows, byPeriod('month'), { kind: 'nps' });
    expect(months.size).toBe(12);
    expect(scoredCount(months.get('2012-01')!)).toBe(71);
    const nested = nestedGroupSummaries(rows, byDimension('region'), byPeriod('quarter'), { kind: 'nps' });
    const namQuarters = [...nested.get('NAM')!.values()].map(scoredCount);
    expect(namQuarters.reduce((a, b) => a + b)).toBe(539);
    expect([...nested.get('NAM')!.keys()]).toEqual(['2012-Q1', '2012-Q2', '2012-Q3', '2012-Q4']);
  });

  it('puts rows without the attribute in "(none)" or drops them, and ignores other kinds', () => {
    const mixed: SegmentRow[] = [
      { dims: { sector: 'energy' }, answeredAt: '2026-01-01T00:00:00Z', kind: 'nps', value: 9 },
      { dims: {}, answeredAt: '2026-01-01T00:00:00Z', kind: 'nps', value: 3 },
      { dims: { sector: 'energy' }, answeredAt: '2026-01-01T00:00:00Z', kind: 'csat', value: 5 },
    ];
    expect([...groupSummaries(mixed, byDimension('sector'), { kind: 'nps' }).keys()]).toEqual([
      '(none)',
      'energy',
    ]);
    expect([...groupSummaries(mixed, byDimension('sector', null), { kind: 'nps' }).keys()]).toEqual([
      'energy',
    ]);
  });

  it('infers the kind from the rows and refuses to mix kinds without one', () => {
    const nps = groupSummaries(rows.slice(0, 10), byDimension('region'));
    expect([...nps.values()][0]!.kind).toBe('nps');
    const mixed: SegmentRow[] = [
      { dims: {}, answeredAt: '2026-01-01T00:00:00Z', kind: 'nps', value: 9 },
      { dims: {}, answeredAt: '2026-01-01T00:00:00Z', kind: 'csat', value: 4 },
    ];
    expect(() => groupSummaries(mixed, byDimension('x'))).toThrowError(
      /groupSummaries\/mixed-kinds: rows\[1\]\.kind/,
    );
  });

  it('cuts numeric attributes such as tenure into buckets', () => {
    const at = '2026-01-01T00:00:00Z';
    const tenure: SegmentRow[] = ['0.5', '1', '2.9', '3', '12', undefined].map((t) => ({
      dims: t === undefined ? ({} as Record<string, string>) : { tenureYears: t },
      answeredAt: at,
      kind: 'nps',
      value: 9,
    }));
    const g = groupSummaries(tenure, byBuckets('tenureYears', [1, 3]));
    expect(new Map([...g].map(([k, s]) => [k, scoredCount(s)]))).toEqual(
      new Map([
        ['(none)', 1],
        ['1-3', 2],
        ['<1', 1],
        ['>=3', 2],
      ]),
    );
    expect(() => byBuckets('x', [3, 1])).toThrowError(/byBuckets\/invalid-edges/);
    expect(() =>
      groupSummaries(
        [{ dims: { tenureYears: 'long' }, answeredAt: at, kind: 'nps', value: 9 }],
        byBuckets('tenureYears', [1]),
      ),
    ).toThrowError(/byBuckets\/not-a-number: dims\.tenureYears/);
  });

  it('refuses to mix scales in one group', () => {
    const tenPoint = { min: 1, max: 10, polarity: 'higher-is-better' as const };
    const csatRows: SegmentRow[] = [
      { dims: { region: 'EMEA' }, answeredAt: '2026-01-01T00:00:00Z', kind: 'csat', value: 4 },
      {
        dims: { region: 'NAM' },
        answeredAt: '2026-01-01T00:00:00Z',
        kind: 'csat',
        value: 9,
        scale: tenPoint,
      },
    ];
    const ok = groupSummaries(csatRows, byDimension('region'));
    expect(ok.get('NAM')!.scale.max).toBe(10);
    expect(() => groupSummaries(csatRows, () => 'all')).toThrowError(
      /groupSummaries\/scale-mismatch: rows\[1\]\.scale/,
    );
  });

  it('names the row of an off-scale score', () => {
    const bad: SegmentRow[] = [{ dims: {}, answeredAt: '2026-01-01T00:00:00Z', kind: 'csat', value: 9 }];
    expect(() => groupSummaries(bad, byDimension('x'), { kind: 'csat' })).toThrowError(
      /groupSummaries\/invalid-value: rows\[0\]\.value/,
    );
  });
});

describe('pnps', () => {
  it('is the NPS of the partner audience only', () => {
    const byAudience = { customer: summarize('nps', [10, 2]), partner: summarize('nps', [9, 9, 4]) };
    expect(pnps(byAudience).value).toBeCloseTo(100 / 3, 9);
    expect(pnps(new Map([['partner', [summarize('nps', [9]), summarize('nps', [0])]]])).value).toBe(0);
  });

  it('says insufficient data without partner answers', () => {
    expect(pnps({ customer: summarize('nps', [10]) })).toMatchObject({
      status: 'insufficient-data',
      reason: 'no partner answers',
    });
  });
});
