/** When each survey was last answered or dismissed, and every such moment on the site (epoch ms). */
export interface FatigueLog {
  surveys: Record<string, number>;
  site: number[];
}

/** Fatigue rules: per survey, and the global cap across every survey on the site. */
export interface FatigueRules {
  /** Days a survey stays hidden after it was answered or dismissed. */
  days: number;
  /** At most this many surveys answered or dismissed per `capDays` on the site; 0 disables the cap. */
  cap: number;
  capDays: number;
}

/** localStorage key of the {@link FatigueLog}. */
export const FATIGUE_KEY = 'cx-survey:fatigue';
const DAY = 86_400_000;

/** True when the survey must not be shown now. */
export function isFatigued(log: FatigueLog, surveyId: string, r: FatigueRules, now: number): boolean {
  const last = log.surveys[surveyId];
  if (last !== undefined && now - last < r.days * DAY) return true;
  return r.cap > 0 && log.site.filter((t) => now - t < r.capDays * DAY).length >= r.cap;
}

/** The log after the survey was answered or dismissed at `now` (site entries older than a year are dropped). */
export function recordFatigue(log: FatigueLog, surveyId: string, now: number): FatigueLog {
  return {
    surveys: { ...log.surveys, [surveyId]: now },
    site: [...log.site.filter((t) => now - t < 366 * DAY), now],
  };
}

/** The log without the survey's own record (used by `reset()`; the site cap history stays). */
export function forgetSurvey(log: FatigueLog, surveyId: string): FatigueLog {
  const surveys = { ...log.surveys };
  delete surveys[surveyId];
  return { surveys, site: log.site };
}
