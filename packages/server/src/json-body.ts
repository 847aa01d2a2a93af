import type { Context } from 'hono';
import { HttpError } from './http-error.js';
import { isStorableText, unstorableText } from './text-safety.js';

/** Deepest JSON nesting a request may have; our schemas need 6. */
export const MAX_JSON_DEPTH = 32;

// Keys that can reach Object.prototype when a parsed object is later spread or assigned.
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Reads the request body as strict JSON: UTF-8 must be valid (a decoder that replaced bad
 * bytes would silently change answers), nesting is bounded, and prototype-pollution keys and
 * strings the database cannot store (NUL, unpaired surrogates) are refused before any schema sees the value.
 * @throws HttpError 415 when not JSON, 400 `body/*` for each rule.
 */
export async function readJsonBody(c: Context): Promise<unknown> {
  const type = c.req.header('content-type') ?? '';
  // `navigator.sendBeacon` and no-cors keepalive fetches send text/plain; accept it as JSON.
  if (!/^(application\/json|text\/plain)\b/i.test(type))
    throw new HttpError(415, 'body/content-type', 'Content-Type must be application/json');
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new HttpError(400, 'body/utf8', 'body is not valid UTF-8', {
      issues: [{ path: '', rule: 'utf8', message: 'body is not valid UTF-8' }],
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'body/json', 'body is not valid JSON', {
      issues: [{ path: '', rule: 'json', message: 'body is not valid JSON' }],
    });
  }
  checkJsonValue(value);
  return value;
}

/**
 * The checks of {@link readJsonBody} on an already parsed value (for bodies read as text, e.g. to
 * verify a signature first): bounded nesting, no prototype-pollution key, only storable strings.
 * @throws HttpError 400 `body/*` naming the path and the rule.
 */
// Iterative so a hostile 100k-deep payload cannot overflow the stack.
export function checkJsonValue(root: unknown): void {
  const stack: { v: unknown; depth: number; path: string }[] = [{ v: root, depth: 0, path: '' }];
  while (stack.length > 0) {
    const { v, depth, path } = stack.pop()!;
    if (typeof v === 'string' && !isStorableText(v)) throw unstorableText('body', path);
    if (v === null || typeof v !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH)
      throw new HttpError(400, 'body/depth', `JSON nesting deeper than ${MAX_JSON_DEPTH}`, {
        issues: [{ path, rule: 'depth', message: `nesting deeper than ${MAX_JSON_DEPTH}` }],
      });
    if (Array.isArray(v)) {
      v.forEach((item, i) => stack.push({ v: item, depth: depth + 1, path: path ? `${path}.${i}` : `${i}` }));
      continue;
    }
    for (const key of Object.keys(v)) {
      const p = path ? `${path}.${key}` : key;
      if (!isStorableText(key)) throw unstorableText('body', p);
      if (FORBIDDEN_KEYS.has(key))
        throw new HttpError(400, 'body/forbidden-key', `field name "${key}" is not allowed`, {
          issues: [{ path: p, rule: 'forbidden_key', message: `field name "${key}" is not allowed` }],
        });
      stack.push({ v: (v as Record<string, unknown>)[key], depth: depth + 1, path: p });
    }
  }
}
