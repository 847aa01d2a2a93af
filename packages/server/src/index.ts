// Public API of @cxkit/server, re-exported by name.

export { createApp, CORE_FEATURES, SERVER_VERSION } from './app.js';
export type { AppDeps, AppEnv, AppServices, AppVariables, AppContext, Feature } from './app-context.js';
export { stopBackground } from './app-context.js';
export { startServer, closeOnSignals, type StartServerOptions, type RunningServer } from './server.js';
export { ConfigSchema, ConfigError, loadConfig, type Config } from './config.js';
export { createLogger, redactError, type Logger, type LoggerOptions } from './logger.js';
export type { Database, Queryable, QueryResult } from './db/database.js';
export { openDatabase, type StorageOptions } from './db/open-database.js';
export { openPgliteDatabase } from './db/pglite-database.js';
export { openPgDatabase, type PgDatabaseOptions } from './db/pg-database.js';
export { migrate, loadMigrations, type Migration } from './db/migrate.js';
export {
  hashApiKey,
  CreateTenantSchema,
  OriginSchema,
  ROTATABLE_KEYS,
  type RotatableKey,
  type RotatedKey,
  type Tenant,
  type CreatedTenant,
} from './tenants/tenants.js';
export {
  createTenant,
  findTenant,
  findTenantBySiteKey,
  findTenantByAdminKey,
  listTenants,
  setAllowedOrigins,
  rotateTenantKey,
} from './tenants/tenants-store.js';
export {
  mintIdentityToken,
  verifyIdentityToken,
  verifyIdentity,
  IdentityClaimsSchema,
  IDENTITY_TOKEN_PREFIX,
  type IdentityClaims,
  type IdentityInput,
} from './tenants/identity-token.js';
export { HttpError, isHttpError, type FieldIssue } from './http-error.js';
export {
  SurveyRepository,
  acceptResponses,
  parseResponsesBody,
  ResponsesBatchSchema,
  AcceptedSchema,
} from './collector/collector.js';
export {
  storeResponses,
  type PreparedResponse,
  type Ack,
  type AckStatus,
} from './collector/responses-store.js';
export { checkAnswersAgainstSurvey, scaleOfQuestion } from './collector/survey-rules.js';
export {
  FatigueSettingsSchema,
  SETTINGS,
  SettingNameSchema,
  saveVersion,
  latestVersion,
  history,
  getSetting,
  listSurveys,
  type FatigueSettings,
  type SettingName,
  type ConfigVersion,
} from './admin/config-store.js';
export {
  buildAccountSummary,
  kpiView,
  AccountSummaryQuerySchema,
  RollupModeSchema,
  type AccountSummaryOptions,
} from './accounts/account-summary.js';
export {
  StoredHealthSchema,
  StoredChurnSchema,
  type StoredHealth,
  type StoredChurn,
} from './accounts/account-insights.js';
export { recordAccountInsight, latestAccountInsights } from './accounts/account-insights-store.js';
export {
  checkEligibility,
  EligibilityQuerySchema,
  EligibilitySchema,
  type Eligibility,
} from './collector/eligibility.js';
export { RateLimiter, type RateLimit } from './rate-limiter.js';
export { openApiDocument, ErrorBodySchema, type RouteDoc, type RouteAuth } from './openapi.js';
export {
  defineRoute,
  type RouteAuthDefinition,
  type RouteDefinition,
  type RouteInput,
} from './route-definition.js';
export {
  importRecords,
  importResponseId,
  IMPORT_SURVEY_ID,
  type ImportRecord,
  type ImportResult,
} from './collector/import-records.js';
// --- HubSpot integration (issue 6) ---
export { hubspotFeature, type HubSpotFeature } from './hubspot/hubspot-feature.js';
export { hubspotEnvFeature } from './hubspot/hubspot-env-feature.js';
export {
  HubSpotSettingsSchema,
  loadHubSpotSettings,
  TEN_SECOND_LIMITS,
  type HubSpotSettings,
} from './hubspot/hubspot-settings.js';
export {
  verifyHubSpotRequest,
  hubspotSignatureV3,
  MAX_SIGNATURE_AGE_MS,
  type SignedRequest,
} from './hubspot/request-signature.js';
export { encryptSecret, decryptSecret } from './hubspot/token-crypto.js';
export {
  savePortal,
  findPortal,
  listPortals,
  setTriggerSurveys,
  saveTimeZone,
  markNeedsReconnect,
  type HubSpotPortal,
  type PortalInput,
} from './hubspot/hubspot-portals-store.js';
export {
  HubSpotGateway,
  HubSpotCallError,
  PortalNeedsReconnect,
  createHubSpotClient,
  type GatewayOptions,
  type GatewayStats,
} from './hubspot/hubspot-gateway.js';
export {
  exchangeAuthorizationCode,
  refreshAccessToken,
  introspectToken,
  OAuthGrantRejected,
  type OAuthTokens,
  type TokenIntrospection,
} from './hubspot/oauth-tokens.js';
export {
  PortalRateLimiter,
  DailyLimitReached,
  statedLimit,
  type PortalLimits,
  type StatedLimit,
} from './hubspot/portal-rate-limiter.js';
export { fetchPortalTimeZone, ensurePortalTimeZone, PortalDetailsError } from './hubspot/portal-time-zone.js';
export { portalDayStart, portalNextMidnight, isKnownTimeZone } from './hubspot/portal-day.js';
export {
  enqueueWrites,
  countChanges,
  nextBatch,
  acknowledge,
  markFailed,
  outboxStatus,
  BATCH_SIZE,
  type PropertyWrite,
  type PendingWrite,
  type OutboxObjectType,
} from './hubspot/property-outbox-store.js';
export { drainOutbox, type DrainResult, type DrainOptions } from './hubspot/outbox-drain.js';
export { queueChangedAccounts } from './hubspot/changed-accounts.js';
export {
  clearHubSpotPending,
  listHubSpotPending,
  markHubSpotPending,
  type PendingAccount,
} from './hubspot/pending-accounts-store.js';
export { startHubSpotSyncWorker, type SyncWorker } from './hubspot/sync-worker.js';
export {
  PENDING_SURVEY_URL,
  queueInvitationClears,
  type InvitationClearResult,
} from './hubspot/invitation-clearing.js';
export {
  alertTaskMarker,
  drainAlertTasks,
  MAX_ALERT_TASK_ATTEMPTS,
  type AlertTaskDrainOptions,
  type AlertTaskDrainResult,
} from './hubspot/alert-task-drain.js';
export { companyPropertyValues, queueAccountSync, type QueueResult } from './hubspot/company-values.js';
export {
  COMPANY_PROPERTIES,
  CONTACT_PROPERTIES,
  CXKIT_GROUP,
  installProperties,
  type CxkitProperty,
} from './hubspot/cxkit-properties.js';
export {
  accountForCompany,
  companyForAccount,
  findCompanyForAccount,
  accountForContact,
  normaliseDomain,
  CONTACT_MATCH_RESPONDENTS,
  type CompanyMatch,
  type FindCompanyOptions,
  type MatchedBy,
} from './hubspot/account-matching.js';
export { linkCompany, linkedAccount, linkedCompanies } from './hubspot/account-matching-store.js';
export {
  HubSpotAppConfigSchema,
  type HubSpotAppConfig,
  type VersionedAppConfig,
} from './hubspot/hubspot-app-config.js';
export { currentAppConfig, saveAppConfig } from './hubspot/hubspot-app-config-store.js';
export {
  createInvitation,
  pendingInvitations,
  invitationUrl,
  INVITATION_TTL_DAYS,
  InvitationSchema,
  type Invitation,
  type InvitationInput,
} from './hubspot/survey-invitations-store.js';
export {
  processWebhookEvents,
  handleWebhookEvent,
  WebhookEventSchema,
  type WebhookEvent,
  type WebhookOutcome,
} from './hubspot/webhook-events.js';
export { processWebhookInbox, MAX_EVENT_ATTEMPTS, type WebhookPassResult } from './hubspot/webhook-inbox.js';
export { storeWebhookDelivery } from './hubspot/webhook-inbox-store.js';
export { eraseContact, type ErasureResult } from './hubspot/privacy-erasure-store.js';
export { diagnoseHubSpot, type DoctorFinding, type DoctorOptions } from './hubspot/hubspot-doctor.js';
export {
  completeOAuthInstall,
  linkStaticPortal,
  ensureProperties,
  authorizeUrl,
  oauthState,
  useOAuthState,
  hubspotCompaniesUrl,
  INSTALL_COOKIE,
  OAUTH_SCOPES,
} from './hubspot/oauth-install.js';

