import { describe, expect, it } from 'vitest';
import {
  MAX_QUESTIONS,
  QuestionSchema,
  SurveyDefinitionSchema,
  type SurveyDefinitionInput,
} from '@cxkit/core';

const relationship: SurveyDefinitionInput = {
  id: 'relationship-q1',
  title: { en: 'How are we doing?', fr: 'Comment allons-nous ?' },
  questions: [
    { id: 'nps', kind: 'nps', text: { en: 'How likely are you to recommend us to a colleague?' } },
    {
      id: 'why-low',
      kind: 'text',
      text: { en: 'What should we improve?' },
      showIf: { question: 'nps', bands: ['detractor', 'passive'] },
    },
    { id: 'csat', kind: 'csat', display: 'stars', text: { en: 'How satisfied are you with delivery?' } },
    {
      id: 'ces',
      kind: 'ces',
      text: { en: 'How much effort did you have to make?' },
      scale: { min: 1, max: 10, polarity: 'higher-is-worse' },
    },
    { id: 'why-hard', kind: 'text', text: { en: 'Why?' }, showIf: { question: 'ces', bands: ['low'] } },
  ],
};

/** The issues of a rejected definition as "path: message" lines. */
function issues(input: unknown): string[] {
  const r = SurveyDefinitionSchema.safeParse(input);
  expect(r.success).toBe(false);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

const withQuestions = (questions: unknown[]) => ({ ...relationship, questions });

describe('SurveyDefinitionSchema', () => {
  it('accepts a relationship survey and applies the defaults', () => {
    const s = SurveyDefinitionSchema.parse(relationship);
    expect(s).toMatchObject({
      version: 1,
      audience: 'customer',
      moment: 'relationship',
      anonymous: false,
      fatigueDays: 90,
    });
    expect(s.questions[0]).toMatchObject({ kind: 'nps', allowCantRecommend: true, required: false });
    expect(s.questions[1]).toMatchObject({ kind: 'text', maxLength: 1000 });
  });

  it('accepts a partner survey (pNPS) and an anonymous one-click pulse', () => {
    expect(SurveyDefinitionSchema.parse({ ...relationship, audience: 'partner' }).audience).toBe('partner');
    const pulse = {
      id: 'daily-pulse',
      moment: 'pulse',
      anonymous: true,
      questions: [
        { id: 'mood', kind: 'csat', display: 'smileys', text: { fr: 'Comment s’est passée la journée ?' } },
      ],
    };
    expect(SurveyDefinitionSchema.parse(pulse).anonymous).toBe(true);
  });

  it(`keeps surveys short: at most ${MAX_QUESTIONS} questions, at least one`, () => {
    const q = (i: number) => ({ id: `q${i}`, kind: 'text', text: { en: 'Anything else?' } });
    expect(issues(withQuestions(Array.from({ length: MAX_QUESTIONS + 1 }, (_, i) => q(i))))).toEqual([
      expect.stringMatching(/^questions: Too big/),
    ]);
    expect(issues(withQuestions([]))).toEqual([expect.stringMatching(/^questions: Too small/)]);
  });

  it('rejects duplicate question ids at the duplicate', () => {
    const q = { id: 'same', kind: 'text', text: { en: 'A?' } };
    expect(issues(withQuestions([q, q]))).toEqual(['questions.1.id: duplicate question id "same"']);
  });

  it('requires showIf to name an earlier scored question, with bands of its kind', () => {
    const text = { id: 't', kind: 'text', text: { en: 'Why?' } };
    expect(issues(withQuestions([{ ...text, showIf: { question: 'later', bands: ['low'] } }]))).toEqual([
      'questions.0.showIf.question: must name an earlier question',
    ]);
    expect(issues(withQuestions([{ ...text, showIf: { question: 't', bands: ['low'] } }]))).toEqual([
      'questions.0.showIf.question: must name an earlier question',
    ]);
    expect(
      issues(
        withQuestions([
          text,
          { id: 'u', kind: 'text', text: { en: 'And?' }, showIf: { question: 't', bands: ['low'] } },
        ]),
      ),
    ).toEqual(['questions.1.showIf.question: must name a scored question']);
    expect(
      issues(
        withQuestions([
          relationship.questions[0],
          { ...text, showIf: { question: 'nps', bands: ['promoter', 'low'] } },
        ]),
      ),
    ).toEqual(['questions.1.showIf.bands.1: a nps question has the bands detractor, passive, promoter']);
  });

  it('rejects a CSAT display that contradicts its scale, and a top box off the scale', () => {
    const csat = { id: 'c', kind: 'csat', text: { en: 'Satisfied?' } };
    expect(issues(withQuestions([{ ...csat, display: 'smileys', scale: { min: 1, max: 5 } }]))).toEqual([
      'questions.0.scale: smileys use the 1-3 scale',
    ]);
    expect(issues(withQuestions([{ ...csat, display: 'yes-no', topBox: 4 }]))).toEqual([
      'questions.0.topBox: topBox must lie within the scale 0-1',
    ]);
    expect(issues(withQuestions([{ id: 'e', kind: 'ces', text: { en: 'Easy?' }, topBox: 9 }]))).toEqual([
      'questions.0.topBox: topBox must lie within the scale 1-7',
    ]);
  });

  it('rejects malformed ids, locales and scales naming the field', () => {
    expect(issues({ ...relationship, id: 'has space' })).toEqual([
      'id: must be 1-64 letters, digits, "_", ".", ":" or "-"',
    ]);
    expect(issues({ ...relationship, title: { english: 'Hi' } })[0]).toMatch(/^title\.english/);
    expect(
      issues(withQuestions([{ id: 'c', kind: 'ces', text: { en: 'Easy?' }, scale: { min: 5, max: 3 } }])),
    ).toEqual(['questions.0.scale.max: max must be greater than min']);
    expect(issues({ ...relationship, unknownField: true })).toEqual([
      expect.stringMatching(/Unrecognized key/),
    ]);
  });

  it('parses single questions by kind and rejects an unknown kind', () => {
    expect(
      QuestionSchema.parse({
        id: 'x',
        kind: 'single-choice',
        text: { en: 'Pick' },
        options: [
          { id: 'a', label: { en: 'A' } },
          { id: 'b', label: { en: 'B' } },
        ],
      }).kind,
    ).toBe('single-choice');
    expect(QuestionSchema.safeParse({ id: 'x', kind: 'slider', text: { en: 'Hm' } }).success).toBe(false);
    const dup = QuestionSchema.safeParse({
      id: 'x',
      kind: 'single-choice',
      text: { en: 'Pick' },
      options: [
        { id: 'a', label: { en: 'A' } },
        { id: 'a', label: { en: 'B' } },
      ],
    });
    expect(dup.success === false && dup.error.issues[0]).toMatchObject({
      path: ['options'],
      message: 'option ids must be unique',
    });
  });
});

describe('multi-choice, ranking and matrix questions', () => {
  const opts = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `o${i}`, label: { en: `O${i}` } }));
  const items = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `i${i}`, label: { en: `I${i}` } }));

  it('parses them with their defaults (no min on multi-choice, matrix on 1-5 when no scale is declared)', () => {
    const multi = QuestionSchema.parse({
      id: 'm',
      kind: 'multi-choice',
      text: { en: 'Which?' },
      options: opts(3),
    });
    expect(multi).toMatchObject({ kind: 'multi-choice', minSelected: 0, required: false });
    expect(multi).not.toHaveProperty('maxSelected');
    expect(
      QuestionSchema.parse({ id: 'r', kind: 'ranking', text: { en: 'Order' }, options: opts(8) }).kind,
    ).toBe('ranking');
    expect(
      QuestionSchema.parse({ id: 'x', kind: 'matrix', text: { en: 'Rate' }, items: items(2) }),
    ).not.toHaveProperty('scale');
  });

  it('bounds the options and items, and rejects duplicate ids', () => {
    const bad = (q: object) => {
      const r = QuestionSchema.safeParse({ id: 'q', text: { en: 'Q' }, ...q });
      return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    };
    expect(bad({ kind: 'multi-choice', options: opts(13) })[0]).toMatch(/^options: /);
    expect(bad({ kind: 'ranking', options: opts(9) })[0]).toMatch(/^options: /);
    expect(bad({ kind: 'ranking', options: opts(1) })[0]).toMatch(/^options: /);
    expect(bad({ kind: 'matrix', items: items(7) })[0]).toMatch(/^items: /);
    expect(bad({ kind: 'matrix', items: items(1) })[0]).toMatch(/^items: /);
    expect(bad({ kind: 'ranking', options: [...opts(2), opts(1)[0]] })).toEqual([
      'options: option ids must be unique',
    ]);
    expect(bad({ kind: 'matrix', items: [...items(2), items(1)[0]] })).toEqual([
      'items: item ids must be unique',
    ]);
    expect(bad({ kind: 'multi-choice', options: [...opts(2), opts(1)[0]] })).toEqual([
      'options: option ids must be unique',
    ]);
    expect(bad({ kind: 'matrix', items: items(2), scale: { min: 3, max: 2 } })).toEqual([
      'scale.max: max must be greater than min',
    ]);
  });

  it('keeps minSelected and maxSelected within the options and in order', () => {
    const bad = (q: object) => {
      const r = QuestionSchema.safeParse({
        id: 'q',
        kind: 'multi-choice',
        text: { en: 'Q' },
        options: opts(3),
        ...q,
      });
      return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    };
    expect(bad({ minSelected: 1, maxSelected: 3 })).toEqual([]);
    expect(bad({ maxSelected: 4 })).toEqual(['maxSelected: must not exceed the number of options']);
    expect(bad({ minSelected: 4 })).toEqual(['minSelected: must not exceed the number of options']);
    expect(bad({ minSelected: 3, maxSelected: 2 })).toEqual(['maxSelected: must be at least minSelected']);
    expect(bad({ maxSelected: 0 })[0]).toMatch(/^maxSelected: /);
    expect(bad({ minSelected: -1 })[0]).toMatch(/^minSelected: /);
    expect(bad({ minSelected: 1.5 })[0]).toMatch(/^minSelected: /);
  });

  const color = {
    id: 'color',
    kind: 'single-choice',
    text: { en: 'Colour?' },
    options: [
      { id: 'red', label: { en: 'Red' } },
      { id: 'blue', label: { en: 'Blue' } },
    ],
  };
  const tools = { id: 'tools', kind: 'multi-choice', text: { en: 'Tools?' }, options: opts(3) };
  const why = { id: 'why', kind: 'text', text: { en: 'Why?' } };

  it('accepts jump logic on an earlier choice and on a hidden field', () => {
    const s = SurveyDefinitionSchema.parse(
      withQuestions([
        color,
        tools,
        { ...why, showIf: { question: 'color', anyOf: ['red'] } },
        { ...why, id: 'why2', showIf: { question: 'tools', anyOf: ['o0', 'o2'] } },
        { ...why, id: 'why3', showIf: { hidden: 'plan', anyOf: ['enterprise', 'pro'] } },
      ]),
    );
    expect(s.questions.map((q) => q.showIf)).toEqual([
      undefined,
      undefined,
      { question: 'color', anyOf: ['red'] },
      { question: 'tools', anyOf: ['o0', 'o2'] },
      { hidden: 'plan', anyOf: ['enterprise', 'pro'] },
    ]);
  });

  it('rejects option jumps to a later, unknown or non-choice question and unknown option ids, at the path', () => {
    expect(issues(withQuestions([{ ...why, showIf: { question: 'color', anyOf: ['red'] } }, color]))).toEqual(
      ['questions.0.showIf.question: must name an earlier question'],
    );
    expect(
      issues(
        withQuestions([
          { id: 'n', kind: 'nps', text: { en: 'NPS' } },
          { ...why, showIf: { question: 'n', anyOf: ['red'] } },
        ]),
      ),
    ).toEqual(['questions.1.showIf.question: must name a single-choice or multi-choice question']);
    expect(
      issues(
        withQuestions([
          { id: 'r', kind: 'ranking', text: { en: 'R' }, options: opts(2) },
          { ...why, showIf: { question: 'r', anyOf: ['o0'] } },
        ]),
      ),
    ).toEqual(['questions.1.showIf.question: must name a single-choice or multi-choice question']);
    expect(
      issues(withQuestions([color, { ...why, showIf: { question: 'color', anyOf: ['red', 'green'] } }])),
    ).toEqual(['questions.1.showIf.anyOf.1: "green" is not an option of question "color"']);
    expect(issues(withQuestions([tools, { ...why, showIf: { question: 'tools', bands: ['low'] } }]))).toEqual(
      ['questions.1.showIf.question: must name a scored question'],
    );
  });

  it('rejects an empty anyOf, a malformed hidden-field key and a condition mixing both forms', () => {
    expect(issues(withQuestions([color, { ...why, showIf: { question: 'color', anyOf: [] } }]))[0]).toMatch(
      /^questions\.1\.showIf/,
    );
    expect(issues(withQuestions([{ ...why, showIf: { hidden: 'has space', anyOf: ['x'] } }]))[0]).toMatch(
      /^questions\.0\.showIf/,
    );
    expect(
      issues(
        withQuestions([color, { ...why, showIf: { question: 'color', hidden: 'plan', anyOf: ['red'] } }]),
      ),
    ).toEqual(['questions.1.showIf: must be { question, bands }, { question, anyOf } or { hidden, anyOf }']);
  });
});
