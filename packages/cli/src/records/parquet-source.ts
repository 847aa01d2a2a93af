import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import type { JsonlRow } from './jsonl-source.js';

// Parquet answers are read with hyparquet (pure JavaScript, no native build), one row group at a time so
// memory follows the row group, not the file. Rows come out as objects and then follow the JSON Lines
// path: the same field mapping, checks and issues, with the row number (1-based) where a text file has
// its line number.

/** The cell value of a Parquet value: 64-bit integers as numbers' text, dates as ISO 8601. */
function cell(value: unknown, isDate: boolean): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return '';
    // A DATE column is a calendar day; a timestamp keeps its time (UTC, with Z).
    return isDate ? value.toISOString().slice(0, 10) : value.toISOString();
  }
  return value;
}

/**
 * Streams a Parquet file's rows, one batch per row group, as {@link JsonlRow}s numbered from 1;
 * `onRows` hears the rows read so far and the file's row count.
 */
export async function* parquetSource(
  path: string,
  onRows?: (rowsRead: number, totalRows: number) => void,
): AsyncGenerator<JsonlRow[]> {
  const file = await asyncBufferFromFile(path);
  const metadata = await parquetMetadataAsync(file);
  const dates = new Set(
    metadata.schema
      .filter((s) => s.converted_type === 'DATE' || s.logical_type?.type === 'DATE')
      .map((s) => s.name),
  );
  const total = Number(metadata.num_rows);
  let start = 0;
  for (const group of metadata.row_groups) {
    const end = start + Number(group.num_rows);
    const rows = await parquetReadObjects({ file, metadata, rowStart: start, rowEnd: end });
    const out: JsonlRow[] = rows.map((row, i) => {
      const object: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(row)) object[key] = cell(value, dates.has(key));
      return { kind: 'row', line: start + i + 1, object };
    });
    start = end;
    onRows?.(start, total);
    yield out;
  }
}
