import { describe, expect, it } from 'vitest';
import { FieldMapError, parseFieldMap } from '@cxkit/cli';

describe('parseFieldMap', () => {
  it('reads FIELD=COLUMN pairs from one or several --map values', () => {
    expect(parseFieldMap(['score=REC,account_id=Account', 'answered_at = date '])).toEqual({
      score: 'REC',
      account_id: 'Account',
      answered_at: 'date',
    });
  });

  it.each([
    [['score'], /must look like FIELD=COLUMN/],
    [['grade=REC'], /"grade=REC": FIELD must be one of account_id, respondent_id/],
    [['score=REC,score=X'], /field score is mapped twice/],
    [['score=REC,role=REC'], /column "REC" is mapped to both score and role/],
  ])('refuses %j', (values, message) => {
    expect(() => parseFieldMap(values)).toThrow(FieldMapError);
    expect(() => parseFieldMap(values)).toThrow(message);
  });
});
