import { readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import {
  analyzeVerbatim,
  evaluateVerbatims,
  parseLabelledVerbatims,
  parseSentimentModel,
  parseThemeDictionary,
  type LabelledVerbatim,
  type SentimentModel,
  type ThemeDictionary,
  type VerbatimEvaluation,
  type VerbatimEvaluationGroup,
} from '@cxkit/core';
import { defineCommand, helpText, parseCommand } from '../command-spec.js';
import { CliError, EXIT_CODES, fileUnreadable, usageError } from '../cli-error.js';
import { write, type CliIo } from '../cli-io.js';
import { formatFixed } from '../format-number.js';
import { formatTable } from '../table.js';

/** The table of `cxkit verbatims`: its help and its parser. */
export const VERBATIMS_COMMAND = defineCommand({
  name: 'verbatims',
  usage: `cxkit verbatims evaluate FILE [--json] [--mistakes] [--themes DICT.json]
                                [--analyzer model|lexicon] [--model MODEL.json] [--with-score-context]
       cxkit verbatims analyze TEXT [--language fr|en] [--themes DICT.json] [--analyzer model|lexicon]
                                [--model MODEL.json]`,
  description: `evaluate  scores cxkit's verbatim analysis against a hand-labelled set, from the text alone:
          sentiment macro-F1 with its 95% bootstrap interval, accuracy, confusion matrix and
          per-label precision/recall/F1, then per language, per length (words) and per kind
          (class of language, when the set labels it); per-theme precision/recall/F1 with
          support; language detection accuracy.
          FILE is JSON Lines ({"text", "sentiment": "negative"|"neutral"|"positive",
          "themes": [...], "language"?: "fr"|"en"|"other", "id"?, "kind"?, "score"?}) or CSV with
          columns text, sentiment, themes (separated by ; or |), and optionally language, id,
          kind and score.
analyze   prints the language, sentiment (score, label, probabilities, evidence) and themes of
          one text as JSON.`,
  options: {
    json: { type: 'boolean', help: `print one JSON document instead of tables (evaluate)` },
    mistakes: { type: 'boolean', help: `also list the items the analysis got wrong (evaluate)` },
    themes: { type: 'string', value: 'FILE', help: `a JSON theme dictionary replacing the default themes` },
    analyzer: {
      type: 'string',
      value: 'NAME',
      help: `model (default: cxkit's trained model) or lexicon (the rules alone)`,
    },
    model: {
      type: 'string',
      value: 'FILE',
      help: `a model file trained with train-sentiment-model.ts, instead of the shipped one`,
    },
    'with-score-context': {
      type: 'boolean',
      help: `also report, separately, the score-as-context mode: where the text
leaves the model unsure, the item's score (NPS 0-10) decides (evaluate)`,
    },
    language: { type: 'string', value: 'fr|en', help: `skip language detection (analyze)` },
  },
  footer: `Exit codes: 0 ok, 1 bad input (the line and field are named), 2 usage error,
3 file not found or unreadable.`,
});

/** Usage text of `cxkit verbatims`. */
export const VERBATIMS_HELP = helpText(VERBATIMS_COMMAND);

async function readText(file: string, cwd: string): Promise<string> {
  try {
    return (await readFile(resolve(cwd, file), 'utf8')).replace(/^\uFEFF/, '');
  } catch (error) {
    throw fileUnreadable('verbatims', file, error);
  }
}

/** CSV rows become the JSONL shape so one schema validates both formats. */
function csvToJsonl(text: string): string {
  const rows = parseCsv(text, { columns: true, skip_empty_lines: true, trim: true }) as Record<
    string,
    string
  >[];
  return rows
    .map((row) => {
      const record: Record<string, unknown> = { ...row };
      const themes = row.themes ?? '';
      record.themes = themes === '' ? [] : themes.split(/[;|]/).map((t) => t.trim());
      for (const key of ['id', 'language', 'kind', 'score']) if (record[key] === '') delete record[key];
      // A numeric score column stays a number, so the schema can check it.
      if (typeof record.score === 'string' && /^-?\d+(\.\d+)?$/.test(record.score))
        record.score = Number(record.score);
      return JSON.stringify(record);
    })
    .join('\n');
}

async function readLabelled(file: string, cwd: string): Promise<LabelledVerbatim[]> {
  const text = await readText(file, cwd);
  const csv = extname(file).toLowerCase() === '.csv' || !text.trimStart().startsWith('{');
  return parseLabelledVerbatims(csv ? csvToJsonl(text) : text);
}

/** `what` names the option in the error code (`verbatims/bad-model`), so scripts can tell which file was wrong. */
async function readJson(file: string, cwd: string, what: 'model' | 'themes'): Promise<unknown> {
  const text = await readText(file, cwd);
  try {
    return JSON.parse(text);
  } catch {
    throw new CliError(`verbatims/bad-${what}`, EXIT_CODES.badInput, `${file}: not valid JSON`, { file });
  }
}

async function readModel(file: string | undefined, cwd: string): Promise<SentimentModel | undefined> {
  if (file === undefined) return undefined;
  return parseSentimentModel(await readJson(file, cwd, 'model'));
}

async function readThemes(file: string | undefined, cwd: string): Promise<ThemeDictionary | undefined> {
  if (file === undefined) return undefined;
  return parseThemeDictionary(await readJson(file, cwd, 'themes'));
}

const pct = (x: number | null) => formatFixed(x === null ? null : x * 100, 1);

function groupTables(g: VerbatimEvaluationGroup): string {
  const s = g.sentiment;
  const confusion = formatTable(
    [{ header: 'labelled \\ predicted' }, ...s.labels.map((l) => ({ header: l, align: 'right' as const }))],
    s.labels.map((l, i) => [l, ...(s.confusion[i] ?? []).map(String)]),
  );
  const perLabel = formatTable(
    [
      { header: 'sentiment' },
      { header: 'precision %', align: 'right' },
      { header: 'recall %', align: 'right' },
      { header: 'F1 %', align: 'right' },
      { header: 'support', align: 'right' },
    ],
    s.labels.map((l) => {
      const m = s.perLabel[l];
      return [l, pct(m.precision), pct(m.recall), pct(m.f1), String(m.support)];
    }),
  );
  const themes = formatTable(
    [
      { header: 'theme' },
      { header: 'precision %', align: 'right' },
      { header: 'recall %', align: 'right' },
      { header: 'F1 %', align: 'right' },
      { header: 'support', align: 'right' },
      { header: 'predicted', align: 'right' },
    ],
    [...g.themes.perTheme, { theme: 'all (micro)', ...g.themes.micro }].map((t) => [
      t.theme,
      pct(t.precision),
      pct(t.recall),
      pct(t.f1),
      String(t.support),
      String(t.predicted),
    ]),
    { footerRows: 1 },
  );
  const interval =
    s.macroF1Interval === null
      ? ''
      : ` [95% CI ${pct(s.macroF1Interval.lower)}-${pct(s.macroF1Interval.upper)}]`;
  return (
    `Sentiment macro-F1 ${pct(s.macroF1)}%${interval}, accuracy ${pct(s.accuracy)}% (n=${g.n})\n\n` +
    `${confusion}\n${perLabel}\n${themes}`
  );
}

function breakdownTable(
  rows: readonly (VerbatimEvaluationGroup & { name: string })[],
  header: string,
): string {
  return formatTable(
    [
      { header },
      { header: 'n', align: 'right' },
      { header: 'macro-F1 %', align: 'right' },
      { header: '95% CI', align: 'right' },
      { header: 'accuracy %', align: 'right' },
    ],
    rows.map((g) => [
      g.name,
      String(g.n),
      pct(g.sentiment.macroF1),
      g.sentiment.macroF1Interval === null
        ? '-'
        : `${pct(g.sentiment.macroF1Interval.lower)}-${pct(g.sentiment.macroF1Interval.upper)}`,
      pct(g.sentiment.accuracy),
    ]),
  );
}

function evaluationText(file: string, e: VerbatimEvaluation, mistakes: boolean, analyzer: string): string {
  const mode =
    e.mode === 'text'
      ? 'text alone'
      : `score as context (${e.withScore} of ${e.n} items carry a score; the others from text alone)`;
  const parts = [`Verbatims: ${file}\nAnalyser: ${analyzer}; mode: ${mode}\n\n`, groupTables(e)];
  parts.push(
    `\nBy length\n${breakdownTable(
      e.byLength.map((g) => ({ ...g, name: g.length })),
      'length',
    )}`,
  );
  parts.push(
    `\nBy language\n${breakdownTable(
      e.byLanguage.map((g) => ({ ...g, name: g.language })),
      'language',
    )}`,
  );
  if (e.byKind.length > 0)
    parts.push(
      `\nBy kind\n${breakdownTable(
        e.byKind.map((g) => ({ ...g, name: g.kind })),
        'kind',
      )}`,
    );
  parts.push(
    `\nLanguage detection accuracy ${pct(e.languageDetection.accuracy)}% (n=${e.languageDetection.n})\n`,
  );
  for (const g of e.byLanguage) parts.push(`\n== ${g.language} ==\n${groupTables(g)}`);
  if (mistakes && e.mistakes.length > 0) {
    parts.push(`\nMistakes (${e.mistakes.length}):\n`);
    for (const m of e.mistakes) {
      const themes = [...m.missingThemes.map((t) => `-${t}`), ...m.extraThemes.map((t) => `+${t}`)].join(' ');
      parts.push(
        `  ${m.id ?? ''} ${m.expected} -> ${m.predicted} (${formatFixed(m.score, 3)})${themes ? ` themes ${themes}` : ''}: ${m.text}\n`,
      );
    }
  }
  return parts.join('');
}

/** `cxkit verbatims evaluate FILE` and `cxkit verbatims analyze TEXT`. */
export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(VERBATIMS_COMMAND, argv);
  if (values.help) {
    await write(io.stdout, VERBATIMS_HELP);
    return EXIT_CODES.ok;
  }
  const [action, ...rest] = positionals;
  if (action !== 'evaluate' && action !== 'analyze')
    throw usageError(
      'verbatims',
      'bad-action',
      action === undefined
        ? 'expected evaluate or analyze'
        : `unknown action "${action}" (evaluate or analyze)`,
    );
  if (rest.length !== 1)
    throw usageError(
      'verbatims',
      'bad-arguments',
      `${action} expects one ${action === 'evaluate' ? 'FILE' : 'TEXT'}, got ${rest.length}`,
    );
  const arg = rest[0] as string;
  const themes = await readThemes(values.themes, io.cwd);
  const analyzerName = values.analyzer ?? 'model';
  if (analyzerName !== 'model' && analyzerName !== 'lexicon')
    throw usageError(
      'verbatims',
      'bad-analyzer',
      `--analyzer must be model or lexicon, got "${analyzerName}"`,
    );
  if (analyzerName === 'lexicon' && values.model !== undefined)
    throw usageError('verbatims', 'bad-option', '--model applies to --analyzer model only');
  const model = analyzerName === 'lexicon' ? null : await readModel(values.model, io.cwd);
  const analysisOptions = {
    ...(themes !== undefined ? { themes } : {}),
    ...(model !== undefined ? { model } : {}),
  };
  const analyzerLabel =
    analyzerName === 'lexicon'
      ? 'lexicon rules'
      : values.model !== undefined
        ? `model ${values.model}`
        : 'cxkit model';

  if (action === 'analyze') {
    const language = values.language;
    if (language !== undefined && language !== 'fr' && language !== 'en')
      throw usageError('verbatims', 'bad-language', `--language must be fr or en, got "${language}"`);
    if (values['with-score-context'])
      throw usageError('verbatims', 'bad-option', '--with-score-context applies to evaluate only');
    const analysis = analyzeVerbatim(arg, {
      ...(language !== undefined ? { language } : {}),
      ...analysisOptions,
    });
    await write(io.stdout, `${JSON.stringify(analysis, null, 2)}\n`);
    return EXIT_CODES.ok;
  }

  if (values.language !== undefined)
    throw usageError('verbatims', 'bad-option', '--language applies to analyze only (evaluate detects it)');
  const items = await readLabelled(arg, io.cwd);
  const evaluation = evaluateVerbatims(items, analysisOptions);
  const context = values['with-score-context']
    ? evaluateVerbatims(items, { ...analysisOptions, mode: 'score-context' })
    : undefined;
  if (values.json) {
    const strip = (e: VerbatimEvaluation) => (values.mistakes ? e : { ...e, mistakes: undefined });
    const doc = {
      file: arg,
      analyzer: analyzerLabel,
      ...strip(evaluation),
      ...(context !== undefined ? { scoreContext: strip(context) } : {}),
    };
    await write(io.stdout, `${JSON.stringify(doc, null, 2)}\n`);
  } else {
    let out = evaluationText(arg, evaluation, values.mistakes === true, analyzerLabel);
    if (context !== undefined)
      out += `\n==== separate report: score as context ====\n${evaluationText(arg, context, values.mistakes === true, analyzerLabel)}`;
    await write(io.stdout, out);
  }
  return EXIT_CODES.ok;
}

/** The table behind `cxkit verbatims`, for the help checks. */
export const specs = [VERBATIMS_COMMAND];
