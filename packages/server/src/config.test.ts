import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '@cxkit/server';

describe('loadConfig', () => {
  it('applies defaults: embedded PGlite in ./.cxkit-data on port 8787', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      PORT: 8787,
      CXKIT_DATA_DIR: './.cxkit-data',
      LOG_LEVEL: 'info',
      TRUST_PROXY: false,
    });
    expect(c.DATABASE_URL).toBeUndefined();
  });

  it('lists every bad variable at once', () => {
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud', PATH: '/bin' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).problems.map((p) => p.split(':')[0])).toEqual([
        'PORT',
        'DATABASE_URL',
        'LOG_LEVEL',
      ]);
    }
  });

  it('reads PostgreSQL and limits from the environment', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://u@h/db', MAX_BATCH: '50', TRUST_PROXY: 'true' });
    expect(c).toMatchObject({ DATABASE_URL: 'postgres://u@h/db', MAX_BATCH: 50, TRUST_PROXY: true });
  });
});
