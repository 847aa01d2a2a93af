import { HubSpotApiError, notFound, validationError } from './hubspot-error.js';
import {
  DEFAULT_ASSOCIATION_TYPES,
  OBJECT_TYPES,
  PRIMARY_ASSOCIATION_TYPES,
  resolveObjectType,
  type ObjectType,
} from './object-types.js';
import {
  defaultSchema,
  lastModifiedProperty,
  propertyFromCreate,
  type Property,
  type PropertyCreate,
  type PropertyGroup,
} from './property-definition.js';
import { defaultPipelines, type Pipeline } from './pipelines.js';

/** A CRM record as the store keeps it; every value is a string, as HubSpot returns them. */
export interface CrmObject {
  id: string;
  properties: Record<string, string | null>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
}

/** One association type on an association (HubSpot's AssociationSpecWithLabel). */
export interface AssociationType {
  category: 'HUBSPOT_DEFINED' | 'USER_DEFINED';
  typeId: number;
  label: string | null;
}

/** Who made a change: a person in HubSpot's UI (direct store calls) or an app through the API. */
export type ChangeSource = 'CRM_UI' | 'INTEGRATION';

/** A change to the CRM, as HubSpot's webhooks report it. */
export interface CrmChange {
  kind: 'creation' | 'propertyChange' | 'deletion' | 'associationChange' | 'merge' | 'privacyDeletion';
  /** For `merge`: the records merged into `objectId` (the one kept). */
  mergedObjectIds?: string[];
  objectType: ObjectType;
  objectId: string;
  propertyName?: string;
  propertyValue?: string | null;
  toObjectType?: ObjectType;
  toObjectId?: string;
  primary?: boolean;
  source: ChangeSource;
  at: number;
}

/** A property value a caller may write: HubSpot accepts numbers and booleans and stores strings. */
export type PropertyInput = string | number | boolean | null;

/**
 * The in-memory CRM of one HubSpot portal: records, property definitions and groups,
 * associations and pipelines. Routes and tests share it, so a test can seed records
 * directly and then assert what the client wrote.
 */
export class CrmStore {
  private readonly objects = new Map<ObjectType, Map<string, CrmObject>>();
  private readonly properties = new Map<ObjectType, Map<string, Property>>();
  private readonly groups = new Map<ObjectType, Map<string, PropertyGroup>>();
  /** key `from:fromId:to` -> toId -> association types */
  private readonly associations = new Map<string, Map<string, AssociationType[]>>();
  private readonly pipelines = new Map<ObjectType, Pipeline[]>();
  private nextId = 10_000_000_001;
  private readonly now: () => number;
  private readonly listeners = new Set<(change: CrmChange) => void>();

  constructor(options: { now?: () => number } = {}) {
    this.now = options.now ?? Date.now;
    const at = this.iso();
    for (const type of Object.keys(OBJECT_TYPES) as ObjectType[]) {
      const schema = defaultSchema(type, at);
      this.objects.set(type, new Map());
      this.properties.set(type, new Map(schema.properties.map((p) => [p.name, p])));
      this.groups.set(type, new Map(schema.groups.map((g) => [g.name, g])));
      this.pipelines.set(type, defaultPipelines(type, at));
    }
  }

  private iso(): string {
    return new Date(this.now()).toISOString();
  }

