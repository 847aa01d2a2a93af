const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** A count with thousands separators: 1234567 -> "1,234,567". */
export function formatCount(n: number): string {
  return grouped.format(n);
}

/** A number with fixed decimals, or an em dash for null. */
export function formatFixed(value: number | null | undefined, decimals: number, signed = false): string {
  if (value === null || value === undefined) return '—';
  const text = value.toFixed(decimals);
  // -0.0 reads as a loss that is not there.
  const clean = /^-0\.?0*$/.test(text) ? text.slice(1) : text;
  return signed && value > 0 && !/^0\.?0*$/.test(clean) ? `+${clean}` : clean;
}

/** A confidence level as a percentage label: 0.95 -> "95%", 0.995 -> "99.5%". */
export function formatLevel(level: number): string {
  return `${Number((level * 100).toFixed(4))}%`;
}

/** A count and its noun, singular or plural: (1, 'row') -> "1 row", (1200, 'row') -> "1,200 rows". */
export function formatCounted(n: number, noun: string): string {
  return `${formatCount(n)} ${n === 1 ? noun : `${noun}s`}`;
}
