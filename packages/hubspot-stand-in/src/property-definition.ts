import { z } from 'zod';
import type { ObjectType } from './object-types.js';

/** Property value types HubSpot accepts. */
export const PROPERTY_TYPES = ['string', 'number', 'date', 'datetime', 'enumeration', 'bool'] as const;

/** Which `fieldType`s HubSpot accepts for each `type`. */
const FIELD_TYPES: Record<(typeof PROPERTY_TYPES)[number], readonly string[]> = {
  string: ['text', 'textarea', 'file', 'html', 'phonenumber'],
  number: ['number', 'calculation_equation'],
  date: ['date'],
  datetime: ['date'],
  enumeration: ['select', 'radio', 'checkbox', 'booleancheckbox', 'calculation_equation'],
  bool: ['booleancheckbox', 'calculation_equation'],
};

const OptionSchema = z.object({
  label: z.string().min(1),
  value: z.string().min(1),
  description: z.string().optional(),
  displayOrder: z.number().int().optional(),
  hidden: z.boolean().optional(),
});

/** The body of `POST /crm/v3/properties/{objectType}` (HubSpot's PropertyCreate). */
export const PropertyCreateSchema = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9_]*$/, 'name must be lower-case letters, digits and underscores'),
    label: z.string().min(1),
    type: z.enum(PROPERTY_TYPES),
    fieldType: z.string().min(1),
    groupName: z.string().min(1),
    description: z.string().optional(),
    options: z.array(OptionSchema).optional(),
    displayOrder: z.number().int().optional(),
    hasUniqueValue: z.boolean().optional(),
    hidden: z.boolean().optional(),
    formField: z.boolean().optional(),
    calculationFormula: z.string().optional(),
    externalOptions: z.boolean().optional(),
    dataSensitivity: z.enum(['non_sensitive', 'sensitive', 'highly_sensitive']).optional(),
  })
  .superRefine((p, ctx) => {
    if (!FIELD_TYPES[p.type].includes(p.fieldType)) {
      ctx.addIssue({
        code: 'custom',
        path: ['fieldType'],
        message: `fieldType ${p.fieldType} is not valid for type ${p.type}`,
      });
    }
  });

/** A property create request. */
export type PropertyCreate = z.infer<typeof PropertyCreateSchema>;

/** A property as HubSpot returns it (HubSpot's Property model). */
export interface Property {
  name: string;
  label: string;
  type: (typeof PROPERTY_TYPES)[number];
  fieldType: string;
  description: string;
  groupName: string;
  options: { label: string; value: string; description?: string; displayOrder?: number; hidden: boolean }[];
  displayOrder: number;
  calculated: boolean;
  externalOptions: boolean;
  hasUniqueValue: boolean;
  hidden: boolean;
  hubspotDefined?: boolean;
  formField: boolean;
  modificationMetadata: { archivable: boolean; readOnlyDefinition: boolean; readOnlyValue: boolean };
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  dataSensitivity?: string;
}

/** A property group as HubSpot returns it. */
export interface PropertyGroup {
  name: string;
  label: string;
  displayOrder: number;
  archived: boolean;
}

/** Builds a stored property from a create request. */
export function propertyFromCreate(p: PropertyCreate, at: string, hubspotDefined = false): Property {
  return {
    name: p.name,
    label: p.label,
    type: p.type,
    fieldType: p.fieldType,
    description: p.description ?? '',
    groupName: p.groupName,
    options: (p.options ?? []).map((o, i) => ({
      ...o,
      displayOrder: o.displayOrder ?? i,
      hidden: o.hidden ?? false,
    })),
    displayOrder: p.displayOrder ?? -1,
    calculated: p.fieldType === 'calculation_equation',
    externalOptions: p.externalOptions ?? false,
    hasUniqueValue: p.hasUniqueValue ?? false,
    hidden: p.hidden ?? false,
    ...(hubspotDefined ? { hubspotDefined: true } : {}),
    formField: p.formField ?? false,
    modificationMetadata: {
      archivable: !hubspotDefined,
      readOnlyDefinition: hubspotDefined,
      readOnlyValue: false,
    },
    createdAt: at,
    updatedAt: at,
    archived: false,
    ...(p.dataSensitivity ? { dataSensitivity: p.dataSensitivity } : {}),
  };
}

type Seed = [name: string, label: string, type: Property['type'], fieldType: string, options?: string[]];

const COMMON: Seed[] = [
  ['hs_object_id', 'Record ID', 'number', 'number'],
  ['createdate', 'Create Date', 'datetime', 'date'],
  ['hubspot_owner_id', 'Owner', 'enumeration', 'select'],
];
const LIFECYCLE = [
  'subscriber',
  'lead',
  'marketingqualifiedlead',
  'salesqualifiedlead',
  'opportunity',
  'customer',
  'evangelist',
  'other',
];

