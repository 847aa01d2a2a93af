import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  addToSummary,
  AlertRuleSchema,
  backtestAlertRules,
  backtestAlertView,
  emptySummary,
  periodKey,
  periodRange,
  type AccountMonthSummary,
  type AlertRule,
  type BacktestAlert,
  type ScoredAlertMetric,
} from '@cxkit/core';
import { z } from 'zod';
import { parseMapOption } from '../args.js';
import { defineCommand, helpText, parseCommand } from '../command-spec.js';
import { EXIT_CODES, fileUnreadable, usageError } from '../cli-error.js';
import { write, type CliIo } from '../cli-io.js';
import { formatCount } from '../format-number.js';
import { issuesJson, writeIssues } from '../issue-report.js';
import { progressCallback } from '../progress.js';
import { readRecords } from '../records/read-records.js';
import { formatTable } from '../table.js';

/** The table of `cxkit alerts`: its help and its parser. */
export const ALERTS_COMMAND = defineCommand({
  name: 'alerts',
  usage: `cxkit alerts backtest FILE --rules RULES.json [options]`,
  description: `Replays alert rules over a history of answers month by month, as the live server evaluates them
at each month's end (a rule judges the month just ended unless it says evaluate: current), with
the same tests and false-discovery control, and prints the alerts they would have raised. Use it
to see what a rule would have raised last year before turning it on.

FILE is the CSV or JSON Lines file \`cxkit report\` reads (account_id, respondent_id, role, metric,
score, answered_at). RULES.json holds one rule, an array of rules, or { "rules": [...] }, as the
admin API takes them; { "id", "kind", "metric", "scope" } is enough, the rest has defaults.
Health, churn and detractor-comment rules need more than answers and are listed as skipped.`,
  options: {
    rules: { type: 'string', value: 'FILE', help: `the rules (required)` },
    from: { type: 'string', value: 'YYYY-MM', help: `first month replayed (default: 11 months before --to)` },
    to: { type: 'string', value: 'YYYY-MM', help: `last month replayed (default: the file's last month)` },
    map: {
      type: 'string',
      multiple: true,
      value: 'FIELD=COL,...',
      help: `read a field from a differently named column`,
    },
    strict: { type: 'boolean', help: `stop at the first bad row (exit 1, no result)` },
    json: { type: 'boolean', help: `print one JSON document instead of tables` },
  },
  footer: `Exit codes: 0 ok, 1 bad input rows (result still printed unless --strict),
2 usage error or invalid rules, 3 file not found or unreadable.`,
});

/** Usage text of `cxkit alerts`. */
export const ALERTS_HELP = helpText(ALERTS_COMMAND);

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

const RulesFileSchema = z.union([
  z.array(z.unknown()).min(1).max(200),
  z.object({ rules: z.array(z.unknown()).min(1).max(200) }).transform((o) => o.rules),
  z
    .object({ id: z.unknown(), kind: z.unknown() })
    .passthrough()
    .transform((o) => [o]),
]);

/** Reads and validates the rules file; every problem names `rules[i].field` and the rule broken. */
export async function readRules(file: string, cwd: string): Promise<AlertRule[]> {
  let text: string;
  try {
    text = await readFile(resolve(cwd, file), 'utf8');
  } catch (error) {
    throw fileUnreadable('alerts', file, error);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw usageError('alerts', 'bad-rules', `${file}: not JSON (${(error as Error).message})`);
  }
  const list = RulesFileSchema.safeParse(json);
  if (!list.success)
    throw usageError(
      'alerts',
      'bad-rules',
      `${file}: expected a rule, an array of rules or { "rules": [...] }`,
    );
  const ids = new Set<string>();
  return list.data.map((raw, i) => {
    const r = AlertRuleSchema.safeParse(raw);
    if (!r.success) {
      const issue = r.error.issues[0]!;
      const path = [`rules[${i}]`, ...issue.path.map(String)].join('.');
      throw usageError('alerts', 'bad-rules', `${file}: ${path}: ${issue.message} [${issue.code}]`);
    }
    if (ids.has(r.data.id))
      throw usageError(
        'alerts',
        'bad-rules',
        `${file}: rules[${i}].id: "${r.data.id}" is used twice [unique]`,
      );
    ids.add(r.data.id);
    return r.data;
  });
}

const addMonths = (month: string, n: number) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return periodKey(new Date(Date.UTC(y, m - 1 + n, 1)), 'month');
};

const targetId = (a: BacktestAlert) => (a.target.type === 'account' ? a.target.accountId : a.target.id);

