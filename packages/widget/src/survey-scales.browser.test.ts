// Issue 19: the widget asks on the scale core computes with, and branches on core's top box.
// Expected values are the catalogue's (docs/kpis.md: CSAT 1-5 top box 4-5, yes/no 0-1 "yes",
// smileys 1-3 the happy one, CES 1-7 6-7, 1-10 8-10); core's functions must agree with them too.
import { expect } from 'chai';
import type { SurveyDefinitionInput } from '@cxkit/core';
import { defaultTopBox, inTopBox, questionScale, type ScaleSource } from '@cxkit/core/scales';
import { cleanPage, mount, next, questionText, radios, uid } from '../test/browser-helpers.js';

type Case = {
  name: string;
  q: Record<string, unknown>;
  values: number[];
  /** Scores that are in the top box (band `high`). */
  top: number[];
};

const CASES: Case[] = [
  { name: 'NPS 0-10', q: { kind: 'nps', allowCantRecommend: false }, values: range(0, 10), top: [9, 10] },
  { name: 'CSAT 1-5 numbers', q: { kind: 'csat', display: 'numbers' }, values: range(1, 5), top: [4, 5] },
  { name: 'CSAT 1-5 stars', q: { kind: 'csat', display: 'stars' }, values: range(1, 5), top: [4, 5] },
  { name: 'CSAT yes/no', q: { kind: 'csat', display: 'yes-no' }, values: [0, 1], top: [1] },
  { name: 'CSAT smileys', q: { kind: 'csat', display: 'smileys' }, values: [1, 2, 3], top: [3] },
  {
    name: 'CSAT 1-10',
    q: { kind: 'csat', display: 'numbers', scale: { min: 1, max: 10, polarity: 'higher-is-better' } },
    values: range(1, 10),
    top: [8, 9, 10],
  },
  { name: 'CES 1-7', q: { kind: 'ces' }, values: range(1, 7), top: [6, 7] },
  {
    name: 'CES effort 1-10 (higher is worse)',
    q: { kind: 'ces', scale: { min: 1, max: 10, polarity: 'higher-is-worse' } },
    values: range(1, 10),
    top: [1, 2, 3],
  },
  { name: 'CES 1-7 with top box 5', q: { kind: 'ces', topBox: 5 }, values: range(1, 7), top: [5, 6, 7] },
  { name: 'C2ES 1-5', q: { kind: 'c2es' }, values: range(1, 5), top: [4, 5] },
];

function range(a: number, b: number): number[] {
  return Array.from({ length: b - a + 1 }, (_, i) => a + i);
}

const survey = (c: Case): SurveyDefinitionInput =>
  ({
    id: uid('scale'),
    questions: [
      { id: 'q', text: { en: 'Score?' }, ...c.q },
      {
        id: 'good',
        kind: 'text',
        text: { en: 'Top box follow-up' },
        showIf: { question: 'q', bands: [c.q.kind === 'nps' ? 'promoter' : 'high'] },
      },
      { id: 'end', kind: 'text', text: { en: 'Last' } },
    ],
  }) as SurveyDefinitionInput;

describe('the widget and core agree on every scale and top box', () => {
  afterEach(cleanPage);

  for (const c of CASES)
    it(c.name, async () => {
      const scale = questionScale(c.q as unknown as ScaleSource);
      const box = (c.q.topBox as number | undefined) ?? defaultTopBox(c.q.kind as 'nps', scale);
      expect(range(scale.min, scale.max), 'core scale = catalogue').to.deep.equal(c.values);
      expect(
        c.values.filter((v) => inTopBox(v, box, scale)),
        'core top box = catalogue',
      ).to.deep.equal(c.top);
      for (const v of c.values) {
        const el = await mount({}, survey(c));
        expect(
          radios(el).map((r) => Number(r.value)),
          'the widget offers the scale',
        ).to.deep.equal(c.values);
        radios(el)
          .find((r) => Number(r.value) === v)!
          .click();
        await el.updateComplete;
        await next(el);
        expect(questionText(el), `follow-up after ${v}`).to.equal(
          c.top.includes(v) ? 'Top box follow-up' : 'Last',
        );
        el.remove();
        localStorage.clear();
      }
    });
});
