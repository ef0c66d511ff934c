// The canonical strings of protocol v1 (DRAW-PROTOCOL.md §2): P, the parameters, and K, the
// public randomness, parsed back from a record and refused unless they are in canonical form,
// exactly as ParseParamsString and ParseRandomnessString do in src/draw/protocol.cc.
// Numbers may be as large as 2^64 - 1, beyond a JavaScript number, so they are BigInts.

import { fail } from './mismatch.js';
import { isValidLabel } from './pool-csv.js';

const INT64_MAX = (1n << 63n) - 1n;
const UINT64_MAX = (1n << 64n) - 1n;
const MAX_BASIS_POINTS = 10000n;

function parseDecimal(s, max) {
  if (!/^[0-9]{1,20}$/.test(s)) return null;
  const v = BigInt(s);
  return v <= max ? v : null;
}

/** P from quotas [{stratum, kind: 'count'|'bp', value: BigInt}] and reserve (BigInt). */
export function paramsString(quotas, reserve) {
  const sorted = [...quotas].sort((a, b) => (a.stratum < b.stratum ? -1 : a.stratum > b.stratum ? 1 : 0));
  return sorted.map((q) => `${q.stratum}:${q.kind}:${q.value};`).join('') + `#${reserve}`;
}

/** K from sources (arrays of BigInt), each sorted ascending. */
export function randomnessString(sources) {
  return sources
    .map((src) => [...src].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map((v) => `${v}.`).join('') + '/')
    .join('');
}

/** Parses P. Returns {quotas, reserve}; throws MismatchError (field 'params'). */
export function parseParams(p) {
  const bad = (why) => fail('params', `parameters P '${p}' are malformed: ${why}`, { found: p });
  const quotas = [];
  let pos = 0;
  while (pos < p.length && p[pos] !== '#') {
    const c1 = p.indexOf(':', pos);
    if (c1 < 0) bad("expected ':' after a stratum label");
    const c2 = p.indexOf(':', c1 + 1);
    if (c2 < 0) bad("expected ':' after a quota kind");
    const semi = p.indexOf(';', c2 + 1);
    if (semi < 0) bad("expected ';' after a quota value");
    const stratum = p.slice(pos, c1);
    const kind = p.slice(c1 + 1, c2);
    if (kind !== 'count' && kind !== 'bp') bad(`unknown quota kind '${kind}'`);
    const value = parseDecimal(p.slice(c2 + 1, semi), INT64_MAX);
    if (value === null) bad('a quota value is not a decimal number');
    quotas.push({ stratum, kind, value });
    pos = semi + 1;
  }
  if (pos >= p.length) bad("expected '#' and the reserve");
  const reserve = parseDecimal(p.slice(pos + 1), INT64_MAX);
  if (reserve === null) bad('the reserve is not a decimal number');
  const seen = new Set();
  for (const q of quotas) {
    const what = `quota for stratum '${q.stratum}'`;
    if (!isValidLabel(q.stratum)) bad(`${what}: the label must be 0-32 characters from A-Z, a-z, 0-9, '_' and '-'`);
    if (q.kind === 'bp' && q.value > MAX_BASIS_POINTS) {
      bad(`${what}: basis points must be between 0 and 10000, got ${q.value}`);
    }
    if (seen.has(q.stratum)) bad(`${what} is given twice`);
    seen.add(q.stratum);
  }
  if (paramsString(quotas, reserve) !== p) bad('not in canonical form (labels ascending, no leading zeros)');
  return { quotas, reserve };
}

/** Parses K. Returns the sources (arrays of BigInt); throws MismatchError (field 'randomness'). */
export function parseRandomness(k) {
  const bad = (why) => fail('randomness', `randomness K '${k}' is malformed: ${why}`, { found: k });
  const sources = [];
  let current = [];
  let pos = 0;
  while (pos < k.length) {
    if (k[pos] === '/') {
      if (current.length === 0) bad('a source has no numbers');
      sources.push(current);
      current = [];
      pos++;
      continue;
    }
    const dot = k.indexOf('.', pos);
    if (dot < 0) bad("expected '.' after a number");
    const v = parseDecimal(k.slice(pos, dot), UINT64_MAX);
    if (v === null) bad('expected a decimal number');
    current.push(v);
    pos = dot + 1;
  }
  if (current.length > 0) bad("the last source does not end with '/'");
  if (sources.length === 0) bad('no sources');
  if (randomnessString(sources) !== k) bad('not in canonical form (numbers ascending, no leading zeros)');
  return sources;
}

/**
 * k_h, the number selected from a stratum of n members under `quota` (or none):
 * min(N, n) for count:N, min(n, ceil(n * B / 10000)) for bp:B, 0 without a quota.
 */
export function selectionSize(n, quota) {
  if (!quota || quota.value <= 0n) return 0;
  const bn = BigInt(n);
  const k = quota.kind === 'count' ? quota.value : (bn * quota.value + 9999n) / 10000n;
  return Number(k < bn ? k : bn);
}