// --- verbatim analysis and alerts (issue 8) ---
export { PeriodicJob, type PeriodicJobOptions } from './verbatims/periodic-job.js';
export {
  analyzePendingVerbatims,
  analyzeTenantAnswer,
  type AnalyzePendingOptions,
  type AnalyzePendingResult,
  type SentimentProviderResolver,
  type VerbatimAnalysisServices,
} from './verbatims/analyze-pending-verbatims.js';
export {
  createVerbatimsFeature,
  verbatimsFeature,
  verbatimWorkerOf,
  type VerbatimsFeatureOptions,
  type VerbatimWorker,
} from './verbatims/verbatims-feature.js';
export {
  REANALYSIS_ENTITY,
  ReanalysisStatusSchema,
  reanalyzeVerbatims,
  requestVerbatimReanalysis,
  type ReanalysisStatus,
  type ReanalyzeOptions,
  type ReanalyzeResult,
} from './verbatims/verbatim-reanalysis.js';
export { reanalysisStatus } from './verbatims/verbatim-reanalysis-store.js';
export {
  loadThemeDictionaries,
  type TenantThemeDictionaries,
} from './verbatims/tenant-theme-dictionaries.js';
export {
  accountThemes,
  withVerbatimAnalyses,
  type AccountThemesOptions,
  type AccountThemesView,
} from './verbatims/account-verbatims.js';
export {
  ALERT_RULE_ENTITY,
  saveAlertRule,
  deleteAlertRule,
  listAlertRules,
  tenantsWithRules,
} from './alerts/alert-rules-store.js';
export {
  WebhookUrlSchema,
  AlertChannelsInputSchema,
  AlertChannelsViewSchema,
  getAlertChannels,
  saveAlertChannels,
  type AlertChannels,
} from './alerts/alert-channels.js';
export { DETRACTOR_LOOKBACK_DAYS, monthsNeeded, loadAlertInputs } from './alerts/alert-inputs.js';
export {
  AlertViewSchema,
  AlertListQuerySchema,
  AlertPageSchema,
  listAlerts,
  acknowledgeAlert,
  toAlertView,
  type AlertView,
} from './alerts/alert-store.js';
export { raiseAlerts } from './alerts/raise-alerts.js';
export { evaluateAlerts, type EvaluateAlertsResult } from './alerts/evaluate-alerts.js';
export {
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  signWebhook,
  verifyWebhook,
} from './alerts/webhook-signature.js';
export {
  deliverPendingAlerts,
  retryDelay,
  type DeliveryOptions,
  type DeliveryResult,
  type WebhookPayload,
} from './alerts/webhook-delivery.js';
export {
  TASK_TO_COMPANY_ASSOCIATION,
  hubspotTaskFields,
  hubspotTaskRequest,
  pendingHubSpotTasks,
  markHubSpotTask,
  type PendingHubSpotTask,
} from './alerts/hubspot-alert-tasks.js';
export {
  createAlertsFeature,
  alertsFeature,
  alertWorkerOf,
  type AlertsFeatureOptions,
} from './alerts/alerts-feature.js';

