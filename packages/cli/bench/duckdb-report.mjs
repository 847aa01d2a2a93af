// The DuckDB side of the CLI benchmark: per-account NPS with its adjusted-Wald interval from an answers
// CSV, as `cxkit report FILE --metric nps --by account_id --json` computes it: read_csv, one GROUP BY,
// the results back in Node and printed as JSON. Plain JavaScript so Node runs it without a loader.
// Usage: node bench/duckdb-report.mjs FILE > out.json
import { DuckDBInstance } from '@duckdb/node-api';

const file = process.argv[2];
if (!file) throw new Error('usage: duckdb-report.mjs FILE');
const db = await DuckDBInstance.create(':memory:');
const connection = await db.connect();
// Same rules as cxkit: can't-recommend and skipped answers are not scored; adjusted Wald adds 0.75
// detractors, 1.5 passives and 0.75 promoters (docs/kpis.md), z = 1.959963984540054 at 95 %; the
// interval is shown within [-100, 100], as core does.
const reader = await connection.runAndReadAll(`
  WITH counts AS (
    SELECT account_id,
           count(*) FILTER (WHERE score <= 6) AS d,
           count(*) FILTER (WHERE score BETWEEN 7 AND 8) AS p,
           count(*) FILTER (WHERE score >= 9) AS pr
    FROM read_csv('${file.replaceAll("'", "''")}', header = true)
    WHERE metric = 'nps' AND score IS NOT NULL AND NOT coalesce(cant_recommend, false)
    GROUP BY account_id
  ), adjusted AS (
    SELECT *, d + p + pr AS n, (pr + 0.75 - d - 0.75) / (d + p + pr + 3.0) AS a,
           (pr + 0.75) / (d + p + pr + 3.0) AS ppr, (d + 0.75) / (d + p + pr + 3.0) AS pd
    FROM counts
  )
  SELECT account_id, n, d, p, pr, 100.0 * (pr - d) / n AS nps,
         greatest(-100.0, 100.0 * (a - 1.959963984540054 * sqrt((ppr + pd - a * a) / (n + 3)))) AS lower,
         least(100.0, 100.0 * (a + 1.959963984540054 * sqrt((ppr + pd - a * a) / (n + 3)))) AS upper
  FROM adjusted ORDER BY account_id`);
const groups = reader.getRowObjectsJS().map((r) => ({
  by: { account_id: r.account_id },
  n: Number(r.n),
  value: r.nps,
  interval: [r.lower, r.upper],
  counts: { detractors: Number(r.d), passives: Number(r.p), promoters: Number(r.pr) },
}));
process.stdout.write(JSON.stringify({ metric: 'nps', groups }, null, 2) + '\n');
