import type { AppServices, Feature } from '../app-context.js';
import { analyzePendingVerbatims, type AnalyzePendingResult } from './analyze-pending-verbatims.js';
import { PeriodicJob } from './periodic-job.js';
import { reanalyzeVerbatims } from './verbatim-reanalysis.js';

/** Options of {@link createVerbatimsFeature}. */
export interface VerbatimsFeatureOptions {
  /** Timer period of the analysis worker; default 30 s (0: only after ingest). */
  intervalMs?: number;
  /** Delay after an ingest batch before analysing, so bursts are analysed together; default 250 ms. */
  debounceMs?: number;
}

/** The analysis worker of one app, and who wants to hear about new analyses. */
export interface VerbatimWorker {
  /** The job (trigger, runNow, stop). */
  job: PeriodicJob;
  /** Called after each run that analysed something (the alerts feature evaluates detractor rules). */
  onAnalyzed(listener: (result: AnalyzePendingResult) => void): void;
}

const workers = new WeakMap<AppServices, VerbatimWorker>();

/** The verbatim worker of an app (undefined when the feature is not mounted). */
export function verbatimWorkerOf(services: AppServices): VerbatimWorker | undefined {
  return workers.get(services);
}

/**
 * Sentiment and themes of open answers, off the ingest path: after each accepted `POST /v1/responses`
 * (debounced), after a re-analysis request and on a timer, a worker analyses the answers not analysed yet,
 * then redoes the analyses a re-analysis request covers. Mount it before the collector so its hook sees the
 * collector's replies.
 */
export function createVerbatimsFeature(options: VerbatimsFeatureOptions = {}): Feature {
  return {
    name: 'verbatims',
    mount(app, s) {
      const listeners: ((r: AnalyzePendingResult) => void)[] = [];
      const job = new PeriodicJob(
        async () => {
          const r = await analyzePendingVerbatims(s);
          // New answers first; then what an admin asked to re-analyse after changing the theme dictionary.
          const again = await reanalyzeVerbatims(s);
          const all: AnalyzePendingResult = {
            responses: r.responses,
            verbatims: r.verbatims + again.verbatims,
            tenants: [...new Set([...r.tenants, ...again.tenants])].sort(),
          };
          if (all.verbatims > 0) for (const l of listeners) l(all);
        },
        {
          name: 'verbatim-analysis',
          intervalMs: options.intervalMs ?? 30_000,
          debounceMs: options.debounceMs ?? 250,
          logger: s.logger,
        },
      );
      workers.set(s, { job, onAnalyzed: (l) => listeners.push(l) });
      app.use('/v1/responses', async (c, next) => {
        await next();
        if (c.req.method === 'POST' && c.res.status < 300) job.trigger();
      });
      job.start();
      s.background.push(() => job.stop());
    },
  };
}

/** The verbatims feature with default timings (mounted by every server). */
export const verbatimsFeature: Feature = createVerbatimsFeature();