/** `cxkit alerts backtest`: what rules would have raised over a history of answers. */
export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(ALERTS_COMMAND, argv);
  if (values.help) {
    await write(io.stdout, ALERTS_HELP);
    return EXIT_CODES.ok;
  }
  const [sub, file, ...extra] = positionals;
  if (sub !== 'backtest')
    throw usageError(
      'alerts',
      'bad-subcommand',
      `expected "backtest", got ${sub === undefined ? 'nothing' : `"${sub}"`}`,
    );
  if (file === undefined || extra.length > 0)
    throw usageError('alerts', 'bad-file', `expected one answers FILE, got ${positionals.length - 1}`);
  if (values.rules === undefined)
    throw usageError('alerts', 'missing-rules', '--rules RULES.json is required');
  for (const k of ['from', 'to'] as const)
    if (values[k] !== undefined && !MONTH.test(values[k]!))
      throw usageError('alerts', `bad-${k}`, `--${k} must be a month YYYY-MM, got "${values[k]}"`);
  const rules = await readRules(values.rules, io.cwd);
  const map = parseMapOption('alerts', values.map);

  // One summary per account, role, metric and month, on each answer's own scale.
  const progress = progressCallback(io, file);
  const reader = readRecords(file, {
    map,
    strict: values.strict === true,
    dimensions: [],
    cwd: io.cwd,
    onProgress: progress.onProgress,
  });
  const rows = new Map<string, AccountMonthSummary>();
  let last: string | undefined;
  try {
    for await (const batch of reader.batches())
      for (const r of batch) {
        const month = periodKey(r.answeredAt, 'month');
        if (last === undefined || month > last) last = month;
        if (r.metric !== 'nps' && r.metric !== 'csat' && r.metric !== 'ces') continue;
        const key = `${r.accountId}\u0000${r.role ?? ''}\u0000${r.metric}\u0000${month}`;
        let row = rows.get(key);
        if (!row) {
          row = {
            accountId: r.accountId,
            role: r.role,
            metric: r.metric as ScoredAlertMetric,
            month,
            summary: emptySummary(r.metric, r.scale),
          };
          rows.set(key, row);
        }
        addToSummary(row.summary, r.value);
      }
  } finally {
    progress.stop();
  }
  const to = values.to ?? last;
  if (to === undefined) throw usageError('alerts', 'no-answers', `${file}: no answers to replay`);
  const from = values.from ?? addMonths(to, -11);
  if (from > to) throw usageError('alerts', 'bad-from', `--from ${from} is after --to ${to}`);
  const result = backtestAlertRules(rules, [...rows.values()], { from, to });

  const perRule = rules.map((rule) => {
    const mine = result.alerts.filter((a) => a.ruleId === rule.id);
    return {
      ruleId: rule.id,
      kind: rule.kind,
      alerts: mine.length,
      targets: new Set(mine.map(targetId)).size,
      skipped: result.skipped.find((s) => s.ruleId === rule.id)?.reason ?? null,
    };
  });
  if (values.json) {
    const doc = {
      evaluations: result.evaluations,
      from,
      to,
      alerts: result.alerts.map(backtestAlertView),
      summary: perRule,
      skipped: result.skipped,
      rows: { read: reader.stats.rows, rejected: reader.stats.rejected },
      issues: issuesJson(reader),
    };
    await write(io.stdout, JSON.stringify(doc, null, 2) + '\n');
  } else {
    const months = periodRange(from, to).length;
    const summary = formatTable(
      [
        { header: 'Rule' },
        { header: 'Kind' },
        { header: 'Alerts', align: 'right' },
        { header: 'Accounts/segments', align: 'right' },
        { header: 'Note' },
      ],
      perRule.map((r) => [
        r.ruleId,
        r.kind,
        r.skipped === null ? formatCount(r.alerts) : '—',
        r.skipped === null ? formatCount(r.targets) : '—',
        r.skipped === null ? '' : `skipped: ${r.skipped}`,
      ]),
    );
    const shown = result.alerts.slice(0, 50);
    const list =
      shown.length === 0
        ? 'No alert would have been raised.\n'
        : formatTable(
            [
              { header: 'Period' },
              { header: 'Rule' },
              { header: 'Target' },
              { header: 'Severity' },
              { header: 'Alert' },
            ],
            shown.map((a) => [a.period, a.ruleId, targetId(a), a.severity, a.title]),
          ) +
          (result.alerts.length > shown.length
            ? `... and ${formatCount(result.alerts.length - shown.length)} more (--json lists all)\n`
            : '');
    await write(
      io.stdout,
      `Alert backtest ${from} to ${to}: ${formatCount(months)} monthly runs, ${formatCount(result.evaluations)} evaluations, ${formatCount(result.alerts.length)} alerts\n\n${summary}\n${list}`,
    );
  }
  await writeIssues(io, reader);
  return reader.stats.rejected > 0 ? EXIT_CODES.badInput : EXIT_CODES.ok;
}

/** The table behind `cxkit alerts`, for the help checks. */
export const specs = [ALERTS_COMMAND];
