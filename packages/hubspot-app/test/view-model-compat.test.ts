import { AccountSummaryViewSchema, type AccountSummaryView as CoreView } from '@cxkit/core';
import { describe, expect, it } from 'vitest';
import type { AccountSummaryView as CardView } from '../src/app/cards/account-summary-view.ts';
import { isAccountSummaryView } from '../src/app/cards/account-summary-view.ts';
import { EMPTY_VIEW, FULL_VIEW, SMALL_SAMPLE_VIEW } from '../src/app/cards/test-fixtures.ts';

// The card keeps its own copy of the view model type; typechecking fails here if it drifts from core's.
type Mutual<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameShape: Mutual<CoreView, CardView> = true;

describe('the card’s copy of the account view model', () => {
  it.each([
    ['full', FULL_VIEW],
    ['small sample', SMALL_SAMPLE_VIEW],
    ['empty', EMPTY_VIEW],
  ])('accepts the %s fixture exactly as the core schema does', (_name, view) => {
    expect(sameShape).toBe(true);
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
