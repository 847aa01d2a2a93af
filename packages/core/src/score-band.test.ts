import { describe, expect, it } from 'vitest';
import { DEFAULT_SCALES, defaultTopBox, scoreBand, type Scale } from '@cxkit/core';

const s = (min: number, max: number, polarity: Scale['polarity'] = 'higher-is-better'): Scale => ({
  min,
  max,
  polarity,
});

describe('score bands', () => {
  it('default top boxes follow the catalogue: 4 on 1-5, 8 on 1-10, yes on 0-1, happy smiley on 1-3', () => {
    expect(defaultTopBox('csat', s(1, 5))).toBe(4);
    expect(defaultTopBox('csat', s(1, 10))).toBe(8);
    expect(defaultTopBox('csat', s(0, 1))).toBe(1);
    expect(defaultTopBox('csat', s(1, 3))).toBe(3);
    expect(defaultTopBox('ces', s(1, 7))).toBe(6);
    expect(defaultTopBox('ces', s(1, 10, 'higher-is-worse'))).toBe(3);
    expect(defaultTopBox('nps', DEFAULT_SCALES.nps)).toBe(9);
  });

  it('NPS scores fall in detractor 0-6, passive 7-8, promoter 9-10', () => {
    expect([0, 6, 7, 8, 9, 10].map((x) => scoreBand('nps', DEFAULT_SCALES.nps, x))).toEqual([
      'detractor',
      'detractor',
      'passive',
      'passive',
      'promoter',
      'promoter',
    ]);
  });

  it('other scores are high in the top box and low otherwise, honouring polarity', () => {
    expect(scoreBand('csat', s(1, 5), 4)).toBe('high');
    expect(scoreBand('csat', s(1, 5), 3)).toBe('low');
    expect(scoreBand('csat', s(1, 5), 3, 3)).toBe('high');
    expect(scoreBand('ces', s(1, 10, 'higher-is-worse'), 2)).toBe('high');
    expect(scoreBand('ces', s(1, 10, 'higher-is-worse'), 9)).toBe('low');
  });

  it('rejects scores and top boxes off the scale', () => {
    expect(() => scoreBand('csat', s(1, 5), 6)).toThrowError(/scoreBand\/out-of-scale/);
    expect(() => scoreBand('csat', s(1, 5), 4, 0)).toThrowError(/scoreBand\/top-box-out-of-scale/);
  });
});
