import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { warnAboutDevKeys } from './dev-mode-warning.js';

const capture = () => {
  const lines: string[] = [];
  return { lines, logger: pino({ level: 'info' }, { write: (s: string) => void lines.push(s) }) };
};

describe('the CXKIT_DEV warning', () => {
  it('is logged at warn and printed as a banner when the fixed development key is in use', () => {
    const { lines, logger } = capture();
    let banner = '';
    expect(warnAboutDevKeys(logger, { CXKIT_DEV: 'true' }, { write: (s: string) => (banner += s) })).toBe(
      true,
    );
    const line = JSON.parse(lines[0]!);
    expect(line.level).toBe(40);
    expect(line.msg).toContain('FIXED PUBLIC development key');
    expect(banner).toContain('FIXED PUBLIC development key');
  });

  it('says nothing when development mode is off', () => {
    const { lines, logger } = capture();
    let banner = '';
    expect(warnAboutDevKeys(logger, { CXKIT_DEV: 'false' }, { write: (s: string) => (banner += s) })).toBe(
      false,
    );
    expect(lines).toEqual([]);
    expect(banner).toBe('');
  });
});
