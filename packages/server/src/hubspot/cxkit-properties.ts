import type { Client } from '@hubspot/api-client';
import type { HubSpotGateway } from './hubspot-gateway.js';
import type { HubSpotPortal } from './hubspot-portals-store.js';

/** The property group cxkit creates on companies and contacts. */
export const CXKIT_GROUP = { name: 'cxkit', label: 'cxkit customer experience', displayOrder: -1 } as const;

/** A property cxkit owns in HubSpot. */
export interface CxkitProperty {
  name: string;
  label: string;
  type: 'number' | 'string' | 'datetime';
  fieldType: 'number' | 'text' | 'date';
  description: string;
}

const prop = (
  name: string,
  label: string,
  type: CxkitProperty['type'],
  description: string,
): CxkitProperty => ({
  name,
  label,
  type,
  fieldType: type === 'number' ? 'number' : type === 'datetime' ? 'date' : 'text',
  description,
});

/** Company properties cxkit writes (values come from the account summary). */
export const COMPANY_PROPERTIES: readonly CxkitProperty[] = [
  prop('cxkit_nps', 'cxkit NPS', 'number', 'Account NPS (-100 to +100), rolled up from its people'),
  prop('cxkit_nps_responses', 'cxkit NPS responses', 'number', 'Number of NPS answers behind cxkit_nps'),
  prop('cxkit_csat', 'cxkit CSAT', 'number', 'CSAT, percent of satisfied answers'),
  prop('cxkit_ces', 'cxkit customer effort', 'number', 'Mean customer effort score on its scale'),
  prop('cxkit_health_score', 'cxkit health score', 'number', 'Health score, 0 to 100'),
  prop('cxkit_health_band', 'cxkit health band', 'string', 'Health band label'),
  prop('cxkit_churn_risk', 'cxkit churn risk', 'number', 'Probability of churn over the model horizon (0-1)'),
  prop(
    'cxkit_last_response_at',
    'cxkit last response',
    'datetime',
    'When someone of the account last answered',
  ),
  prop('cxkit_responses_90d', 'cxkit responses (90 days)', 'number', 'Answers in the last 90 days'),
];

/** Contact properties cxkit writes. */
export const CONTACT_PROPERTIES: readonly CxkitProperty[] = [
  prop(
    'cxkit_pending_survey_url',
    'cxkit pending survey link',
    'string',
    'Link to the survey the contact was invited to (a workflow can email it); empty when none',
  ),
];

async function ensureGroup(
  gateway: HubSpotGateway,
  portal: HubSpotPortal,
  objectType: string,
): Promise<void> {
  try {
    await gateway.call(portal, (c: Client) =>
      c.crm.properties.groupsApi.create(objectType, { ...CXKIT_GROUP }),
    );
  } catch (e) {
    // 409: the group exists (a reinstall).
    if ((e as { status?: number }).status !== 409) throw e;
  }
}

/**
 * Creates the cxkit property group and properties on companies and contacts (install time);
 * names that already exist are left as they are, so it is safe to run again.
 * @returns the names created by this call.
 */
export async function installProperties(gateway: HubSpotGateway, portal: HubSpotPortal): Promise<string[]> {
  const created: string[] = [];
  for (const [objectType, props] of [
    ['companies', COMPANY_PROPERTIES],
    ['contacts', CONTACT_PROPERTIES],
  ] as const) {
    await ensureGroup(gateway, portal, objectType);
    const r = await gateway.call(portal, (c: Client) =>
      c.crm.properties.batchApi.create(objectType, {
        // The SDK types these as string enums of the same values.
        inputs: props.map((p) => ({
          ...p,
          type: p.type as never,
          fieldType: p.fieldType as never,
          groupName: CXKIT_GROUP.name,
        })),
      }),
    );
    created.push(...r.results.map((p) => p.name));
  }
  return created;
}
