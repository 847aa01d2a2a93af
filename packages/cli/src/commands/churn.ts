import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  MIN_CHURN_EVENTS,
  evaluateChurnModel,
  inferColumnTypes,
  isBlank,
  parseChurnModel,
  predictChurn,
  tuneChurnModel,
  type ChurnEvaluation,
  type ColumnSpec,
  type FeatureRow,
} from '@cxkit/core';
import { parse } from 'csv-parse/sync';
import { defineCommand, helpText, parseCommand } from '../command-spec.js';
import { CliError, EXIT_CODES, usageError } from '../cli-error.js';
import { write, type CliIo } from '../cli-io.js';
import { formatCount, formatFixed } from '../format-number.js';
import { csvField } from '../csv-field.js';
import { probeInputFile } from '../records/input-file.js';
import { formatTable } from '../table.js';

/** The table of `cxkit churn`: its help and its parser. */
export const CHURN_COMMAND = defineCommand({
  name: 'churn',
  usage: `
  cxkit churn evaluate FILE --label COL [--id COL] [--positive VALUE] [--folds 5] [--seed N] [--tuned] [--json]
  cxkit churn train FILE --label COL --out MODEL.json [--id COL] [--positive VALUE] [--seed N]
  cxkit churn predict MODEL.json FILE [--id COL] [--out PREDICTIONS.csv] [--top 3]`,
  description: `Churn model on a CSV of accounts (one row per account, a header, any numeric or categorical
columns): L2 logistic regression, linear or with splines, optionally with shallow boosted trees
on its residual, Platt-calibrated; the penalty and family are chosen by held-out log loss over
3 inner folds, as the server trains its forecast. evaluate prints mean and sd over stratified
folds of ROC AUC, Brier score, log loss, accuracy and calibration (slope, intercept in the
large, expected calibration error), every step on the training folds only: by default of the
splined model with trees at penalty 0.01, with --tuned of the tuned pipeline train ships.`,
  options: {
    label: { type: 'string', value: 'COL', help: `the churn column (evaluate, train)` },
    positive: {
      type: 'string',
      value: 'VALUE',
      help: `the label value meaning "churned"; guessed for 1/0, Yes/No, true/false`,
    },
    id: {
      type: 'string',
      value: 'COL',
      help: `an identifier column: never a feature; predict copies it to the output`,
    },
    numeric: {
      type: 'string',
      multiple: true,
      value: 'COL[,COL]',
      help: `force columns numeric (a non-numeric cell then counts as blank)`,
    },
    categorical: { type: 'string', multiple: true, value: 'COL[,COL]', help: `force columns categorical` },
    ignore: { type: 'string', multiple: true, value: 'COL[,COL]', help: `leave columns out of the features` },
    folds: { type: 'string', value: 'K', help: `stratified folds (evaluate, default 5)` },
    tuned: {
      type: 'boolean',
      help: `evaluate the tuned pipeline (tuning inside each training fold; slower)`,
    },
    seed: { type: 'string', value: 'N', help: `seed of the folds and of calibration (default 1)` },
    'horizon-days': { type: 'string', value: 'N', help: `horizon recorded in the model (train, default 90)` },
    out: {
      type: 'string',
      value: 'FILE',
      help: `model file (train, required) or predictions CSV (predict, default stdout)`,
    },
    top: { type: 'string', value: 'N', help: `drivers per account (predict, default 3)` },
    json: { type: 'boolean', help: `one JSON document instead of a table (evaluate, train)` },
  },
  footer: `Column types are detected (numeric when every non-blank cell is a number); blank cells are
imputed (numeric: training median plus a missing indicator; categorical: a "(blank)" level)
and counted. Exit codes: 0 ok, 1 bad input, 2 usage error, 3 file not found or unreadable.`,
});

/** Usage text of `cxkit churn`. */
export const CHURN_HELP = helpText(CHURN_COMMAND);

type Values = ReturnType<typeof parseOptions>['values'];

