import { readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parse as parseCsv } from 'csv-parse/sync';
import {
  analyzeVerbatim,
  evaluateVerbatims,
  parseLabelledVerbatims,
  parseThemeDictionary,
  type LabelledVerbatim,
  type ThemeDictionary,
  type VerbatimEvaluation,
  type VerbatimEvaluationGroup,
} from '@cxkit/core';
import { HELP_OPTION, parseCommandArgs } from '../args.js';
import { CliError, EXIT_CODES, fileUnreadable, usageError } from '../cli-error.js';
import { write, type CliIo } from '../cli-io.js';
import { formatFixed } from '../format-number.js';
import { formatTable } from '../table.js';

/** Usage text of `cxkit verbatims`. */
export const VERBATIMS_HELP = `Usage: cxkit verbatims evaluate FILE [--json] [--mistakes] [--themes DICT.json]
       cxkit verbatims analyze TEXT [--language fr|en] [--themes DICT.json]

evaluate  scores cxkit's verbatim analysis against a hand-labelled set: sentiment macro-F1,
          accuracy and confusion matrix, per-theme precision/recall/F1 with support, the same
          per language, and language detection accuracy.
          FILE is JSON Lines ({"text", "sentiment": "negative"|"neutral"|"positive",
          "themes": [...], "language"?: "fr"|"en"|"other", "id"?}) or CSV with columns
          text, sentiment, themes (separated by ; or |), and optionally language and id.
analyze   prints the language, sentiment (score, label, evidence) and themes of one text as JSON.

Options:
  --json               print one JSON document instead of tables (evaluate)
  --mistakes           also list the items the analysis got wrong (evaluate)
  --themes FILE        a JSON theme dictionary replacing the default themes
  --language fr|en     skip language detection (analyze)
  -h, --help           show this help

Exit codes: 0 ok, 1 bad input (the line and field are named), 2 usage error,
3 file not found or unreadable.
`;

const OPTIONS = {
  json: { type: 'boolean' },
  mistakes: { type: 'boolean' },
  themes: { type: 'string' },
  language: { type: 'string' },
  help: HELP_OPTION,
} as const;

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
      for (const key of ['id', 'language']) if (record[key] === '') delete record[key];
      return JSON.stringify(record);
    })
    .join('\n');
}

async function readLabelled(file: string, cwd: string): Promise<LabelledVerbatim[]> {
  const text = await readText(file, cwd);
  const csv = extname(file).toLowerCase() === '.csv' || !text.trimStart().startsWith('{');
  return parseLabelledVerbatims(csv ? csvToJsonl(text) : text);
}

async function readThemes(file: string | undefined, cwd: string): Promise<ThemeDictionary | undefined> {
  if (file === undefined) return undefined;
  const text = await readText(file, cwd);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new CliError('verbatims/bad-themes', EXIT_CODES.badInput, `${file}: not valid JSON`, { file });
  }
  return parseThemeDictionary(json);
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
  return (
    `Sentiment macro-F1 ${pct(s.macroF1)}%, accuracy ${pct(s.accuracy)}% (n=${g.n})\n\n` +
    `${confusion}\n${perLabel}\n${themes}`
  );
}

function evaluationText(file: string, e: VerbatimEvaluation, mistakes: boolean): string {
  const parts = [`Verbatims: ${file}\n`, groupTables(e)];
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
  const { values, positionals } = parseCommandArgs('verbatims', () =>
    parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: true }),
  );
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

  if (action === 'analyze') {
    const language = values.language;
    if (language !== undefined && language !== 'fr' && language !== 'en')
      throw usageError('verbatims', 'bad-language', `--language must be fr or en, got "${language}"`);
    const analysis = analyzeVerbatim(arg, {
      ...(language !== undefined ? { language } : {}),
      ...(themes !== undefined ? { themes } : {}),
    });
    await write(io.stdout, `${JSON.stringify(analysis, null, 2)}\n`);
    return EXIT_CODES.ok;
  }

  if (values.language !== undefined)
    throw usageError('verbatims', 'bad-option', '--language applies to analyze only (evaluate detects it)');
  const items = await readLabelled(arg, io.cwd);
  const evaluation = evaluateVerbatims(items, themes !== undefined ? { themes } : {});
  if (values.json) {
    const doc = values.mistakes
      ? { file: arg, ...evaluation }
      : { file: arg, ...evaluation, mistakes: undefined };
    await write(io.stdout, `${JSON.stringify(doc, null, 2)}\n`);
  } else {
    await write(io.stdout, evaluationText(arg, evaluation, values.mistakes === true));
  }
  return EXIT_CODES.ok;
}
