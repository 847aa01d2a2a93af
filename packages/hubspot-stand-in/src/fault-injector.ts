import { RATE_LIMIT_POLICIES, type RateLimitPolicy } from './rate-limiter.js';

/** A fault to answer one request with: a 5xx status, a 429 of a named policy, or `pass` to let it through. */
export type Fault = 500 | 502 | 503 | 504 | { status: 429; policy: RateLimitPolicy } | 'pass';

/** Which requests a fault rule applies to. */
export interface FaultMatch {
  method?: string;
  /** A path prefix or a pattern tested against the path. */
  path?: string | RegExp;
}

interface ScriptedRule {
  match: FaultMatch;
  queue: Fault[];
}

interface RandomRule {
  match: FaultMatch;
  probability: number;
  faults: Exclude<Fault, 'pass'>[];
  random: () => number;
}

/** A seeded PRNG (mulberry32) so random fault runs are reproducible. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function applies(m: FaultMatch, method: string, path: string): boolean {
  if (m.method && m.method.toUpperCase() !== method.toUpperCase()) return false;
  if (m.path === undefined) return true;
  return typeof m.path === 'string' ? path.startsWith(m.path) : m.path.test(path);
}

/** 429 for the ten-secondly policy. */
export const TEN_SECONDLY_429: Exclude<Fault, 'pass'> = {
  status: 429,
  policy: RATE_LIMIT_POLICIES.tenSecondly,
};
/** 429 for the daily policy. */
export const DAILY_429: Exclude<Fault, 'pass'> = { status: 429, policy: RATE_LIMIT_POLICIES.daily };

/**
 * Injects 429s and 5xx on demand: a scripted sequence consumed one request at a time,
 * or a seeded probability. Scripted faults win over random ones.
 */
export class FaultInjector {
  private scripted: ScriptedRule[] = [];
  private random: RandomRule[] = [];
  private afterHandling: { match: FaultMatch; queue: (500 | 502 | 503 | 504)[] }[] = [];

  /** Queues faults for the next matching requests, in order (`pass` lets one through). */
  script(faults: Fault[], match: FaultMatch = {}): void {
    this.scripted.push({ match, queue: [...faults] });
  }

  /**
   * Answers the next matching requests with these 5xx only after handling them: the write is done
   * but the client sees an error (a gateway timeout after the commit), as retries must survive.
   */
  scriptAfterHandling(faults: (500 | 502 | 503 | 504)[], match: FaultMatch = {}): void {
    this.afterHandling.push({ match, queue: [...faults] });
  }

  /** The after-handling fault for this request, if any. */
  nextAfterHandling(method: string, path: string): 500 | 502 | 503 | 504 | null {
    const rule = this.afterHandling.find((r) => r.queue.length > 0 && applies(r.match, method, path));
    if (!rule) return null;
    const f = rule.queue.shift()!;
    this.afterHandling = this.afterHandling.filter((r) => r.queue.length > 0);
    return f;
  }

  /** Fails each matching request with `probability`, picking a fault from `faults` (seeded). */
  randomly(o: {
    probability: number;
    faults: Exclude<Fault, 'pass'>[];
    seed?: number;
    match?: FaultMatch;
  }): void {
    if (!(o.probability >= 0 && o.probability <= 1))
      throw new RangeError('probability must be within [0, 1]');
    if (o.faults.length === 0) throw new RangeError('faults must name at least one fault');
    this.random.push({
      match: o.match ?? {},
      probability: o.probability,
      faults: o.faults,
      random: seeded(o.seed ?? 1),
    });
  }

  /** Removes every rule. */
  clear(): void {
    this.scripted = [];
    this.random = [];
    this.afterHandling = [];
  }

  /** Scripted faults not yet consumed. */
  pending(): number {
    return [...this.scripted, ...this.afterHandling].reduce((n, r) => n + r.queue.length, 0);
  }

  /** The fault for this request, if any. */
  next(method: string, path: string): Exclude<Fault, 'pass'> | null {
    for (const rule of this.scripted) {
      if (rule.queue.length > 0 && applies(rule.match, method, path)) {
        const f = rule.queue.shift()!;
        this.scripted = this.scripted.filter((r) => r.queue.length > 0);
        return f === 'pass' ? null : f;
      }
    }
    for (const rule of this.random) {
      if (applies(rule.match, method, path) && rule.random() < rule.probability) {
        return rule.faults[Math.floor(rule.random() * rule.faults.length)]!;
      }
    }
    return null;
  }
}
