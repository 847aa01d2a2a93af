import { createHash } from 'node:crypto';
import {
  SurveyDefinitionSchema,
  type Response,
  type Scale,
  type ScoredKind,
  type SurveyDefinition,
} from '@cxkit/core';
import type { Database } from '../db/database.js';
import { latestVersion, saveVersion } from '../admin/config-store.js';
import { HttpError } from '../http-error.js';
import { storeResponses } from './responses-store.js';

/** One answer from a file in the `cxkit report` format (one row per scored answer). */
export interface ImportRecord {
  /** Account (company) id. */
  accountId: string;
  /** Respondent id, when known. */
  respondentId?: string | undefined;
  /** Buying-group role slug. */
  role?: string | undefined;
  /** Which KPI question. */
  metric: ScoredKind;
  /** Score, `'cant-recommend'`, or null (skipped). */
  value: number | 'cant-recommend' | null;
  /** ISO date (`2026-03-01`, taken as midnight UTC) or date-time with offset. */
  answeredAt: string;
  /** The answer scale. */
  scale: Scale;
  /** Extra columns, stored as response attributes. */
  dimensions?: Record<string, string>;
}

/** Counts of an import. */
export interface ImportResult {
  /** Responses stored for the first time. */
  created: number;
  /** Responses already stored by an earlier import of the same rows. */
  duplicates: number;
}

/** Default survey id imported answers are filed under. */
export const IMPORT_SURVEY_ID = 'imported';

const LABELS: Record<ScoredKind, string> = {
  nps: 'How likely are you to recommend us to a colleague?',
  csat: 'How satisfied are you?',
  ces: 'How easy was it?',
  c2es: 'How easy was it to handle this request?',
};

/**
 * A stable response id for an imported row: a name-based UUID (version 5 layout) of the tenant,
 * survey, row content and the row's occurrence among identical rows, so re-importing the same
 * file (even re-sorted or appended to) stores nothing twice.
 */
export function importResponseId(
  tenantId: string,
  surveyId: string,
  r: ImportRecord,
  occurrence: number,
): string {
  const h = createHash('sha256')
    .update(
      JSON.stringify([
        tenantId,
        surveyId,
        r.accountId,
        r.respondentId ?? null,
        r.role ?? null,
        r.metric,
        r.value,
        r.answeredAt,
        r.scale.min,
        r.scale.max,
        r.scale.polarity,
        occurrence,
      ]),
    )
    .digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

const sameScale = (a: Scale, b: Scale) => a.min === b.min && a.max === b.max && a.polarity === b.polarity;

function questionFor(kind: ScoredKind, scale: Scale) {
  const text = { en: LABELS[kind] };
  return kind === 'nps' ? { id: kind, kind, text } : { id: kind, kind, text, scale };
}

const attrKey = (k: string) => k.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 64) || '_';

/**
 * Imports answers into a tenant, idempotently: rows become one-answer responses of the import
 * survey (created, or given a new version when a metric or scale appears), with ids derived from
 * their content, stored in batches through the same path as the collector, so aggregates stay exact.
 * Call it repeatedly with consecutive batches of one file and the same `occurrences` map.
 * @throws HttpError 400 `import/invalid` when a row cannot form a valid response.
 */
export async function importRecords(
  db: Database,
  tenantId: string,
  records: readonly ImportRecord[],
  options: { surveyId?: string; occurrences?: Map<string, number>; actor?: string } = {},
): Promise<ImportResult> {
  const surveyId = options.surveyId ?? IMPORT_SURVEY_ID;
  const occurrences = options.occurrences ?? new Map<string, number>();
  const survey = await ensureImportSurvey(db, tenantId, surveyId, records, options.actor ?? 'cxkit import');
  const prepared = records.map((r) => {
    const key = importResponseId(tenantId, surveyId, r, 0);
    const n = occurrences.get(key) ?? 0;
    occurrences.set(key, n + 1);
    const attributes = Object.fromEntries(
      Object.entries(r.dimensions ?? {})
        .filter(([, v]) => v !== '')
        .slice(0, 50)
        .map(([k, v]) => [attrKey(k), v.slice(0, 256)]),
    );
    const response: Response = {
      id: importResponseId(tenantId, surveyId, r, n),
      surveyId,
      surveyVersion: survey.version,
      accountId: r.accountId,
      ...(r.respondentId ? { respondentId: r.respondentId } : {}),
      ...(r.role ? { role: r.role } : {}),
      channel: 'import',
      answeredAt: /^\d{4}-\d{2}-\d{2}$/.test(r.answeredAt) ? `${r.answeredAt}T00:00:00Z` : r.answeredAt,
      answers: [{ kind: r.metric, questionId: r.metric, value: r.value } as Response['answers'][number]],
      ...(Object.keys(attributes).length > 0 ? { attributes } : {}),
    };
    return { response, survey };
  });
  const acks = await storeResponses(db, tenantId, prepared);
  const created = acks.filter((a) => a.status === 'created').length;
  return { created, duplicates: acks.length - created };
}

async function ensureImportSurvey(
  db: Database,
  tenantId: string,
  surveyId: string,
  records: readonly ImportRecord[],
  actor: string,
): Promise<SurveyDefinition> {
  const current = await latestVersion<unknown>(db, tenantId, 'survey', surveyId);
  const existing = current ? SurveyDefinitionSchema.parse(current.value) : undefined;
  const questions = new Map<ScoredKind, Scale>();
  for (const q of existing?.questions ?? []) {
    if (q.kind === 'nps') questions.set('nps', { min: 0, max: 10, polarity: 'higher-is-better' });
    else if (q.kind === 'csat' || q.kind === 'ces' || q.kind === 'c2es')
      questions.set(
        q.kind,
        q.scale ?? { min: 1, max: q.kind === 'ces' ? 7 : 5, polarity: 'higher-is-better' },
      );
  }
  let changed = existing === undefined;
  for (const r of records) {
    const known = questions.get(r.metric);
    if (known && !sameScale(known, r.scale))
      throw new HttpError(
        400,
        'import/scale-changed',
        `${r.metric} is on ${known.min}-${known.max} in survey "${surveyId}", this file uses ${r.scale.min}-${r.scale.max}; import it under another --survey`,
      );
    if (!known) {
      questions.set(r.metric, r.scale);
      changed = true;
    }
  }
  if (!changed && existing) return existing;
  const definition = SurveyDefinitionSchema.parse({
    id: surveyId,
    title: { en: 'Imported answers' },
    questions: [...questions.entries()].map(([kind, scale]) => questionFor(kind, scale)),
  });
  const saved = await saveVersion(db, tenantId, 'survey', surveyId, definition, actor, (version) => ({
    ...definition,
    version,
  }));
  return SurveyDefinitionSchema.parse(saved.value);
}
