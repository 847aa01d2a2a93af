import { z } from 'zod';
import { CxError } from './cx-error.js';
import type { HealthComponentKey } from './health-components.js';

/**
 * Largest component weight. Weights are relative (renormalised over the components present), so
 * 0-1000 expresses any mix; beyond, sums of products overflow to Infinity and the score to NaN.
 */
export const MAX_HEALTH_WEIGHT = 1000;

/** Largest magnitude of a scale bound (raw values: days, counts, money); beyond, hi - lo overflows. */
export const MAX_HEALTH_SCALE_VALUE = 1e12;

const scaleValue = z
  .number()
  .min(-MAX_HEALTH_SCALE_VALUE, `must be at least -${MAX_HEALTH_SCALE_VALUE}`)
  .max(MAX_HEALTH_SCALE_VALUE, `must be at most ${MAX_HEALTH_SCALE_VALUE}`);

/** Linear scale: `lo` maps to 0 and `hi` to 100 (reversed with `invert`), clamped outside. */
export const LinearHealthScaleSchema = z
  .strictObject({
    type: z.literal('linear'),
    lo: scaleValue,
    hi: scaleValue,
    /** True when lower raw values are healthier (tickets, days of silence). */
    invert: z.boolean().default(false),
  })
  .refine((s) => s.hi > s.lo, { message: 'hi must be greater than lo', path: ['hi'] });

/** Banded scale: the first band whose `upTo` is >= the value gives the score; values above every band take the last band's score. */
export const BandsHealthScaleSchema = z
  .strictObject({
    type: z.literal('bands'),
    bands: z.array(z.strictObject({ upTo: scaleValue, score: z.number().min(0).max(100) })).min(1),
  })
  // Each out-of-order band is named (`bands.2.upTo`), so a form can mark the field that breaks the rule.
  .superRefine((s, ctx) => {
    s.bands.forEach((b, i) => {
      if (i > 0 && b.upTo <= (s.bands[i - 1] as { upTo: number }).upTo)
        ctx.addIssue({
          code: 'custom',
          message: 'bands must be sorted by strictly increasing upTo',
          path: ['bands', i, 'upTo'],
        });
    });
  });

/** Percentile scale: the value's mid-rank percentile among the tenant's accounts (100 - that with `invert`). */
export const PercentileHealthScaleSchema = z.strictObject({
  type: z.literal('percentile'),
  invert: z.boolean().default(false),
});

/** How a component's raw value maps to 0-100. */
export const HealthScaleSchema = z.union([
  LinearHealthScaleSchema,
  BandsHealthScaleSchema,
  PercentileHealthScaleSchema,
]);

/** A component scale. */
export type HealthScale = z.infer<typeof HealthScaleSchema>;

/** Component families, for grouping in settings and on the card. */
export const HEALTH_GROUPS = ['survey', 'usage', 'support', 'commercial', 'silence', 'custom'] as const;

/** One health component: which raw input, its weight and its scale. */
export const HealthComponentSchema = z.strictObject({
  /** Key of the raw input in the account's values, e.g. `nps`. */
  key: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9_.-]*$/, 'key must start with a letter and use letters, digits, _ . -'),
  /** Display label, e.g. "Account NPS". */
  label: z.string().min(1),
  group: z.enum(HEALTH_GROUPS).default('custom'),
  /** Relative weight, 0 to {@link MAX_HEALTH_WEIGHT}; renormalised over the components present for an account. */
  weight: z
    .number()
    .min(0, 'weight must be at least 0')
    .max(
      MAX_HEALTH_WEIGHT,
      `weight must be at most ${MAX_HEALTH_WEIGHT} (weights are relative: 0-100 is usual)`,
    ),
  scale: HealthScaleSchema,
  /**
   * What an account without a value gets: `skip` (the default: the weight is spread over the
   * components present, for an input this account simply lacks) or a 0-100 score that counts with
   * the full weight, for an absence that is itself a signal ("never answered" scores 0).
   */
  whenMissing: z.union([z.literal('skip'), z.number().min(0).max(100)]).optional(),
});

