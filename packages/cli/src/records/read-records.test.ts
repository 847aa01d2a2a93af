import { fileURLToPath } from 'node:url';
import { mkdtemp, writeFile, chmod, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliError, EXIT_CODES, RecordError, formatIssue, readRecords, type SurveyRecord } from '@cxkit/cli';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cxkit-records-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const file = async (name: string, text: string) => {
  await writeFile(join(dir, name), text);
  return name;
};

const readAll = async (reader: AsyncIterable<SurveyRecord>) => {
  const out: SurveyRecord[] = [];
  for await (const r of reader) out.push(r);
  return out;
};

const HEADER = 'account_id,respondent_id,role,metric,score,answered_at,region';

describe('readRecords (CSV)', () => {
  it('reads valid rows into records with their line, scale and dimensions', async () => {
    const name = await file(
      'ok.csv',
      `${HEADER}\nacme,p1,Buyer,nps,9,2026-03-31T10:00:00Z,EMEA\n\nacme,p2,,csat,4,2026-04-01,NAM\n`,
    );
    const reader = readRecords(name, { cwd: dir });
    const records = await readAll(reader);
    expect(records).toEqual([
      {
        line: 2,
        accountId: 'acme',
        respondentId: 'p1',
        role: 'buyer',
        metric: 'nps',
        value: 9,
        answeredAt: '2026-03-31T10:00:00Z',
        scale: { min: 0, max: 10, polarity: 'higher-is-better' },
        dimensions: { region: 'EMEA' },
      },
      {
        line: 4,
        accountId: 'acme',
        respondentId: 'p2',
        role: undefined,
        metric: 'csat',
        value: 4,
        answeredAt: '2026-04-01',
        scale: { min: 1, max: 5, polarity: 'higher-is-better' },
        dimensions: { region: 'NAM' },
      },
    ]);
    expect(reader.stats).toEqual({ rows: 2, accepted: 2, rejected: 0 });
  });

  it('names file, line, column and rule for every bad cell, and keeps reading', async () => {
    const name = await file(
      'bad.csv',
      [
        HEADER,
        'acme,p1,buyer,nps,11,2026-03-31,EMEA',
        'acme,p1,buyer,nps,"9\n",2026-03-31,EMEA',
        ',p1,buyer,nps,x,2026-02-30,EMEA',
        'acme,p1,buyer,nps,9,2026-03-31T10:00:00,EMEA',
        'acme,p1,buyer,nps,9',
        'acme,p1,buyer,nps,10,2026-03-31,EMEA',
      ].join('\n'),
    );
    const reader = readRecords(name, { cwd: dir });
    const records = await readAll(reader);
    expect(records.map((r) => [r.line, r.value])).toEqual([
      [3, 9],
      [8, 10],
    ]);
    expect(reader.stats).toEqual({ rows: 6, accepted: 2, rejected: 4 });
    expect(reader.issues.kept.map(formatIssue)).toEqual([
      'bad.csv:2: column "score": 11 is not on the nps scale 0-10 [out-of-scale]',
      'bad.csv:5: column "account_id": is required [required]',
      'bad.csv:5: column "score": "x" must be a whole number [not-an-integer]',
      'bad.csv:5: column "answered_at": "2026-02-30" must be an ISO 8601 date (2026-03-31) or date-time with offset [invalid-date]',
      'bad.csv:6: column "answered_at": "2026-03-31T10:00:00" has a time but no offset: add Z or +hh:mm [date-needs-offset]',
      'bad.csv:7: has 5 fields, the header has 7 [field-count]',
    ]);
    expect(Object.fromEntries(reader.issues.byRule)).toMatchObject({ 'out-of-scale': 1, required: 1 });
  });

  it('refuses placeholder years and accepts offsets', async () => {
    const name = await file(
      'years.csv',
      'account_id,metric,score,answered_at\na,nps,9,0000-01-01\na,nps,9,9999-12-31T00:00:00Z\na,nps,9,2026-03-31T23:30:00-02:00\n',
    );
    const reader = readRecords(name, { cwd: dir });
    const records = await readAll(reader);
    expect(records.map((r) => r.answeredAt)).toEqual(['2026-03-31T23:30:00-02:00']);
    expect(reader.issues.kept.map((i) => [i.line, i.rule])).toEqual([
      [2, 'date-out-of-range'],
      [3, 'date-out-of-range'],
    ]);
  });

  it('throws the first bad row as a RecordError under strict', async () => {
    const name = await file(
      'strict.csv',
      `${HEADER}\nacme,p1,buyer,nps,9,2026-03-31,EMEA\nacme,p1,buyer,nps,12,2026-03-31,EMEA\nacme,p1,buyer,nps,13,2026-03-31,EMEA\n`,
    );
    const reader = readRecords(name, { cwd: dir, strict: true });
    const seen: number[] = [];
    const error = await (async () => {
      try {
        for await (const r of reader) seen.push(r.line);
      } catch (e) {
        return e;
      }
    })();
    expect(seen).toEqual([2]);
    expect(error).toBeInstanceOf(RecordError);
    expect((error as RecordError).exitCode).toBe(EXIT_CODES.badInput);
    expect((error as RecordError).code).toBe('readRecords/out-of-scale');
    expect((error as RecordError).issues[0]?.line).toBe(3);
  });

  it('maps columns with --map, keeps the rest as dimensions and takes --metric when there is no metric column', async () => {
    const name = await file(
      'mapped.csv',
      'REC,Account,date,Region,BU\n9,"Account A",2012-04-08,NAM,Apples\n',
    );
    const records = await readAll(
      readRecords(name, {
        cwd: dir,
        metric: 'nps',
        map: { score: 'REC', account_id: 'Account', answered_at: 'date' },
      }),
    );
    expect(records[0]).toMatchObject({
      accountId: 'Account A',
      metric: 'nps',
      value: 9,
      dimensions: { Region: 'NAM', BU: 'Apples' },
    });
  });

  it('sniffs a semicolon delimiter and reports a record that spans lines at its first line', async () => {
    const name = await file(
      'semi.csv',
      'account_id;metric;score;answered_at;note\n"a;b";nps;7;2026-01-02;"two\nlines"\nc;nps;8;2026-01-03;x\n',
    );
    const records = await readAll(readRecords(name, { cwd: dir }));
    expect(records.map((r) => [r.line, r.accountId, r.dimensions.note])).toEqual([
      [2, 'a;b', 'two\nlines'],
      [4, 'c', 'x'],
    ]);
  });

  it("counts can't-recommend answers and refuses them outside NPS", async () => {
    const name = await file(
      'cant.csv',
      'account_id,metric,score,answered_at,cant_recommend\na,nps,0,2026-01-01,true\na,nps,cant-recommend,2026-01-01,\na,csat,3,2026-01-01,yes\na,nps,5,2026-01-01,maybe\n',
    );
    const reader = readRecords(name, { cwd: dir });
    const records = await readAll(reader);
    expect(records.map((r) => r.value)).toEqual(['cant-recommend', 'cant-recommend']);
    expect(reader.issues.kept.map((i) => [i.line, i.column, i.rule])).toEqual([
      [4, 'cant_recommend', 'cant-recommend-not-nps'],
      [5, 'cant_recommend', 'invalid-boolean'],
    ]);
  });

  it('honours scale_min/scale_max and rejects a second scale for the same metric', async () => {
    const name = await file(
      'scales.csv',
      'account_id,metric,score,answered_at,scale_min,scale_max\na,csat,9,2026-01-01,1,10\na,csat,4,2026-01-01,,\na,csat,10,2026-01-01,1,10\n',
    );
    const reader = readRecords(name, { cwd: dir });
    const records = await readAll(reader);
    expect(records.map((r) => [r.line, r.scale.max])).toEqual([
      [2, 10],
      [4, 10],
    ]);
    expect(reader.issues.kept[0]).toMatchObject({ line: 3, rule: 'scale-mismatch' });
  });

  it('fails on the header: missing required column (exit 1), unknown mapped or dimension column (exit 2)', async () => {
    const name = await file('nohead.csv', 'account_id,metric,answered_at\na,nps,2026-01-01\n');
    const attempt = (o: Parameters<typeof readRecords>[1]) => readAll(readRecords(name, { cwd: dir, ...o }));
    await expect(attempt({})).rejects.toMatchObject({ code: 'readRecords/missing-column', exitCode: 1 });
    await expect(attempt({})).rejects.toThrow(/nohead\.csv:1: no "score" column/);
    await expect(attempt({ map: { score: 'REC' } })).rejects.toMatchObject({
      code: 'readRecords/unknown-column',
      exitCode: 2,
    });
    const named = await file('dims.csv', 'account_id,metric,score,answered_at\na,nps,1,2026-01-01\n');
    await expect(readAll(readRecords(named, { cwd: dir, dimensions: ['Region'] }))).rejects.toThrow(
      /no column "Region" \(columns: account_id, metric, score, answered_at\)/,
    );
  });

  it('reports a missing or unreadable file with exit code 3', async () => {
    const missing = readAll(readRecords('nope.csv', { cwd: dir }));
    await expect(missing).rejects.toBeInstanceOf(CliError);
    await expect(readAll(readRecords('nope.csv', { cwd: dir }))).rejects.toMatchObject({
      exitCode: EXIT_CODES.fileUnreadable,
      reason: 'nope.csv: no such file',
    });
    await expect(readAll(readRecords('.', { cwd: dir }))).rejects.toMatchObject({
      reason: '.: is a directory',
    });
    if (process.getuid?.() !== 0) {
      const locked = await file('locked.csv', HEADER);
      await chmod(join(dir, locked), 0o000);
      await expect(readAll(readRecords(locked, { cwd: dir }))).rejects.toMatchObject({ exitCode: 3 });
    }
  });

  it('reports a CSV syntax error with its line', async () => {
    const name = await file(
      'quote.csv',
      `${HEADER}\nacme,p1,buyer,nps,9,2026-03-31,EMEA\nacme,p1,buyer,nps,"9"x,2026-03-31,EMEA\nacme,p1,buyer,nps,7,2026-03-31,EMEA\n`,
    );
    const reader = readRecords(name, { cwd: dir });
    const records = await readAll(reader);
    // The broken record is rejected up to the end of its line; the next line is read again.
    expect(records.map((r) => r.line)).toEqual([2, 4]);
    expect(reader.issues.kept.map(formatIssue)).toEqual([
      expect.stringMatching(/^quote\.csv:3: Invalid Closing Quote: got "x" at line 3 .*\[csv-syntax\]$/),
    ]);
    expect(reader.stats.rejected).toBe(1);
  });

  it('reports a quote left open at the end of the file, naming the lines not read', async () => {
    const name = await file(
      'open.csv',
      `${HEADER}\nacme,p1,buyer,nps,9,2026-03-31,EMEA\nacme,p1,buyer,nps,9,2026-03-31,"EMEA\nacme,p1,buyer,nps,7,2026-03-31,EMEA\n`,
    );
    const reader = readRecords(name, { cwd: dir });
    expect((await readAll(reader)).map((r) => r.line)).toEqual([2]);
    expect(reader.issues.kept.map(formatIssue)).toEqual([
      expect.stringMatching(/^open\.csv:3: Quote Not Closed: .*lines 3-4 not read.*\[csv-syntax\]$/),
    ]);
  });
});

