import { HubSpotApiError } from './hubspot-error.js';

/** The CRM object types the stand-in serves, by their plural API name. */
export const OBJECT_TYPES = {
  contacts: { id: '0-1', singular: 'contact', label: 'CONTACT' },
  companies: { id: '0-2', singular: 'company', label: 'COMPANY' },
  deals: { id: '0-3', singular: 'deal', label: 'DEAL' },
  tickets: { id: '0-5', singular: 'ticket', label: 'TICKET' },
  tasks: { id: '0-27', singular: 'task', label: 'TASK' },
} as const;

/** A CRM object type's plural API name. */
export type ObjectType = keyof typeof OBJECT_TYPES;

const ALIASES = new Map<string, ObjectType>();
for (const [plural, t] of Object.entries(OBJECT_TYPES) as [ObjectType, (typeof OBJECT_TYPES)[ObjectType]][]) {
  ALIASES.set(plural, plural);
  ALIASES.set(t.singular, plural);
  ALIASES.set(t.id, plural);
}

/**
 * Resolves `companies`, `company` or `0-2` (as HubSpot's paths accept all three) to the plural name.
 * @throws HubSpotApiError 400 for a type the stand-in does not model.
 */
export function resolveObjectType(name: string): ObjectType {
  const t = ALIASES.get(name.toLowerCase());
  if (!t) {
    throw new HubSpotApiError(400, {
      message: `Unable to infer object type from: ${name}`,
      category: 'VALIDATION_ERROR',
    });
  }
  return t;
}

/**
 * HubSpot-defined association type ids (unlabeled), from HubSpot's association type table.
 * Keys are `from->to`.
 */
export const DEFAULT_ASSOCIATION_TYPES: Record<string, number> = {
  'contacts->companies': 279,
  'companies->contacts': 280,
  'deals->contacts': 3,
  'contacts->deals': 4,
  'contacts->tickets': 15,
  'tickets->contacts': 16,
  'deals->companies': 341,
  'companies->deals': 342,
  'tickets->companies': 339,
  'companies->tickets': 340,
  'deals->tickets': 27,
  'tickets->deals': 28,
  'tasks->companies': 192,
  'companies->tasks': 191,
  'tasks->contacts': 204,
  'contacts->tasks': 203,
  'tasks->deals': 216,
  'deals->tasks': 215,
  'tasks->tickets': 230,
  'tickets->tasks': 229,
};

/** Primary association type ids (a record's primary company). Keys are `from->to`. */
export const PRIMARY_ASSOCIATION_TYPES: Record<string, { typeId: number; label: string }> = {
  'contacts->companies': { typeId: 1, label: 'Primary' },
  'companies->contacts': { typeId: 2, label: 'Primary' },
  'deals->companies': { typeId: 5, label: 'Primary' },
  'companies->deals': { typeId: 6, label: 'Primary' },
  'companies->tickets': { typeId: 25, label: 'Primary' },
  'tickets->companies': { typeId: 26, label: 'Primary' },
};
