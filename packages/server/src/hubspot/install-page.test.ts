import { describe, expect, it } from 'vitest';
import { installFailedPage, installedPage } from './install-page.js';

describe('install pages', () => {
  it('escape what HubSpot or the request supplied', async () => {
    const page = await installedPage({
      portalId: 7,
      hubDomain: '<script>alert(1)</script>.hubspot.com',
      created: true,
      hubspotUrl: 'https://app.hubspot.com/contacts/7/objects/0-2/views/all/list?"><x',
    });
    expect(page).not.toContain('<script>alert');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;.hubspot.com');
    expect(page).not.toContain('"><x');
    const failed = await installFailedPage({
      message: '<img src=x onerror=1>',
      code: 'a/b',
      installUrl: '/i',
    });
    expect(failed).not.toContain('<img');
    expect(failed).toContain('&lt;img src=x onerror=1&gt;');
  });
});
