/**
 * The action editor's form: an improvement action (driver, complexity, cost) and its plan (SMART objective,
 * owner, status, checkpoints), as the cxkit server stores them (`ImprovementActionInputSchema` and
 * `ActionPlanSchema` in `@cxkit/core`). The server validates; the form only shapes what is typed.
 */

/** Effort levels of complexity and cost. */
export const EFFORTS = ['low', 'medium', 'high'] as const;
/** Statuses of a planned action. */
export const STATUSES = ['planned', 'in-progress', 'done', 'abandoned'] as const;
/** Metrics an objective can be on. */
export const METRICS = ['nps', 'csat', 'ces', 'c2es'] as const;

/** The objective's scope. */
export type Scope =
  | { type: 'portfolio' }
  | { type: 'segment'; attribute: string; value: string }
  | { type: 'role'; role: string };

/** An action's plan as the server stores it. */
export interface StoredPlan {
  objective: {
    metric: (typeof METRICS)[number];
    scope: Scope;
    target: number;
    start: string;
    deadline: string;
  };
  owner: { hubspotOwnerId: string | null; email: string; name: string | null };
  status: (typeof STATUSES)[number];
  checkpoints: string[];
  createHubSpotTasks?: boolean;
}

/** A stored action (`GET /v1/hubspot/analytics/actions`). */
export interface StoredAction {
  id: string;
  title: string;
  description: string;
  driver: string;
  complexity: (typeof EFFORTS)[number];
  cost: (typeof EFFORTS)[number];
  costAmount: number | null;
  plan: StoredPlan | null;
}

/** What the editor holds while typing: text as typed, numbers as entered. */
export interface ActionForm {
  title: string;
  description: string;
  driver: string;
  complexity: (typeof EFFORTS)[number];
  cost: (typeof EFFORTS)[number];
  inPlan: boolean;
  metric: (typeof METRICS)[number];
  scopeType: Scope['type'];
  attribute: string;
  scopeValue: string;
  role: string;
  target: number | undefined;
  start: string;
  deadline: string;
  ownerId: string;
  ownerEmail: string;
  ownerName: string;
  status: (typeof STATUSES)[number];
  /** Dates separated by commas or spaces. */
  checkpoints: string;
  createHubSpotTasks: boolean;
}

/** The form of a new action (driver pre-filled when started from a key driver). */
export function emptyForm(driver = ''): ActionForm {
  return {
    title: '',
    description: '',
    driver,
    complexity: 'medium',
    cost: 'medium',
    inPlan: false,
    metric: 'nps',
    scopeType: 'portfolio',
    attribute: '',
    scopeValue: '',
    role: '',
    target: undefined,
    start: '',
    deadline: '',
    ownerId: '',
    ownerEmail: '',
    ownerName: '',
    status: 'planned',
    checkpoints: '',
    createHubSpotTasks: false,
  };
}

/** The form of a stored action. */
export function formOf(a: StoredAction): ActionForm {
  const p = a.plan;
  const s = p?.objective.scope;
  return {
    ...emptyForm(a.driver),
    title: a.title,
    description: a.description,
    complexity: a.complexity,
    cost: a.cost,
    ...(p && s
      ? {
          inPlan: true,
          metric: p.objective.metric,
          scopeType: s.type,
          attribute: s.type === 'segment' ? s.attribute : '',
          scopeValue: s.type === 'segment' ? s.value : '',
          role: s.type === 'role' ? s.role : '',
          target: p.objective.target,
          start: p.objective.start,
          deadline: p.objective.deadline,
          ownerId: p.owner.hubspotOwnerId ?? '',
          ownerEmail: p.owner.email,
          ownerName: p.owner.name ?? '',
          status: p.status,
          checkpoints: p.checkpoints.join(', '),
          createHubSpotTasks: p.createHubSpotTasks ?? false,
        }
      : {}),
  };
}

/** The body of `POST`/`PUT .../actions`. */
export function actionBody(f: ActionForm): Record<string, unknown> {
  return {
    title: f.title.trim(),
    description: f.description,
    driver: f.driver.trim(),
    complexity: f.complexity,
    cost: f.cost,
  };
}

/** The body of `PUT .../actions/:id/plan` (a missing target is sent as null for the server to name). */
export function planBody(f: ActionForm): Record<string, unknown> {
  const scope =
    f.scopeType === 'segment'
      ? { type: 'segment', attribute: f.attribute.trim(), value: f.scopeValue.trim() }
      : f.scopeType === 'role'
        ? { type: 'role', role: f.role.trim() }
        : { type: 'portfolio' };
  return {
    objective: {
      metric: f.metric,
      scope,
      target: f.target ?? null,
      start: f.start.trim(),
      deadline: f.deadline.trim(),
    },
    owner: {
      hubspotOwnerId: f.ownerId.trim() === '' ? null : f.ownerId.trim(),
      email: f.ownerEmail.trim(),
      name: f.ownerName.trim() === '' ? null : f.ownerName.trim(),
    },
    status: f.status,
    checkpoints: f.checkpoints.split(/[\s,;]+/).filter((d) => d !== ''),
    createHubSpotTasks: f.createHubSpotTasks,
  };
}

/** The form field a server issue path names (`objective.scope.attribute` → `attribute`, `checkpoints.1` → `checkpoints`). */
export function fieldOfIssue(part: 'action' | 'plan', path: string): keyof ActionForm | undefined {
  if (part === 'action')
    return (['title', 'description', 'driver', 'complexity', 'cost'] as const).find(
      (f) => path === f || path.startsWith(`${f}.`),
    );
  const map: [string, keyof ActionForm][] = [
    ['objective.metric', 'metric'],
    ['objective.scope.attribute', 'attribute'],
    ['objective.scope.value', 'scopeValue'],
    ['objective.scope.role', 'role'],
    ['objective.scope', 'scopeType'],
    ['objective.target', 'target'],
    ['objective.start', 'start'],
    ['objective.deadline', 'deadline'],
    ['owner.hubspotOwnerId', 'ownerId'],
    ['owner.email', 'ownerEmail'],
    ['owner.name', 'ownerName'],
    ['status', 'status'],
    ['checkpoints', 'checkpoints'],
    ['createHubSpotTasks', 'createHubSpotTasks'],
  ];
  return map.find(([p]) => path === p || path.startsWith(`${p}.`))?.[1];
}