/** A health component. */
export type HealthComponent = z.infer<typeof HealthComponentSchema>;

/** A health band: scores >= `min` (and below the next band's min) fall in it. */
export const HealthBandSchema = z.strictObject({
  key: z.string().min(1),
  label: z.string().min(1),
  min: z.number().min(0).max(100),
});

/** A health band. */
export type HealthBand = z.infer<typeof HealthBandSchema>;

/** An admin's health score configuration: components with weights and scales, and the bands. */
export const HealthConfigSchema = z
  .strictObject({
    components: z.array(HealthComponentSchema).min(1),
    /** Bands sorted by increasing `min`; the first starts at 0. */
    bands: z.array(HealthBandSchema).min(1),
    /**
     * Share (0-1) of the collected weight an account must have data for; below it the score is
     * "insufficient data" rather than a figure resting on a few inputs. Default `DEFAULT_MIN_COVERAGE` (0.5).
     */
    minCoverage: z.number().min(0).max(1).optional(),
  })
  .superRefine((c, ctx) => {
    const keys = new Set<string>();
    c.components.forEach((comp, i) => {
      if (keys.has(comp.key))
        ctx.addIssue({
          code: 'custom',
          message: `duplicate component key "${comp.key}"`,
          path: ['components', i, 'key'],
        });
      keys.add(comp.key);
    });
    if (!c.components.some((comp) => comp.weight > 0))
      ctx.addIssue({
        code: 'custom',
        message: 'at least one component needs a weight > 0',
        path: ['components'],
      });
    if (c.bands[0]?.min !== 0)
      ctx.addIssue({ code: 'custom', message: 'the first band must start at 0', path: ['bands', 0, 'min'] });
    c.bands.forEach((b, i) => {
      if (i > 0 && b.min <= (c.bands[i - 1] as HealthBand).min)
        ctx.addIssue({
          code: 'custom',
          message: 'bands must have strictly increasing min',
          path: ['bands', i, 'min'],
        });
    });
    const bandKeys = new Set(c.bands.map((b) => b.key));
    if (bandKeys.size !== c.bands.length)
      ctx.addIssue({ code: 'custom', message: 'band keys must be unique', path: ['bands'] });
  });

/** A validated health configuration. */
export type HealthConfig = z.infer<typeof HealthConfigSchema>;

/** A health configuration before defaults are applied (what an admin submits). */
export type HealthConfigInput = z.input<typeof HealthConfigSchema>;

/**
 * Defaults for a B2B tenant. Raw inputs: `nps` (account NPS, -100..100), `npsTrend` (points since
 * last period), `csat` (percent), `csatTrend` (points since last period), `ces` (1-7, higher is easier; the server also
 * supplies `cesTrend`, not weighted by default), `usageFrequency` (active days in
 * the last 30), `activeUsers`, `featuresUsed`, `openTickets`, `fcr` (percent), `timeToResolutionHours`,
 * `mrrTrend` (percent change over 3 months), `daysToRenewal`, `paymentIssues` (last 90 days),
 * `daysSinceLastAnswer`, `daysSinceLastActivity`. Usage counts use tenant percentiles because
 * what "many users" means depends on the customer base; silence weighs as much as NPS because
 * unhappy B2B customers stop answering before they leave.
 */
