import type { Logger } from '../logger.js';

/** Options of a {@link PeriodicJob}. */
export interface PeriodicJobOptions {
  /** Name, for logs. */
  name: string;
  /** Runs every this many milliseconds once started; 0 disables the timer (triggers only). */
  intervalMs: number;
  /** A trigger waits this long so a burst of triggers makes one run. */
  debounceMs: number;
  /** Where failures are logged. */
  logger: Logger;
}

/**
 * A background job run on a timer and on demand: runs never overlap, a burst of triggers makes one run,
 * and a failure is logged and retried at the next tick. Timers are unref'd so they never keep a process alive.
 */
export class PeriodicJob {
  readonly #run: () => Promise<unknown>;
  readonly #o: PeriodicJobOptions;
  #chain: Promise<void> = Promise.resolve();
  #queued: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #debounce: NodeJS.Timeout | undefined;
  /** When the pending trigger fires (ms since the epoch). */
  #due = 0;
  #stopped = false;

  constructor(run: () => Promise<unknown>, options: PeriodicJobOptions) {
    this.#run = run;
    this.#o = options;
  }

  /** Starts the timer (idempotent). */
  start(): void {
    if (this.#timer || this.#stopped || this.#o.intervalMs <= 0) return;
    this.#timer = setInterval(() => void this.runNow(), this.#o.intervalMs);
    this.#timer.unref();
  }

  /**
   * Asks for a run after `delayMs` (default the debounce delay, e.g. after an ingest batch). A trigger
   * already pending is kept, unless this one asks for a sooner run: then the run moves up.
   */
  trigger(delayMs: number = this.#o.debounceMs): void {
    if (this.#stopped) return;
    const due = Date.now() + delayMs;
    if (this.#debounce && this.#due <= due) return;
    clearTimeout(this.#debounce);
    this.#due = due;
    this.#debounce = setTimeout(() => {
      this.#debounce = undefined;
      void this.runNow();
    }, delayMs);
    this.#debounce.unref();
  }

  /** Runs once after the run in progress (a run already waiting is shared); never rejects. */
  runNow(): Promise<void> {
    if (this.#stopped) return this.#chain;
    if (this.#queued) return this.#queued;
    const next = this.#chain.then(async () => {
      this.#queued = undefined;
      if (this.#stopped) return;
      try {
        await this.#run();
      } catch (err) {
        this.#o.logger.error({ err, job: this.#o.name }, 'background job failed');
      }
    });
    this.#queued = next;
    this.#chain = next;
    return next;
  }

  /** Stops the timer and pending triggers; resolves when the run in progress is done. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    clearTimeout(this.#debounce);
    await this.#chain;
  }
}
