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
      try {
        const res = await fetcher(`${serverUrl}/v1/hubspot/config`, { method: 'GET' });
        if (!res.ok) {
          const error = await errorOf(res);
          if (live) setLoaded({ status: 'error', error });
          return;
        }
        const body: unknown = await res.json();
        if (!live) return;
        setLoaded(
          isVersioned(body)
            ? { status: 'ready', current: body }
            : {
                status: 'error',
                error: { conflict: false, message: 'cxkit sent settings the page cannot read.' },
              },
        );
      } catch {
        if (live)
          setLoaded({ status: 'error', error: { conflict: false, message: 'cxkit could not be reached.' } });
      }
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
      try {
        const res = await fetcher(`${serverUrl}/v1/hubspot/config/preview`, {
          method: 'POST',
          body: { config },
        });
        if (!res.ok) return { ok: false, error: await errorOf(res) };
        const body: unknown = await res.json();
        if (!isConfigPreview(body)) {
          return {
            ok: false,
            error: { conflict: false, message: 'cxkit sent a preview the page cannot read.' },
          };
        }
        return { ok: true, preview: body };
      } catch {
        return { ok: false, error: { conflict: false, message: 'cxkit could not be reached.' } };
      }
    },
    [fetcher, serverUrl],
  );

  const save = useCallback(
    async (
      expectedVersion: number,
      config: CxConfig,
    ): Promise<{ ok: true; saved: VersionedConfig } | { ok: false; error: CallError }> => {
      try {
        const res = await fetcher(`${serverUrl}/v1/hubspot/config`, {
          method: 'PUT',
          body: { expectedVersion, config },
        });
        if (!res.ok) return { ok: false, error: await errorOf(res) };
        const body: unknown = await res.json();
        if (!isVersioned(body))
          return {
            ok: false,
            error: { conflict: false, message: 'cxkit sent settings the page cannot read.' },
          };
        return { ok: true, saved: body };
      } catch {
        return { ok: false, error: { conflict: false, message: 'cxkit could not be reached.' } };
      }
    },
    [fetcher, serverUrl],
  );

  return { loaded, reload, preview, save };
}
