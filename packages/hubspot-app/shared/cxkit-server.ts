/**
 * The cxkit server's public HTTPS URL when the build profile does not set `CXKIT_SERVER_URL`.
 * It must be listed in `permittedUrls.fetch` (`app/app-hsmeta.json`); `app/local.json`
 * proxies it to a local server during `hs project dev`.
 */
export const CXKIT_SERVER_URL = 'https://cxkit.example.com';

/** The server URL from the build profile's variables (`hsprofile.*.json`), without a trailing slash. */
export function serverUrlFrom(variables: Record<string, unknown> | undefined): string {
  const v = variables?.CXKIT_SERVER_URL;
  return (typeof v === 'string' && v.startsWith('https://') ? v : CXKIT_SERVER_URL).replace(/\/+$/, '');
}

/** The signature of `hubspot.fetch`, which the components take as a prop so tests can drive them. */
export type HubSpotFetch = (
  url: string,
  options?: {
    method?: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
    timeout?: number;
    body?: Record<string, unknown>;
  },
) => Promise<Response>;
