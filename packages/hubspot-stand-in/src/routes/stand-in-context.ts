import type { CrmStore } from '../crm-store.js';
import type { FaultInjector } from '../fault-injector.js';
import type { OAuthServer } from '../oauth-server.js';
import type { RateLimiter } from '../rate-limiter.js';

/** One request the stand-in received, for assertions. */
export interface LoggedRequest {
  at: number;
  method: string;
  path: string;
  query: Record<string, string[]>;
  headers: Record<string, string>;
  /** The parsed JSON body, the raw text when it is not JSON, or null when empty. */
  body: unknown;
  status: number;
}

/** What the app factory needs: the portal's state and the knobs tests turn. */
export interface StandInContext {
  store: CrmStore;
  oauth: OAuthServer;
  faults: FaultInjector;
  limiter: RateLimiter | null;
  log: LoggedRequest[];
  now: () => number;
  portalId: number;
  /** The portal's time zone setting. */
  timeZone: string;
}
