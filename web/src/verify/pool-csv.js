// The published pool: `code,stratum` CSV as `sunlit draw export-pool` writes it, read the way
// `sunlit draw verify` reads it (src/cli/cmd_draw.cc, src/io/csv_reader.cc): RFC 4180,
// UTF-8 with or without BOM, CRLF or LF; the header is the first non-blank line, its cells
// trimmed, with a `code` column and an optional `stratum` column; blank lines (only spaces,
// tabs and commas) are skipped but counted, so row numbers match a spreadsheet's; every
// record has as many fields as the header; data fields are not trimmed.

import { fail } from './mismatch.js';
import { isValidUscc } from './uscc.js';

export const MAX_STRATA = 256;
const LABEL_RE = /^[A-Za-z0-9_-]{0,32}$/;

/** True when `label` is a valid stratum label: 0-32 of A-Z a-z 0-9 _ -. */
export function isValidLabel(label) {
  return typeof label === 'string' && LABEL_RE.test(label);
}

function isBlankLine(line) {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x2c) return false;
  }
  return true;
}

const poolError = (row, message, column) =>
  fail('pool', `pool CSV: row ${row}${column ? `, column ${column}` : ''}: ${message}`, {
    at: column ? { row, column } : { row },
  });

// Calls onRecord(fields, row) for each non-blank record. Quotes are rare in a pool, so lines
// without any quote take the fast path of String.split.
function forEachRecord(text, onRecord) {
  const n = text.length;
  let pos = 0;
  let row = 0;
  while (pos < n) {
    row++;
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = n;
    let line = text.slice(pos, nl);
    if (line.indexOf('"') < 0) {
      if (line.endsWith('\r')) line = line.slice(0, -1);
      pos = nl + 1;
      if (!isBlankLine(line)) onRecord(line.split(','), row);
      continue;
    }
    // RFC 4180 with quotes: a quoted field may hold commas, "" and line breaks.
    const fields = [];
    const startRow = row;
    let field = '';
    let i = pos;
    let quotedSomething = false;
    for (;;) {
      if (text.charCodeAt(i) === 0x22 && field === '') {
        quotedSomething = true;
        let j = i + 1;
        for (;;) {
          const q = text.indexOf('"', j);
          if (q < 0) poolError(startRow, 'a quoted field is never closed', fields.length + 1);
          field += text.slice(j, q);
          if (text.charCodeAt(q + 1) === 0x22) {
            field += '"';
            j = q + 2;
            continue;
          }
          i = q + 1;
          break;
        }
        const c = i < n ? text.charCodeAt(i) : 0x0a;
        if (c !== 0x2c && c !== 0x0a && !(c === 0x0d && (i + 1 >= n || text.charCodeAt(i + 1) === 0x0a))) {
          poolError(startRow, 'unexpected character after a closing quote', fields.length + 1);
        }
      } else {
        let j = i;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === 0x2c || c === 0x0a) break;
          if (c === 0x22) poolError(startRow, 'a quote inside an unquoted field', fields.length + 1);
          j++;
        }
        field = text.slice(i, j);
        if (j < n && text.charCodeAt(j) === 0x0a && field.endsWith('\r')) field = field.slice(0, -1);
        if (j >= n && field.endsWith('\r')) field = field.slice(0, -1);
        i = j;
      }
      fields.push(field);
      field = '';
      if (i < n && text.charCodeAt(i) === 0x0d) i++;
      if (i >= n || text.charCodeAt(i) === 0x0a) break;
      i++; // the comma
    }
    // A record whose quoted field spans lines is one row, as a spreadsheet shows it.
    pos = i + 1;
    if (!(fields.every((f) => f === '') && !quotedSomething)) onRecord(fields, startRow);
  }
}

/**
 * Parses the pool CSV. Returns {size, codes, strata, labels, labelCounts} with `codes`
 * sorted bytewise, `strata[i]` the index in `labels` (sorted bytewise) of code i's stratum,
 * `labelCounts[l]` the number of members of label l. Throws MismatchError (field 'pool')
 * naming the row for a malformed file, an invalid code or label, a duplicate code, more than
 * 256 strata or an empty pool.
 */
export function parsePoolCsv(text) {
  if (typeof text !== 'string') fail('pool', 'pool CSV: no text');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let header = null;
  let codeCol = -1;
  let stratumCol = -1;
  const leaves = [];
  const labelSet = new Set();
  forEachRecord(text, (fields, row) => {
    if (header === null) {
      header = fields.map((f) => f.trim());
      codeCol = header.indexOf('code');
      stratumCol = header.indexOf('stratum');
      if (codeCol < 0) poolError(row, 'the header must be code,stratum');
      return;
    }
    if (fields.length !== header.length) {
      poolError(row, `expected ${header.length} fields, found ${fields.length}`);
    }
    const code = fields[codeCol];
    const label = stratumCol >= 0 ? fields[stratumCol] : '';
    if (!isValidUscc(code)) {
      poolError(row, `"${code.slice(0, 40)}" is not a valid credit code`, codeCol + 1);
    }
    if (!isValidLabel(label)) {
      poolError(row, 'stratum label must match [A-Za-z0-9_-]{0,32}', stratumCol + 1);
    }
    if (!labelSet.has(label)) {
      if (labelSet.size >= MAX_STRATA) poolError(row, `more than ${MAX_STRATA} strata`);
      labelSet.add(label);
    }
    // Codes are 18 ASCII characters and labels ASCII, so sorting "code \x1F label" with
    // JavaScript's UTF-16 order sorts by code, bytewise.
    leaves.push(code + '\x1f' + label);
  });
  if (header === null) fail('pool', 'pool CSV: the file is empty', { at: { row: 1 } });
  if (leaves.length === 0) fail('pool', 'pool CSV: the pool is empty');
  leaves.sort();
  const labels = [...labelSet].sort();
  const labelIndex = new Map(labels.map((l, i) => [l, i]));
  const size = leaves.length;
  const codes = new Array(size);
  const strata = new Uint8Array(size);
  const labelCounts = new Array(labels.length).fill(0);
  for (let i = 0; i < size; i++) {
    const code = leaves[i].slice(0, 18);
    if (i > 0 && code === codes[i - 1]) fail('pool', `pool CSV: duplicate code ${code}`, { found: code });
    codes[i] = code;
    const l = labelIndex.get(leaves[i].slice(19));
    strata[i] = l;
    labelCounts[l]++;
  }
  return { size, codes, strata, labels, labelCounts };
}
