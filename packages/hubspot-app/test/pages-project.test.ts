import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { translate } from '@hubspot/project-parsing-lib/translate';
import type * as Core from '@cxkit/core';
import type { DriversView as ServerDriversView, PrioritiesView as ServerPrioritiesView } from '@cxkit/server';
import { describe, expect, it } from 'vitest';
import type * as Pages from '../src/app/pages/analytics-view.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const project = JSON.parse(readFileSync(`${root}hsproject.json`, 'utf8')) as {
  srcDir: string;
  platformVersion: string;
};

// The pages keep their own copy of the view types; typechecking fails here if one drifts from its source.
type Mutual<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const same: [
  Mutual<Core.OverviewView, Pages.OverviewView>,
  Mutual<Core.SegmentsView, Pages.SegmentsView>,
  Mutual<Core.AtRiskView, Pages.AtRiskView>,
  Mutual<Core.ThemesView, Pages.ThemesView>,
  Mutual<Core.AlertsView, Pages.AlertsView>,
  Mutual<ServerDriversView, Pages.DriversView>,
  Mutual<ServerPrioritiesView, Pages.PrioritiesView>,
  Mutual<Core.ActionPlanView, Pages.ActionPlanView>,
] = [true, true, true, true, true, true, true, true];

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

  it('keeps its view types identical to the server’s', () => {
    expect(same.every(Boolean)).toBe(true);
  });
});
