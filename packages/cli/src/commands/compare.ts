import {
  addScores,
  DEFAULT_SCALES,
  emptyHistograms,
  emptySummary,
  histogramSummary,
  SCORED_KINDS,
  SMALL_SAMPLE_THRESHOLD,
  type ScoreHistograms,
  type Scale,
  type ScoreSummary,
  type ScoredKind,
} from '@cxkit/core';
import { parseInterval, parseLevel, parseMapOption, parseMetric, parsePolarity } from '../args.js';
import { EXIT_CODES, usageError } from '../cli-error.js';
import { defineCommand, helpText, parseCommand } from '../command-spec.js';
import { write, type CliIo } from '../cli-io.js';
import { formatCount, formatFixed, formatLevel } from '../format-number.js';
import { issuesJson, writeIssues } from '../issue-report.js';
import {
  METRIC_LABELS,
  METRIC_UNITS,
  metricChange,
  metricCounts,
  metricKpi,
  type KpiOptions,
} from '../kpi.js';
import { progressCallback } from '../progress.js';
import type { FieldMap } from '../records/field-map.js';
import { readRecords, type RecordReader } from '../records/read-records.js';
import { formatTable } from '../table.js';

/** The table of `cxkit compare`: its help and its parser. */
export const COMPARE_COMMAND = defineCommand({
  name: 'compare',
  usage: 'cxkit compare FILE_A FILE_B --metric nps|csat|ces|c2es [options]',
  description: `The change of a KPI from FILE_A (before) to FILE_B (after): delta = B - A, its standard error,
confidence interval and two-sided p-value (NPS: adjusted-Wald interval, p its inversion; CSAT:
Newcombe's interval on the top-box rate, p its inversion; CES/C2ES: Welch t test on the means).`,
  options: {
    metric: { type: 'string', value: 'KIND', help: 'nps, csat, ces or c2es (required)' },
    interval: {
      type: 'string',
      value: 'METHOD',
      help: 'NPS interval of A and B: adjusted-wald (default) or wald',
    },
    polarity: {
      type: 'string',
      value: 'P',
      help: 'higher-is-worse for questions where a high score is bad (effort on\n1-10): answers are reversed so higher is better (not nps)',
    },
    level: { type: 'string', value: 'L', help: 'confidence level strictly between 0 and 1 (default 0.95)' },
    map: {
      type: 'string',
      multiple: true,
      value: 'FIELD=COL,...',
      help: 'read a field from a differently named column (both files)',
    },
    strict: { type: 'boolean', help: 'stop at the first bad row (exit 1, no result)' },
    json: { type: 'boolean', help: 'print one JSON document instead of a table' },
  },
  footer: `Exit codes: 0 ok, 1 bad input rows (result still printed unless --strict),
2 usage error, 3 file not found or unreadable.`,
});

/** Usage text of `cxkit compare`. */
export const COMPARE_HELP = helpText(COMPARE_COMMAND);

/** Reads one file into the metric's summary; rows of other metrics are counted, not used. */
async function summaryOf(
  file: string,
  metric: ScoredKind,
  map: FieldMap,
  strict: boolean,
  io: CliIo,
  polarity: Scale['polarity'] | undefined,
  json: boolean,
): Promise<{ reader: RecordReader; summary: ScoreSummary | undefined; otherMetrics: number }> {
  const progress = progressCallback(io, file, { json });
  const reader = readRecords(file, {
    metric,
    map,
    strict,
    dimensions: [],
    cwd: io.cwd,
    onProgress: progress.onProgress,
  });
  // The answers' score codes go through core's bulk path (one group), like report's.
  const metricIndex = SCORED_KINDS.indexOf(metric);
  let histograms: ScoreHistograms | undefined;
  let group = new Uint8Array(0);
  let code = new Int16Array(1 << 16);
  let otherMetrics = 0;
  try {
    for await (const batch of reader.answers({ keys: [] })) {
      if (code.length < batch.length) code = new Int16Array(batch.length);
      let n = 0;
      for (let k = 0; k < batch.length; k++)
        if (batch.metric[k] === metricIndex) code[n++] = batch.code[k] as number;
        else otherMetrics += 1;
      if (n === 0) continue;
      if (group.length < n) group = new Uint8Array(n);
      const scale = reader.scales.get(metric) ?? DEFAULT_SCALES[metric];
      histograms ??= emptyHistograms(metric, polarity === undefined ? scale : { ...scale, polarity });
      addScores(histograms, group, code, n);
    }
  } finally {
    progress.stop();
  }
  return { reader, summary: histograms && histogramSummary(histograms, 0), otherMetrics };
}

