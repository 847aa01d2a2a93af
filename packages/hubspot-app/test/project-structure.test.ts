import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { translate } from '@hubspot/project-parsing-lib/translate';
import { OAUTH_SCOPES } from '@cxkit/server';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const project = JSON.parse(readFileSync(`${root}hsproject.json`, 'utf8')) as {
  name: string;
  srcDir: string;
  platformVersion: string;
};
const srcDir = `${root}${project.srcDir}`;

interface Node {
  uid: string;
  componentType: string;
  config: Record<string, unknown>;
  componentDeps: Record<string, unknown>;
}

/** HubSpot's own translation of the project (validation needs HubSpot's schemas, fetched online). */
async function translated(profile: 'private' | 'marketplace'): Promise<{ nodes: Node[]; skipped: string[] }> {
  const r = await translate(
    { projectSourceDir: srcDir, platformVersion: project.platformVersion },
    { skipValidation: true, profile },
  );
  return {
    nodes: Object.values(r.intermediateRepresentation.intermediateNodesIndexedByUid) as Node[],
    skipped: r.skippedHsMetaFiles,
  };
}

// What the server asks an OAuth install for: the company properties, the contact property
// `cxkit_pending_survey_url` (contacts write and schema write), alert tasks (HubSpot grants the
// tasks API with the contact scopes), deals and tickets read for the survey triggers.
const REQUIRED_SCOPES = [...OAUTH_SCOPES];

// The events the server's webhook handler acts on (packages/server/src/hubspot/webhook-events.ts):
// subscribing to more only costs deliveries, subscribing to fewer loses triggers or mapping updates.
const HANDLED_EVENTS = [
  'company deletion',
  'company merge',
  'company propertyChange name',
  'contact propertyChange email',
  'deal propertyChange dealstage',
  'ticket propertyChange hs_pipeline_stage',
  'contact.privacyDeletion',
];

describe('HubSpot project (platform 2026.03)', () => {
  it('targets platform 2026.03 with its sources in src', () => {
    expect(project.platformVersion).toBe('2026.03');
    expect(project.srcDir).toBe('src');
  });

  it.each([
    ['private', 'static', 'private'],
    ['marketplace', 'oauth', 'marketplace'],
  ] as const)(
    'translates with the %s profile into the app, two company cards, settings and webhooks',
    async (profile, authType, distribution) => {
      const { nodes, skipped } = await translated(profile);
      expect(skipped).toEqual([]);
      expect(JSON.stringify(nodes)).not.toContain('${');
      const byType = (t: string) => nodes.filter((n) => n.componentType === t);

      const [app] = byType('APPLICATION');
      expect(byType('APPLICATION')).toHaveLength(1);
      const config = app!.config as {
        distribution: string;
        auth: { type: string; requiredScopes: string[]; redirectUrls: string[] };
        permittedUrls: { fetch: string[] };
      };
      expect(config.distribution).toBe(distribution);
      expect(config.auth.type).toBe(authType);
      expect(config.auth.requiredScopes).toEqual(expect.arrayContaining(REQUIRED_SCOPES));
      expect(config.auth.requiredScopes).toEqual(expect.arrayContaining(['crm.objects.contacts.write']));
      expect(config.permittedUrls.fetch).toHaveLength(1);
      const serverUrl = config.permittedUrls.fetch[0]!;
      expect(serverUrl).toMatch(/^https:\/\/[^/]+$/);
      expect(config.auth.redirectUrls.every((u) => u.startsWith(`${serverUrl}/`))).toBe(true);

      const cards = byType('CARD').map(
        (n) => n.config as { location: string; objectTypes: string[]; entrypoint: string },
      );
      expect(cards.map((c) => c.location).sort()).toEqual(['crm.record.sidebar', 'crm.record.tab']);
      for (const card of cards) {
        expect(card.objectTypes).toEqual(['COMPANY']);
        expect(existsSync(`${srcDir}${card.entrypoint}`)).toBe(true);
      }

      const [settings] = byType('SETTINGS');
      expect(existsSync(`${srcDir}${(settings!.config as { entrypoint: string }).entrypoint}`)).toBe(true);

      const [webhooks] = byType('WEBHOOKS');
      const hooks = webhooks!.config as {
        settings: { targetUrl: string };
        subscriptions: {
          crmObjects: {
            subscriptionType: string;
            objectType: string;
            propertyName?: string;
            active: boolean;
          }[];
          hubEvents: { subscriptionType: string; active: boolean }[];
          legacyCrmObjects?: unknown[];
        };
      };
      expect(hooks.settings.targetUrl).toBe(`${serverUrl}/v1/hubspot/webhooks`);
      // The 2026.03 form: generic `object.*` subscriptions naming their objectType, hub events apart.
      const subscribed = [
        ...hooks.subscriptions.crmObjects.map((c) => {
          expect(c.subscriptionType).toMatch(/^object\.[a-zA-Z]+$/);
          expect(c.active).toBe(true);
          return [c.objectType, c.subscriptionType.slice('object.'.length), c.propertyName]
            .filter(Boolean)
            .join(' ');
        }),
        ...hooks.subscriptions.hubEvents.map((h) => h.subscriptionType),
      ];
      expect(subscribed.sort()).toEqual([...HANDLED_EVENTS].sort());
      expect(hooks.subscriptions.legacyCrmObjects).toBeUndefined();

      for (const n of nodes.filter((x) => x.componentType !== 'APPLICATION')) {
        expect(n.componentDeps.app).toBe(app!.uid);
      }
    },
  );

  it('proxies the server URL to a local server for hs project dev', async () => {
    const { nodes } = await translated('private');
    const serverUrl = (
      nodes.find((n) => n.componentType === 'APPLICATION')!.config as { permittedUrls: { fetch: string[] } }
    ).permittedUrls.fetch[0]!;
    const local = JSON.parse(readFileSync(`${srcDir}/app/local.json`, 'utf8')) as {
      proxy: Record<string, string>;
    };
    expect(local.proxy[serverUrl]).toMatch(/^http:\/\/localhost:\d+$/);
  });
});

