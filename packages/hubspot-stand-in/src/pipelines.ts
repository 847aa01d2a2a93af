import type { ObjectType } from './object-types.js';

/** A pipeline stage as HubSpot returns it. */
export interface PipelineStage {
  id: string;
  label: string;
  displayOrder: number;
  metadata: Record<string, string>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
}

/** A pipeline as HubSpot returns it from `GET /crm/v3/pipelines/{objectType}`. */
export interface Pipeline {
  id: string;
  label: string;
  displayOrder: number;
  stages: PipelineStage[];
  createdAt: string;
  updatedAt: string;
  archived: boolean;
}

const DEAL_STAGES: [string, string, string, boolean][] = [
  ['appointmentscheduled', 'Appointment Scheduled', '0.2', false],
  ['qualifiedtobuy', 'Qualified To Buy', '0.4', false],
  ['presentationscheduled', 'Presentation Scheduled', '0.6', false],
  ['decisionmakerboughtin', 'Decision Maker Bought-In', '0.8', false],
  ['contractsent', 'Contract Sent', '0.9', false],
  ['closedwon', 'Closed Won', '1.0', true],
  ['closedlost', 'Closed Lost', '0.0', true],
];

const TICKET_STAGES: [string, string, string][] = [
  ['1', 'New', 'OPEN'],
  ['2', 'Waiting on contact', 'OPEN'],
  ['3', 'Waiting on us', 'OPEN'],
  ['4', 'Closed', 'CLOSED'],
];

/** The pipelines a new HubSpot portal has: "Sales Pipeline" for deals, "Support Pipeline" for tickets. */
export function defaultPipelines(type: ObjectType, at: string): Pipeline[] {
  const base = { createdAt: at, updatedAt: at, archived: false };
  if (type === 'deals') {
    return [
      {
        id: 'default',
        label: 'Sales Pipeline',
        displayOrder: 0,
        ...base,
        stages: DEAL_STAGES.map(([id, label, probability, isClosed], i) => ({
          id,
          label,
          displayOrder: i,
          metadata: { isClosed: String(isClosed), probability },
          ...base,
        })),
      },
    ];
  }
  if (type === 'tickets') {
    return [
      {
        id: '0',
        label: 'Support Pipeline',
        displayOrder: 0,
        ...base,
        stages: TICKET_STAGES.map(([id, label, ticketState], i) => ({
          id,
          label,
          displayOrder: i,
          metadata: { ticketState, isClosed: String(ticketState === 'CLOSED') },
          ...base,
        })),
      },
    ];
  }
  return [];
}
