import { parseArgs } from 'node:util';
import { HELP_OPTION, parseCommandArgs } from './args.js';

/** One option of a command: how `util.parseArgs` reads it and how its line in the help reads. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** Placeholder of the value in the help (`KIND` gives `--metric KIND`); string options only. */
  value?: string;
  /** What the option does; `\n` starts a continuation line, indented under the first. */
  help: string;
  /** The heading of a later group of options (`HTML report options`); ungrouped ones come first. */
  section?: string;
}

/**
 * A command's table: its usage lines, options and prose. The help text and the parser are both
 * made from it, so an option cannot be parsed without being documented, or the reverse.
 */
export interface CommandSpec<O extends Record<string, OptionSpec> = Record<string, OptionSpec>> {
  /** As typed after `cxkit`: `compare`, or `hubspot doctor` for a subcommand. */
  name: string;
  /** The text after `Usage:`; several lines for several forms. */
  usage: string;
  /** Paragraphs between the usage and the options. */
  description?: string;
  options: O;
  /** Paragraphs after the options (exit codes, examples). */
  footer?: string;
  /** False for a command that takes no positional argument (one is then a usage error). */
  positionals?: false;
}

/** Declares a command's table with its option names kept literal, so parsed values are typed. */
export function defineCommand<const O extends Record<string, OptionSpec>>(
  spec: CommandSpec<O>,
): CommandSpec<O> {
  return spec;
}

/** The column where option descriptions start. */
const DESCRIPTION_COLUMN = 25;

function optionLabel(name: string, o: OptionSpec): string {
  const long = `--${name}${o.type === 'string' ? ` ${o.value ?? 'VALUE'}` : ''}`;
  return o.short ? `-${o.short}, ${long}` : long;
}

function optionLines(label: string, help: string): string {
  const [first = '', ...rest] = help.split('\n');
  const indent = ' '.repeat(DESCRIPTION_COLUMN);
  const head =
    label.length < DESCRIPTION_COLUMN - 2
      ? `  ${label.padEnd(DESCRIPTION_COLUMN - 2)}${first}`
      : `  ${label}\n${indent}${first}`;
  return [head, ...rest.map((line) => `${indent}${line}`)].join('\n');
}

/** The `--help` text of a command, from its table; `-h, --help` is listed last, as every command takes it. */
export function helpText(spec: CommandSpec): string {
  const sections = new Map<string, string[]>([['Options', []]]);
  for (const [name, o] of Object.entries(spec.options)) {
    const heading = o.section ?? 'Options';
    sections.set(heading, [...(sections.get(heading) ?? []), optionLines(optionLabel(name, o), o.help)]);
  }
  [...sections.values()].at(-1)!.push(optionLines('-h, --help', 'show this help'));
  return [
    // A usage of several forms starts on its own line.
    `Usage:${spec.usage.startsWith('\n') ? '' : ' '}${spec.usage}`,
    ...(spec.description ? [spec.description] : []),
    ...[...sections].map(([heading, lines]) => `${heading}:\n${lines.join('\n')}`),
    ...(spec.footer ? [spec.footer] : []),
  ]
    .join('\n\n')
    .concat('\n');
}

type ParseOptions<O extends Record<string, OptionSpec>> = {
  [K in keyof O]: {
    type: O[K]['type'];
    short?: string;
    multiple: O[K]['multiple'] extends true ? true : false;
  };
} & { help: typeof HELP_OPTION };

/** The values (typed from the table) and positionals of a command line. */
export type ParsedCommand<O extends Record<string, OptionSpec>> = ReturnType<
  typeof parseArgs<{ args: string[]; options: ParseOptions<O>; strict: true; allowPositionals: true }>
>;

/**
 * Parses a command's arguments strictly with its table; an unknown option or a missing value is a
 * usage error naming the option.
 * @throws CliError `COMMAND/bad-option` (exit 2).
 * @example const { values, positionals } = parseCommand(COMPARE_COMMAND, argv);
 */
export function parseCommand<O extends Record<string, OptionSpec>>(
  spec: CommandSpec<O>,
  argv: string[],
): ParsedCommand<O> {
  const options = Object.fromEntries([
    ...Object.entries(spec.options).map(([name, o]) => [
      name,
      { type: o.type, multiple: o.multiple === true, ...(o.short ? { short: o.short } : {}) },
    ]),
    ['help', HELP_OPTION],
  ]) as ParseOptions<O>;
  return parseCommandArgs(spec.name.split(' ')[0]!, () =>
    parseArgs({ args: argv, options, strict: true, allowPositionals: spec.positionals !== false }),
  );
}
