import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureIo } from '../testing/capture-io.js';
import { run } from './serve.js';

describe('cxkit serve', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cxkit-serve-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('serves from a PGlite data directory, creates a dev tenant with --dev, and stops gracefully', async () => {
    const io = captureIo(dir);
    let stop: () => void = () => undefined;
    let onListening: (url: string) => void = () => undefined;
    const listening = new Promise<string>((resolve) => (onListening = resolve));
    const done = run(['--port', '0', '--data-dir', 'data', '--dev'], io, {
      stop: new Promise((s) => (stop = () => s(undefined))),
      onListening,
    });
    const url = await listening;
    const siteKey = /site key[^:]*:\s+(\S+)/.exec(io.err())?.[1];
    expect(siteKey).toMatch(/^cxs_/);
    const survey = await fetch(`${url}/v1/surveys/relationship`, { headers: { 'x-cx-site-key': siteKey! } });
    expect(survey.status).toBe(200);
    expect(((await survey.json()) as { id: string }).id).toBe('relationship');
    stop();
    expect(await done).toBe(0);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  }, 120_000);

  it('lists bad environment variables and exits 2', async () => {
    const io = captureIo(dir);
    const before = process.env['PORT'];
    process.env['PORT'] = 'not-a-port';
    try {
      expect(await run([], io)).toBe(2);
    } finally {
      if (before === undefined) delete process.env['PORT'];
      else process.env['PORT'] = before;
    }
    expect(io.err()).toContain('PORT');
  });
});
