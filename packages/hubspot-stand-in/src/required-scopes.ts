import type { ObjectType } from './object-types.js';

const OBJECT_SCOPE: Record<
  ObjectType,
  { read: string; write: string; schemaRead: string; schemaWrite: string }
> = {
  companies: {
    read: 'crm.objects.companies.read',
    write: 'crm.objects.companies.write',
    schemaRead: 'crm.schemas.companies.read',
    schemaWrite: 'crm.schemas.companies.write',
  },
  contacts: {
    read: 'crm.objects.contacts.read',
    write: 'crm.objects.contacts.write',
    schemaRead: 'crm.schemas.contacts.read',
    schemaWrite: 'crm.schemas.contacts.write',
  },
  deals: {
    read: 'crm.objects.deals.read',
    write: 'crm.objects.deals.write',
    schemaRead: 'crm.schemas.deals.read',
    schemaWrite: 'crm.schemas.deals.write',
  },
  // Tickets predate granular scopes: one `tickets` scope covers reading and writing them.
  tickets: { read: 'tickets', write: 'tickets', schemaRead: 'tickets', schemaWrite: 'tickets' },
  // The tasks API (an engagement) is granted by the contact scopes, as HubSpot's tasks guide lists.
  tasks: {
    read: 'crm.objects.contacts.read',
    write: 'crm.objects.contacts.write',
    schemaRead: 'crm.schemas.contacts.read',
    schemaWrite: 'crm.schemas.contacts.write',
  },
};

/** What a call needs: any one of the listed scopes grants it (HubSpot's "one or more of"). */
export function requiredScopes(
  type: ObjectType,
  access: 'read' | 'write' | 'schemaRead' | 'schemaWrite',
): string[] {
  const s = OBJECT_SCOPE[type];
  // Property definitions are readable with the object read scope too.
  if (access === 'schemaRead') return [s.schemaRead, s.read];
  return [s[access]];
}

/** Every scope the stand-in checks; a static token without explicit scopes gets all of them. */
export const ALL_SCOPES: string[] = [
  ...new Set(Object.values(OBJECT_SCOPE).flatMap((s) => [s.read, s.write, s.schemaRead, s.schemaWrite])),
  'oauth',
];
