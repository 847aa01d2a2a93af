// Public API of @cxkit/hubspot-stand-in, re-exported by name.

export {
  startHubSpotStandIn,
  StandInOptionsSchema,
  type HubSpotStandIn,
  type StandInOptions,
} from './stand-in.js';
export {
  CrmStore,
  type CrmObject,
  type CrmChange,
  type ChangeSource,
  type AssociationType,
  type PropertyInput,
} from './crm-store.js';
export { WebhookSubscriptions, type WebhookSubscription } from './webhook-subscriptions.js';
export { FaultInjector, TEN_SECONDLY_429, DAILY_429, type Fault, type FaultMatch } from './fault-injector.js';
export {
  RateLimiter,
  RATE_LIMIT_POLICIES,
  RATE_LIMIT_PRESETS,
  type RateLimitOptions,
  type RateLimitPolicy,
  type RateLimitDecision,
} from './rate-limiter.js';
export {
  OAuthServer,
  ACCESS_TOKEN_TTL_SECONDS,
  oauthError,
  type AccessToken,
  type AppCredentials,
  type OAuthErrorBody,
  type TokenResponse,
} from './oauth-server.js';
export {
  signatureV3,
  signatureV1,
  verifySignatureV3,
  normaliseSignedUri,
  SIGNATURE_HEADERS,
  SIGNATURE_MAX_AGE_MS,
} from './hubspot-signature.js';
export {
  signCardRequest,
  createHubSpotFetch,
  HubSpotFetchRefused,
  HUBSPOT_FETCH_LIMITS,
  type CardViewer,
  type HubSpotFetchOptions,
} from './card-fetch.js';
export {
  deliverWebhooks,
  MAX_EVENTS_PER_REQUEST,
  WEBHOOK_DELIVERY_RULES,
  type WebhookEvent,
  type WebhookEventInput,
  type DeliveryAttempt,
} from './webhook-sender.js';
export { HubSpotApiError, type HubSpotErrorBody } from './hubspot-error.js';
export {
  OBJECT_TYPES,
  DEFAULT_ASSOCIATION_TYPES,
  PRIMARY_ASSOCIATION_TYPES,
  type ObjectType,
} from './object-types.js';
export {
  PropertyCreateSchema,
  type Property,
  type PropertyGroup,
  type PropertyCreate,
} from './property-definition.js';
export type { Pipeline, PipelineStage } from './pipelines.js';
export { MAX_BATCH_INPUTS, type LoggedRequest } from './stand-in-app.js';
