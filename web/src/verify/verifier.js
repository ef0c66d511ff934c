// Protocol v1 recomputed in the browser (DRAW-PROTOCOL.md, docs/draw.md): from the published
// pool CSV and draw record alone, with nothing but SHA-256, so that whoever runs it needs to
// trust neither the server that sent the files nor this page's server for the answer — only
// the files, which anyone can compare with what was announced and logged.
//
// The checks run in the order of VerifyRecord (src/draw/verify.cc), so that the browser and
// `sunlit draw verify` name the same first mismatch: the record's form; the pool file;
// protocol; pool size; pool root; stratum sizes; P; K; the secret against the commitment;
// the seed; each selected entry, stratum by stratum; each alternate; the number of entries;
// their order.

import { compareBytes, bytesEqual, fromHex, toHex } from './hex.js';
import { fail, labelName, MismatchError } from './mismatch.js';
import { auditPath, buildTree, leafHash, treeRoot, verifyInclusion } from './merkle.js';
import { parseParams, parseRandomness, selectionSize } from './canonical.js';
import { parsePoolCsv } from './pool-csv.js';
import { parseRecord } from './record.js';
import { defaultEngine } from './sha256.js';
import { isValidUscc, normaliseCodeInput } from './uscc.js';

export const PROTOCOL_V1 = 'sunlit-draw-v1';

const utf8 = new TextEncoder();
const now = () => globalThis.performance?.now() ?? Date.now();

// F(x) = 4-byte big-endian length of x || x, for each x, concatenated.
function lengthPrefixed(parts) {
  const total = parts.reduce((s, p) => s + 4 + p.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    const n = p.length;
    out[at] = n >>> 24;
    out[at + 1] = n >>> 16;
    out[at + 2] = n >>> 8;
    out[at + 3] = n;
    out.set(p, at + 4);
    at += 4 + n;
  }
  return out;
}

/** The seed of §3, from the draw id (string), root (bytes), P, K (strings) and secret (bytes). */
export async function computeSeed(drawId, poolRoot, params, randomness, secret, engine = defaultEngine()) {
  return engine.hash(
    lengthPrefixed([utf8.encode(PROTOCOL_V1), utf8.encode(drawId), poolRoot, utf8.encode(params),
      utf8.encode(randomness), secret]),
  );
}

/** rank(code) = SHA-256(seed || code), as bytes. */
export async function computeRank(seed, code, engine = defaultEngine()) {
  const m = new Uint8Array(32 + code.length);
  m.set(seed);
  for (let i = 0; i < code.length; i++) m[32 + i] = code.charCodeAt(i);
  return engine.hash(m);
}

function asciiInto(out, at, s) {
  for (let i = 0; i < s.length; i++) out[at + i] = s.charCodeAt(i);
}

// Leaf hashes of the sorted pool, one batch: leaf i is 0x00 || code || 0x1F || stratum.
async function hashLeaves(pool, engine, onProgress) {
  const { size, codes, strata, labels } = pool;
  const offsets = new Uint32Array(size + 1);
  for (let i = 0; i < size; i++) offsets[i + 1] = offsets[i] + 20 + labels[strata[i]].length;
  const messages = new Uint8Array(offsets[size]);
  for (let i = 0; i < size; i++) {
    const at = offsets[i];
    messages[at] = 0x00;
    asciiInto(messages, at + 1, codes[i]);
    messages[at + 19] = 0x1f;
    asciiInto(messages, at + 20, labels[strata[i]]);
  }
  const out = new Uint8Array(32 * size);
  await engine.many(size, (i) => messages.subarray(offsets[i], offsets[i + 1]), out, onProgress);
  return out;
}

// Every member's rank under `seed`, one batch of SHA-256(seed || code).
async function hashRanks(pool, seed, engine, onProgress) {
  const { size, codes } = pool;
  const messages = new Uint8Array(50 * size);
  for (let i = 0; i < size; i++) {
    messages.set(seed, 50 * i);
    asciiInto(messages, 50 * i + 32, codes[i]);
  }
  const out = new Uint8Array(32 * size);
  await engine.many(size, (i) => messages.subarray(50 * i, 50 * i + 50), out, onProgress);
  return out;
}