export const DEFAULT_HEALTH_CONFIG: HealthConfig = HealthConfigSchema.parse({
  // Each key must name a field of HealthComponents (what the server computes): a rename is a type error.
  components: [
    {
      key: 'nps',
      label: 'Account NPS',
      group: 'survey',
      weight: 15,
      scale: { type: 'linear', lo: -50, hi: 70 },
    },
    {
      key: 'npsTrend',
      label: 'NPS trend',
      group: 'survey',
      weight: 5,
      scale: { type: 'linear', lo: -30, hi: 30 },
    },
    { key: 'csat', label: 'CSAT', group: 'survey', weight: 8, scale: { type: 'linear', lo: 50, hi: 95 } },
    {
      key: 'csatTrend',
      label: 'CSAT trend',
      group: 'survey',
      weight: 3,
      scale: { type: 'linear', lo: -20, hi: 20 },
    },
    {
      key: 'ces',
      label: 'Customer effort',
      group: 'survey',
      weight: 5,
      scale: { type: 'linear', lo: 3, hi: 6.5 },
    },
    {
      key: 'usageFrequency',
      label: 'Usage frequency',
      group: 'usage',
      weight: 10,
      scale: { type: 'percentile' },
    },
    { key: 'activeUsers', label: 'Active users', group: 'usage', weight: 8, scale: { type: 'percentile' } },
    { key: 'featuresUsed', label: 'Features used', group: 'usage', weight: 5, scale: { type: 'percentile' } },
    {
      key: 'openTickets',
      label: 'Open tickets',
      group: 'support',
      weight: 5,
      scale: {
        type: 'bands',
        bands: [
          { upTo: 0, score: 100 },
          { upTo: 2, score: 75 },
          { upTo: 5, score: 40 },
          { upTo: 10, score: 10 },
        ],
      },
    },
    {
      key: 'fcr',
      label: 'First contact resolution',
      group: 'support',
      weight: 4,
      scale: { type: 'linear', lo: 40, hi: 90 },
    },
    {
      key: 'timeToResolutionHours',
      label: 'Time to resolution',
      group: 'support',
      weight: 4,
      scale: { type: 'linear', lo: 4, hi: 96, invert: true },
    },
    {
      key: 'mrrTrend',
      label: 'MRR trend',
      group: 'commercial',
      weight: 8,
      scale: { type: 'linear', lo: -20, hi: 10 },
    },
    {
      key: 'daysToRenewal',
      label: 'Days to renewal',
      group: 'commercial',
      weight: 3,
      scale: {
        type: 'bands',
        bands: [
          { upTo: 30, score: 40 },
          { upTo: 90, score: 70 },
          { upTo: 100000, score: 100 },
        ],
      },
    },
    {
      key: 'paymentIssues',
      label: 'Payment issues',
      group: 'commercial',
      weight: 5,
      scale: {
        type: 'bands',
        bands: [
          { upTo: 0, score: 100 },
          { upTo: 1, score: 50 },
          { upTo: 1000000, score: 0 },
        ],
      },
    },
    {
      key: 'daysSinceLastAnswer',
      label: 'Days since last survey answer',
      group: 'silence',
      weight: 5,
      scale: { type: 'linear', lo: 30, hi: 365, invert: true },
      // Never having answered is the longest silence, not an unknown to be skipped.
      whenMissing: 0,
    },
    {
      key: 'daysSinceLastActivity',
      label: 'Days since last activity',
      group: 'silence',
      weight: 10,
      scale: { type: 'linear', lo: 7, hi: 90, invert: true },
    },
  ] satisfies (z.input<typeof HealthComponentSchema> & { key: HealthComponentKey })[],
  bands: [
    { key: 'at-risk', label: 'At risk', min: 0 },
    { key: 'needs-attention', label: 'Needs attention', min: 40 },
    { key: 'healthy', label: 'Healthy', min: 70 },
  ],
});

/**
 * Validates an admin's health configuration (untrusted JSON) and applies defaults.
 * @throws CxError `parseHealthConfig/invalid` whose message names the first bad field and rule,
 *   e.g. "components.2.scale.hi: hi must be greater than lo"; `details.issues` lists them all.
 * @example parseHealthConfig({ components: [...], bands: [{ key: 'at-risk', label: 'At risk', min: 0 }] })
 */
export function parseHealthConfig(input: unknown): HealthConfig {
  const r = HealthConfigSchema.safeParse(input);
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  const first = issues[0];
  throw new CxError(
    'parseHealthConfig/invalid',
    first ? `${first.path || '(root)'}: ${first.message}` : 'invalid health configuration',
    { issues },
  );
}
