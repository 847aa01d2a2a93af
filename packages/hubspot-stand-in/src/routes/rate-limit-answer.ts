import { randomUUID } from 'node:crypto';
import type { RateLimitPolicy } from '../rate-limiter.js';

/**
 * The body of HubSpot's 429 when a policy's limit is reached (the limiter and an injected 429 answer alike),
 * as HubSpot's API usage guidelines show it (https://developers.hubspot.com/docs/guides/apps/api-usage/usage-details):
 * the policy named in `policyName` and in the message.
 */
export function rateLimitBody(policy: RateLimitPolicy | undefined) {
  return {
    status: 'error',
    message:
      policy === 'DAILY'
        ? 'You have reached your daily limit.'
        : 'You have reached your ten_secondly_rolling limit.',
    errorType: 'RATE_LIMIT',
    correlationId: randomUUID(),
    policyName: policy,
    requestId: randomUUID(),
  };
}