/** Source text with comments and string literals blanked, so prose cannot trip the scans below. */
function withoutStringsAndComments(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:])\/\/.*$/gm, '$1')
    .replace(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g, "''");
}

describe('what HubSpot builds from the card and settings folders', () => {
  const catalog = readFileSync(`${root}../../pnpm-workspace.yaml`, 'utf8');
  const pinned = (name: string) =>
    catalog.match(new RegExp(`^\\s+'?${name.replace('/', '\\/')}'?: (\\S+)$`, 'm'))?.[1];

  // The settings page validates with core's schemas, generated into its folder, which need zod.
  const PACKAGES = {
    cards: ['@hubspot/ui-extensions', 'react'],
    settings: ['@hubspot/ui-extensions', 'react', 'zod'],
  };

  it.each(['cards', 'settings'] as const)(
    '%s/package.json depends on HubSpot packages (and zod for settings) only, at the workspace’s versions',
    (folder) => {
      const pkg = JSON.parse(readFileSync(`${srcDir}/app/${folder}/package.json`, 'utf8')) as {
        dependencies: Record<string, string>;
      };
      expect(Object.keys(pkg.dependencies).sort()).toEqual(PACKAGES[folder]);
      for (const name of PACKAGES[folder]) expect(pkg.dependencies[name], name).toBe(pinned(name));
    },
  );

  it.each(['cards', 'settings'] as const)(
    '%s sources import only their own packages and folder, and never touch window',
    (folder) => {
      const dir = `${srcDir}/app/${folder}`;
      const sources = readdirSync(dir).filter((f) => /\.(tsx?|js)$/.test(f) && !/\.test\.tsx?$/.test(f));
      expect(sources.length).toBeGreaterThan(3);
      for (const f of sources) {
        const text = readFileSync(`${dir}/${f}`, 'utf8');
        const specifiers = [...text.matchAll(/from '([^']+)'/g)].map((m) => m[1]!);
        for (const s of specifiers) {
          expect(PACKAGES[folder].includes(s) || /^\.\/[\w.-]+$/.test(s), `${f} imports ${s}`).toBe(true);
        }
        const code = withoutStringsAndComments(text);
        expect(code, f).not.toMatch(/(^|[^.\w])(window|document)\b(?!\s*\??:)|dangerouslySetInnerHTML/m);
        expect(code, f).not.toMatch(/(^|[^.\w])fetch\(/m);
      }
    },
  );
});