// Members of each stratum in ascending rank (ties, never seen, to the smaller code: the
// smaller index, as the pool is sorted by code); position[i] = 1-based place of member i in
// its stratum.
function rankStrata(pool, ranks) {
  const { size, strata, labels, labelCounts } = pool;
  const view = new DataView(ranks.buffer, ranks.byteOffset, ranks.byteLength);
  const p0 = new Uint32Array(size);
  const p1 = new Uint32Array(size);
  for (let i = 0; i < size; i++) {
    p0[i] = view.getUint32(32 * i);
    p1[i] = view.getUint32(32 * i + 4);
  }
  const byLabel = labels.map((_, l) => new Uint32Array(labelCounts[l]));
  const fill = new Array(labels.length).fill(0);
  for (let i = 0; i < size; i++) byLabel[strata[i]][fill[strata[i]]++] = i;
  const cmp = (a, b) => {
    if (p0[a] !== p0[b]) return p0[a] < p0[b] ? -1 : 1;
    if (p1[a] !== p1[b]) return p1[a] < p1[b] ? -1 : 1;
    return compareBytes(ranks, 32 * a + 8, ranks, 32 * b + 8, 24) || a - b;
  };
  const position = new Uint32Array(size);
  for (const members of byLabel) {
    members.sort(cmp);
    for (let j = 0; j < members.length; j++) position[members[j]] = j + 1;
  }
  return { byLabel, position };
}

// The quota-driven sizes per label: k (selected) and a (alternates); null without P.
function stratumSizes(pool, params) {
  return pool.labels.map((label, l) => {
    if (!params) return null;
    const n = pool.labelCounts[l];
    const k = selectionSize(n, params.quotas.find((q) => q.stratum === label));
    const reserve = params.reserve;
    const rest = BigInt(n - k);
    const a = Number(reserve < rest ? reserve : rest);
    return { k, a };
  });
}

const strataText = (strata) => `[${strata.map((s) => `${labelName(s.label)}:${s.size}`).join(' ')}]`;

// ---- The comparison of entries, as CompareRole / CompareCounts in src/draw/verify.cc ----

