import { createHmac, timingSafeEqual } from 'node:crypto';
import { errors as joseErrors, jwtVerify } from 'jose';
import { z } from 'zod';
import { RoleSchema } from '@cxkit/core';
import { HttpError } from '../http-error.js';
import { STORABLE_TEXT_MESSAGE, isStorableText } from '../text-safety.js';

/** Version prefix of identity tokens, so the format can evolve. */
export const IDENTITY_TOKEN_PREFIX = 'cxt1';

/** The identity a host backend vouches for: who is answering, for which account, until when. */
export const IdentityClaimsSchema = z.strictObject({
  /** Account (company) id as known to the CRM. */
  acc: z.string().min(1).max(128).refine(isStorableText, STORABLE_TEXT_MESSAGE),
  /**
   * Respondent (person) id. Absent on an account token: the host vouches for the account only, which
   * is enough for an anonymous survey (no respondent is ever stored there) and refused by the others.
   */
  sub: z.string().min(1).max(128).refine(isStorableText, STORABLE_TEXT_MESSAGE).optional(),
  /** Role in the buying group. */
  role: RoleSchema.optional(),
  /** Survey id: a survey link's claim is good for this survey only. */
  svy: z.string().min(1).max(128).refine(isStorableText, STORABLE_TEXT_MESSAGE).optional(),
  /** Expiry, Unix seconds. */
  exp: z.int().positive(),
});

/** Decoded identity claims. */
export type IdentityClaims = z.infer<typeof IdentityClaimsSchema>;

/** What a host backend passes to {@link mintIdentityToken}. */
export interface IdentityInput {
  /** Account (company) id. */
  accountId: string;
  /** Respondent (person) id; omit for an account token (anonymous surveys only). */
  respondentId?: string;
  /** Restricts the token to one survey (a survey invitation link's claim). */
  surveyId?: string;
  /** Role in the buying group, e.g. `buyer`. */
  role?: string;
  /** Lifetime in seconds (default 1 hour). */
  ttlSeconds?: number;
  /** Clock for tests (default now). */
  now?: Date;
}

function sign(secret: string, body: string): string {
  return createHmac('sha256', secret).update(`${IDENTITY_TOKEN_PREFIX}.${body}`).digest('base64url');
}

/**
 * Mints a respondent identity token on the host's backend: `cxt1.<claims>.<signature>` where
 * claims is base64url JSON `{acc, sub?, role?, svy?, exp}` and signature is base64url
 * HMAC-SHA256(secret, "cxt1." + claims). Never call this in a browser: the secret must stay server-side.
 * @example mintIdentityToken({ accountId: 'acme', respondentId: 'u-42', role: 'buyer' }, process.env.CX_SIGNING_SECRET!)
 */
export function mintIdentityToken(input: IdentityInput, secret: string): string {
  const now = Math.floor((input.now ?? new Date()).getTime() / 1000);
  const claims = IdentityClaimsSchema.parse({
    acc: input.accountId,
    ...(input.respondentId === undefined ? {} : { sub: input.respondentId }),
    ...(input.role === undefined ? {} : { role: input.role }),
    ...(input.surveyId === undefined ? {} : { svy: input.surveyId }),
    exp: now + (input.ttlSeconds ?? 3600),
  });
  const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${IDENTITY_TOKEN_PREFIX}.${body}.${sign(secret, body)}`;
}

/**
 * Verifies a token against the tenant's secret and returns its claims.
 * @throws HttpError 401 `identity/malformed`, `identity/bad-signature` or `identity/expired`.
 */
export function verifyIdentityToken(token: string, secret: string, now: Date = new Date()): IdentityClaims {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== IDENTITY_TOKEN_PREFIX || token.length > 2048)
    throw new HttpError(401, 'identity/malformed', 'identity token is malformed');
  const [, body = '', signature = ''] = parts;
  const expected = Buffer.from(sign(secret, body));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    throw new HttpError(401, 'identity/bad-signature', 'identity token signature does not match');
  let claims: IdentityClaims;
  try {
    claims = IdentityClaimsSchema.parse(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')));
  } catch {
    throw new HttpError(401, 'identity/malformed', 'identity token claims are malformed');
  }
  if (claims.exp * 1000 <= now.getTime())
    throw new HttpError(401, 'identity/expired', 'identity token has expired');
  return claims;
}

/** Registered JWT claims a host's JWT library may add; ignored beyond the checks jose makes. */
const JwtClaimsSchema = IdentityClaimsSchema.extend({
  iat: z.number().optional(),
  nbf: z.number().optional(),
  jti: z.string().max(256).optional(),
  iss: z.string().max(256).optional(),
  aud: z.union([z.string().max(256), z.array(z.string().max(256)).max(10)]).optional(),
});

/**
 * Verifies a standard HS256 JWT (claims `acc`, `sub`, `role`, `svy`, `exp`) with `jose`, so a host
 * backend in any language mints identity tokens with its usual JWT library. Only HS256 is accepted
 * (never `none`, never an asymmetric algorithm keyed with the secret), and `exp` is required.
 */
async function verifyJwt(token: string, secret: string, now: Date): Promise<IdentityClaims> {
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(token, new TextEncoder().encode(secret), {
      algorithms: ['HS256'],
      requiredClaims: ['exp'],
      currentDate: now,
    }));
  } catch (e) {
    if (e instanceof joseErrors.JWTExpired)
      throw new HttpError(401, 'identity/expired', 'identity token has expired');
    if (e instanceof joseErrors.JWSSignatureVerificationFailed)
      throw new HttpError(401, 'identity/bad-signature', 'identity token signature does not match');
    throw new HttpError(401, 'identity/malformed', 'identity token is malformed');
  }
  const r = JwtClaimsSchema.safeParse(payload);
  if (!r.success) throw new HttpError(401, 'identity/malformed', 'identity token claims are malformed');
  const { acc, sub, role, svy, exp } = r.data;
  return {
    acc,
    exp,
    ...(sub === undefined ? {} : { sub }),
    ...(role === undefined ? {} : { role }),
    ...(svy === undefined ? {} : { svy }),
  };
}

/**
 * Verifies an identity token in either format, `cxt1.…` or an HS256 JWT, against the tenant's
 * signing secrets: the current one, then the previous one while a rotation's overlap lasts, so
 * tokens minted just before a rotation keep working.
 * @throws HttpError 401 `identity/malformed`, `identity/bad-signature` or `identity/expired`.
 */
export async function verifyIdentity(
  token: string,
  secrets: readonly string[],
  now: Date = new Date(),
): Promise<IdentityClaims> {
  if (token.length > 2048) throw new HttpError(401, 'identity/malformed', 'identity token is malformed');
  const jwt = !token.startsWith(`${IDENTITY_TOKEN_PREFIX}.`);
  let last: unknown;
  for (const secret of secrets) {
    try {
      return jwt ? await verifyJwt(token, secret, now) : verifyIdentityToken(token, secret, now);
    } catch (e) {
      // Only a signature mismatch is worth another secret; anything else is final.
      if (!(e instanceof HttpError) || e.code !== 'identity/bad-signature') throw e;
      last = e;
    }
  }
  throw last ?? new HttpError(401, 'identity/bad-signature', 'identity token signature does not match');
}
