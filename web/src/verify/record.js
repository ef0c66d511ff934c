// The draw record JSON (docs/draw.md, "The draw record"), read as strictly as RecordFromJson
// in src/draw/record_json.cc: exactly the documented keys, each once, with their types;
// hashes as 64 lower-case hex digits. JSON.parse keeps the last of two equal keys silently,
// so a separate pass refuses duplicates: a record must not say two things at once.

import { fail } from './mismatch.js';
import { fromHex } from './hex.js';
import { isValidLabel } from './pool-csv.js';

const RECORD_KEYS = [
  'protocol', 'draw_id', 'pool_size', 'pool_root', 'strata', 'params', 'randomness',
  'commitment', 'secret', 'seed', 'entries',
];
const STRATUM_KEYS = ['label', 'size'];
const ENTRY_KEYS = ['stratum', 'code', 'role', 'rank'];

const malformed = (what) => fail('record', `record: ${what}`);

// Scans JSON text that JSON.parse accepted; returns the first key repeated within one object,
// and whether some number is not a plain non-negative integer (has '-', '.', 'e' or 'E').
function scanJson(text) {
  const stack = []; // per open container: {keys: Set, expectKey} for objects, null for arrays
  let plainNumbers = true;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      let j = i + 1;
      let escaped = false;
      for (;;) {
        const d = text.charCodeAt(j);
        if (d === 0x5c) {
          escaped = true;
          j += 2;
        } else if (d === 0x22) {
          break;
        } else {
          j++;
        }
      }
      const top = stack[stack.length - 1];
      if (top && top.expectKey) {
        const key = escaped ? JSON.parse(text.slice(i, j + 1)) : text.slice(i + 1, j);
        if (top.keys.has(key)) return { duplicate: key, plainNumbers };
        top.keys.add(key);
        top.expectKey = false;
      }
      i = j + 1;
      continue;
    }
    if (c === 0x7b) {
      stack.push({ keys: new Set(), expectKey: true });
    } else if (c === 0x5b) {
      stack.push(null);
    } else if (c === 0x7d || c === 0x5d) {
      stack.pop();
    } else if (c === 0x2c) {
      const top = stack[stack.length - 1];
      if (top) top.expectKey = true;
    } else if (c === 0x74 || c === 0x6e) {
      i += 4; // true, null
      continue;
    } else if (c === 0x66) {
      i += 5; // false
      continue;
    } else if (c === 0x2d || c === 0x2e || c === 0x65 || c === 0x45) {
      plainNumbers = false;
    }
    i++;
  }
  return { duplicate: null, plainNumbers };
}

function checkKeys(obj, keys, where) {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) malformed(`${where} must be an object`);
  for (const k of Object.keys(obj)) {
    if (!keys.includes(k)) malformed(`${where} has an unknown key '${k}'`);
  }
  for (const k of keys) {
    if (!Object.prototype.hasOwnProperty.call(obj, k)) malformed(`${where} lacks the key '${k}'`);
  }
}

function getString(obj, key, where) {
  const v = obj[key];
  if (typeof v !== 'string') malformed(`${where}.${key} must be a string`);
  return v;
}

function getUnsigned(obj, key, where) {
  const v = obj[key];
  if (!Number.isSafeInteger(v) || v < 0) malformed(`${where}.${key} must be a non-negative integer`);
  return v;
}

function getHex(obj, key, where) {
  const s = getString(obj, key, where);
  const bytes = fromHex(s, 32);
  if (!bytes) malformed(`${where}.${key} must be 64 lower-case hexadecimal digits`);
  return bytes;
}

/**
 * Parses and checks a record. Returns {protocol, draw_id, pool_size, pool_root (bytes),
 * strata: [{label, size}], params, randomness, commitment, secret, seed (bytes),
 * entries: [{stratum, code, role, rank (hex)}]}. Throws MismatchError (field 'record').
 */
export function parseRecord(text) {
  if (typeof text !== 'string') malformed('no text');
  let j;
  try {
    j = JSON.parse(text);
  } catch (e) {
    malformed(`not valid JSON (${e.message})`);
  }
  const scan = scanJson(text);
  if (scan.duplicate !== null) malformed(`the key '${scan.duplicate}' appears twice in an object`);
  if (!scan.plainNumbers) malformed('numbers must be written as non-negative integers');
  checkKeys(j, RECORD_KEYS, 'the record');
  const top = 'record';
  const r = {
    protocol: getString(j, 'protocol', top),
    draw_id: getString(j, 'draw_id', top),
    pool_size: getUnsigned(j, 'pool_size', top),
    pool_root: getHex(j, 'pool_root', top),
    strata: [],
    params: null,
    randomness: null,
    commitment: null,
    secret: null,
    seed: null,
    entries: [],
  };
  if (!Array.isArray(j.strata)) malformed('strata must be an array');
  j.strata.forEach((s, i) => {
    const where = `strata[${i}]`;
    checkKeys(s, STRATUM_KEYS, where);
    const label = getString(s, 'label', where);
    if (!isValidLabel(label)) malformed(`${where}.label is not a valid label`);
    r.strata.push({ label, size: getUnsigned(s, 'size', where) });
  });
  r.params = getString(j, 'params', top);
  r.randomness = getString(j, 'randomness', top);
  r.commitment = getHex(j, 'commitment', top);
  r.secret = getHex(j, 'secret', top);
  r.seed = getHex(j, 'seed', top);
  if (!Array.isArray(j.entries)) malformed('entries must be an array');
  r.entries = new Array(j.entries.length);
  for (let i = 0; i < j.entries.length; i++) {
    const e = j.entries[i];
    const where = `entries[${i}]`;
    checkKeys(e, ENTRY_KEYS, where);
    const stratum = getString(e, 'stratum', where);
    if (!isValidLabel(stratum)) malformed(`${where}.stratum is not a valid label`);
    const code = getString(e, 'code', where);
    if (code.length !== 18) malformed(`${where}.code must be 18 characters`);
    const role = getString(e, 'role', where);
    if (role !== 'selected' && role !== 'alternate') {
      malformed(`${where}.role must be "selected" or "alternate"`);
    }
    const rank = getString(e, 'rank', where);
    if (!/^[0-9a-f]{64}$/.test(rank)) malformed(`${where}.rank must be 64 lower-case hexadecimal digits`);
    r.entries[i] = { stratum, code, role, rank };
  }
  return r;
}
