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
  ShowIfBandsSchema,
  ShowIfOptionsSchema,
  ShowIfHiddenSchema,
  HiddenFieldKeySchema,
  OptionSchema,
  MultiChoiceQuestionSchema,
  RankingQuestionSchema,
  MatrixQuestionSchema,
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
  type ShowIf,
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
  MultiChoiceAnswerSchema,
  RankingAnswerSchema,
  MatrixAnswerSchema,
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
export { isQuestionShown, scoreBandsOf, type AnswerValue } from './survey-logic.js';
export {
  tallyChoices,
  multiChoiceSummary,
  singleChoiceSummary,
  type ChoiceTally,
  type ChoiceSummary,
  type OptionShare,
} from './choice-summary.js';
export {
  tallyRanking,
  rankingSummary,
  type RankingTally,
  type RankingSummary,
  type RankedOption,
} from './ranking-summary.js';
export {
  tallyMatrix,
  matrixSummary,
  type MatrixTally,
  type MatrixSummary,
  type MatrixItemResult,
} from './matrix-summary.js';
export {
  StorableDateTimeSchema,
  VersionNumberSchema,
  MIN_TIMESTAMP,
  MAX_TIMESTAMP,
  MAX_INT4,
  MAX_OFFSET_MINUTES,
} from './storable.js';
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
  SCORE_CODE,
  emptyHistograms,
  addScores,
  histogramSummary,
  histogramSummaries,
  type ScoreHistograms,
} from './score-histograms.js';
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
  HealthMoverViewSchema,
  ChurnDriverViewSchema,
  AccountSummaryViewSchema,
  VerbatimThemeViewSchema,
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
export {
  csatChange,
  newcombeBounds,
  newcombeP,
  type CsatChangeResult,
  type CsatChangeOptions,
} from './csat-change.js';
export { meanScore, type MeanDetails, type MeanScoreOptions } from './mean-score.js';
export { meanChange, type MeanChangeResult } from './mean-change.js';
export { ces } from './ces.js';
export { c2es } from './c2es.js';
export { pnps, type SummariesByAudience } from './pnps.js';
export {
  questionScale,
  matrixScale,
  matrixTopBox,
  DEFAULT_MATRIX_SCALE,
  type ScaleSource,
} from './question-scale.js';
export {
  ROLLUP_MODES,
  rollupAccount,
  roleWeight,
  type AccountRollup,
  type RoleBreakdown,
  type RollupAnswer,
  type RollupMode,
  type RollupOptions,
  type WeightedHistogram,
} from './account-rollup.js';
export { rolledUpNps, rolledUpCsat, rolledUpMean, type RollupDetails } from './rolled-up-kpis.js';
export { periodKey, periodBounds, nextPeriodKey, periodRange, type Period } from './period.js';
export {
  byBuckets,
  byDimension,
  byPeriod,
  groupSummaries,
  nestedGroupSummaries,
  type GroupKey,
  type GroupOptions,
  type SegmentRow,
} from './segmentation.js';
export { compareWithTarget, type TargetComparison, type TargetVerdict } from './compare-with-target.js';
export { trend, type TrendKpi, type TrendOptions, type TrendPoint } from './trend.js';
export { averageRanks } from './rank.js';
export { type CorrelationDetails, type CorrelationOptions } from './correlation.js';
export { pearson } from './pearson.js';
export { spearman } from './spearman.js';
export { correlateAccounts, type AccountSeries } from './correlate-accounts.js';
export { rate, type RateDetails, type RateOptions } from './rate.js';
export { retentionRate } from './retention-rate.js';
export { churnRate } from './churn-rate.js';
export { repeatPurchaseRate } from './repeat-purchase-rate.js';
export { adoptionRate } from './adoption-rate.js';
export { conversionRate } from './conversion-rate.js';
export { bounceRate } from './bounce-rate.js';
export { timeOnSite, type TimeOnSiteSignal } from './time-on-site.js';
export { cartAbandonmentRate } from './cart-abandonment-rate.js';
export { customerLifetimeValue, type ClvDetails } from './customer-lifetime-value.js';
export { mrr, BillingLineSchema, type BillingLineInput, type MrrDetails, type MrrOptions } from './mrr.js';
export { firstContactResolution } from './first-contact-resolution.js';
export { complaintRate } from './complaint-rate.js';
export { supportContactRate } from './support-contact-rate.js';
export { productReturnRate } from './product-return-rate.js';
export { otif } from './otif.js';
export { disputeRate } from './dispute-rate.js';
export { creditNoteRate } from './credit-note-rate.js';
export { firstTimeFixRate } from './first-time-fix-rate.js';
export { durationStats, type DurationDetails } from './duration-stats.js';
export { timeToFirstResponse } from './time-to-first-response.js';
export { resolutionTime } from './resolution-time.js';
export { timeToQuote } from './time-to-quote.js';
export { ticketBacklog, type TicketSpan } from './ticket-backlog.js';
export { partnerPortalAdoption } from './partner-portal-adoption.js';
export {
  EngagementConfigSchema,
  engagementScore,
  type EngagementConfig,
  type EngagementContribution,
} from './engagement-score.js';

