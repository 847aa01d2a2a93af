const DAY = 86_400_000;

/**
 * The operational signals the built-in health components read, named as the server's account
 * signals (`POST /v1/admin/signals`); null or absent = unknown.
 */
export interface HealthSignals {
  /** Active users (usage breadth). */
  activeUsers?: number | null;
  /** Active days in the last 30 (usage frequency). */
  activeDays?: number | null;
  /** Features used (usage depth). */
  featuresUsed?: number | null;
  /** Open support tickets. */
  openTickets?: number | null;
  /** First contact resolution, percent. */
  fcrPercent?: number | null;
  /** Mean time to resolution, hours. */
  resolutionHours?: number | null;
  /** MRR change over the last 3 months, percent. */
  mrrTrendPercent?: number | null;
  /** Next renewal date, YYYY-MM-DD. */
  renewalDate?: string | null;
  /** Failed or late payments in the last 90 days. */
  paymentIssues?: number | null;
  /** Last product activity, ISO date-time. */
  lastActivityAt?: string | null;
}

/** An account's survey KPIs over one period (NPS -100..100, CSAT percent, CES on the 1-7 health scale); null = no answer. */
export interface SurveyKpis {
  /** Account NPS. */
  nps: number | null;
  /** CSAT, percent satisfied. */
  csat: number | null;
  /** Customer effort, 1-7, higher is easier. */
  ces: number | null;
}

/** What {@link healthComponentsFromSignals} derives an account's built-in health components from. */
export interface HealthComponentSources {
  /** The account's operational signals. */
  signals: HealthSignals;
  /** Survey KPIs of the current period. */
  current: SurveyKpis;
  /** Survey KPIs of the period before (for the trends). */
  previous: SurveyKpis;
  /** The account's last survey answer, if any. */
  lastAnsweredAt: Date | string | null;
  /** The day the account is described at: now, a past cut-off, or its churn date. */
  reference: Date;
}

/**
 * Raw values of the built-in health components, keyed as `DEFAULT_HEALTH_CONFIG`'s components (its
 * keys are checked against this type); null = no value.
 */
export interface HealthComponents {
  /** Account NPS, current period. */
  nps: number | null;
  /** NPS points since the previous period. */
  npsTrend: number | null;
  /** CSAT percent, current period. */
  csat: number | null;
  /** CSAT points since the previous period. */
  csatTrend: number | null;
  /** Customer effort (1-7, higher is easier), current period. */
  ces: number | null;
  /** Customer effort change since the previous period. */
  cesTrend: number | null;
  /** Active days in the last 30. */
  usageFrequency: number | null;
  /** Active users. */
  activeUsers: number | null;
  /** Features used. */
  featuresUsed: number | null;
  /** Open support tickets. */
  openTickets: number | null;
  /** First contact resolution, percent. */
  fcr: number | null;
  /** Mean time to resolution, hours. */
  timeToResolutionHours: number | null;
  /** MRR change over 3 months, percent. */
  mrrTrend: number | null;
  /** Whole days from the reference day to the renewal date (negative once past). */
  daysToRenewal: number | null;
  /** Failed or late payments, last 90 days. */
  paymentIssues: number | null;
  /** Days since the last survey answer (0 when it is after the reference day); null = never answered. */
  daysSinceLastAnswer: number | null;
  /** Days since the last product activity (0 when after the reference day). */
  daysSinceLastActivity: number | null;
}

/** Key of a built-in health component. */
export type HealthComponentKey = keyof HealthComponents;

const trend = (now: number | null, before: number | null) =>
  now !== null && before !== null ? now - before : null;

const daysSince = (at: Date | string | null | undefined, reference: Date) =>
  at ? Math.max(0, (reference.getTime() - new Date(at).getTime()) / DAY) : null;

/**
 * An account's built-in health component values from its signals and survey KPIs: trends are
 * current minus previous period (null unless both exist), day counts run to `reference` (a
 * renewal is counted in whole days, from midnight UTC of its date; silence in fractional days,
 * never negative).
 * @example healthComponentsFromSignals({ signals: { activeDays: 12 }, current: { nps: 40, csat: null, ces: null }, previous: { nps: 10, csat: null, ces: null }, lastAnsweredAt: null, reference: new Date() }).npsTrend // 30
 */
export function healthComponentsFromSignals(sources: HealthComponentSources): HealthComponents {
  const { signals: s, current, previous, reference } = sources;
  return {
    nps: current.nps,
    npsTrend: trend(current.nps, previous.nps),
    csat: current.csat,
    csatTrend: trend(current.csat, previous.csat),
    ces: current.ces,
    cesTrend: trend(current.ces, previous.ces),
    usageFrequency: s.activeDays ?? null,
    activeUsers: s.activeUsers ?? null,
    featuresUsed: s.featuresUsed ?? null,
    openTickets: s.openTickets ?? null,
    fcr: s.fcrPercent ?? null,
    timeToResolutionHours: s.resolutionHours ?? null,
    mrrTrend: s.mrrTrendPercent ?? null,
    daysToRenewal: s.renewalDate
      ? Math.round((Date.parse(`${s.renewalDate}T00:00:00Z`) - reference.getTime()) / DAY)
      : null,
    paymentIssues: s.paymentIssues ?? null,
    daysSinceLastAnswer: daysSince(sources.lastAnsweredAt, reference),
    daysSinceLastActivity: daysSince(s.lastActivityAt, reference),
  };
}
