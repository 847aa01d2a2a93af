import type { MiddlewareHandler } from 'hono';
import { HttpError } from './http-error.js';

// PostgreSQL refuses NUL in text and jsonb, and jsonb refuses unpaired UTF-16 surrogates ("\ud800"):
// such a string would fail at the database, after validation, as a 500.
// eslint-disable-next-line no-control-regex -- NUL is the point
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why a string was refused, as field issues name it. */
export const STORABLE_TEXT_MESSAGE = 'must not contain NUL characters or unpaired surrogates';

/** Whether a string can be stored as text or JSON (no NUL character, no unpaired surrogate). */
export function isStorableText(s: string): boolean {
  return !UNSTORABLE.test(s);
}

/** The 400 for a string that cannot be stored, naming where it was. */
export function unstorableText(where: string, path: string): HttpError {
  return new HttpError(400, `${where}/text`, `${path || where} ${STORABLE_TEXT_MESSAGE}`, {
    issues: [{ path, rule: 'storable_text', message: STORABLE_TEXT_MESSAGE }],
  });
}

/**
 * Refuses a URL whose decoded path segments or query values hold a string that cannot be stored
 * (`/v1/accounts/a%00b/summary`), before any route reads it.
 */
export const storableUrlText: MiddlewareHandler = async (c, next) => {
  // Only a percent escape can put such a character in a URL: most requests skip the parsing.
  if (!c.req.url.includes('%')) return next();
  const url = new URL(c.req.url);
  for (const segment of url.pathname.split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      // Not UTF-8: the router would decode the valid escapes around it (a %00 included) and keep
      // the rest raw, so the segment is refused here.
      throw new HttpError(400, 'params/encoding', 'params must be percent-encoded UTF-8', {
        issues: [{ path: 'params', rule: 'utf8', message: 'must be percent-encoded UTF-8' }],
      });
    }
    if (!isStorableText(decoded)) throw unstorableText('params', 'params');
  }
  for (const [name, value] of url.searchParams)
    if (!isStorableText(name) || !isStorableText(value)) throw unstorableText('query', `query.${name}`);
  await next();
};
