import { z } from 'zod';
import { KpiViewSchema } from './account-summary-view.js';
import { ANALYTICS_KPIS } from './portfolio-analytics-view.js';

/** Where an objective is measured: the whole portfolio, one segment (an account attribute's value) or one role. */
export const ObjectiveScopeSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('portfolio') }),
  z.strictObject({
    type: z.literal('segment'),
    /** An attribute of the accounts' signal features (sector, region, ...). */
    attribute: z.string().min(1).max(63),
    value: z.string().min(1).max(200),
  }),
  z.strictObject({ type: z.literal('role'), role: z.string().min(1).max(64) }),
]);

/** A SMART objective (seed 001): specific metric and scope, measurable target, dated. */
export const SmartObjectiveSchema = z.strictObject({
  metric: z.enum(ANALYTICS_KPIS),
  scope: ObjectiveScopeSchema,
  /** The value to reach (NPS points, CSAT percent, CES/C2ES on their scale). */
  target: z.number().min(-100).max(100),
  /** First day the plan's effect is measured from (YYYY-MM-DD). */
  start: z.iso.date(),
  /** The date the target is due (YYYY-MM-DD). */
  deadline: z.iso.date(),
});

/** Statuses of an action in the plan. */
export const ACTION_STATUSES = ['planned', 'in-progress', 'done', 'abandoned'] as const;

/** The plan of an improvement action: objective, owner, status and checkpoints. */
export const ActionPlanSchema = z
  .strictObject({
    objective: SmartObjectiveSchema,
    /** The HubSpot user who owns it (id and email from HubSpot's owners; the email also names it elsewhere). */
    owner: z.strictObject({
      hubspotOwnerId: z
        .string()
        .regex(/^\d{1,20}$/, 'must be a HubSpot owner id')
        .nullable()
        .default(null),
      email: z.email().max(320),
      name: z.string().max(200).nullable().default(null),
    }),
    status: z.enum(ACTION_STATUSES).default('planned'),
    /** Review dates (YYYY-MM-DD), each measured from the previous one (the first from the start). */
    checkpoints: z.array(z.iso.date()).min(1).max(24),
    /** Create one HubSpot task per checkpoint for the owner (needs `owner.hubspotOwnerId`). */
    createHubSpotTasks: z.boolean().default(false),
  })
  .superRefine((p, ctx) => {
    if (p.createHubSpotTasks && p.owner.hubspotOwnerId === null)
      ctx.addIssue({
        code: 'custom',
        path: ['owner', 'hubspotOwnerId'],
        message: 'is required to create HubSpot tasks for the owner',
      });
    if (p.objective.deadline <= p.objective.start)
      ctx.addIssue({ code: 'custom', path: ['objective', 'deadline'], message: 'must be after the start' });
    p.checkpoints.forEach((c, i) => {
      if (c <= p.objective.start)
        ctx.addIssue({ code: 'custom', path: ['checkpoints', i], message: 'must be after the start' });
      if (i > 0 && c <= p.checkpoints[i - 1]!)
        ctx.addIssue({
          code: 'custom',
          path: ['checkpoints', i],
          message: 'must be after the previous checkpoint',
        });
    });
  });

/** An action plan. */
export type ActionPlan = z.infer<typeof ActionPlanSchema>;

/** One checkpoint's measurement: the metric over its period, with interval and n, against the target. */
export const CheckpointProgressSchema = z.strictObject({
  date: z.iso.date(),
  /** The period measured: from the previous checkpoint (or the start) to this one. */
  from: z.iso.date(),
  /** Not reached yet: nothing measured. */
  due: z.boolean(),
  figure: KpiViewSchema.nullable(),
  /** Change from the baseline (same metric, the 3 months before the start), in the metric's unit. */
  changeFromBaseline: z.number().nullable(),
  verdict: z.enum([
    'significantly-above',
    'significantly-below',
    'not-distinguishable',
    'no-interval',
    'insufficient-data',
    'not-due',
  ]),
});

/** An action with its plan and measured progress. */
export const PlannedActionSchema = z.strictObject({
  actionId: z.string(),
  title: z.string(),
  driver: z.string(),
  plan: z.strictObject({
    objective: SmartObjectiveSchema,
    owner: z.strictObject({
      hubspotOwnerId: z.string().nullable(),
      email: z.string(),
      name: z.string().nullable(),
    }),
    status: z.enum(ACTION_STATUSES),
    checkpoints: z.array(z.string()),
  }),
  /** The metric over the 3 months before the start. */
  baseline: KpiViewSchema,
  checkpoints: z.array(CheckpointProgressSchema),
  /** The latest measured checkpoint's verdict against the target ('not-due' before the first). */
  latestVerdict: CheckpointProgressSchema.shape.verdict,
});

/** `GET /v1/analytics/plan`: every planned action with its progress. */
export const ActionPlanViewSchema = z.strictObject({
  generatedAt: z.iso.datetime({ offset: true }),
  actions: z.array(PlannedActionSchema),
});

/** A planned action with progress. */
export type PlannedAction = z.infer<typeof PlannedActionSchema>;
/** The action plan view. */
export type ActionPlanView = z.infer<typeof ActionPlanViewSchema>;
