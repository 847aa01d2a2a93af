import { describe, expect, it } from 'vitest';
import { mintIdentityToken, verifyIdentityToken, isHttpError } from '@cxkit/server';

const SECRET = 'cxk_test-secret';
const code = (f: () => unknown) => {
  try {
    f();
    return 'ok';
  } catch (e) {
    return isHttpError(e) ? e.code : String(e);
  }
};

describe('identity tokens', () => {
  it('round-trips account, respondent, role and expiry', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const token = mintIdentityToken(
      { accountId: 'acme', respondentId: 'u-1', role: 'buyer', ttlSeconds: 60, now },
      SECRET,
    );
    expect(verifyIdentityToken(token, SECRET, now)).toEqual({
      acc: 'acme',
      sub: 'u-1',
      role: 'buyer',
      exp: now.getTime() / 1000 + 60,
    });
  });

  it('rejects a token whose claims were edited, signed with another secret, or expired', () => {
    const token = mintIdentityToken({ accountId: 'acme', respondentId: 'u-1' }, SECRET);
    const [p, body, sig] = token.split('.');
    const claims = JSON.parse(Buffer.from(body!, 'base64url').toString());
    const edited = `${p}.${Buffer.from(JSON.stringify({ ...claims, acc: 'globex' })).toString('base64url')}.${sig}`;
    expect(code(() => verifyIdentityToken(edited, SECRET))).toBe('identity/bad-signature');
    expect(code(() => verifyIdentityToken(token, 'other'))).toBe('identity/bad-signature');
    const later = new Date(Date.now() + 3601_000);
    expect(code(() => verifyIdentityToken(token, SECRET, later))).toBe('identity/expired');
    expect(code(() => verifyIdentityToken('cxt1.e30', SECRET))).toBe('identity/malformed');
  });

  it('refuses, as malformed, signed claims the database could not store (a NUL in the account)', async () => {
    const { createHmac } = await import('node:crypto');
    const body = Buffer.from(JSON.stringify({ acc: 'a\u0000b', sub: 's', exp: 4_102_444_800 })).toString(
      'base64url',
    );
    const sig = createHmac('sha256', SECRET).update(`cxt1.${body}`).digest('base64url');
    expect(code(() => verifyIdentityToken(`cxt1.${body}.${sig}`, SECRET))).toBe('identity/malformed');
    expect(code(() => mintIdentityToken({ accountId: 'a\u0000b', respondentId: 's' }, SECRET))).not.toBe(
      'ok',
    );
  });

  it('matches an HMAC-SHA256 computed independently, so any backend language can mint tokens', async () => {
    const { createHmac } = await import('node:crypto');
    const body = Buffer.from(JSON.stringify({ acc: 'a', sub: 's', exp: 4_102_444_800 })).toString(
      'base64url',
    );
    const sig = createHmac('sha256', SECRET).update(`cxt1.${body}`).digest('base64url');
    expect(verifyIdentityToken(`cxt1.${body}.${sig}`, SECRET)).toMatchObject({ acc: 'a', sub: 's' });
  });
});
