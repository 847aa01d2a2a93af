import { createHmac, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedTenant, Database } from '@cxkit/server';
import { HOOK_TIMEOUT, STORAGE_TARGETS } from '../test-support/storage.js';
import { json, npsResponse, seedTenant, testApp, widgetHeaders } from '../test-support/fixtures.js';

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

/** An HS256 JWT built with nothing but HMAC-SHA256, as a backend without a JWT library would (RFC 7519). */
function handMadeJwt(claims: Record<string, unknown>, secret: string, alg = 'HS256'): string {
  const input = `${b64({ alg, typ: 'JWT' })}.${b64(claims)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

describe.each(STORAGE_TARGETS)('HS256 JWT identity tokens on $name', (target) => {
  let db: Database;
  let t: CreatedTenant;
  let app: ReturnType<typeof testApp>['app'];
  const exp = () => Math.floor(Date.now() / 1000) + 600;

  beforeAll(async () => {
    db = await target.open();
    t = await seedTenant(db);
    app = testApp(db).app;
  }, HOOK_TIMEOUT);
  afterAll(() => db.close(), HOOK_TIMEOUT);

  const post = (token: string, r = npsResponse('globex', 'jwt-1', 9)) =>
    app.request('/v1/responses', {
      method: 'POST',
      headers: { ...widgetHeaders(t), authorization: `Bearer ${token}` },
      body: JSON.stringify(r),
    });

  it('accepts a JWT minted with a standard library, taking account, respondent and role from it', async () => {
    const token = await new SignJWT({ acc: 'globex', sub: 'jwt-1', role: 'buyer' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode(t.signingSecret));
    const r = npsResponse('globex', 'jwt-1', 9);
    expect((await post(token, r)).status).toBe(200);
    const row = await db.query('SELECT respondent_id, role FROM responses WHERE tenant_id = $1 AND id = $2', [
      t.id,
      r.id,
    ]);
    expect(row.rows).toEqual([{ respondent_id: 'jwt-1', role: 'buyer' }]);
    // It binds the identity as a cxt1 token does.
    expect((await post(token, npsResponse('initech', 'jwt-1', 9))).status).toBe(403);
  });

  it('accepts a JWT computed by hand with HMAC-SHA256', async () => {
    expect(
      (await post(handMadeJwt({ acc: 'globex', sub: 'jwt-1', exp: exp() }, t.signingSecret))).status,
    ).toBe(200);
  });

  it('identifies the widget first paint with a JWT in the query', async () => {
    const token = handMadeJwt({ acc: 'globex', sub: 'jwt-2', exp: exp() }, t.signingSecret);
    const res = await app.request(
      `/v1/first-paint?site=${t.siteKey}&survey=relationship&account=globex&respondent=jwt-2&token=${token}`,
    );
    expect(res.status).toBe(200);
    expect((await json(res)).eligibility).toEqual({ eligible: true });
  });

  it('refuses alg none, other algorithms, another secret, an expired token and a token without exp', async () => {
    const cases: [string, string][] = [
      [
        `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ acc: 'globex', sub: 'jwt-1', exp: exp() })}.`,
        'identity/malformed',
      ],
      [
        handMadeJwt({ acc: 'globex', sub: 'jwt-1', exp: exp() }, t.signingSecret, 'HS512'),
        'identity/malformed',
      ],
      [handMadeJwt({ acc: 'globex', sub: 'jwt-1', exp: exp() }, 'another-secret'), 'identity/bad-signature'],
      [handMadeJwt({ acc: 'globex', sub: 'jwt-1', exp: 1_000 }, t.signingSecret), 'identity/expired'],
      [handMadeJwt({ acc: 'globex', sub: 'jwt-1' }, t.signingSecret), 'identity/malformed'],
      [
        handMadeJwt({ acc: 'globex', sub: 'jwt-1', exp: exp(), admin: true }, t.signingSecret),
        'identity/malformed',
      ],
    ];
    for (const [token, code] of cases) {
      const res = await post(token, { ...npsResponse('globex', 'jwt-1', 9), id: randomUUID() });
      expect(res.status).toBe(401);
      expect((await json(res)).error.code).toBe(code);
    }
  });
});
