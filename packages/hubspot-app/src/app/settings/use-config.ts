import { useCallback, useEffect, useState } from 'react';
import type { HubSpotFetch } from './cxkit-server.ts';
import { isConfigPreview, type ConfigPreview, type CxConfig, type VersionedConfig } from './cx-config.ts';

/** A failed call, in words for the admin. */
export interface CallError {
  message: string;
  /** True when someone else saved first (HTTP 409). */
  conflict: boolean;
}

function isVersioned(x: unknown): x is VersionedConfig {
  const v = x as VersionedConfig | null;
  return (
    typeof v?.version === 'number' &&
    typeof v.config === 'object' &&
    v.config !== null &&
    Array.isArray(v.config.health?.components) &&
    Array.isArray(v.config.health?.bands) &&
    typeof v.config.roleWeights?.weights === 'object'
  );
}

async function errorOf(res: Response): Promise<CallError> {
  let detail = '';
  try {
    const body = (await res.json()) as { error?: { message?: unknown } };
    if (typeof body.error?.message === 'string') detail = `: ${body.error.message}`;
  } catch {
    // A body that is not JSON leaves the status line as the message.
  }
  if (res.status === 409) {
    return { conflict: true, message: 'Someone else saved the settings first. Reload to see their version.' };
  }
  return { conflict: false, message: `cxkit refused the request (HTTP ${res.status})${detail}` };
}

/** What one call to cxkit gives: the answer once it has the expected shape, or the failure in words. */
type Answer<T> = { ok: true; body: T } | { ok: false; error: CallError };

// The three config calls fail the same ways; one place words those failures for the admin.
async function callCxkit<T>(
  fetcher: HubSpotFetch,
  url: string,
  options: Parameters<HubSpotFetch>[1],
  is: (x: unknown) => x is T,
  what: string,
): Promise<Answer<T>> {
  try {
    const res = await fetcher(url, options);
    if (!res.ok) return { ok: false, error: await errorOf(res) };
    const body: unknown = await res.json();
    if (!is(body)) {
      return { ok: false, error: { conflict: false, message: `cxkit sent ${what} the page cannot read.` } };
    }
    return { ok: true, body };
  } catch {
    return { ok: false, error: { conflict: false, message: 'cxkit could not be reached.' } };
  }
}

/** Loads, previews and saves the versioned configuration through `hubspot.fetch`. */
export function useConfig(fetcher: HubSpotFetch, serverUrl: string) {
  const [loaded, setLoaded] = useState<
    | { status: 'loading' }
    | { status: 'error'; error: CallError }
    | { status: 'ready'; current: VersionedConfig }
  >({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    setLoaded({ status: 'loading' });
    void (async () => {
      const r = await callCxkit(
        fetcher,
        `${serverUrl}/v1/hubspot/config`,
        { method: 'GET' },
        isVersioned,
        'settings',
      );
      if (live) setLoaded(r.ok ? { status: 'ready', current: r.body } : { status: 'error', error: r.error });
    })();
    return () => {
      live = false;
    };
  }, [fetcher, serverUrl, attempt]);

  const reload = useCallback(() => setAttempt((a) => a + 1), []);

  const preview = useCallback(
    async (
      config: CxConfig,
    ): Promise<{ ok: true; preview: ConfigPreview } | { ok: false; error: CallError }> => {
      const r = await callCxkit(
        fetcher,
        `${serverUrl}/v1/hubspot/config/preview`,
        { method: 'POST', body: { config } },
        isConfigPreview,
        'a preview',
      );
      return r.ok ? { ok: true, preview: r.body } : r;
    },
    [fetcher, serverUrl],
  );

  const save = useCallback(
    async (
      expectedVersion: number,
      config: CxConfig,
    ): Promise<{ ok: true; saved: VersionedConfig } | { ok: false; error: CallError }> => {
      const r = await callCxkit(
        fetcher,
        `${serverUrl}/v1/hubspot/config`,
        { method: 'PUT', body: { expectedVersion, config } },
        isVersioned,
        'settings',
      );
      return r.ok ? { ok: true, saved: r.body } : r;
    },
    [fetcher, serverUrl],
  );

  return { loaded, reload, preview, save };
}
