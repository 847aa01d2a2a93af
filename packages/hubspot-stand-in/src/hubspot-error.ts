import { randomUUID } from 'node:crypto';

/** The JSON body HubSpot returns with a 4xx/5xx from its CRM APIs. */
export interface HubSpotErrorBody {
  status: 'error';
  message: string;
  correlationId: string;
  category?: string;
  subCategory?: string;
  errorType?: string;
  policyName?: string;
  requestId?: string;
  context?: Record<string, string[]>;
  errors?: { message: string; code?: string; in?: string; context?: Record<string, string[]> }[];
  links?: Record<string, string>;
}

/** An error a stand-in route throws to answer with HubSpot's error shape and status. */
export class HubSpotApiError extends Error {
  /** The HTTP status to answer with. */
  readonly status: number;
  /** The body, less `status` and `correlationId`, which are filled in when sent. */
  readonly body: Omit<HubSpotErrorBody, 'status' | 'correlationId'>;

  constructor(status: number, body: Omit<HubSpotErrorBody, 'status' | 'correlationId'>) {
    super(body.message);
    this.name = 'HubSpotApiError';
    this.status = status;
    this.body = body;
  }

  /** The body as HubSpot sends it, with a fresh correlation id. */
  toJSON(): HubSpotErrorBody {
    return { status: 'error', ...this.body, correlationId: randomUUID() };
  }
}

/** A 400 `VALIDATION_ERROR`, HubSpot's answer to a malformed request body. */
export function validationError(message: string, extra: Partial<HubSpotErrorBody> = {}): HubSpotApiError {
  return new HubSpotApiError(400, { message, category: 'VALIDATION_ERROR', ...extra });
}

/** A 404 `OBJECT_NOT_FOUND`. */
export function notFound(message: string): HubSpotApiError {
  return new HubSpotApiError(404, { message, category: 'OBJECT_NOT_FOUND' });
}
