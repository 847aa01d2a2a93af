// Public API of @cxkit/cli, re-exported by name.

export { main, COMMANDS, type CommandEntry, type CommandModule } from './cli.js';
export { processIo, write, type CliIo } from './cli-io.js';
export { CliError, EXIT_CODES, fileUnreadable, usageError, type ExitCode } from './cli-error.js';
export {
  HELP_OPTION,
  parseCommandArgs,
  parseMetric,
  parseLevel,
  parseInterval,
  parsePeriod,
  parsePolarity,
  parseColumns,
  parseMapOption,
} from './args.js';
export { formatTable, type TableColumn } from './table.js';
export { fileProgress, progressCallback, PROGRESS_MIN_BYTES, type Progress } from './progress.js';
export { writeIssues, issuesJson, PRINTED_ISSUES } from './issue-report.js';
export { RECORD_FIELDS, REQUIRED_FIELDS, isRecordField, type RecordField } from './records/fields.js';
export { parseFieldMap, FieldMapError, type FieldMap } from './records/field-map.js';
export { formatIssue, RecordIssues, RecordError, type RecordIssue } from './records/record-issue.js';
export {
  CellSchemas,
  validateRow,
  type SurveyRecord,
  type CellProblem,
  type RowCells,
} from './records/survey-record.js';
export { probeInputFile, sniffDelimiter, type InputFile, type InputFormat } from './records/input-file.js';
export {
  readRecords,
  type ReadRecordsOptions,
  type RecordReader,
  type RecordStats,
} from './records/read-records.js';
