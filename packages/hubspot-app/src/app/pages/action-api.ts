import { useCallback, useContext, useEffect, useState } from 'react';
import { actionBody, fieldOfIssue, planBody, type ActionForm, type StoredAction } from './action-form.ts';
import { AnalyticsClientContext, type AnalyticsClient } from './use-analytics.ts';

/** What saving the editor gave: the stored action, or the server's refusal with a message per field. */
export type SaveResult =
  | { ok: true; action: StoredAction }
  | { ok: false; message: string; fields: Partial<Record<keyof ActionForm, string>> };

const isStoredAction = (x: unknown): x is StoredAction =>
  typeof x === 'object' &&
  x !== null &&
  typeof (x as StoredAction).id === 'string' &&
  typeof (x as StoredAction).title === 'string';

async function send(
  client: AnalyticsClient,
  method: 'POST' | 'PUT' | 'DELETE',
  path: string,
  part: 'action' | 'plan',
  body?: Record<string, unknown>,
): Promise<SaveResult> {
  let res: Response;
  try {
    res = await client.fetcher(`${client.serverUrl}/v1/hubspot/analytics/actions${path}`, {
      method,
      timeout: 15_000,
      ...(body === undefined ? {} : { body }),
    });
  } catch {
    return { ok: false, message: 'cxkit could not be reached. Try again in a moment.', fields: {} };
  }
  let json: unknown;
  try {
    json = await res.json();
  } catch {
    json = undefined;
  }
  if (res.ok && isStoredAction(json)) return { ok: true, action: json };
  const error = (json as { error?: { message?: unknown; issues?: unknown } } | undefined)?.error;
  const fields: Partial<Record<keyof ActionForm, string>> = {};
  if (Array.isArray(error?.issues))
    for (const i of error.issues as { path?: unknown; message?: unknown }[]) {
      const field = typeof i.path === 'string' ? fieldOfIssue(part, i.path) : undefined;
      if (field && typeof i.message === 'string' && fields[field] === undefined) fields[field] = i.message;
    }
  if (res.status === 401 || res.status === 403)
    return {
      ok: false,
      message: 'cxkit refused the request: reconnect this HubSpot account to cxkit.',
      fields,
    };
  return {
    ok: false,
    message:
      Object.keys(fields).length > 0
        ? 'cxkit refused some fields: see the messages below them.'
        : `cxkit refused the ${part === 'plan' ? 'plan' : 'action'} (HTTP ${res.status})${typeof error?.message === 'string' ? `: ${error.message}` : ''}.`,
    fields,
  };
}

/**
 * Saves the editor: the action (created, or replaced when `id` is given), then its plan (put, or taken out
 * when the form no longer has one and the action had one). Stops at the first refusal.
 */
export async function saveActionForm(
  client: AnalyticsClient,
  form: ActionForm,
  existing: StoredAction | undefined,
): Promise<SaveResult> {
  const saved = existing
    ? await send(client, 'PUT', `/${encodeURIComponent(existing.id)}`, 'action', actionBody(form))
    : await send(client, 'POST', '', 'action', actionBody(form));
  if (!saved.ok) return saved;
  const id = encodeURIComponent(saved.action.id);
  if (form.inPlan) return send(client, 'PUT', `/${id}/plan`, 'plan', planBody(form));
  if (existing?.plan) return send(client, 'DELETE', `/${id}/plan`, 'plan');
  return saved;
}

/** The stored actions (to edit them), through `hubspot.fetch`; `reload` after a save. */
export function useStoredActions(): { actions: StoredAction[] | null; reload: () => void } {
  const client = useContext(AnalyticsClientContext);
  const [actions, setActions] = useState<StoredAction[] | null>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    void (async () => {
      try {
        const res = await client.fetcher(`${client.serverUrl}/v1/hubspot/analytics/actions`, {
          method: 'GET',
          timeout: 15_000,
        });
        const body = (await res.json()) as { actions?: unknown };
        if (live && res.ok && Array.isArray(body.actions)) setActions(body.actions.filter(isStoredAction));
      } catch {
        // Without the list the pages still show the views; only editing waits for it.
      }
    })();
    return () => {
      live = false;
    };
  }, [client, attempt]);
  return { actions, reload: useCallback(() => setAttempt((a) => a + 1), []) };
}

/** The client the editor saves through. */
export const useAnalyticsClient = (): AnalyticsClient => useContext(AnalyticsClientContext);
