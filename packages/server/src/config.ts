import { z } from 'zod';

const int = (def: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(def);
const bool = z
  .enum(['true', 'false', '1', '0', ''])
  .default('false')
  .transform((v) => v === 'true' || v === '1');

/** Environment variables the server reads, parsed once at start. */
export const ConfigSchema = z.object({
  PORT: int(8787, 0, 65535),
  HOST: z.string().min(1).default('127.0.0.1'),
  /** PostgreSQL connection string; unset means embedded PGlite in CXKIT_DATA_DIR. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  CXKIT_DATA_DIR: z.string().min(1).default('./.cxkit-data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DB_POOL_SIZE: int(10, 1, 200),
  /** Largest accepted request body; the widget's keepalive fetches stay under 64 KB. */
  BODY_LIMIT_BYTES: int(256 * 1024, 64 * 1024, 10 * 1024 * 1024),
  /** Most responses in one POST. */
  MAX_BATCH: int(100, 1, 1000),
  RATE_LIMIT_SITE_PER_SEC: int(500, 1, 1_000_000),
  RATE_LIMIT_SITE_BURST: int(1000, 1, 10_000_000),
  RATE_LIMIT_IP_PER_SEC: int(50, 1, 1_000_000),
  RATE_LIMIT_IP_BURST: int(200, 1, 10_000_000),
  /** A request still running after this gets 503 (its transaction may still commit: resending is safe). */
  REQUEST_TIMEOUT_MS: int(15_000, 100, 600_000),
  /** How long shutdown waits for in-flight requests before closing connections. */
  SHUTDOWN_TIMEOUT_MS: int(10_000, 0, 600_000),
  /** Take the client IP from X-Forwarded-For (only behind a proxy you run). */
  TRUST_PROXY: bool,
  /** Period of the scheduled health and churn recomputation of every tenant (default 6 h; 0 disables it). */
  INSIGHTS_INTERVAL_MS: int(6 * 3_600_000, 0, 7 * 86_400_000),
  /** A tenant's health and churn are recomputed this long after its last accepted answer (a burst makes one run; 0: only on the schedule). */
  INSIGHTS_AFTER_ANSWER_MS: int(60_000, 0, 86_400_000),
});

/** Parsed configuration. */
export type Config = z.infer<typeof ConfigSchema>;

/** Thrown by {@link loadConfig}: lists every bad variable. */
export class ConfigError extends Error {
  /** `NAME: rule` for each bad variable. */
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/**
 * Parses the configuration from environment variables (unset and empty mean default).
 * @throws ConfigError naming each bad variable and its rule.
 */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  overrides: Partial<Config> = {},
): Config {
  const raw: Record<string, string | undefined> = {};
  for (const key of Object.keys(ConfigSchema.shape)) {
    const v = env[key];
    if (v !== undefined && v !== '') raw[key] = v;
  }
  const r = ConfigSchema.safeParse(raw);
  if (!r.success) throw new ConfigError(r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  return { ...r.data, ...overrides };
}