function groupEntries(entries) {
  const groups = new Map(); // "stratum\u0000role" -> [{code, rank, index}]
  entries.forEach((e, index) => {
    const key = `${e.stratum}\u0000${e.role}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push({ code: e.code, rank: e.rank, index });
  });
  return groups;
}

function sortedKeys(...maps) {
  const keys = new Set();
  for (const m of maps) for (const k of m.keys()) keys.add(k);
  return [...keys].sort(); // stratum first, then role; labels are ASCII, so bytewise
}

const roleOrder = ['selected', 'alternate'];

function compareEntries(recordEntries, expectedEntries) {
  if (
    recordEntries.length === expectedEntries.length &&
    recordEntries.every(
      (e, i) =>
        e.code === expectedEntries[i].code &&
        e.rank === expectedEntries[i].rank &&
        e.role === expectedEntries[i].role &&
        e.stratum === expectedEntries[i].stratum,
    )
  ) {
    return;
  }
  const have = groupEntries(recordEntries);
  const want = groupEntries(expectedEntries);
  const keys = sortedKeys(have, want);
  for (const role of roleOrder) {
    for (const key of keys) {
      const [stratum, r] = key.split('\u0000');
      if (r !== role || !want.has(key) || !have.has(key)) continue;
      const w = want.get(key);
      const h = have.get(key);
      for (let i = 0; i < w.length && i < h.length; i++) {
        if (h[i].code === w[i].code && h[i].rank === w[i].rank) continue;
        fail(
          'entry',
          `${role} entry ${i + 1} of stratum ${labelName(stratum)}: record has ${h[i].code} rank ` +
            `${h[i].rank}, recomputed ${w[i].code} rank ${w[i].rank}`,
          {
            found: `${h[i].code} ${h[i].rank}`,
            expected: `${w[i].code} ${w[i].rank}`,
            at: { role, stratum, position: i + 1, index: h[i].index },
          },
        );
      }
    }
  }
  for (const role of roleOrder) {
    for (const key of keys) {
      const [stratum, r] = key.split('\u0000');
      if (r !== role) continue;
      const h = have.get(key)?.length ?? 0;
      const w = want.get(key)?.length ?? 0;
      if (h === w) continue;
      fail('entry_count', `stratum ${labelName(stratum)}: record has ${h} ${role} entries, recomputed ${w}`, {
        found: String(h),
        expected: String(w),
        at: { role, stratum },
      });
    }
  }
  fail(
    'entry_order',
    "entries are not in the protocol's order (strata by label; selected, then alternates, by ascending rank)",
  );
}

// ---- The verification ----

/**
 * @typedef {object} VerifyResult
 * @property {boolean} verified
 * @property {import('./mismatch.js').Mismatch} [mismatch]  the first mismatch, when not verified
 * @property {object} [summary]  when verified: drawId, poolSize, poolRoot, seed, params,
 *   randomness, strata [{label, size, selected, alternates, cutoff}]
 * @property {object} timings    milliseconds per phase
 * @property {string} engine     'webcrypto' or 'portable'
 * @property {object} session    what checkMember needs (opaque)
 */

/**
 * Recomputes a draw from the pool CSV text and the record JSON text.
 * Options: engine (a SHA-256 engine, default WebCrypto), onProgress({phase, done, total})
 * with phase one of 'record', 'pool', 'leaves', 'tree', 'ranks', 'select'.
 * Never throws for bad input: every problem is the returned mismatch.
 * @returns {Promise<VerifyResult>}
 */
export async function verifyDraw(poolCsv, recordJson, { engine = defaultEngine(), onProgress } = {}) {
  const session = { engine, record: null, pool: null, levels: null, params: null, ranking: null };
  const timings = {};
  let phaseStart = now();
  let phaseName = null;
  const phase = (name, total = 0) => {
    const t = now();
    if (phaseName) timings[phaseName] = (timings[phaseName] ?? 0) + (t - phaseStart);
    phaseName = name;
    phaseStart = t;
    if (onProgress && name) onProgress({ phase: name, done: 0, total });
  };
  const progressOf = (name) => onProgress && ((done, total) => onProgress({ phase: name, done, total }));
  const t0 = now();
  try {
    phase('record');
    const record = parseRecord(recordJson);
    session.record = record;

    phase('pool');
    const pool = parsePoolCsv(poolCsv);
    session.pool = pool;

    if (record.protocol !== PROTOCOL_V1) {
      fail('protocol', `protocol mismatch: record has '${record.protocol}', this verifier implements '${PROTOCOL_V1}'`, {
        found: record.protocol,
        expected: PROTOCOL_V1,
      });
    }
    if (record.pool_size !== pool.size) {
      fail('pool_size', `pool size mismatch: record has ${record.pool_size}, pool gives ${pool.size}`, {
        found: String(record.pool_size),
        expected: String(pool.size),
      });
    }

    phase('leaves', pool.size);
    const leaves = await hashLeaves(pool, engine, progressOf('leaves'));
    phase('tree', pool.size - 1);
    session.levels = await buildTree(leaves, pool.size, engine, progressOf('tree'));
    const root = treeRoot(session.levels);
    if (!bytesEqual(root, 0, record.pool_root, 0, 32)) {
      fail('pool_root', `pool root mismatch: record has ${toHex(record.pool_root)}, pool gives ${toHex(root)}`, {
        found: toHex(record.pool_root),
        expected: toHex(root),
      });
    }

    const strata = pool.labels.map((label, l) => ({ label, size: pool.labelCounts[l] }));
    const sameStrata =
      strata.length === record.strata.length &&
      strata.every((s, i) => s.label === record.strata[i].label && s.size === record.strata[i].size);
    if (!sameStrata) {
      fail('strata', `stratum sizes mismatch: record has ${strataText(record.strata)}, pool gives ${strataText(strata)}`, {
        found: strataText(record.strata),
        expected: strataText(strata),
      });
    }

    const params = parseParams(record.params);
    session.params = params;
    parseRandomness(record.randomness);

    const commitment = await engine.hash(record.secret);
    if (!bytesEqual(commitment, 0, record.commitment, 0, 32)) {
      fail('commitment', 'secret does not match the commitment', {
        found: toHex(record.commitment),
        expected: toHex(commitment),
      });
    }
    const seed = await computeSeed(record.draw_id, root, record.params, record.randomness, record.secret, engine);
    if (!bytesEqual(seed, 0, record.seed, 0, 32)) {
      fail('seed', `seed mismatch: record has ${toHex(record.seed)}, recomputed ${toHex(seed)}`, {
        found: toHex(record.seed),
        expected: toHex(seed),
      });
    }

    phase('ranks', pool.size);
    const ranks = await hashRanks(pool, seed, engine, progressOf('ranks'));
    phase('select');
    const { byLabel, position } = rankStrata(pool, ranks);
    const sizes = stratumSizes(pool, params);
    session.ranking = { ranks, byLabel, position, sizes };
    const expected = [];
    pool.labels.forEach((label, l) => {
      const { k, a } = sizes[l];
      const members = byLabel[l];
      for (let j = 0; j < k + a; j++) {
        const i = members[j];
        expected.push({ stratum: label, code: pool.codes[i], role: j < k ? 'selected' : 'alternate', rank: toHex(ranks, 32 * i, 32) });
      }
    });
    compareEntries(record.entries, expected);
    phase(null);
    timings.total = now() - t0;
    return { verified: true, summary: summarise(session), timings, engine: engine.name, session };
  } catch (e) {
    if (!(e instanceof MismatchError)) throw e;
    phase(null);
    timings.total = now() - t0;
    return { verified: false, mismatch: e.mismatch, timings, engine: engine.name, session };
  }
}

function summarise(session) {
  const { record, pool, ranking } = session;
  return {
    drawId: record.draw_id,
    poolSize: pool.size,
    poolRoot: toHex(record.pool_root),
    seed: toHex(record.seed),
    commitment: toHex(record.commitment),
    params: record.params,
    randomness: record.randomness,
    strata: pool.labels.map((label, l) => {
      const { k, a } = ranking.sizes[l];
      const cutoffIndex = k > 0 ? ranking.byLabel[l][k - 1] : -1;
      return {
        label,
        size: pool.labelCounts[l],
        selected: k,
        alternates: a,
        cutoff: cutoffIndex >= 0 ? toHex(ranking.ranks, 32 * cutoffIndex, 32) : null,
      };
    }),
  };
}

// ---- One business's own check ----

function findCode(codes, code) {
  let lo = 0;
  let hi = codes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (codes[mid] < code) lo = mid + 1;
    else hi = mid;
  }
  return lo; // the first index whose code is >= code
}

async function memberProof(session, index) {
  const { pool, levels, record, engine } = session;
  const code = pool.codes[index];
  const stratum = pool.labels[pool.strata[index]];
  const leafBytes = new Uint8Array(19 + stratum.length);
  asciiInto(leafBytes, 0, code);
  leafBytes[18] = 0x1f;
  asciiInto(leafBytes, 19, stratum);
  // The leaf hash is computed afresh from code and stratum, not taken from the tree.
  const leaf = await leafHash(leafBytes, engine);
  const path = auditPath(levels, index);
  const valid = await verifyInclusion(leaf, index, pool.size, path, record.pool_root, engine);
  return { code, stratum, index, size: pool.size, leafHash: toHex(leaf), path: path.map((p) => toHex(p)), root: toHex(record.pool_root), valid };
}

/**
 * What one business can check for itself, after verifyDraw parsed both files (whether or not
 * the draw verified): its rank SHA-256(seed || code) under the record's seed; whether it is
 * in the pool and in which stratum, with its Merkle inclusion proof checked against the
 * record's pool root; its place by rank in its stratum, the stratum's cutoff (the rank of the
 * last selected member), and whether it is selected or an alternate. For a code not in the
 * pool, the two neighbouring members by code with their proofs: adjacent leaves of the
 * sorted pool, which show the code is absent.
 * Returns {ok: false, reason: 'invalid_code'|'no_record'|'no_pool'} when it cannot answer.
 */
export async function checkMember(session, input) {
  const code = normaliseCodeInput(input);
  if (!isValidUscc(code)) return { ok: false, reason: 'invalid_code', code };
  if (!session?.record) return { ok: false, reason: 'no_record', code };
  const { record, engine } = session;
  const rank = toHex(await computeRank(record.seed, code, engine));
  const inRecord = record.entries.find((e) => e.code === code) ?? null;
  const base = { ok: true, code, rank, recordRole: inRecord?.role ?? null };
  if (!session.pool) return { ...base, ok: false, reason: 'no_pool' };
  if (!session.levels) {
    // Verification stopped before the tree (a wrong pool size): build it now.
    const leaves = await hashLeaves(session.pool, engine);
    session.levels = await buildTree(leaves, session.pool.size, engine);
  }
  await ensureRanking(session);
  const { pool, ranking } = session;
  const at = findCode(pool.codes, code);
  if (at < pool.size && pool.codes[at] === code) {
    const l = pool.strata[at];
    const proof = await memberProof(session, at);
    const size = ranking.sizes[l];
    const position = ranking.position[at];
    const cutoffIndex = size && size.k > 0 ? ranking.byLabel[l][size.k - 1] : -1;
    return {
      ...base,
      inPool: true,
      stratum: pool.labels[l],
      stratumSize: pool.labelCounts[l],
      position,
      selectedCount: size ? size.k : null,
      alternateCount: size ? size.a : null,
      cutoff: cutoffIndex >= 0 ? toHex(ranking.ranks, 32 * cutoffIndex, 32) : null,
      selected: size ? position <= size.k : null,
      alternate: size ? position > size.k && position <= size.k + size.a : null,
      proof,
    };
  }
  const before = at > 0 ? await memberProof(session, at - 1) : null;
  const after = at < pool.size ? await memberProof(session, at) : null;
  return { ...base, inPool: false, absence: { before, after } };
}

// Ranks under the record's seed, for a session whose verification stopped before ranking.
async function ensureRanking(session) {
  if (session.ranking) return;
  const { pool, record, engine } = session;
  const ranks = await hashRanks(pool, record.seed, engine);
  const { byLabel, position } = rankStrata(pool, ranks);
  let params = session.params;
  if (!params) {
    try {
      params = parseParams(record.params);
    } catch {
      params = null;
    }
  }
  session.ranking = { ranks, byLabel, position, sizes: stratumSizes(pool, params) };
}

export { verifyInclusion, fromHex };