function parseOptions(argv: string[]) {
  return parseCommand(CHURN_COMMAND, argv);
}

function integerOption(name: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < min)
    throw usageError('churn', `bad-${name}`, `--${name} must be an integer >= ${min}, got "${value}"`);
  return n;
}

function listOption(values: readonly string[] | undefined): string[] {
  return (values ?? [])
    .flatMap((v) => v.split(','))
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** A CSV of accounts read whole: header names and one record per row (cells as strings). */
interface Table {
  file: string;
  columns: string[];
  rows: Record<string, string>[];
}

async function readTable(file: string, io: CliIo): Promise<Table> {
  const probe = await probeInputFile(file, io.cwd, 'csv');
  const text = await readFile(probe.path, 'utf8');
  let records: string[][];
  try {
    records = parse(text, {
      delimiter: probe.delimiter,
      bom: true,
      trim: true,
      skip_empty_lines: true,
    }) as string[][];
  } catch (error) {
    throw new CliError('churn/csv-syntax', EXIT_CODES.badInput, `${file}: ${(error as Error).message}`);
  }
  const [header, ...body] = records;
  if (!header || header.length === 0)
    throw new CliError('churn/empty-file', EXIT_CODES.badInput, `${file}: no header line`);
  const dup = header.find((h, i) => header.indexOf(h) !== i);
  if (dup !== undefined)
    throw new CliError(
      'churn/duplicate-column',
      EXIT_CODES.badInput,
      `${file}: column "${dup}" appears twice`,
    );
  const rows = body.map((cells, r) => {
    if (cells.length !== header.length)
      throw new CliError(
        'churn/column-count',
        EXIT_CODES.badInput,
        `${file}: line ${r + 2} has ${cells.length} cells, the header has ${header.length}`,
      );
    return Object.fromEntries(header.map((h, i) => [h, cells[i] ?? '']));
  });
  if (rows.length === 0) throw new CliError('churn/no-rows', EXIT_CODES.badInput, `${file}: no data rows`);
  return { file, columns: header, rows };
}

function requireColumn(table: Table, option: string, name: string | undefined): string | undefined {
  if (name !== undefined && !table.columns.includes(name))
    throw usageError(
      'churn',
      'unknown-column',
      `--${option} "${name}" is not a column of ${table.file} (${table.columns.join(', ')})`,
    );
  return name;
}

const POSITIVE_GUESSES = ['1', 'yes', 'true', 'churned', 'y'];

/** Labels as 0/1, rows with a blank label dropped (and counted). */
function labelRows(table: Table, label: string, positiveOption: string | undefined) {
  const kept: Record<string, string>[] = [];
  const labels: number[] = [];
  const distinct = new Set<string>();
  for (const row of table.rows) if (!isBlank(row[label])) distinct.add((row[label] ?? '').trim());
  if (distinct.size > 2)
    throw new CliError(
      'churn/label-not-binary',
      EXIT_CODES.badInput,
      `column "${label}" has ${distinct.size} distinct values (${[...distinct].slice(0, 5).join(', ')}): a churn label has two`,
    );
  let positive = positiveOption;
  if (positive === undefined) {
    const guess = [...distinct].filter((v) => POSITIVE_GUESSES.includes(v.toLowerCase()));
    if (distinct.size !== 2 || guess.length !== 1)
      throw usageError(
        'churn',
        'missing-positive',
        `cannot tell which value of "${label}" means churned (${[...distinct].slice(0, 5).join(', ')}): pass --positive VALUE`,
      );
    positive = guess[0] as string;
  } else if (!distinct.has(positive))
    throw usageError('churn', 'bad-positive', `--positive "${positive}" never occurs in column "${label}"`);
  let blankLabels = 0;
  for (const row of table.rows) {
    if (isBlank(row[label])) {
      blankLabels++;
      continue;
    }
    kept.push(row);
    labels.push((row[label] ?? '').trim() === positive ? 1 : 0);
  }
  return { rows: kept, labels, positive, blankLabels };
}

function featureColumns(table: Table, values: Values, exclude: (string | undefined)[]): ColumnSpec[] {
  const numeric = listOption(values.numeric);
  const categorical = listOption(values.categorical);
  const ignore = listOption(values.ignore);
  for (const [option, names] of [
    ['numeric', numeric],
    ['categorical', categorical],
    ['ignore', ignore],
  ] as const)
    for (const n of names) requireColumn(table, option, n);
  const names = table.columns.filter((c) => !exclude.includes(c) && !ignore.includes(c));
  if (names.length === 0) throw usageError('churn', 'no-features', 'no feature columns left');
  try {
    return inferColumnTypes(table.rows, names, { numeric, categorical });
  } catch (error) {
    throw usageError('churn', 'bad-type-override', (error as Error).message.replace(/^[^:]+: /, ''));
  }
}

/** Blank feature cells per column (only columns with blanks). */
function blankCounts(rows: readonly FeatureRow[], columns: readonly ColumnSpec[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of columns) {
    let n = 0;
    for (const row of rows) {
      const v = row[c.name];
      if (isBlank(v) || (c.type === 'numeric' && Number.isNaN(Number(v)))) n++;
    }
    if (n > 0) out[c.name] = n;
  }
  return out;
}

function describeData(
  rows: number,
  events: number,
  columns: ColumnSpec[],
  blanks: Record<string, number>,
  blankLabels: number,
) {
  const numeric = columns.filter((c) => c.type === 'numeric').length;
  const blankText = Object.entries(blanks)
    .map(([c, n]) => `${c} ${formatCount(n)}`)
    .join(', ');
  const total = Object.values(blanks).reduce((a, b) => a + b, 0);
  return (
    `${formatCount(rows)} rows, ${formatCount(events)} churned (${formatFixed((events / rows) * 100, 1)}%); ` +
    `${columns.length} feature columns (${numeric} numeric, ${columns.length - numeric} categorical); ` +
    `${formatCount(total)} blank cells${total > 0 ? ` (${blankText})` : ''}` +
    (blankLabels > 0 ? `; ${formatCount(blankLabels)} rows without a label skipped` : '') +
    '\n'
  );
}

function typesJson(columns: ColumnSpec[]) {
  return {
    numeric: columns.filter((c) => c.type === 'numeric').map((c) => c.name),
    categorical: columns.filter((c) => c.type === 'categorical').map((c) => c.name),
  };
}

async function prepare(positionals: string[], values: Values, io: CliIo, command: 'evaluate' | 'train') {
  const [file, extra] = positionals;
  if (file === undefined) throw usageError('churn', 'missing-file', `churn ${command} needs a FILE`);
  if (extra !== undefined) throw usageError('churn', 'extra-argument', `unexpected argument "${extra}"`);
  if (values.label === undefined) throw usageError('churn', 'missing-label', '--label COL is required');
  const table = await readTable(file, io);
  const label = requireColumn(table, 'label', values.label) as string;
  const id = requireColumn(table, 'id', values.id);
  const labelled = labelRows(table, label, values.positive);
  const columns = featureColumns(table, values, [label, id]);
  const events = labelled.labels.reduce((a, b) => a + b, 0);
  return { table, label, id, columns, events, ...labelled, blanks: blankCounts(labelled.rows, columns) };
}

async function evaluate(positionals: string[], values: Values, io: CliIo): Promise<number> {
  const folds = integerOption('folds', values.folds, 5, 2);
  const seed = integerOption('seed', values.seed, 1, 0);
  const d = await prepare(positionals, values, io, 'evaluate');
  const minority = Math.min(d.events, d.rows.length - d.events);
  if (minority < folds)
    throw new CliError(
      'churn/too-few-events',
      EXIT_CODES.badInput,
      `${folds} folds need at least ${folds} churned and ${folds} retained rows; the smaller class has ${minority}`,
    );
  const e: ChurnEvaluation = evaluateChurnModel(
    { rows: d.rows, labels: d.labels, columns: d.columns },
    // --tuned: the pipeline `train` ships, tuned inside each training fold (7 candidates x 3 inner
    // folds per outer fold: minutes on the 7,000-row Telco file, hence not the default).
    { folds, seed, tuned: values.tuned === true },
  );
  if (values.json) {
    const doc = {
      folds: e.folds,
      auc: e.auc,
      brier: e.brier,
      logLoss: e.logLoss,
      accuracy: e.accuracy,
      calibration: e.calibration,
      seed,
      rows: d.rows.length,
      events: d.events,
      positive: d.positive,
      columns: typesJson(d.columns),
      blanks: d.blanks,
      skippedRows: d.blankLabels,
      perFold: e.perFold,
    };
    await write(io.stdout, `${JSON.stringify(doc, null, 2)}\n`);
    return EXIT_CODES.ok;
  }
  const table = formatTable(
    [{ header: 'metric' }, { header: 'mean', align: 'right' }, { header: 'sd', align: 'right' }],
    [
      ['ROC AUC', e.auc],
      ['Brier score', e.brier],
      ['log loss', e.logLoss],
      ['accuracy', e.accuracy],
      ['calibration slope (1 = ideal)', e.calibration.slope],
      ['calibration intercept (0 = ideal)', e.calibration.intercept],
      ['expected calibration error', e.calibration.ece],
    ].map(([name, s]) => {
      const stat = s as { mean: number; sd: number };
      return [name as string, formatFixed(stat.mean, 4), formatFixed(stat.sd, 4)];
    }),
  );
  await write(
    io.stdout,
    `Churn model, ${e.folds}-fold stratified cross-validation (seed ${seed}), label ${d.label} = ${d.positive}\n` +
      describeData(d.rows.length, d.events, d.columns, d.blanks, d.blankLabels) +
      '\n' +
      table,
  );
  return EXIT_CODES.ok;
}

async function train(positionals: string[], values: Values, io: CliIo): Promise<number> {
  const seed = integerOption('seed', values.seed, 1, 0);
  const horizonDays = integerOption('horizon-days', values['horizon-days'], 90, 1);
  if (values.out === undefined) throw usageError('churn', 'missing-out', '--out MODEL.json is required');
  const d = await prepare(positionals, values, io, 'train');
  // The server's training: penalty and model family chosen by held-out log loss (core tuneChurnModel),
  // so a model trained here is the one the server would train on the same rows.
  const { model, chosen } = tuneChurnModel(
    d.rows.map((features, i) => ({ accountId: String(i), features, label: d.labels[i] === 1 ? 1 : 0 })),
    d.columns,
    { seed, horizonDays, label: { column: d.label, positive: d.positive } },
  );
  const out = resolve(io.cwd, values.out);
  try {
    await writeFile(out, `${JSON.stringify(model)}\n`);
  } catch (error) {
    throw new CliError(
      'churn/out-unwritable',
      EXIT_CODES.fileUnreadable,
      `${values.out}: ${(error as Error).message}`,
    );
  }
  const warning =
    d.events < MIN_CHURN_EVENTS
      ? `warning: only ${d.events} churn events (fewer than ${MIN_CHURN_EVENTS}); the server keeps using the health-score prior\n`
      : '';
  if (warning) await write(io.stderr, warning);
  if (values.json) {
    await write(
      io.stdout,
      `${JSON.stringify({ out: values.out, rows: d.rows.length, events: d.events, positive: d.positive, horizonDays, chosen, columns: typesJson(d.columns), blanks: d.blanks, features: model.encoder.features.length, trees: model.trees.length }, null, 2)}\n`,
    );
  } else
    await write(
      io.stdout,
      `Trained on ${describeData(d.rows.length, d.events, d.columns, d.blanks, d.blankLabels)}` +
        `penalty ${chosen.lambda}, ${chosen.splineKnots ? `${chosen.splineKnots} spline knots` : 'linear'}${chosen.trees ? ' with boosted trees' : ''} (tuned by held-out log loss); ` +
        `${model.encoder.features.length} model features, ${model.trees.length} trees; model written to ${values.out}\n`,
    );
  return EXIT_CODES.ok;
}

async function predict(positionals: string[], values: Values, io: CliIo): Promise<number> {
  const [modelFile, file, extra] = positionals;
  if (modelFile === undefined || file === undefined)
    throw usageError('churn', 'missing-file', 'churn predict needs MODEL.json and FILE');
  if (extra !== undefined) throw usageError('churn', 'extra-argument', `unexpected argument "${extra}"`);
  const top = integerOption('top', values.top, 3, 0);
  const probe = await probeInputFile(modelFile, io.cwd, 'jsonl');
  let json: unknown;
  try {
    json = JSON.parse(await readFile(probe.path, 'utf8'));
  } catch (error) {
    throw new CliError(
      'churn/bad-model',
      EXIT_CODES.badInput,
      `${modelFile}: not JSON (${(error as Error).message})`,
    );
  }
  const model = parseChurnModel(json);
  const table = await readTable(file, io);
  const id = requireColumn(table, 'id', values.id);
  const absent = model.training.columns.filter((c) => !table.columns.includes(c.name)).map((c) => c.name);
  if (absent.length > 0)
    throw new CliError(
      'churn/missing-columns',
      EXIT_CODES.badInput,
      `${file} lacks the model's columns ${absent.join(', ')} (add them, blank if unknown)`,
    );
  const blanks = blankCounts(table.rows, model.training.columns);
  const predictions = predictChurn(model, table.rows, { topDrivers: top });
  const header = [id ?? 'row', 'probability', ...Array.from({ length: top }, (_, i) => `driver_${i + 1}`)];
  const lines = [header.map(csvField).join(',')];
  predictions.forEach((p, i) => {
    const drivers = Array.from({ length: top }, (_, k) => p.drivers[k]?.text ?? '');
    lines.push(
      [id ? (table.rows[i]?.[id] ?? '') : String(i + 1), p.probability.toFixed(4), ...drivers]
        .map(csvField)
        .join(','),
    );
  });
  const csv = `${lines.join('\n')}\n`;
  if (values.out !== undefined) {
    try {
      await writeFile(resolve(io.cwd, values.out), csv);
    } catch (error) {
      throw new CliError(
        'churn/out-unwritable',
        EXIT_CODES.fileUnreadable,
        `${values.out}: ${(error as Error).message}`,
      );
    }
  } else await write(io.stdout, csv);
  const total = Object.values(blanks).reduce((a, b) => a + b, 0);
  await write(
    io.stderr,
    `Scored ${formatCount(predictions.length)} accounts; ${formatCount(total)} blank cells imputed` +
      (total > 0
        ? ` (${Object.entries(blanks)
            .map(([c, n]) => `${c} ${formatCount(n)}`)
            .join(', ')})`
        : '') +
      (values.out !== undefined ? `; written to ${values.out}` : '') +
      '\n',
  );
  return EXIT_CODES.ok;
}

/**
 * `cxkit churn evaluate|train|predict`: cross-validate, train or apply a churn model on a CSV of accounts.
 * @example await run(['evaluate', 'accounts.csv', '--label', 'Churn', '--positive', 'Yes', '--json'], io)
 */
export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseOptions(argv);
  const [sub, ...rest] = positionals;
  if (values.help || sub === undefined) {
    await write(values.help ? io.stdout : io.stderr, CHURN_HELP);
    return values.help ? EXIT_CODES.ok : EXIT_CODES.usage;
  }
  switch (sub) {
    case 'evaluate':
      return evaluate(rest, values, io);
    case 'train':
      return train(rest, values, io);
    case 'predict':
      return predict(rest, values, io);
    default:
      throw usageError(
        'churn',
        'unknown-subcommand',
        `unknown subcommand "${sub}": evaluate, train or predict`,
      );
  }
}

/** The table behind `cxkit churn`, for the help checks. */
export const specs = [CHURN_COMMAND];