/** `cxkit compare`: the change of a KPI from file A to file B, with its test. */
export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(COMPARE_COMMAND, argv);
  if (values.help) {
    await write(io.stdout, COMPARE_HELP);
    return EXIT_CODES.ok;
  }
  if (positionals.length !== 2)
    throw usageError('compare', 'bad-file', `expected FILE_A and FILE_B, got ${positionals.length} file(s)`);
  const [fileA, fileB] = positionals as [string, string];
  const metric = parseMetric('compare', values.metric);
  const interval = parseInterval('compare', values.interval);
  if (interval !== undefined && metric !== 'nps')
    throw usageError('compare', 'bad-interval', '--interval applies to nps only');
  const level = parseLevel('compare', values.level);
  const map = parseMapOption('compare', values.map);
  const strict = values.strict === true;
  const o: KpiOptions = interval === undefined ? { level } : { level, interval };

  const polarity = parsePolarity('compare', values.polarity, metric);
  const a = await summaryOf(fileA, metric, map, strict, io, polarity, values.json === true);
  const b = await summaryOf(fileB, metric, map, strict, io, polarity, values.json === true);
  const scale = a.summary?.scale ??
    b.summary?.scale ?? { ...DEFAULT_SCALES[metric], ...(polarity ? { polarity } : {}) };
  const sa = a.summary ?? emptySummary(metric, scale);
  const sb = b.summary ?? emptySummary(metric, scale);
  if (sa.scale.min !== sb.scale.min || sa.scale.max !== sb.scale.max)
    throw usageError(
      'compare',
      'scale-mismatch',
      `${fileA} uses the ${metric} scale ${sa.scale.min}-${sa.scale.max} and ${fileB} ${sb.scale.min}-${sb.scale.max}: they cannot be compared`,
    );
  const change = metricChange(metric, sa, sb, o);
  const side = (file: string, s: ScoreSummary, read: typeof a) => {
    const r = metricKpi(metric, s, o);
    return {
      file,
      n: r.n,
      value: r.value,
      interval:
        r.status === 'ok' && r.interval ? ([r.interval.lower, r.interval.upper] as [number, number]) : null,
      smallSample: r.n < SMALL_SAMPLE_THRESHOLD,
      counts: metricCounts(metric, s, r),
      ...(r.status === 'insufficient-data' ? { reason: r.reason } : {}),
      rows: {
        read: read.reader.stats.rows,
        rejected: read.reader.stats.rejected,
        otherMetrics: read.otherMetrics,
      },
    };
  };
  const ja = side(fileA, sa, a);
  const jb = side(fileB, sb, b);
  const ok = change.status === 'ok';

  if (values.json) {
    const doc = {
      metric,
      unit: METRIC_UNITS[metric],
      level,
      a: ja,
      b: jb,
      delta: change.delta,
      se: ok ? change.se : null,
      interval: ok ? [change.interval.lower, change.interval.upper] : null,
      p: ok ? change.p : null,
      significant: ok ? change.significant : null,
      ...(change.status === 'insufficient-data' ? { reason: change.reason } : {}),
      issues: [
        ...issuesJson(a.reader).map((i) => ({ file: fileA, ...i })),
        ...issuesJson(b.reader).map((i) => ({ file: fileB, ...i })),
      ],
    };
    await write(io.stdout, JSON.stringify(doc, null, 2) + '\n');
  } else {
    const d = METRIC_UNITS[metric] === 'scale' ? 2 : 1;
    const ci = (i: [number, number] | null, signed = false) =>
      i === null ? '—' : `${formatFixed(i[0], d, signed)} to ${formatFixed(i[1], d, signed)}`;
    const note = (s: typeof ja) =>
      s.reason ?? (s.smallSample ? `small sample (n < ${SMALL_SAMPLE_THRESHOLD})` : '');
    const rows = [
      ['A', fileA, formatCount(ja.n), formatFixed(ja.value, d), ci(ja.interval), note(ja)],
      ['B', fileB, formatCount(jb.n), formatFixed(jb.value, d), ci(jb.interval), note(jb)],
      [
        'B - A',
        '',
        '',
        formatFixed(change.delta, d, true),
        ok ? ci([change.interval.lower, change.interval.upper], true) : '—',
        ok
          ? `p ${change.p < 0.001 ? '< 0.001' : `= ${change.p.toFixed(3)}`}, ${change.significant ? 'significant' : 'not significant'} at ${formatLevel(level)}`
          : change.reason,
      ],
    ];
    const label = METRIC_LABELS[metric];
    const table = formatTable(
      [
        { header: '' },
        { header: 'File' },
        { header: 'n', align: 'right' },
        { header: metric === 'csat' ? 'CSAT %' : label, align: 'right' },
        { header: `${formatLevel(level)} CI`, align: 'right' },
        { header: 'Note' },
      ],
      rows,
      { footerRows: 1 },
    );
    await write(io.stdout, `${label} change from A to B\n\n${table}`);
  }
  await writeIssues(io, a.reader);
  await writeIssues(io, b.reader);
  return a.reader.stats.rejected + b.reader.stats.rejected > 0 ? EXIT_CODES.badInput : EXIT_CODES.ok;
}

/** The table behind `cxkit compare`, for the help checks. */
export const specs = [COMPARE_COMMAND];