  /** Calls `listener` after every change; returns a function that stops it. */
  onChange(listener: (change: CrmChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(change: Omit<CrmChange, 'at'>): void {
    const full = { ...change, at: this.now() };
    for (const l of this.listeners) l(full);
  }

  private table(type: ObjectType): Map<string, CrmObject> {
    return this.objects.get(type)!;
  }

  /**
   * Adds a user of the portal as a CRM owner. In HubSpot the Owner property (`hubspot_owner_id`) of every
   * object takes the portal's owners as its options (HubSpot, "CRM API | Owners": owners are the users
   * records can be assigned to; "Properties API": `hubspot_owner_id` is an enumeration of owner ids), so once
   * a portal has owners a value that is none of them is refused with INVALID_OPTION. A store without owners
   * accepts any value, as it did before owners were modelled.
   */
  addOwner(owner: { id: string; email: string; firstName?: string; lastName?: string }): void {
    for (const props of this.properties.values()) {
      const def = props.get('hubspot_owner_id');
      if (!def || def.options.some((o) => o.value === owner.id)) continue;
      def.options.push({
        label: [owner.firstName, owner.lastName].filter(Boolean).join(' ') || owner.email,
        value: owner.id,
        displayOrder: def.options.length,
        hidden: false,
      });
    }
  }

  /** Creates a record (values are validated against the property definitions) and returns it. */
  create(
    typeName: string,
    properties: Record<string, PropertyInput> = {},
    o: { source?: ChangeSource } = {},
  ): CrmObject {
    const type = resolveObjectType(typeName);
    const values = this.validateValues(type, properties, { allowReadOnly: false });
    const id = String(this.nextId++);
    const at = this.iso();
    const obj: CrmObject = {
      id,
      properties: { ...values, hs_object_id: id, createdate: at, [lastModifiedProperty(type)]: at },
      createdAt: at,
      updatedAt: at,
      archived: false,
    };
    this.table(type).set(id, obj);
    this.emit({ kind: 'creation', objectType: type, objectId: id, source: o.source ?? 'CRM_UI' });
    return structuredClone(obj);
  }

  /** The record, or undefined when it does not exist or is archived. */
  get(typeName: string, id: string): CrmObject | undefined {
    const obj = this.table(resolveObjectType(typeName)).get(id);
    return obj && !obj.archived ? structuredClone(obj) : undefined;
  }

  /** Every live record of a type, in id order. */
  list(typeName: string): CrmObject[] {
    return [...this.table(resolveObjectType(typeName)).values()]
      .filter((o) => !o.archived)
      .sort((a, b) => Number(a.id) - Number(b.id))
      .map((o) => structuredClone(o));
  }

  /**
   * Writes property values to a record.
   * @throws HubSpotApiError 404 when the record does not exist, 400 for an invalid value.
   */
  update(
    typeName: string,
    id: string,
    properties: Record<string, PropertyInput>,
    o: { source?: ChangeSource } = {},
  ): CrmObject {
    const type = resolveObjectType(typeName);
    const obj = this.table(type).get(id);
    if (!obj || obj.archived) throw notFound(`resource not found`);
    const values = this.validateValues(type, properties, { allowReadOnly: false });
    // HubSpot only reports values that actually changed.
    const changed = Object.entries(values).filter(([k, v]) => (obj.properties[k] ?? null) !== v);
    const at = this.iso();
    Object.assign(obj.properties, values, { [lastModifiedProperty(type)]: at });
    obj.updatedAt = at;
    for (const [propertyName, propertyValue] of changed) {
      this.emit({
        kind: 'propertyChange',
        objectType: type,
        objectId: id,
        propertyName,
        propertyValue,
        source: o.source ?? 'CRM_UI',
      });
    }
    return structuredClone(obj);
  }

  /** Archives a record (HubSpot's DELETE moves it to the recycle bin). */
  archive(typeName: string, id: string, o: { source?: ChangeSource } = {}): void {
    const type = resolveObjectType(typeName);
    const obj = this.table(type).get(id);
    if (!obj || obj.archived) return;
    obj.archived = true;
    this.emit({ kind: 'deletion', objectType: type, objectId: id, source: o.source ?? 'CRM_UI' });
  }

  /**
   * Merges `mergedId` into `primaryId`, as HubSpot's merge does: the primary keeps its values and takes
   * the merged record's where it has none, the merged record is archived, and an `object.merge` change
   * names both (`primaryObjectId`, `mergedObjectIds`; https://developers.hubspot.com/changelog/new-subscription-types-for-webhooks).
   */
  merge(typeName: string, primaryId: string, mergedId: string, o: { source?: ChangeSource } = {}): void {
    const type = resolveObjectType(typeName);
    const primary = this.table(type).get(primaryId);
    const merged = this.table(type).get(mergedId);
    if (!primary || primary.archived || !merged || merged.archived) throw notFound('resource not found');
    for (const [k, v] of Object.entries(merged.properties))
      if ((primary.properties[k] ?? '') === '' && v !== null && v !== '') primary.properties[k] = v;
    merged.archived = true;
    this.emit({
      kind: 'merge',
      objectType: type,
      objectId: primaryId,
      mergedObjectIds: [mergedId],
      source: o.source ?? 'CRM_UI',
    });
  }

  /**
   * A GDPR delete of a contact: the record is gone for good and HubSpot sends the
   * `contact.privacyDeletion` event (a hub event, not a CRM object subscription).
   */
  privacyDelete(contactId: string): void {
    const obj = this.table('contacts').get(contactId);
    if (!obj) return;
    this.table('contacts').delete(contactId);
    this.emit({ kind: 'privacyDeletion', objectType: 'contacts', objectId: contactId, source: 'CRM_UI' });
  }

  /** Checks and normalises values the way HubSpot's property validation does. */
  validateValues(
    type: ObjectType,
    input: Record<string, PropertyInput>,
    o: { allowReadOnly: boolean },
  ): Record<string, string | null> {
    const defs = this.properties.get(type)!;
    const out: Record<string, string | null> = {};
    const problems: { name: string; error: string; message: string }[] = [];
    for (const [name, raw] of Object.entries(input)) {
      const def = defs.get(name);
      if (!def || def.archived) {
        problems.push({ name, error: 'PROPERTY_DOESNT_EXIST', message: `Property "${name}" does not exist` });
        continue;
      }
      if (def.modificationMetadata.readOnlyValue && !o.allowReadOnly) {
        problems.push({
          name,
          error: 'READ_ONLY_VALUE',
          message: `"${name}" is a read only property; its value cannot be set.`,
        });
        continue;
      }
      const checked = normaliseValue(def, raw);
      if ('error' in checked) problems.push({ name, ...checked });
      else out[name] = checked.value;
    }
    if (problems.length > 0) {
      const detail = problems.map((p) => ({
        isValid: false,
        message: p.message,
        error: p.error,
        name: p.name,
        localizedErrorMessage: p.message,
      }));
      throw validationError(`Property values were not valid: ${JSON.stringify(detail)}`);
    }
    return out;
  }

  /** Property definitions of a type (archived ones only when asked). */
  listProperties(typeName: string, archived = false): Property[] {
    return [...this.properties.get(resolveObjectType(typeName))!.values()]
      .filter((p) => p.archived === archived)
      .map((p) => structuredClone(p));
  }

  /** One property definition, or undefined. */
  getProperty(typeName: string, name: string): Property | undefined {
    const p = this.properties.get(resolveObjectType(typeName))!.get(name);
    return p && !p.archived ? structuredClone(p) : undefined;
  }

  /**
   * Creates a property definition.
   * @throws HubSpotApiError 409 when the name is taken, 400 when the group does not exist.
   */
  createProperty(typeName: string, body: PropertyCreate): Property {
    const type = resolveObjectType(typeName);
    const defs = this.properties.get(type)!;
    if (defs.get(body.name) && !defs.get(body.name)!.archived) {
      throw new HubSpotApiError(409, {
        message: `Property named '${body.name}' already exists.`,
        category: 'OBJECT_ALREADY_EXISTS',
        context: { name: [body.name] },
      });
    }
    if (!this.groups.get(type)!.has(body.groupName)) {
      throw validationError(`Property group '${body.groupName}' does not exist.`, {
        subCategory: 'PropertyValidationError.PROPERTY_GROUP_NOT_FOUND',
      });
    }
    const p = propertyFromCreate(body, this.iso());
    defs.set(p.name, p);
    return structuredClone(p);
  }

  /** Property groups of a type. */
  listGroups(typeName: string): PropertyGroup[] {
    return [...this.groups.get(resolveObjectType(typeName))!.values()].map((g) => ({ ...g }));
  }

  /**
   * Creates a property group.
   * @throws HubSpotApiError 409 when the name is taken.
   */
  createGroup(typeName: string, body: { name: string; label: string; displayOrder?: number }): PropertyGroup {
    const groups = this.groups.get(resolveObjectType(typeName))!;
    if (groups.has(body.name)) {
      throw new HubSpotApiError(409, {
        message: `A property group with name '${body.name}' already exists.`,
        category: 'OBJECT_ALREADY_EXISTS',
      });
    }
    const g = { name: body.name, label: body.label, displayOrder: body.displayOrder ?? -1, archived: false };
    groups.set(g.name, g);
    return { ...g };
  }

  /**
   * Associates two records with the default (unlabeled) type, plus the primary type when
   * `primary` is set, in both directions as HubSpot does.
   * @throws HubSpotApiError 404 when either record does not exist.
   */
  associate(
    fromName: string,
    fromId: string,
    toName: string,
    toId: string,
    o: { primary?: boolean; source?: ChangeSource } = {},
  ): void {
    const from = resolveObjectType(fromName);
    const to = resolveObjectType(toName);
    if (!this.get(from, fromId)) throw notFound(`${OBJECT_TYPES[from].label} ${fromId} not found`);
    if (!this.get(to, toId)) throw notFound(`${OBJECT_TYPES[to].label} ${toId} not found`);
    const primary = o.primary ?? false;
    this.link(from, fromId, to, toId, primary);
    this.link(to, toId, from, fromId, primary);
    const source = o.source ?? 'CRM_UI';
    this.emit({
      kind: 'associationChange',
      objectType: from,
      objectId: fromId,
      toObjectType: to,
      toObjectId: toId,
      primary,
      source,
    });
    this.emit({
      kind: 'associationChange',
      objectType: to,
      objectId: toId,
      toObjectType: from,
      toObjectId: fromId,
      primary,
      source,
    });
  }

  private link(from: ObjectType, fromId: string, to: ObjectType, toId: string, primary: boolean): void {
    const key = `${from}:${fromId}:${to}`;
    const byTarget = this.associations.get(key) ?? new Map<string, AssociationType[]>();
    this.associations.set(key, byTarget);
    const types = byTarget.get(toId) ?? [];
    const unlabeled = DEFAULT_ASSOCIATION_TYPES[`${from}->${to}`];
    if (unlabeled !== undefined && !types.some((t) => t.typeId === unlabeled)) {
      types.push({ category: 'HUBSPOT_DEFINED', typeId: unlabeled, label: null });
    }
    const p = PRIMARY_ASSOCIATION_TYPES[`${from}->${to}`];
    if (primary && p && !types.some((t) => t.typeId === p.typeId)) {
      types.push({ category: 'HUBSPOT_DEFINED', typeId: p.typeId, label: p.label });
    }
    byTarget.set(toId, types);
  }

  /** Records of type `to` associated with a record, in id order, with their association types. */
  associationsOf(
    fromName: string,
    fromId: string,
    toName: string,
  ): { toObjectId: string; associationTypes: AssociationType[] }[] {
    const from = resolveObjectType(fromName);
    const to = resolveObjectType(toName);
    const byTarget = this.associations.get(`${from}:${fromId}:${to}`);
    if (!byTarget) return [];
    return [...byTarget.entries()]
      .filter(([id]) => this.get(to, id))
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([toObjectId, types]) => ({ toObjectId, associationTypes: types.map((t) => ({ ...t })) }));
  }

  /** Pipelines of a type (deals and tickets have one each by default). */
  listPipelines(typeName: string): Pipeline[] {
    return structuredClone(this.pipelines.get(resolveObjectType(typeName))!);
  }
}

function normaliseValue(
  def: Property,
  raw: PropertyInput,
): { value: string | null } | { error: string; message: string } {
  if (raw === null || raw === '') return { value: null };
  const s = String(raw);
  switch (def.type) {
    case 'number': {
      const n = Number(s);
      return Number.isFinite(n) && s.trim() !== ''
        ? { value: s.trim() }
        : { error: 'INVALID_FLOAT', message: `${s} was not a valid number.` };
    }
    case 'bool':
      return s === 'true' || s === 'false'
        ? { value: s }
        : { error: 'INVALID_BOOLEAN', message: `${s} was not a valid boolean (true or false).` };
    case 'enumeration': {
      if (def.options.length === 0) return { value: s };
      const allowed = new Set(def.options.map((o) => o.value));
      const values = def.fieldType === 'checkbox' ? s.split(';') : [s];
      const bad = values.find((v) => !allowed.has(v));
      return bad === undefined
        ? { value: s }
        : {
            error: 'INVALID_OPTION',
            message: `${bad} was not one of the allowed options: ${[...allowed].join(', ')}`,
          };
    }
    case 'date':
    case 'datetime': {
      const ms = /^\d+$/.test(s) ? Number(s) : Date.parse(s);
      if (!Number.isFinite(ms)) return { error: 'INVALID_DATE', message: `${s} was not a valid date.` };
      const iso = new Date(ms).toISOString();
      if (def.type === 'date') {
        if (iso.slice(10) !== 'T00:00:00.000Z') {
          return {
            error: 'INVALID_DATE',
            message: `${s} is not at midnight UTC, as date properties require.`,
          };
        }
        return { value: iso.slice(0, 10) };
      }
      return { value: iso };
    }
    default:
      return { value: s };
  }
}