describe('readRecords (Parquet)', () => {
  // data/answers-sample.parquet (written by DuckDB, see data/README.md): 64-bit scores, UTC timestamps,
  // booleans and nulls, and a score of 11 on its third row.
  const SAMPLE = fileURLToPath(new URL('../../../../data/answers-sample.parquet', import.meta.url));

  it('reads typed columns as cells and names the row of a bad value', async () => {
    const reader = readRecords(SAMPLE, {});
    const records = await readAll(reader);
    expect(records.map((r) => [r.line, r.accountId, r.metric, r.value, r.answeredAt, r.dimensions])).toEqual([
      [1, 'acme', 'nps', 9, '2026-03-31T10:00:00.000Z', { region: 'EMEA' }],
      [2, 'acme', 'nps', 'cant-recommend', '2026-03-31T11:30:00.000Z', { region: 'EMEA' }],
      [4, 'bolt', 'csat', 4, '2026-04-02T08:15:00.000Z', { region: '' }],
      [5, 'bolt', 'nps', null, '2026-04-03T17:45:00.000Z', { region: 'NAM' }],
    ]);
    expect(reader.issues.kept.map((i) => [i.line, i.column, i.rule])).toEqual([[3, 'score', 'out-of-scale']]);
  });
});

describe('readRecords (JSON Lines)', () => {
  it('reads objects, numbers and booleans, and names the key in errors', async () => {
    const name = await file(
      'a.jsonl',
      [
        '{"account_id":"a","metric":"nps","score":10,"answered_at":"2026-01-01","cant_recommend":false,"plan":"pro"}',
        '',
        '{"account_id":"a","metric":"nps","score":null,"answered_at":"2026-01-02","plan":3}',
        '{not json',
        '[1,2]',
        '{"account_id":"a","metric":"nps","score":9.5,"answered_at":"2026-01-02","plan":{"x":1}}',
        '{"Account":"b","metric":"ces","score":"7","answered_at":"2026-01-02T08:00:00+02:00"}',
      ].join('\n'),
    );
    const reader = readRecords(name, { cwd: dir });
    const records = await readAll(reader);
    expect(records.map((r) => [r.line, r.value, r.dimensions])).toEqual([
      [1, 10, { plan: 'pro' }],
      [3, null, { plan: '3' }],
    ]);
    expect(reader.issues.kept.map((i) => [i.line, i.column, i.rule])).toEqual([
      [4, null, 'invalid-json'],
      [5, null, 'not-an-object'],
      [6, 'plan', 'not-a-scalar'],
      [7, 'account_id', 'required'],
    ]);
    expect(reader.stats).toEqual({ rows: 6, accepted: 2, rejected: 4 });
  });

  it('maps keys and checks that --by keys exist on some line', async () => {
    const name = await file('b.ndjson', '{"REC":3,"Account":"x","date":"2012-01-01"}\n');
    const map = { score: 'REC', account_id: 'Account', answered_at: 'date' } as const;
    const records = await readAll(readRecords(name, { cwd: dir, metric: 'nps', map }));
    expect(records[0]).toMatchObject({ accountId: 'x', value: 3, metric: 'nps' });
    await expect(
      readAll(readRecords(name, { cwd: dir, metric: 'nps', map, dimensions: ['Region'] })),
    ).rejects.toMatchObject({
      code: 'readRecords/unknown-column',
    });
  });
});
