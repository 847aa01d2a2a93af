import { SCORED_KINDS, type ScoredKind } from '@cxkit/core';
import { usageError } from './cli-error.js';
import { INTERVAL_METHODS, type IntervalMethod } from './kpi.js';
import { FieldMapError, parseFieldMap, type FieldMap } from './records/field-map.js';

/** The `-h, --help` option every command accepts. */
export const HELP_OPTION = { type: 'boolean', short: 'h' } as const;

/**
 * Runs a strict `util.parseArgs` call and turns its failures (unknown option, missing value) into a
 * usage error that names the option.
 * @throws CliError `COMMAND/bad-option` (exit 2).
 * @example const { values } = parseCommandArgs('report', () => parseArgs({ args, options, strict: true }));
 */
export function parseCommandArgs<T>(command: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    // Node's messages name the option; its hint about '--' is noise here.
    const message = (error as Error).message.split('. To specify a positional')[0] ?? 'invalid arguments';
    throw usageError(command, 'bad-option', message);
  }
}

/** `--metric`: one of the allowed kinds. */
export function parseMetric(
  command: string,
  value: string | undefined,
  allowed: readonly ScoredKind[] = SCORED_KINDS,
): ScoredKind {
  if (value === undefined)
    throw usageError(command, 'missing-metric', `--metric is required (${allowed.join('|')})`);
  const kind = value.toLowerCase();
  if (!(allowed as readonly string[]).includes(kind))
    throw usageError(command, 'bad-metric', `--metric must be one of ${allowed.join(', ')}, got "${value}"`);
  return kind as ScoredKind;
}

/** `--level`: a confidence level strictly between 0 and 1 (default 0.95). */
export function parseLevel(command: string, value: string | undefined): number {
  if (value === undefined) return 0.95;
  const level = Number(value);
  if (value.trim() === '' || !Number.isFinite(level) || level <= 0 || level >= 1)
    throw usageError(
      command,
      'bad-level',
      `--level must be a number strictly between 0 and 1 such as 0.95, got "${value}"`,
    );
  return level;
}

/** `--interval`: an NPS interval method. */
export function parseInterval(command: string, value: string | undefined): IntervalMethod | undefined {
  if (value === undefined) return undefined;
  if (!(INTERVAL_METHODS as readonly string[]).includes(value))
    throw usageError(
      command,
      'bad-interval',
      `--interval must be one of ${INTERVAL_METHODS.join(', ')}, got "${value}"`,
    );
  return value as IntervalMethod;
}

/**
 * `--polarity`: which end of the scale is good, for CES/C2ES/CSAT questions asked the other way round
 * ("how much effort did you have to make?", higher = worse). Results are normalised so higher is better.
 */
export function parsePolarity(
  command: string,
  value: string | undefined,
  metric: ScoredKind,
): 'higher-is-better' | 'higher-is-worse' | undefined {
  if (value === undefined) return undefined;
  if (value !== 'higher-is-better' && value !== 'higher-is-worse')
    throw usageError(
      command,
      'bad-polarity',
      `--polarity must be higher-is-better or higher-is-worse, got "${value}"`,
    );
  if (metric === 'nps')
    throw usageError(command, 'bad-polarity', '--polarity does not apply to nps (0-10, 10 is best)');
  return value;
}

/** `--period`: month or quarter. */
export function parsePeriod(command: string, value: string | undefined): 'month' | 'quarter' | undefined {
  if (value === undefined) return undefined;
  if (value !== 'month' && value !== 'quarter')
    throw usageError(command, 'bad-period', `--period must be month or quarter, got "${value}"`);
  return value;
}

/** `--by COL[,COL]` (repeatable): the grouping columns, in order, without duplicates. */
export function parseColumns(command: string, values: readonly string[] | undefined): string[] {
  const columns: string[] = [];
  for (const value of values ?? [])
    for (const raw of value.split(',')) {
      const name = raw.trim();
      if (name === '') throw usageError(command, 'bad-by', `--by has an empty column name in "${value}"`);
      if (columns.includes(name)) throw usageError(command, 'bad-by', `--by names "${name}" twice`);
      columns.push(name);
    }
  return columns;
}

/** `--map FIELD=COLUMN,...` (repeatable). */
export function parseMapOption(command: string, values: readonly string[] | undefined): FieldMap {
  try {
    return parseFieldMap(values ?? []);
  } catch (error) {
    if (error instanceof FieldMapError) throw usageError(command, 'bad-map', error.message);
    throw error;
  }
}