const SEEDS: Record<ObjectType, { group: [string, string]; modified: string; props: Seed[] }> = {
  companies: {
    group: ['companyinformation', 'Company information'],
    modified: 'hs_lastmodifieddate',
    props: [
      ['name', 'Company name', 'string', 'text'],
      ['domain', 'Company Domain Name', 'string', 'text'],
      ['industry', 'Industry', 'enumeration', 'select'],
      ['numberofemployees', 'Number of Employees', 'number', 'number'],
      ['annualrevenue', 'Annual Revenue', 'number', 'number'],
      ['city', 'City', 'string', 'text'],
      ['country', 'Country/Region', 'string', 'text'],
      ['lifecyclestage', 'Lifecycle Stage', 'enumeration', 'radio', LIFECYCLE],
    ],
  },
  contacts: {
    group: ['contactinformation', 'Contact information'],
    modified: 'lastmodifieddate',
    props: [
      ['firstname', 'First Name', 'string', 'text'],
      ['lastname', 'Last Name', 'string', 'text'],
      ['email', 'Email', 'string', 'text'],
      ['jobtitle', 'Job Title', 'string', 'text'],
      ['company', 'Company Name', 'string', 'text'],
      ['phone', 'Phone Number', 'string', 'phonenumber'],
      ['lifecyclestage', 'Lifecycle Stage', 'enumeration', 'radio', LIFECYCLE],
    ],
  },
  deals: {
    group: ['dealinformation', 'Deal information'],
    modified: 'hs_lastmodifieddate',
    props: [
      ['dealname', 'Deal Name', 'string', 'text'],
      ['amount', 'Amount', 'number', 'number'],
      ['pipeline', 'Pipeline', 'enumeration', 'select'],
      ['dealstage', 'Deal Stage', 'enumeration', 'radio'],
      ['closedate', 'Close Date', 'datetime', 'date'],
    ],
  },
  tickets: {
    group: ['ticketinformation', 'Ticket information'],
    modified: 'hs_lastmodifieddate',
    props: [
      ['subject', 'Ticket name', 'string', 'text'],
      ['content', 'Ticket description', 'string', 'textarea'],
      ['hs_pipeline', 'Pipeline', 'enumeration', 'select'],
      ['hs_pipeline_stage', 'Ticket status', 'enumeration', 'select'],
      ['hs_ticket_priority', 'Priority', 'enumeration', 'select', ['LOW', 'MEDIUM', 'HIGH', 'URGENT']],
      ['hs_ticket_category', 'Category', 'enumeration', 'checkbox'],
    ],
  },
  tasks: {
    group: ['task', 'Task information'],
    modified: 'hs_lastmodifieddate',
    props: [
      ['hs_task_subject', 'Task Title', 'string', 'text'],
      ['hs_task_body', 'Notes', 'string', 'html'],
      ['hs_timestamp', 'Due date', 'datetime', 'date'],
      [
        'hs_task_status',
        'Task Status',
        'enumeration',
        'select',
        ['NOT_STARTED', 'IN_PROGRESS', 'WAITING', 'COMPLETED', 'DEFERRED'],
      ],
      ['hs_task_priority', 'Priority', 'enumeration', 'select', ['NONE', 'LOW', 'MEDIUM', 'HIGH']],
      [
        'hs_task_type',
        'Task Type',
        'enumeration',
        'select',
        ['CALL', 'EMAIL', 'LINKED_IN', 'MEETING', 'TODO'],
      ],
    ],
  },
};

/** The property HubSpot stamps with the last modification time for this object type. */
export function lastModifiedProperty(type: ObjectType): string {
  return SEEDS[type].modified;
}

/** The HubSpot-defined groups and properties a new portal has, per object type. */
export function defaultSchema(
  type: ObjectType,
  at: string,
): { groups: PropertyGroup[]; properties: Property[] } {
  const seed = SEEDS[type];
  const groups = [{ name: seed.group[0], label: seed.group[1], displayOrder: -1, archived: false }];
  const all: Seed[] = [...COMMON, [seed.modified, 'Last Modified Date', 'datetime', 'date'], ...seed.props];
  const properties = all.map(([name, label, t, fieldType, options]) => {
    const p = propertyFromCreate(
      {
        name,
        label,
        type: t,
        fieldType,
        groupName: seed.group[0],
        options: options?.map((v) => ({ label: v, value: v })),
      },
      at,
      true,
    );
    if (name === 'hs_object_id' || name === 'createdate' || name === seed.modified) {
      p.modificationMetadata.readOnlyValue = true;
    }
    return p;
  });
  return { groups, properties };
}

/** Properties HubSpot returns when a read names none. */
export const DEFAULT_READ_PROPERTIES: Record<ObjectType, string[]> = {
  companies: ['createdate', 'domain', 'hs_lastmodifieddate', 'hs_object_id', 'name'],
  contacts: ['createdate', 'email', 'firstname', 'hs_object_id', 'lastmodifieddate', 'lastname'],
  deals: [
    'amount',
    'closedate',
    'createdate',
    'dealname',
    'dealstage',
    'hs_lastmodifieddate',
    'hs_object_id',
    'pipeline',
  ],
  tickets: [
    'content',
    'createdate',
    'hs_lastmodifieddate',
    'hs_object_id',
    'hs_pipeline',
    'hs_pipeline_stage',
    'hs_ticket_category',
    'hs_ticket_priority',
    'subject',
  ],
  tasks: ['createdate', 'hs_lastmodifieddate', 'hs_object_id'],
};