// --- health score and churn (issue 5) ---
export {
  LinearHealthScaleSchema,
  BandsHealthScaleSchema,
  PercentileHealthScaleSchema,
  HealthScaleSchema,
  HEALTH_GROUPS,
  MAX_HEALTH_WEIGHT,
  MAX_HEALTH_SCALE_VALUE,
  HealthComponentSchema,
  HealthBandSchema,
  HealthConfigSchema,
  DEFAULT_HEALTH_CONFIG,
  parseHealthConfig,
  type HealthScale,
  type HealthComponent,
  type HealthBand,
  type HealthConfig,
  type HealthConfigInput,
} from './health-config.js';
export {
  percentileRank,
  normalizeHealthValue,
  healthBand,
  healthDistributions,
  computeHealthScore,
  computeHealthScores,
  collectedComponents,
  DEFAULT_MIN_COVERAGE,
  toHealthView,
  toHealthInsufficientView,
  healthFeatureLabels,
  healthFeatures,
  type HealthInput,
  type HealthDistributions,
  type HealthContribution,
  type HealthMover,
  type HealthScore,
  type HealthScoreInsufficient,
  type HealthScoreResult,
  type PreviousHealth,
  type HealthScoreOptions,
} from './health-score.js';
export { bandChanges, type BandChange } from './health-band-changes.js';
export {
  healthComponentsFromSignals,
  type HealthComponentKey,
  type HealthComponentSources,
  type HealthComponents,
  type HealthSignals,
  type SurveyKpis,
} from './health-components.js';
export {
  validateHealthWeights,
  type HealthOutcome,
  type HealthWeightValidation,
  type WeightSetCheck,
} from './health-weight-validation.js';
export {
  credibilityConstant,
  shrinkTowards,
  type CredibilityGroup,
  type CredibilityConstant,
  type CredibilityOptions,
} from './credibility-shrinkage.js';
export { rocAuc } from './roc-auc.js';
export { brierScore } from './brier-score.js';
export { logLoss } from './log-loss.js';
export { classificationAccuracy } from './classification-accuracy.js';
export { seededRandom, stratifiedFolds } from './cross-validation.js';
export {
  sigmoid,
  logit,
  linearPredictor,
  fitLogisticRegression,
  type DesignMatrix,
  type LogisticRegressionOptions,
  type LogisticRegressionFit,
} from './logistic-regression.js';
export {
  CalibrationSchema,
  fitPlattScaling,
  calibrate,
  calibratedLogit,
  type Calibration,
} from './calibration.js';
export {
  BLANK_LEVEL,
  OTHER_LEVEL,
  ColumnTypeSchema,
  FeatureSchema,
  FeatureEncoderSchema,
  isBlank,
  toNumber,
  toCategory,
  inferColumnTypes,
  fitFeatureEncoder,
  fitAndEncodeRows,
  encodeRows,
  addInteractions,
  featureColumns,
  levelOf,
  type FeatureValue,
  type FeatureRow,
  type ColumnType,
  type ColumnSpec,
  type ColumnTypeOverrides,
  type Feature,
  type FeatureEncoder,
  type FeatureEncoderOptions,
} from './feature-encoder.js';
export {
  BoostedTreeSchema,
  fitBoostedTrees,
  boostedOutput,
  boostedAttributions,
  type BoostedTree,
  type BoostingOptions,
} from './churn-gradient-boosting.js';
export {
  CHURN_MODEL_FORMAT,
  CHURN_MODEL_VERSION,
  ChurnModelSchema,
  DEFAULT_BOOSTING,
  trainChurnModel,
  parseChurnModel,
  predictChurn,
  type ChurnModel,
  type ChurnTrainingData,
  type ChurnTrainingOptions,
  type ChurnDriver,
  type ChurnPrediction,
  type ChurnPredictOptions,
} from './churn-model.js';
export {
  foldStat,
  evaluateChurnModel,
  type FoldStat,
  type FoldMetrics,
  type ChurnEvaluation,
  type ChurnEvaluationOptions,
} from './churn-evaluation.js';
export { calibrationMetrics, type CalibrationMetrics } from './calibration-metrics.js';
export {
  ChurnValidationSchema,
  ForecastMetricsSchema,
  type ChurnValidation,
  type ForecastMetrics,
} from './churn-validation.js';
export {
  churnLabelAt,
  churnCutoffs,
  trainChurnForecast,
  tuneChurnModel,
  forecastMetrics,
  FORECAST_CANDIDATES,
  type ChurnSnapshot,
  type ForecastCandidate,
  type ChurnForecastOptions,
  type ChurnForecastResult,
} from './churn-forecast.js';
export {
  ChurnPriorSchema,
  DEFAULT_CHURN_PRIOR,
  churnPriorFromHealth,
  type ChurnPrior,
  type ChurnPriorEstimate,
} from './churn-prior.js';
export {
  MIN_CHURN_EVENTS,
  assessChurnRisk,
  assessChurnRisks,
  toChurnView,
  type ChurnRisk,
  type ChurnValidationView,
  type ChurnRiskInput,
  type ChurnRiskOptions,
} from './churn-risk.js';

