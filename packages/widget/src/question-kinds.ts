import type { TemplateResult } from 'lit/html.js';
import type { Question } from '@cxkit/core';
import { lib, type Lib } from './chunk-api.js';
import type { CxSurvey, Option } from './cx-survey.js';
import type { Strings } from './strings.js';
import type { Value } from './survey-flow.js';

/** A question kind whose template and checks live in a chunk of its own. */
export interface KindView {
  /** The controls of `q` (its text, help and the buttons are the element's); `describedBy` lists the ids describing it. */
  render(el: CxSurvey, q: Question, v: Value | undefined, describedBy: string): TemplateResult;
  /** Why `v` cannot be sent for `q` (the message to show), or '' when it can. */
  check(el: CxSurvey, q: Question, v: Value): string;
}

// Like the language packs: each kind is fetched only when a survey asks it, so the first paint
// carries none of them.
const CHUNKS: Record<string, () => Promise<{ view: (lib: Lib) => KindView }>> = {
  'multi-choice': () => import('./multi-choice.js'),
  ranking: () => import('./ranking.js'),
  matrix: () => import('./matrix.js'),
};
const views: Record<string, KindView> = {};

/**
 * The options of a CSAT question shown as stars, smileys or yes/no, and the class of its scale
 * (` stars`, ` smileys`, `` for yes/no) on its scale `min`-`max`.
 */
export type Faces = (
  el: CxSurvey,
  q: Question,
  s: Strings,
  min: number,
  max: number,
) => [Option[], string] | undefined;
let faces: Faces | undefined;

/** Loads the chunks of the lazily rendered kinds and CSAT displays among `qs`; rejects when one cannot load. */
export const loadKinds = (qs: Question[]): Promise<unknown> =>
  Promise.all(
    qs.map((q) =>
      q.kind == 'csat' && q.display && q.display != 'numbers'
        ? import('./csat-faces.js').then((m) => (faces ??= m.faces(lib)))
        : CHUNKS[q.kind]?.().then((m) => (views[q.kind] ??= m.view(lib))),
    ),
  );

/** The CSAT displays' options, once their chunk has loaded. */
export const facesOf = (): Faces | undefined => faces;

/** The loaded view of a lazily rendered kind, if `kind` is one. */
export const viewOf = (kind: string): KindView | undefined => views[kind];
