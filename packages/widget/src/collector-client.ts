import { WidgetError } from './widget-error.js';

/** Headers every collector request carries: the site key and, when given, the signed identity token. */
export function collectorHeaders(siteKey?: string, token?: string): Record<string, string> {
  const h: Record<string, string> = {};
  if (siteKey) h['X-Cx-Site-Key'] = siteKey;
  if (token) h.Authorization = `Bearer ${token}`;
  return h;
}

// Fifty widgets of one survey on a page cost one request, not fifty.
const cache = new Map<string, Promise<unknown>>();

/** GETs JSON once per URL and page; a failure is not cached so the next widget retries. */
export function getJson(
  url: string,
  headers: Record<string, string>,
  code: `${string}/${string}`,
): Promise<unknown> {
  let p = cache.get(url);
  if (!p) {
    p = fetch(url, { headers, credentials: 'omit' }).then(
      (r) => {
        if (!r.ok) throw new WidgetError(code, `GET ${url} answered ${r.status}`);
        return r.json();
      },
      (e: unknown) => {
        throw new WidgetError(code, `GET ${url} failed: ${String(e)}`);
      },
    );
    p.catch(() => cache.delete(url));
    cache.set(url, p);
  }
  return p;
}