// --- verbatims (issue 8) ---
export { foldText, tokenize, NEGATORS, NEGATION_SCOPE, type VerbatimToken } from './text-normalization.js';
export {
  VERBATIM_LANGUAGES,
  detectLanguage,
  type VerbatimLanguage,
  type LanguageDetection,
} from './language-detection.js';
export {
  LexiconTermSchema,
  LexiconWeightSchema,
  SentimentLexiconSchema,
  parseSentimentLexicon,
  type SentimentLexicon,
} from './sentiment-lexicon.js';
export { SENTIMENT_LEXICON_EN } from './sentiment-lexicon-en.js';
export { SENTIMENT_LEXICON_FR } from './sentiment-lexicon-fr.js';
export {
  SENTIMENT_LABELS,
  SENTIMENT_NEUTRAL_BAND,
  DEFAULT_SENTIMENT_LEXICONS,
  sentimentLabel,
  scoreTokens,
  lexiconMatches,
  lexiconScore,
  type LexiconMatch,
  type SentimentLabel,
  type SentimentEvidence,
  type SentimentProbabilities,
  type SentimentResult,
  type SentimentLanguage,
  type SentimentLexicons,
} from './sentiment.js';
export {
  analyzeSentiment,
  classifyTokens,
  LEXICON_ANALYZER_ID,
  type SentimentOptions,
} from './sentiment-classifier.js';
export {
  DENSE_FEATURE_NAMES,
  sentimentFeatures,
  type DenseFeatureName,
  type SentimentFeatures,
} from './sentiment-features.js';
export {
  DEFAULT_SENTIMENT_MODEL,
  SentimentModelFileSchema,
  parseSentimentModel,
  predictSentiment,
  type SentimentModel,
  type SentimentModelFile,
} from './sentiment-model.js';
export {
  HttpSentimentReplySchema,
  httpSentimentProvider,
  lexiconSentimentProvider,
  modelSentimentProvider,
  type HttpSentimentProviderOptions,
  type SentimentProvider,
  type SentimentProviderContext,
} from './sentiment-provider.js';
export {
  SCORE_CONTEXT_CONFIDENCE,
  ScoreScaleSchema,
  scoreBandLabel,
  withScoreContext,
  type ScoreScale,
} from './sentiment-context.js';
export {
  ThemeDefinitionSchema,
  ThemeDictionarySchema,
  DEFAULT_THEME_IDS,
  DEFAULT_THEME_DICTIONARY,
  parseThemeDictionary,
  type ThemeDefinition,
  type ThemeDictionary,
} from './theme-dictionary.js';
export { tagThemes, tagTokens, type ThemeMatch, type ThemeLanguage } from './theme-tagging.js';
export { compileTerms, termParts, type TermMatch, type TermMatcher } from './verbatim-term-matcher.js';
export {
  MAX_VERBATIM_LENGTH,
  VerbatimAnalysisSchema,
  analyzeVerbatim,
  analyzeVerbatimWith,
  type VerbatimAnalysis,
  type VerbatimAnalysisOptions,
} from './verbatim-analysis.js';
export {
  LabelledVerbatimSchema,
  parseLabelledVerbatims,
  evaluateVerbatims,
  bootstrapMacroF1,
  LENGTH_BUCKETS,
  type BootstrapInterval,
  type VerbatimEvaluationMode,
  type LabelledVerbatim,
  type ClassMetrics,
  type SentimentEvaluation,
  type ThemeEvaluation,
  type VerbatimMistake,
  type VerbatimEvaluationGroup,
  type VerbatimEvaluation,
  type VerbatimEvaluationOptions,
} from './verbatim-evaluation.js';
export {
  byThemeCount,
  summarizeVerbatims,
  type AnalysedVerbatim,
  type VerbatimQuote,
  type VerbatimThemeSummary,
  type VerbatimSummary,
  type VerbatimSummaryOptions,
} from './verbatim-summary.js';

