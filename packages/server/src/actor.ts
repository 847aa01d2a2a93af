import { z } from 'zod';
import type { AppContext } from './app-context.js';
import { parseOrThrow } from './validation.js';

const ActorSchema = z.string().min(1).max(128);

/**
 * Who is changing configuration: `X-Cx-Actor` (e.g. the admin's email), else `admin-key`.
 * @throws HttpError 400 naming the header when it is empty or longer than 128 characters
 */
export function actorOf(c: AppContext): string {
  const a = c.req.header('x-cx-actor');
  return a === undefined ? 'admin-key' : parseOrThrow(ActorSchema, a, 'params', ['X-Cx-Actor']);
}
