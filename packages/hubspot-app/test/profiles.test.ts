import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const profile = (name: string) =>
  JSON.parse(readFileSync(new URL(`../src/hsprofile.${name}.json`, import.meta.url), 'utf8')) as {
    accountId: number;
    variables: Record<string, string>;
  };

describe('build profiles', () => {
  it.each(['private', 'marketplace'])(
    '%s: one server URL, HTTPS, and the redirect URL derived from it as the server derives it',
    (name) => {
      const { variables } = profile(name);
      const server = variables['CXKIT_SERVER_URL']!;
      expect(server).toMatch(/^https:\/\/[^/]+$/);
      // The server's redirect URL is {CXKIT_PUBLIC_URL}/v1/hubspot/oauth/callback (OAUTH_CALLBACK_PATH).
      expect(variables['OAUTH_REDIRECT_URL']).toBe(`${server}/v1/hubspot/oauth/callback`);
    },
  );
});
