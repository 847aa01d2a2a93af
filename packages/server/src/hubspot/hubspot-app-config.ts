import { HealthConfigSchema, RoleWeightsSchema } from '@cxkit/core';
import { z } from 'zod';

/** The configuration the settings page edits: health score and role weights. */
export const HubSpotAppConfigSchema = z.strictObject({
  health: HealthConfigSchema,
  roleWeights: RoleWeightsSchema,
});

/** The settings page's configuration. */
export type HubSpotAppConfig = z.infer<typeof HubSpotAppConfigSchema>;

/** `GET /v1/hubspot/config` and the reply of a save. */
export interface VersionedAppConfig {
  /** 0 until first saved (the defaults). */
  version: number;
  updatedAt: string;
  config: HubSpotAppConfig;
}

/** Body of `PUT /v1/hubspot/config`. */
export const PutAppConfigSchema = z.strictObject({
  expectedVersion: z.int().min(0),
  config: HubSpotAppConfigSchema,
});

/** Body of `POST /v1/hubspot/config/preview`. */
export const PreviewAppConfigSchema = z.strictObject({ config: HubSpotAppConfigSchema });
