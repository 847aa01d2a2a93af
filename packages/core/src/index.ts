// Public API of @cxkit/core, re-exported by name.

export { CxError, isCxError, type CxErrorCode } from './cx-error.js';
export {
  QUESTION_KINDS,
  QuestionKindSchema,
  SCORED_KINDS,
  isScoredKind,
  type QuestionKind,
  type ScoredKind,
} from './question-kind.js';
export { PolaritySchema, ScaleSchema, DEFAULT_SCALES, type Polarity, type Scale } from './scale.js';
export {
  LocaleSchema,
  LocalizedTextSchema,
  IdSchema,
  ScoreBandSchema,
  ShowIfSchema,
  NpsQuestionSchema,
  CsatQuestionSchema,
  CesQuestionSchema,
  C2esQuestionSchema,
  TextQuestionSchema,
  SingleChoiceQuestionSchema,
  QuestionSchema,
  AudienceSchema,
  SurveyMomentSchema,
  MAX_QUESTIONS,
  SurveyDefinitionSchema,
  type LocalizedText,
  type ScoreBand,
  type Question,
  type QuestionInput,
  type SurveyDefinition,
  type SurveyDefinitionInput,
} from './survey-definition.js';
export {
  CANT_RECOMMEND,
  NpsAnswerSchema,
  ScaleAnswerSchema,
  TextAnswerSchema,
  ChoiceAnswerSchema,
  AnswerSchema,
  RoleSchema,
  DEFAULT_ROLES,
  ChannelSchema,
  ResponseIdSchema,
  ResponseSchema,
  type Answer,
  type Response,
  type ResponseInput,
} from './response.js';
export { RoleWeightsSchema, DEFAULT_ROLE_WEIGHTS, type RoleWeights } from './role-weights.js';
export {
  ScoreSummarySchema,
  emptySummary,
  addToSummary,
  summarize,
  mergeSummaries,
  scoredCount,
  type ScoreSummary,
} from './score-summary.js';
export {
  SMALL_SAMPLE_THRESHOLD,
  insufficient,
  kpiValue,
  type Interval,
  type IntervalMethod,
  type KpiValue,
  type KpiInsufficient,
  type KpiResult,
} from './kpi-result.js';

export {
  KpiViewSchema,
  TrendPointSchema,
  HealthContributionViewSchema,
  ChurnDriverViewSchema,
  AccountSummaryViewSchema,
  type KpiView,
  type AccountSummaryView,
} from './account-summary-view.js';

// --- KPIs and statistics (issue 2) ---
export { normalQuantile, normalCdf, zCritical, twoSidedNormalP } from './normal-distribution.js';
export { tQuantile, tCdf, tCritical, twoSidedTP } from './t-distribution.js';
export { finitePopulationCorrection } from './finite-population-correction.js';
export { wilsonInterval } from './wilson-interval.js';
export { twoProportionTest, type TwoProportionTest } from './two-proportion-test.js';
export {
  ADJUSTED_WALD_PSEUDO_COUNTS,
  npsStatistics,
  waldNpsInterval,
  type NpsCounts,
  type NpsStatistics,
  type WaldNpsOptions,
} from './nps-interval.js';
export { nps, npsCounts, type NpsDetails, type NpsOptions } from './nps.js';
export { npsBand, type NpsBand } from './nps-band.js';
export {
  npsChange,
  type KpiChange,
  type KpiChangeInsufficient,
  type NpsChangeResult,
  type NpsChangeOptions,
} from './nps-change.js';
export { defaultTopBox, inTopBox, scoreBand } from './score-band.js';
export { csat, type CsatDetails, type CsatOptions, type CsatVariant } from './csat.js';
export { csatChange, type CsatChangeResult, type CsatChangeOptions } from './csat-change.js';
export { meanScore, type MeanDetails, type MeanScoreOptions } from './mean-score.js';
export { meanChange, type MeanChangeResult } from './mean-change.js';
export { ces } from './ces.js';
export { c2es } from './c2es.js';

// --- health score and churn (issue 5) ---
