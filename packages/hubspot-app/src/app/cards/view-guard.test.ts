import { AccountSummaryViewSchema } from '@cxkit/core';
import { describe, expect, it } from 'vitest';
import { isAccountSummaryView } from './view-guard.ts';
import { EMPTY_VIEW, FULL_VIEW, SMALL_SAMPLE_VIEW } from './test-fixtures.ts';

describe('the card’s check of a server answer', () => {
  it.each([
    ['full', FULL_VIEW],
    ['small sample', SMALL_SAMPLE_VIEW],
    ['empty', EMPTY_VIEW],
  ])('accepts the %s fixture, which the core schema accepts as is', (_name, view) => {
    expect(AccountSummaryViewSchema.parse(view)).toEqual(view);
    expect(isAccountSummaryView(view)).toBe(true);
  });

  it('rejects what the core schema rejects on the fields the card relies on', () => {
    for (const broken of [
      { ...FULL_VIEW, nps: undefined },
      { ...FULL_VIEW, verbatims: 'none' },
      { ...FULL_VIEW, accountId: 42 },
      null,
    ]) {
      expect(AccountSummaryViewSchema.safeParse(broken).success).toBe(false);
      expect(isAccountSummaryView(broken)).toBe(false);
    }
  });
});
