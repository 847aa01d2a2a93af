import { ConfigError } from '../config.js';
import type { Database } from '../db/database.js';
import { listPortals, type HubSpotPortal } from './hubspot-portals-store.js';
import { OAUTH_CALLBACK_PATH, loadHubSpotSettings, type HubSpotSettings } from './hubspot-settings.js';
import { OAUTH_SCOPES } from './oauth-install.js';
import { introspectToken } from './oauth-tokens.js';

/** One finding of {@link diagnoseHubSpot}: what is checked, and when wrong, what to do. */
export interface DoctorFinding {
  /** What was checked, in words. */
  check: string;
  ok: boolean;
  /** What is wrong (when not ok). */
  problem?: string;
  /** How to fix it (when not ok). */
  fix?: string;
}

/** What the doctor may use besides the environment. */
export interface DoctorOptions {
  env: Record<string, string | undefined>;
  /** The server's database, to check each linked portal's tokens (omitted: portals not checked). */
  db?: Database;
  fetch?: typeof fetch;
}

const ok = (check: string): DoctorFinding => ({ check, ok: true });
const bad = (check: string, problem: string, fix: string): DoctorFinding => ({
  check,
  ok: false,
  problem,
  fix,
});

const isLocal = (u: URL) => ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname);

async function reachable(f: typeof fetch, url: string): Promise<string | null> {
  try {
    const res = await f(`${url}/healthz`, { signal: AbortSignal.timeout(5_000) });
    if (!res.ok) return `GET ${url}/healthz answered ${res.status}`;
    const body = (await res.json().catch(() => null)) as { status?: unknown } | null;
    return body?.status === 'ok' ? null : `GET ${url}/healthz did not answer as a cxkit server`;
  } catch (e) {
    return `GET ${url}/healthz failed: ${e instanceof Error ? e.message : String(e)}`;
  }
}

function checkPublicUrl(s: HubSpotSettings): DoctorFinding[] {
  const check = 'public URL (CXKIT_PUBLIC_URL)';
  if (!s.HUBSPOT_PUBLIC_URL)
    return [
      bad(
        check,
        'CXKIT_PUBLIC_URL is not set: behind a TLS-terminating proxy every signed card, settings and webhook request is refused (401), and the card says the app "may need to be reinstalled"',
        'set CXKIT_PUBLIC_URL to the HTTPS URL HubSpot calls (the CXKIT_SERVER_URL of the project profile), e.g. https://cxkit.example.com',
      ),
    ];
  const u = new URL(s.HUBSPOT_PUBLIC_URL);
  if (u.protocol !== 'https:' && !(s.CXKIT_DEV && isLocal(u)))
    return [
      bad(
        check,
        `${s.HUBSPOT_PUBLIC_URL} is not HTTPS: HubSpot fetches only HTTPS URLs listed in permittedUrls`,
        'serve cxkit over HTTPS (a TLS proxy in front is fine) and set CXKIT_PUBLIC_URL to the https:// URL',
      ),
    ];
  if (u.pathname !== '/' || u.search)
    return [
      bad(
        check,
        `${s.HUBSPOT_PUBLIC_URL} has a path or query; cxkit's routes start at the origin`,
        `set CXKIT_PUBLIC_URL to ${u.origin}`,
      ),
    ];
  return [ok(check)];
}

function checkOAuth(s: HubSpotSettings): DoctorFinding[] {
  const out: DoctorFinding[] = [];
  if (!s.HUBSPOT_CLIENT_ID) {
    out.push(
      ok(
        'OAuth: not configured (static-token installs only; set HUBSPOT_CLIENT_ID for installs from HubSpot)',
      ),
    );
    return out;
  }
  const check = 'OAuth redirect URL';
  if (!s.HUBSPOT_REDIRECT_URL) {
    out.push(
      bad(
        check,
        'no redirect URL: HUBSPOT_CLIENT_ID is set but neither CXKIT_PUBLIC_URL nor HUBSPOT_REDIRECT_URL',
        'set CXKIT_PUBLIC_URL (the redirect URL becomes {CXKIT_PUBLIC_URL}/v1/hubspot/oauth/callback)',
      ),
    );
    return out;
  }
  const expected = s.HUBSPOT_PUBLIC_URL ? `${s.HUBSPOT_PUBLIC_URL}${OAUTH_CALLBACK_PATH}` : undefined;
  if (expected !== undefined && s.HUBSPOT_REDIRECT_URL !== expected)
    out.push(
      bad(
        check,
        `HUBSPOT_REDIRECT_URL is ${s.HUBSPOT_REDIRECT_URL}, but this server's callback is ${expected}: HubSpot would send the admin elsewhere, or refuse the code exchange`,
        `unset HUBSPOT_REDIRECT_URL (it derives from CXKIT_PUBLIC_URL), and set OAUTH_REDIRECT_URL in the project profiles to ${expected}`,
      ),
    );
  else
    out.push(
      ok(`${check}: ${s.HUBSPOT_REDIRECT_URL} (the project profiles' OAUTH_REDIRECT_URL must be the same)`),
    );
  return out;
}

