import type { CxConfig, VersionedConfig } from './cx-config.ts';

/** A small configuration with one component of each scale type. */
export const SAMPLE_CONFIG: CxConfig = {
  health: {
    components: [
      {
        key: 'nps',
        label: 'Account NPS',
        group: 'survey',
        weight: 15,
        scale: { type: 'linear', lo: -50, hi: 70, invert: false },
      },
      {
        key: 'openTickets',
        label: 'Open tickets',
        group: 'support',
        weight: 5,
        scale: {
          type: 'bands',
          bands: [
            { upTo: 0, score: 100 },
            { upTo: 2, score: 75 },
            { upTo: 5, score: 40 },
          ],
        },
      },
      {
        key: 'activeUsers',
        label: 'Active users',
        group: 'usage',
        weight: 8,
        scale: { type: 'percentile', invert: false },
      },
    ],
    bands: [
      { key: 'at-risk', label: 'At risk', min: 0 },
      { key: 'needs-attention', label: 'Needs attention', min: 40 },
      { key: 'healthy', label: 'Healthy', min: 70 },
    ],
  },
  roleWeights: { weights: { buyer: 3, prescriber: 2, user: 1 }, defaultWeight: 1 },
};

/** What `GET /v1/hubspot/config` answers in the tests. */
export const SAMPLE_VERSIONED: VersionedConfig = {
  version: 3,
  updatedAt: '2026-03-01T12:00:00.000Z',
  config: SAMPLE_CONFIG,
};
