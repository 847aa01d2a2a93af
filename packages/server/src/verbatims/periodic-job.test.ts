import { describe, expect, it, vi } from 'vitest';
import { pino } from 'pino';
import { PeriodicJob } from '@cxkit/server';

const quiet = pino({ level: 'silent' });

describe('PeriodicJob', () => {
  it('never overlaps runs and shares a run already waiting', async () => {
    let running = 0;
    let maxRunning = 0;
    let runs = 0;
    const job = new PeriodicJob(
      async () => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        await new Promise((r) => setTimeout(r, 20));
        running--;
        runs++;
      },
      { name: 't', intervalMs: 0, debounceMs: 5, logger: quiet },
    );
    const a = job.runNow();
    expect(job.runNow()).toBe(a); // not started yet: the same run
    await vi.waitFor(() => expect(running).toBe(1), { timeout: 2_000, interval: 1 });
    const b = job.runNow(); // a is running: b waits for it
    const c = job.runNow(); // and c shares b
    expect(c).toBe(b);
    expect(b).not.toBe(a);
    await Promise.all([a, b, c]);
    expect(runs).toBe(2);
    expect(maxRunning).toBe(1);
  });

  it('turns a burst of triggers into one run, and keeps going after a failure', async () => {
    let runs = 0;
    const errors: unknown[] = [];
    const logger = pino({ level: 'error' }, { write: (line: string) => errors.push(JSON.parse(line)) });
    const job = new PeriodicJob(
      async () => {
        runs++;
        if (runs === 1) throw new Error('database unavailable');
      },
      { name: 'burst', intervalMs: 0, debounceMs: 30, logger },
    );
    for (let i = 0; i < 10; i++) job.trigger();
    await vi.waitFor(() => expect(runs).toBe(1), { timeout: 2_000, interval: 10 });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ job: 'burst', msg: 'background job failed' });
    job.trigger();
    await vi.waitFor(() => expect(runs).toBe(2), { timeout: 2_000, interval: 10 });
    await job.stop();
    job.trigger();
    await job.runNow();
    expect(runs).toBe(2);
  });

  it('moves a pending run up when a trigger asks for a sooner one, never later', async () => {
    const started = Date.now();
    let ranAt = 0;
    const job = new PeriodicJob(
      async () => {
        ranAt = Date.now();
      },
      { name: 'soon', intervalMs: 0, debounceMs: 60_000, logger: quiet },
    );
    job.trigger(); // a minute away
    job.trigger(20); // sooner: moves the run up
    job.trigger(60_000); // later: changes nothing
    await vi.waitFor(() => expect(ranAt).toBeGreaterThan(0), { timeout: 2_000, interval: 5 });
    expect(ranAt - started).toBeLessThan(2_000);
    await job.stop();
  });

  it('runs on its timer once started', async () => {
    let runs = 0;
    const job = new PeriodicJob(
      async () => {
        runs++;
      },
      { name: 'timer', intervalMs: 20, debounceMs: 5, logger: quiet },
    );
    job.start();
    await vi.waitFor(() => expect(runs).toBeGreaterThanOrEqual(2), { timeout: 2_000, interval: 10 });
    await job.stop();
    const after = runs;
    await new Promise((r) => setTimeout(r, 60));
    expect(runs).toBe(after);
  });
});
