// Public API of @cxkit/server, re-exported by name.

export { createApp, CORE_FEATURES, SERVER_VERSION } from './app.js';
export type { AppDeps, AppEnv, AppServices, AppVariables, AppContext, Feature } from './app-context.js';
export { startServer, closeOnSignals, type StartServerOptions, type RunningServer } from './server.js';
export { ConfigSchema, ConfigError, loadConfig, type Config } from './config.js';
export { createLogger, type Logger } from './logger.js';
export type { Database, Queryable, QueryResult } from './db/database.js';
export { openDatabase, type StorageOptions } from './db/open-database.js';
export { openPgliteDatabase } from './db/pglite-database.js';
export { openPgDatabase, type PgDatabaseOptions } from './db/pg-database.js';
export { migrate, loadMigrations, type Migration } from './db/migrate.js';
export {
  createTenant,
  findTenant,
  findTenantBySiteKey,
  findTenantByAdminKey,
  listTenants,
  setAllowedOrigins,
  hashApiKey,
  CreateTenantSchema,
  OriginSchema,
  type Tenant,
  type CreatedTenant,
} from './tenants.js';
export {
  mintIdentityToken,
  verifyIdentityToken,
  IdentityClaimsSchema,
  IDENTITY_TOKEN_PREFIX,
  type IdentityClaims,
  type IdentityInput,
} from './identity-token.js';
export { HttpError, isHttpError, type FieldIssue } from './http-error.js';
export {
  SurveyRepository,
  acceptResponses,
  parseResponsesBody,
  ResponsesBatchSchema,
  AcceptedSchema,
} from './collector.js';
export { storeResponses, type PreparedResponse, type Ack, type AckStatus } from './store-responses.js';
export { checkAnswersAgainstSurvey, questionScale } from './survey-rules.js';
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
} from './config-store.js';
export {
  buildAccountSummary,
  kpiView,
  AccountSummaryQuerySchema,
  RollupModeSchema,
  type AccountSummaryOptions,
} from './account-summary.js';
export {
  recordAccountInsight,
  latestAccountInsights,
  StoredHealthSchema,
  StoredChurnSchema,
  type StoredHealth,
  type StoredChurn,
} from './account-insights.js';
export {
  checkEligibility,
  EligibilityQuerySchema,
  EligibilitySchema,
  type Eligibility,
} from './eligibility.js';
export { RateLimiter, type RateLimit } from './rate-limiter.js';
export { openApiDocument, ErrorBodySchema, type RouteDoc, type RouteAuth } from './openapi.js';
export {
  importRecords,
  importResponseId,
  IMPORT_SURVEY_ID,
  type ImportRecord,
  type ImportResult,
} from './import-records.js';
