// The pool CSV read as `sunlit draw verify` reads it: the forms a spreadsheet may save, and
// each refusal naming its row.
import { describe, expect, it } from 'vitest';
import { parsePoolCsv } from './pool-csv.js';
import { MismatchError } from './mismatch.js';

const A = '91430302NY31NN604U';
const B = '91430302MB2KLRPMXB';
const C = '914303025FGQN85B35';

const failure = (text) => {
  try {
    parsePoolCsv(text);
  } catch (e) {
    if (e instanceof MismatchError) return e.mismatch;
    throw e;
  }
  return null;
};

describe('the pool CSV', () => {
  it('sorts by code and indexes labels in byte order', () => {
    const p = parsePoolCsv(`code,stratum\n${A},b\n${B},B\n${C},\n`);
    expect(p.codes).toEqual([C, B, A]);
    expect(p.labels).toEqual(['', 'B', 'b']);
    expect([...p.strata]).toEqual([0, 1, 2]);
    expect(p.labelCounts).toEqual([1, 1, 1]);
  });

  it('reads a BOM, CRLF, quoted fields, extra columns, blank lines and a missing stratum column', () => {
    const p = parsePoolCsv(`\uFEFF name , code ,stratum\r\n"x, y",${A},A\r\n,,\r\n\r\n"""q""","${B}",B\r\n`);
    expect(p.codes).toEqual([B, A]);
    expect(p.labels).toEqual(['A', 'B']);
    const q = parsePoolCsv(`code\n${A}\n${B}`);
    expect(q.labels).toEqual(['']);
    expect(q.size).toBe(2);
  });

  it.each([
    ['', 'pool CSV: the file is empty'],
    ['code,stratum\n', 'pool CSV: the pool is empty'],
    [`id,stratum\n${A},A\n`, 'pool CSV: row 1: the header must be code,stratum'],
    [`code,stratum\n${A},A\n\n${B}\n`, 'pool CSV: row 4: expected 2 fields, found 1'],
    [`code,stratum\n${A} ,A\n`, `pool CSV: row 2, column 1: "${A} " is not a valid credit code`],
    [`code,stratum\n${A},A+\n`, 'pool CSV: row 2, column 2: stratum label must match [A-Za-z0-9_-]{0,32}'],
    [`code,stratum\n${A},A\n${A},B\n`, `pool CSV: duplicate code ${A}`],
    [`code,stratum\n"${A},A\n`, 'pool CSV: row 2, column 1: a quoted field is never closed'],
  ])('refuses %j', (text, message) => {
    expect(failure(text)).toMatchObject({ field: 'pool', message });
  });

  it('refuses more than 256 strata', () => {
    // 257 labels need 257 distinct valid codes: vary the check-free body and fix the check.
    const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    const withCheck = (body) => {
      let sum = 0;
      for (let i = 0; i < 17; i++) sum += alphabet.indexOf(body[i]) * weights[i];
      return body + alphabet[(31 - (sum % 31)) % 31];
    };
    const rows = Array.from({ length: 257 }, (_, i) => `${withCheck(`914303020000${String(i).padStart(5, '0')}`)},L${i}`);
    expect(failure(`code,stratum\n${rows.join('\n')}\n`)).toMatchObject({
      message: 'pool CSV: row 258: more than 256 strata',
    });
  });
});