// --- Health score and churn risk (issue 5) ---
export {
  AccountSignalsSchema,
  SignalsBatchSchema,
  SignalsAccountIdSchema,
  type AccountSignals,
  type SignalsBatch,
  type StoredSignals,
} from './insights/account-signals.js';
export { upsertAccountSignals, loadAccountSignals } from './insights/account-signals-store.js';
export {
  loadHealthInputs,
  type AccountHealthInput,
  type HealthInputOptions,
} from './insights/health-inputs.js';
export {
  latestChurnModel,
  latestFailedTraining,
  saveChurnModel,
  type FailedChurnTraining,
  type StoredChurnModel,
} from './insights/churn-model-store.js';
export { loadChurnSnapshots, type ChurnSnapshotOptions } from './insights/churn-snapshots.js';
export {
  validateTenantHealthWeights,
  type TenantHealthWeightValidation,
} from './insights/validate-health-weights.js';
export {
  ChurnSettingsSchema,
  DEFAULT_CHURN_SETTINGS,
  type ChurnSettings,
} from './insights/churn-settings.js';
export {
  recomputeInsights,
  type RecomputeOptions,
  type RecomputeResult,
} from './insights/recompute-insights.js';
export { previewHealthConfig, type HealthConfigPreview } from './insights/preview-health-config.js';
export {
  createInsightsFeature,
  insightsFeature,
  insightsJobOf,
  recomputeAllTenants,
  type InsightsFeatureOptions,
} from './insights/insights-feature.js';
export { insightsAfterAnswersFeature } from './insights/insights-after-answers.js';
// --- Portfolio analytics (issue 17) ---
export { analyticsFeature, hubspotAnalyticsFeature } from './analytics/analytics-feature.js';
export {
  AnalyticsTargetsSchema,
  VersionedTargetsSchema,
  type AnalyticsTargets,
} from './analytics/analytics-targets.js';
export {
  DriversViewSchema,
  PrioritiesViewSchema,
  buildDrivers,
  buildPriorities,
  type DriversView,
  type PrioritiesView,
} from './analytics/driver-analysis.js';
export { ImprovementActionSchema, type ImprovementAction } from './analytics/actions-store.js';
export { analyticsWindow, type AnalyticsWindow } from './analytics/portfolio-analytics.js';
export { analyticsDataVersion } from './analytics/analytics-store.js';