// --- alerts (issue 8) ---
export {
  MAD_SCALE,
  MEAN_AD_SCALE,
  robustBand,
  detectAnomaly,
  detectAnomalies,
  type AnomalyOptions,
  type RobustBand,
  type AnomalyVerdict,
  type AnomalyInsufficient,
  type AnomalyResult,
  type SeriesPoint,
  type SeriesAnomalyOptions,
} from './anomaly-detection.js';
export {
  ALERT_RULE_KINDS,
  ALERT_METRICS,
  SCORED_ALERT_METRICS,
  ALERT_COMPARATORS,
  ALERT_SEVERITIES,
  AlertScopeSchema,
  ThresholdRuleSchema,
  SignificantChangeRuleSchema,
  AnomalyRuleSchema,
  DetractorVerbatimRuleSchema,
  AlertRuleSchema,
  thresholdEvaluate,
  type AlertMetric,
  type ScoredAlertMetric,
  type AlertComparator,
  type AlertSeverity,
  type AlertScope,
  type AlertRule,
  type AlertRuleInput,
  type ThresholdRule,
  type SignificantChangeRule,
  type AnomalyRule,
  type DetractorVerbatimRule,
} from './alert-rule.js';
export {
  alertTargetKey,
  alertDedupKey,
  type AlertTarget,
  type AlertAnswer,
  type InsightPoint,
  type AlertTargetData,
  type AlertEvent,
} from './alert-event.js';
export {
  ruleCoversTarget,
  evaluateAlertRule,
  evaluateAlertRules,
  evaluateAlertRun,
  DEFAULT_FALSE_DISCOVERY_RATE,
  type AlertEvaluationOptions,
  type AlertRunOptions,
  type AlertRuleBatch,
} from './alert-evaluation.js';
export { benjaminiHochberg, type FalseDiscoveryResult } from './false-discovery-rate.js';
export {
  clusterRobustNps,
  clusterRobustCsat,
  clusterRobustMean,
  type ClusterDetails,
  type ClusteredResult,
} from './cluster-robust.js';
export {
  backtestAlertRules,
  backtestAlertView,
  alertTargetsFromSummaries,
  type AccountMonthSummary,
  type BacktestAlert,
  type BacktestAlertView,
  type BacktestOptions,
  type BacktestResult,
  type SkippedRule,
} from './alert-backtest.js';
export { exactChangeMidP, EXACT_CHANGE_MAX_N, type ChangeDirection } from './exact-change-test.js';
export { segmentInsightPoints, type AccountInsightPoint } from './segment-insights.js';
// --- Portfolio analytics view models (issue 17) ---
export {
  ANALYTICS_KPIS,
  AnalyticsWindowSchema,
  TargetViewSchema,
  AnalyticsTrendPointSchema,
  HeadlineKpiSchema,
  PooledKpiViewSchema,
  type PooledKpiView,
  OverviewViewSchema,
  SegmentFigureSchema,
  SegmentsViewSchema,
  CorrelationViewSchema,
  CorrelationsViewSchema,
  AtRiskAccountSchema,
  AtRiskViewSchema,
  TenantThemeSchema,
  ThemesViewSchema,
  PortfolioAlertSchema,
  AlertsViewSchema,
  type AnalyticsKpi,
  type OverviewView,
  type SegmentsView,
  type CorrelationsView,
  type AtRiskView,
  type ThemesView,
  type AlertsView,
  type HeadlineKpi,
  type TargetView,
  type PortfolioAlert,
} from './portfolio-analytics-view.js';
export {
  keyDrivers,
  KeyDriverSchema,
  DRIVER_SOURCES,
  type DriverExposure,
  type KeyDriver,
  type KeyDriverOptions,
  type AccountCovariate,
  KEY_DRIVER_METHODS,
  CLUSTERS_PER_PARAMETER,
} from './key-drivers.js';
export {
  clusterRegression,
  type ClusterRow,
  type ClusterCoefficient,
  type ClusterRegression,
} from './key-drivers-regression.js';
export {
  rankActions,
  EFFORT_LEVELS,
  PRIORITY_QUADRANTS,
  ImprovementActionInputSchema,
  RankedActionSchema,
  type ImprovementActionInput,
  type RankedAction,
  type RankOptions,
} from './improvement-priorities.js';
export {
  ActionPlanSchema,
  ActionPlanViewSchema,
  PlannedActionSchema,
  CheckpointProgressSchema,
  SmartObjectiveSchema,
  ObjectiveScopeSchema,
  ACTION_STATUSES,
  type ActionPlan,
  type ActionPlanView,
  type PlannedAction,
} from './action-plan.js';
export { renderMonthlyReport, escapeHtml, type MonthlyReportInput } from './monthly-report.js';
export {
  alertsViewFromBacktest,
  analyticsKpiOf,
  emptyActionPlan,
  headlineKpiFromMonths,
  kpiViewOf,
  targetViewOf,
  themesViewFromComments,
  type AnalysedComment,
  type ReportWindow,
} from './monthly-report-input.js';
export {
  measureActionPlan,
  objectiveMonths,
  shiftMonth,
  type ObjectiveMonth,
} from './action-plan-progress.js';
