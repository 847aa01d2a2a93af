import { describe, expect, it } from 'vitest';
import { nextPeriodKey, periodBounds, periodKey, periodRange } from '@cxkit/core';

describe('periods', () => {
  it('key a date by its UTC month or quarter', () => {
    expect(periodKey('2026-03-15T10:00:00Z', 'month')).toBe('2026-03');
    expect(periodKey('2026-03-31T23:30:00-02:00', 'month')).toBe('2026-04');
    expect(periodKey(new Date(Date.UTC(2026, 11, 31)), 'quarter')).toBe('2026-Q4');
    expect(periodKey('2026-04-01T00:00:00Z', 'quarter')).toBe('2026-Q2');
  });

  it('step and span periods across year ends', () => {
    expect(nextPeriodKey('2026-12')).toBe('2027-01');
    expect(nextPeriodKey('2026-Q4')).toBe('2027-Q1');
    expect(periodRange('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(periodRange('2026-Q2', '2026-Q1')).toEqual([]);
  });

  it('give half-open UTC bounds', () => {
    const b = periodBounds('2026-Q1');
    expect(b.start.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(b.end.toISOString()).toBe('2026-04-01T00:00:00.000Z');
    expect(periodKey(new Date(b.end.getTime() - 1), 'quarter')).toBe('2026-Q1');
  });

  it('reject bad dates, bad keys and mixed grains', () => {
    expect(() => periodKey('not a date', 'month')).toThrowError(/periodKey\/invalid-date/);
    expect(() => nextPeriodKey('2026-13')).toThrowError(/nextPeriodKey\/invalid-period/);
    expect(() => periodRange('2026-01', '2026-Q2')).toThrowError(/periodRange\/mixed-periods/);
  });
});
