import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { translate } from '@hubspot/project-parsing-lib/translate';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const project = JSON.parse(readFileSync(`${root}hsproject.json`, 'utf8')) as {
  srcDir: string;
  platformVersion: string;
};

describe('the app pages component', () => {
  it('is translated by HubSpot’s project parser into one PAGE of the app, with its entrypoint', async () => {
    const r = await translate(
      { projectSourceDir: `${root}${project.srcDir}`, platformVersion: project.platformVersion },
      { skipValidation: true, profile: 'private' },
    );
    expect(r.skippedHsMetaFiles).toEqual([]);
    const nodes = Object.values(r.intermediateRepresentation.intermediateNodesIndexedByUid) as {
      uid: string;
      componentType: string;
      config: Record<string, unknown>;
    }[];
    const pages = nodes.filter((n) => n.componentType === 'PAGE');
    expect(pages.map((p) => [p.uid, p.config['entrypoint']])).toEqual([
      ['cxkit_pages', '/app/pages/Pages.tsx'],
    ]);
  });
});
