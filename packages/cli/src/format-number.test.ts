import { describe, expect, it } from 'vitest';
import { formatCount, formatCounted, formatFixed, formatLevel } from './format-number.js';

describe('number formatting in tables', () => {
  it('never prints a negative zero, signs changes on request, and shows missing values as a dash', () => {
    expect(formatFixed(-0.04, 1)).toBe('0.0');
    expect(formatFixed(-0.05001, 1)).toBe('-0.1');
    expect(formatFixed(2.25, 1, true)).toBe('+2.3');
    expect(formatFixed(0.001, 1, true)).toBe('0.0');
    expect(formatFixed(null, 1)).toBe('—');
  });

  it('groups thousands and labels levels as percentages', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatLevel(0.95)).toBe('95%');
    expect(formatLevel(0.995)).toBe('99.5%');
    expect(formatCounted(1, 'row')).toBe('1 row');
    expect(formatCounted(1200, 'row')).toBe('1,200 rows');
  });
});
