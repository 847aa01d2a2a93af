import { describe, expect, it } from 'vitest';
import { CANT_RECOMMEND, ResponseSchema, type ResponseInput } from '@cxkit/core';

const response: ResponseInput = {
  id: '7d3f1a52-0c4e-4b8e-9b1a-2f6c5d4e3a21',
  surveyId: 'relationship-q1',
  accountId: 'acme',
  respondentId: 'contact-42',
  role: 'buyer',
  answeredAt: '2026-03-02T09:15:00+01:00',
  answers: [
    { kind: 'nps', questionId: 'nps', value: CANT_RECOMMEND },
    { kind: 'csat', questionId: 'csat', value: 4 },
    { kind: 'ces', questionId: 'ces', value: null },
    { kind: 'text', questionId: 'why', value: 'Lead times are too long.' },
  ],
  attributes: { sector: 'energy', region: 'EMEA' },
};

function issues(input: unknown): string[] {
  const r = ResponseSchema.safeParse(input);
  expect(r.success).toBe(false);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('ResponseSchema', () => {
  it("accepts a B2B response with a can't-recommend answer and a skipped one, defaulting the channel", () => {
    const r = ResponseSchema.parse(response);
    expect(r.channel).toBe('web');
    expect(r.answers[0]!.value).toBe('cant-recommend');
  });

  it('accepts an anonymous response without respondent or role', () => {
    const { respondentId: _r, role: _role, ...anonymous } = response;
    expect(ResponseSchema.safeParse(anonymous).success).toBe(true);
  });

  it('rejects an NPS score outside 0-10 naming the answer', () => {
    const bad = { ...response, answers: [{ kind: 'nps', questionId: 'nps', value: 11 }] };
    expect(issues(bad)[0]).toMatch(/^answers\.0\.value/);
  });

  it("rejects can't-recommend on a non-NPS question", () => {
    const bad = { ...response, answers: [{ kind: 'csat', questionId: 'csat', value: CANT_RECOMMEND }] };
    expect(issues(bad)[0]).toMatch(/^answers\.0\.value/);
  });

  it('rejects answering the same question twice, a bad id, date, role or attribute key', () => {
    const twice = { ...response, answers: [response.answers[1], response.answers[1]] };
    expect(issues(twice)).toEqual(['answers: each question may be answered once']);
    expect(issues({ ...response, id: 'abc' })[0]).toMatch(/^id: Invalid UUID/);
    expect(issues({ ...response, answeredAt: '02/03/2026' })[0]).toMatch(/^answeredAt: Invalid ISO datetime/);
    expect(issues({ ...response, role: 'Head Buyer' })).toEqual([
      'role: must be a lowercase slug such as "buyer" or "after-sales"',
    ]);
    expect(issues({ ...response, attributes: { 'bad key': 'x' } })[0]).toMatch(/^attributes/);
  });

  it('needs between 1 and 7 answers', () => {
    expect(issues({ ...response, answers: [] })[0]).toMatch(/^answers: Too small/);
  });
});

describe('answers of the multi-choice, ranking and matrix kinds', () => {
  const withAnswer = (a: unknown) => ({ ...response, answers: [a] });

  it('accepts option-id lists, an item-score record, and null when skipped', () => {
    const r = ResponseSchema.parse({
      ...response,
      answers: [
        { kind: 'multi-choice', questionId: 'tools', value: ['crm', 'erp'] },
        { kind: 'ranking', questionId: 'rank', value: ['price', 'speed', 'quality'] },
        { kind: 'matrix', questionId: 'rate', value: { delivery: 4, support: 2 } },
        { kind: 'matrix', questionId: 'rate2', value: null },
      ],
    });
    expect(r.answers.map((a) => a.value)).toEqual([
      ['crm', 'erp'],
      ['price', 'speed', 'quality'],
      { delivery: 4, support: 2 },
      null,
    ]);
  });

  it('rejects a score off 0-10, a malformed id and too many entries, naming the field', () => {
    expect(issues(withAnswer({ kind: 'matrix', questionId: 'm', value: { a: 11 } }))[0]).toMatch(
      /^answers\.0\.value\.a: /,
    );
    expect(issues(withAnswer({ kind: 'matrix', questionId: 'm', value: { a: 1.5 } }))[0]).toMatch(
      /^answers\.0\.value\.a: /,
    );
    expect(
      issues(withAnswer({ kind: 'multi-choice', questionId: 'm', value: ['ok', 'has space'] }))[0],
    ).toMatch(/^answers\.0\.value\.1: /);
    expect(issues(withAnswer({ kind: 'ranking', questionId: 'r', value: 'a' }))[0]).toMatch(
      /^answers\.0\.value: /,
    );
    const seven = Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`i${i}`, 1]));
    expect(issues(withAnswer({ kind: 'matrix', questionId: 'm', value: seven }))).toEqual([
      'answers.0.value: at most 6 items',
    ]);
    const nine = Array.from({ length: 9 }, (_, i) => `o${i}`);
    expect(issues(withAnswer({ kind: 'ranking', questionId: 'r', value: nine }))[0]).toMatch(
      /^answers\.0\.value: /,
    );
  });
});