async function checkPortal(s: HubSpotSettings, p: HubSpotPortal, f: typeof fetch): Promise<DoctorFinding[]> {
  const check = `portal ${p.portalId} (tenant "${p.tenantId}", ${p.authMode})`;
  const reconnect = s.HUBSPOT_PUBLIC_URL
    ? `a HubSpot super admin reinstalls cxkit from ${s.HUBSPOT_PUBLIC_URL}/v1/hubspot/oauth/install`
    : 'a HubSpot super admin reinstalls cxkit';
  if (p.needsReconnectSince)
    return [
      bad(
        check,
        `HubSpot refused its grant on ${p.needsReconnectSince.toISOString()} (${p.needsReconnectReason ?? 'needs reconnect'}): nothing is sent to it; its work waits`,
        p.authMode === 'oauth'
          ? reconnect
          : 'create a new private-app token and run cxkit hubspot link again',
      ),
    ];
  const out: DoctorFinding[] = [];
  if (p.authMode === 'oauth') {
    if (!p.refreshToken || !s.HUBSPOT_CLIENT_ID)
      return [
        bad(check, 'no refresh token or HUBSPOT_CLIENT_ID: its access token cannot be renewed', reconnect),
      ];
    try {
      const info = await introspectToken(s, p.refreshToken, 'refresh_token');
      if (!info.active)
        return [bad(check, 'HubSpot no longer knows its refresh token (uninstalled?)', reconnect)];
      const missing = OAUTH_SCOPES.filter((x) => !info.scopes.includes(x));
      if (missing.length > 0)
        out.push(
          bad(
            `${check}: scopes`,
            `the install lacks ${missing.join(', ')}`,
            `add them to the app's scopes (app-hsmeta.json), upload the project, and ${reconnect.replace('a HubSpot', 'have a HubSpot')}`,
          ),
        );
    } catch (e) {
      return [
        bad(
          check,
          `its token could not be checked: ${e instanceof Error ? e.message : String(e)}`,
          reconnect,
        ),
      ];
    }
  }
  // HubSpot states the app's rolling limit in X-HubSpot-RateLimit-Max on every answer.
  try {
    const res = await f(`${s.HUBSPOT_BASE_PATH.replace(/\/+$/, '')}/account-info/v3/details`, {
      headers: { authorization: `Bearer ${p.accessToken}` },
      signal: AbortSignal.timeout(10_000),
    });
    await res.body?.cancel();
    if (res.status === 401 && p.authMode === 'static')
      return [
        bad(
          check,
          'HubSpot refuses its private-app token (401)',
          'create a new token and run cxkit hubspot link again',
        ),
      ];
    const max = Number(res.headers.get('x-hubspot-ratelimit-max'));
    if (Number.isFinite(max) && max > 0 && p.perTenSeconds > max)
      out.push(
        bad(
          `${check}: rate limit`,
          `cxkit sends up to ${p.perTenSeconds} requests per 10 s, HubSpot allows this app ${max}: the sync would keep hitting 429s`,
          `cxkit hubspot link --portal ${p.portalId} --tenant ${p.tenantId} --limit ${max} (static), or set HUBSPOT_TEN_SECOND_LIMIT=${max} and reinstall`,
        ),
      );
  } catch {
    // The token check above reports an unreachable HubSpot for OAuth portals; the limit is optional.
  }
  if (out.every((x) => x.ok)) out.unshift(ok(`${check}: connected, ${p.perTenSeconds} requests per 10 s`));
  return out;
}

/**
 * Checks a server's HubSpot configuration and returns each finding with its fix: the environment
 * (secret, encryption key, one public HTTPS URL that answers as this server, the OAuth redirect URL
 * derived from it) and, with the database, each linked portal (grant still valid, scopes granted,
 * rate limit not above the one HubSpot states).
 */
export async function diagnoseHubSpot(o: DoctorOptions): Promise<DoctorFinding[]> {
  const f = o.fetch ?? fetch;
  let s: HubSpotSettings;
  try {
    s = loadHubSpotSettings(o.env);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return e.problems.map((issue) =>
      bad('environment', issue, `fix ${issue.split(':')[0]} (see packages/hubspot-app/README.md, "Install")`),
    );
  }
  const out: DoctorFinding[] = [ok('HUBSPOT_CLIENT_SECRET is set')];
  if (!o.env['CXKIT_ENCRYPTION_KEY'])
    out.push(
      bad(
        'CXKIT_ENCRYPTION_KEY',
        'tokens are encrypted with the public development key (CXKIT_DEV=true)',
        'set CXKIT_ENCRYPTION_KEY to 32 random bytes, base64 (openssl rand -base64 32); portals must then be linked again',
      ),
    );
  else out.push(ok('CXKIT_ENCRYPTION_KEY is set'));
  const publicUrl = checkPublicUrl(s);
  out.push(...publicUrl);
  if (publicUrl.every((x) => x.ok) && s.HUBSPOT_PUBLIC_URL) {
    const problem = await reachable(f, s.HUBSPOT_PUBLIC_URL);
    out.push(
      problem === null
        ? ok(`${s.HUBSPOT_PUBLIC_URL} answers as this cxkit server`)
        : bad(
            'public URL reachable',
            problem,
            'check DNS, the TLS proxy and that it forwards to this server (HubSpot must reach the same URL)',
          ),
    );
  }
  out.push(...checkOAuth(s));
  if (o.db) {
    const portals = await listPortals(o.db, s.encryptionKey);
    if (portals.length === 0)
      out.push(ok('no portal linked yet (install from HubSpot, or cxkit hubspot link for a private app)'));
    for (const p of portals) out.push(...(await checkPortal(s, p, f)));
  }
  return out;
}
