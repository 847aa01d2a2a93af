// Helpers shared by the *.browser.test.ts files (run in Chromium by @web/test-runner).
import { expect } from 'chai';
import type { SurveyDefinitionInput } from '@cxkit/core';
import '../src/define.js';
import type { CxSurvey } from '../src/index.js';

/** A fresh id: survey ids and collector namespaces are unique per test so state never leaks. */
export const uid = (prefix = 't'): string => prefix + Math.random().toString(36).slice(2, 10);

/** NPS with a follow-up for detractors and passives and another for promoters (the typical relationship survey). */
export const npsSurvey = (id = uid('s')): SurveyDefinitionInput => ({
  id,
  title: { en: 'Your feedback', fr: 'Votre avis' },
  questions: [
    {
      id: 'nps',
      kind: 'nps',
      text: {
        en: 'How likely are you to recommend Acme to a colleague?',
        fr: 'Quelle est la probabilité que vous recommandiez Acme à un collègue\u202f?',
      },
    },
    {
      id: 'improve',
      kind: 'text',
      text: { en: 'What should we improve?', fr: 'Que devrions-nous améliorer\u202f?' },
      showIf: { question: 'nps', bands: ['detractor', 'passive'] },
    },
    {
      id: 'value',
      kind: 'text',
      text: { en: 'What do you value most?', fr: 'Qu’appréciez-vous le plus\u202f?' },
      showIf: { question: 'nps', bands: ['promoter'] },
    },
  ],
});

/** Configures the fake collector namespace `ns`. */
export async function configureCollector(ns: string, config: Record<string, unknown>): Promise<void> {
  const r = await fetch(`/collector/${ns}/config`, { method: 'POST', body: JSON.stringify(config) });
  expect(r.ok).to.equal(true);
}

/** What the fake collector namespace `ns` received. */
export interface CollectorStats {
  created: string[];
  responses: Record<string, unknown>[];
  duplicates: number;
  invalid: string[];
  posts: number;
  failures: number;
  requests: {
    method: string;
    path: string;
    headers: { siteKey?: string; authorization?: string; query: string };
  }[];
}

/** Reads the fake collector's record of namespace `ns`. */
export async function collectorStats(ns: string): Promise<CollectorStats> {
  return (await (await fetch(`/collector/${ns}/stats`)).json()) as CollectorStats;
}

/** Polls `check` until it returns a truthy value or `timeout` ms pass. */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  timeout = 10_000,
  what = 'condition',
): Promise<Exclude<T, false | 0 | '' | null | undefined>> {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await check();
    if (v) return v as Exclude<T, false | 0 | '' | null | undefined>;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Creates a `<cx-survey>` with attributes (and a definition), attaches it and waits for its first render. */
export async function mount(
  attrs: Record<string, string | boolean>,
  definition?: SurveyDefinitionInput,
  parent: HTMLElement = document.body,
): Promise<CxSurvey> {
  const el = document.createElement('cx-survey');
  for (const [k, v] of Object.entries(attrs)) if (v !== false) el.setAttribute(k, v === true ? '' : v);
  if (!('global-cap' in attrs)) el.setAttribute('global-cap', '0');
  if (definition) el.definition = definition;
  parent.append(el);
  await el.updateComplete;
  // Loading (the language pack, and the eligibility call when an endpoint is set) is asynchronous.
  await new Promise((r) => setTimeout(r, 0));
  await (el as unknown as { _ready: Promise<void> })._ready;
  await el.updateComplete;
  return el;
}

/** Waits until the widget shows (or times out). */
export const shown = (el: CxSurvey): Promise<unknown> =>
  waitFor(() => el.renderRoot.querySelector('section'), 5_000, 'the survey to show');

/** The radios of the current question. */
export const radios = (el: CxSurvey): HTMLInputElement[] => [
  ...el.renderRoot.querySelectorAll<HTMLInputElement>('input[type="radio"]'),
];

/** Clicks the radio named `name` (its visible or aria label) and waits for the render. */
export async function choose(el: CxSurvey, name: string): Promise<void> {
  const r = radios(el).find(
    (i) => (i.getAttribute('aria-label') ?? i.parentElement!.textContent!.trim()) === name,
  );
  if (!r) throw new Error(`no option named ${name}`);
  r.click();
  await el.updateComplete;
}

/** Clicks Next / Send and waits for the render. */
export async function next(el: CxSurvey): Promise<void> {
  el.renderRoot.querySelector<HTMLButtonElement>('button.next')!.click();
  await el.updateComplete;
}

/** The current question's text (or the thank-you message). */
export const questionText = (el: CxSurvey): string =>
  el.renderRoot.querySelector('.q')?.textContent?.trim() ?? '';

/** Types into the open-text field. */
export async function type(el: CxSurvey, text: string): Promise<void> {
  const t = el.renderRoot.querySelector('textarea')!;
  t.value = text;
  t.dispatchEvent(new Event('input'));
  await el.updateComplete;
}

declare global {
  interface Window {
    axe?: {
      run(ctx: Element, o: unknown): Promise<{ violations: { id: string; nodes: { target: unknown }[] }[] }>;
    };
  }
}

/** Runs axe-core (WCAG 2.0-2.2 A and AA rules) on `el` and fails on any violation. */
export async function expectNoAxeViolations(el: Element): Promise<void> {
  if (!window.axe) {
    const s = document.createElement('script');
    s.src = '/axe.min.js';
    const loaded = new Promise((r) => (s.onload = r));
    document.head.append(s);
    await loaded;
  }
  const r = await window.axe!.run(el, {
    runOnly: {
      type: 'tag',
      values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'],
    },
    rules: { region: { enabled: false } },
  });
  expect(r.violations.map((v) => `${v.id}: ${JSON.stringify(v.nodes.map((n) => n.target))}`)).to.deep.equal(
    [],
  );
}

/** Removes every widget and all local state the widget may have written. */
export async function cleanPage(): Promise<void> {
  for (const el of document.querySelectorAll('cx-survey')) el.remove();
  localStorage.clear();
}
