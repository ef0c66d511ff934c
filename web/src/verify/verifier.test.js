// The browser verifier against DRAW-PROTOCOL.md §6 (the golden example), against records
// written by the C++ implementation, and against tampered records: each must fail, naming
// the first mismatch as `sunlit draw verify` does.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkMember, portableEngine, verifyDraw, webCryptoEngine } from './index.js';

const fixture = (name) => readFileSync(fileURLToPath(new URL(`./testdata/${name}`, import.meta.url)), 'utf8');

const POOL = fixture('worked-example.pool.csv');
const RECORD = fixture('worked-example.record.json');

// DRAW-PROTOCOL.md §6, as printed there.
const GOLDEN = {
  pool_root: '30489b1ab486220e402d1708c224d22b614a870e4c3b14f6f3aad1038e864673',
  params: 'A:count:1;B:bp:2500;#1',
  randomness: '9319./2.5.8.10.12./9.18.26.34.41.45./',
  commitment: '630dcd2966c4336691125448bbb25b4ff412a49c732db2c8abc1b8581bd710dd',
  seed: 'bdea37d95f4c54efadefa1721ffe2e4424abb9258534be1af57fcaa67f2ee54e',
  selected: [
    ['A', '914303025FGQN85B35', '61ac3408eecd51f5538a3204cfe04f4e7200743d71c7a746b9411db42e1db248'],
    ['B', '914303022F95MPWG33', '0de4a5c4a2fa445451c80f4b237d01c37701847835894eb1457d2e605d4866d7'],
    ['B', '91430302MB2KLRPMXB', '1c5be0c50ceb1cb243577b26329f37ddba35fac00f986bd7caa2a23a3f10125d'],
  ],
  alternates: [
    ['A', '91430304XB52CY712W', '7748423b891bd4b6a71a8ac8fb038c3ed7fa89baad06f9ef53764823d747a581'],
    ['B', '91430302TNWN4DY082', '308abe101bb90ec6c02cef56b11e30b9ba2d5c624d3b7952a7a6355e03e16eeb'],
  ],
};

// The worked example's record rebuilt from the values printed in §6 (not from a file).
function goldenRecord() {
  const entries = [];
  for (const label of ['A', 'B']) {
    for (const [stratum, code, rank] of GOLDEN.selected) {
      if (stratum === label) entries.push({ stratum, code, role: 'selected', rank });
    }
    for (const [stratum, code, rank] of GOLDEN.alternates) {
      if (stratum === label) entries.push({ stratum, code, role: 'alternate', rank });
    }
  }
  return {
    protocol: 'sunlit-draw-v1',
    draw_id: 'XT-2026-0001',
    pool_size: 12,
    pool_root: GOLDEN.pool_root,
    strata: [
      { label: 'A', size: 4 },
      { label: 'B', size: 8 },
    ],
    params: GOLDEN.params,
    randomness: GOLDEN.randomness,
    commitment: GOLDEN.commitment,
    secret: '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f',
    seed: GOLDEN.seed,
    entries,
  };
}

const engines = [
  ['webcrypto', () => webCryptoEngine()],
  ['portable', () => portableEngine()],
];

describe.each(engines)('the worked example of DRAW-PROTOCOL.md §6 (%s SHA-256)', (_, engine) => {
  it('verifies and reproduces the root, seed, ranks, selection and alternates', async () => {
    const r = await verifyDraw(POOL, JSON.stringify(goldenRecord()), { engine: engine() });
    expect(r.mismatch).toBeUndefined();
    expect(r.verified).toBe(true);
    expect(r.summary).toMatchObject({
      drawId: 'XT-2026-0001',
      poolSize: 12,
      poolRoot: GOLDEN.pool_root,
      seed: GOLDEN.seed,
      commitment: GOLDEN.commitment,
      params: GOLDEN.params,
      randomness: GOLDEN.randomness,
    });
    // Stratum B has 8 members: bp:2500 selects (8 × 2500 + 9999) div 10000 = 2.
    expect(r.summary.strata).toEqual([
      { label: 'A', size: 4, selected: 1, alternates: 1, cutoff: GOLDEN.selected[0][2] },
      { label: 'B', size: 8, selected: 2, alternates: 1, cutoff: GOLDEN.selected[2][2] },
    ]);
    for (const [stratum, code, rank] of GOLDEN.selected) {
      const m = await checkMember(r.session, code);
      expect(m).toMatchObject({ ok: true, inPool: true, stratum, rank, selected: true, alternate: false });
      expect(m.proof.valid).toBe(true);
    }
    for (const [stratum, code, rank] of GOLDEN.alternates) {
      const m = await checkMember(r.session, code);
      expect(m).toMatchObject({ inPool: true, stratum, rank, selected: false, alternate: true, recordRole: 'alternate' });
    }
  });

  it('accepts the record file written by the C++ implementation, byte for byte the same draw', async () => {
    expect(JSON.parse(RECORD)).toEqual(goldenRecord());
    const r = await verifyDraw(POOL, RECORD, { engine: engine() });
    expect(r.verified).toBe(true);
  });
});

// ---- Tampering: each case changes one thing and expects the first mismatch it causes ----

const tamper = (edit) => {
  const rec = goldenRecord();
  edit(rec);
  return JSON.stringify(rec, null, 2);
};
const flipLastHex = (h) => h.slice(0, -1) + (h.endsWith('0') ? '1' : '0');

describe('a tampered record fails, naming the first mismatch', () => {
  const cases = [
    {
      name: 'a changed rank',
      edit: (r) => (r.entries[0].rank = flipLastHex(r.entries[0].rank)),
      field: 'entry',
      at: { role: 'selected', stratum: 'A', position: 1, index: 0 },
      found: `914303025FGQN85B35 ${flipLastHex(GOLDEN.selected[0][2])}`,
      expected: `914303025FGQN85B35 ${GOLDEN.selected[0][2]}`,
      message:
        'selected entry 1 of stratum A: record has 914303025FGQN85B35 rank ' +
        `${flipLastHex(GOLDEN.selected[0][2])}, recomputed 914303025FGQN85B35 rank ${GOLDEN.selected[0][2]}`,
    },
    {
      // The second selected business of B swapped for the alternate, with the alternate's
      // true rank: every number is genuine, the selection is not.
      name: 'a changed selection',
      edit: (r) => {
        r.entries[3] = { stratum: 'B', code: '91430302TNWN4DY082', role: 'selected', rank: GOLDEN.alternates[1][2] };
        r.entries[4] = { stratum: 'B', code: '91430302MB2KLRPMXB', role: 'alternate', rank: GOLDEN.selected[2][2] };
      },
      field: 'entry',
      at: { role: 'selected', stratum: 'B', position: 2, index: 3 },
      found: `91430302TNWN4DY082 ${GOLDEN.alternates[1][2]}`,
      expected: `91430302MB2KLRPMXB ${GOLDEN.selected[2][2]}`,
    },
    {
      name: 'a changed pool root',
      edit: (r) => (r.pool_root = flipLastHex(r.pool_root)),
      field: 'pool_root',
      found: flipLastHex(GOLDEN.pool_root),
      expected: GOLDEN.pool_root,
      message: `pool root mismatch: record has ${flipLastHex(GOLDEN.pool_root)}, pool gives ${GOLDEN.pool_root}`,
    },
    {
      // 9319 -> 9318 in the first source: K is well formed, so the seed is what differs.
      name: 'a changed source number',
      edit: (r) => (r.randomness = '9318./2.5.8.10.12./9.18.26.34.41.45./'),
      field: 'seed',
      found: GOLDEN.seed,
    },
    {
      name: 'a changed secret',
      edit: (r) => (r.secret = flipLastHex(r.secret)),
      field: 'commitment',
      found: GOLDEN.commitment,
      message: 'secret does not match the commitment',
    },
    {
      name: 'a changed seed',
      edit: (r) => (r.seed = flipLastHex(r.seed)),
      field: 'seed',
      found: flipLastHex(GOLDEN.seed),
      expected: GOLDEN.seed,
    },
    {
      name: 'a changed quota',
      edit: (r) => (r.params = 'A:count:2;B:bp:2500;#1'),
      field: 'seed',
    },
    {
      name: 'a quota not in canonical form',
      edit: (r) => (r.params = 'B:bp:2500;A:count:1;#1'),
      field: 'params',
      message:
        "parameters P 'B:bp:2500;A:count:1;#1' are malformed: not in canonical form (labels ascending, no leading zeros)",
    },
    {
      name: 'randomness not in canonical form',
      edit: (r) => (r.randomness = '9319./2.5.12.8.10./9.18.26.34.41.45./'),
      field: 'randomness',
    },
    {
      name: 'a changed draw id',
      edit: (r) => (r.draw_id = 'XT-2026-0002'),
      field: 'seed',
    },
    {
      name: 'a changed pool size',
      edit: (r) => (r.pool_size = 11),
      field: 'pool_size',
      found: '11',
      expected: '12',
      message: 'pool size mismatch: record has 11, pool gives 12',
    },
    {
      name: 'changed stratum sizes',
      edit: (r) => (r.strata = [{ label: 'A', size: 5 }, { label: 'B', size: 7 }]),
      field: 'strata',
      message: 'stratum sizes mismatch: record has [A:5 B:7], pool gives [A:4 B:8]',
    },
    {
      name: 'another protocol',
      edit: (r) => (r.protocol = 'sunlit-draw-v2'),
      field: 'protocol',
    },
    {
      name: 'a selected entry left out',
      edit: (r) => r.entries.splice(3, 1),
      field: 'entry_count',
      message: 'stratum B: record has 1 selected entries, recomputed 2',
    },
    {
      name: 'an alternate too many',
      edit: (r) =>
        r.entries.push({ stratum: 'B', code: '91430302L7XYQN5Y4A', role: 'alternate', rank: GOLDEN.seed }),
      field: 'entry_count',
      message: 'stratum B: record has 2 alternate entries, recomputed 1',
    },
    {
      name: 'the strata listed out of order',
      edit: (r) => r.entries.push(...r.entries.splice(0, 2)),
      field: 'entry_order',
    },
    {
      name: 'an unknown key',
      edit: (r) => (r.note = 'x'),
      field: 'record',
      message: "record: the record has an unknown key 'note'",
    },
    {
      name: 'an upper-case hash',
      edit: (r) => (r.seed = r.seed.toUpperCase()),
      field: 'record',
      message: 'record: record.seed must be 64 lower-case hexadecimal digits',
    },
  ];
  it.each(cases)('$name', async (c) => {
    const r = await verifyDraw(POOL, tamper(c.edit));
    expect(r.verified).toBe(false);
    expect(r.mismatch.field).toBe(c.field);
    for (const key of ['found', 'expected', 'message', 'at']) {
      if (c[key] !== undefined) expect(r.mismatch[key]).toEqual(c[key]);
    }
  });

  it('refuses a key given twice, which JSON.parse would silently resolve', async () => {
    const text = RECORD.replace('"seed":', `"seed": "${flipLastHex(GOLDEN.seed)}",\n  "seed":`);
    const r = await verifyDraw(POOL, text);
    expect(r.mismatch).toMatchObject({ field: 'record', message: "record: the key 'seed' appears twice in an object" });
  });

  it('refuses a record that is not JSON', async () => {
    const r = await verifyDraw(POOL, '{"protocol": ');
    expect(r.mismatch.field).toBe('record');
    expect(r.mismatch.message).toMatch(/^record: not valid JSON/);
  });
});

describe('a tampered pool fails', () => {
  it('with a member moved to another stratum: the root differs', async () => {
    const r = await verifyDraw(POOL.replace('91430302NY31NN604U,A', '91430302NY31NN604U,B'), RECORD);
    expect(r.mismatch.field).toBe('pool_root');
    expect(r.mismatch.found).toBe(GOLDEN.pool_root);
  });
  it('with a member left out: the size differs', async () => {
    const r = await verifyDraw(POOL.replace('91430302NY31NN604U,A\n', ''), RECORD);
    expect(r.mismatch).toMatchObject({ field: 'pool_size', found: '12', expected: '11' });
  });
  it('with an invalid credit code: the row is named', async () => {
    const r = await verifyDraw(POOL.replace('91430302NY31NN604U', '91430302NY31NN604V'), RECORD);
    expect(r.mismatch).toMatchObject({ field: 'pool', at: { row: 2, column: 1 } });
    expect(r.mismatch.message).toBe('pool CSV: row 2, column 1: "91430302NY31NN604V" is not a valid credit code');
  });
  it('with a duplicate code', async () => {
    const r = await verifyDraw(POOL + '91430302NY31NN604U,B\n', RECORD);
    expect(r.mismatch).toMatchObject({ field: 'pool', message: 'pool CSV: duplicate code 91430302NY31NN604U' });
  });
});

// ---- One business's check and the inclusion proof ----

describe('the self-check of one credit code', () => {
  it('gives a member its rank, place, cutoff and a proof that verifies', async () => {
    const r = await verifyDraw(POOL, RECORD);
    const m = await checkMember(r.session, ' 91430302ny31nn604u ');
    expect(m).toMatchObject({
      ok: true,
      code: '91430302NY31NN604U',
      inPool: true,
      stratum: 'A',
      stratumSize: 4,
      selectedCount: 1,
      cutoff: GOLDEN.selected[0][2],
      selected: false,
      alternate: false,
      recordRole: null,
    });
    expect(m.rank > m.cutoff).toBe(true);
    expect(m.proof).toMatchObject({ index: 4, size: 12, root: GOLDEN.pool_root, valid: true });
    expect(m.proof.path).toHaveLength(4);
  });

  it('shows a non-member absent: a valid code outside the pool, between two proven neighbours', async () => {
    const r = await verifyDraw(POOL, RECORD);
    // A checksum-valid code that is not in the pool.
    const m = await checkMember(r.session, '91430302MA4L3X5YXL');
    expect(m.ok).toBe(true);
    expect(m.inPool).toBe(false);
    expect(m.proof).toBeUndefined();
    expect(m.absence.before.code < '91430302MA4L3X5YXL').toBe(true);
    expect(m.absence.after.code > '91430302MA4L3X5YXL').toBe(true);
    expect(m.absence.after.index).toBe(m.absence.before.index + 1);
    expect(m.absence.before.valid && m.absence.after.valid).toBe(true);
  });

  it('refuses a code that is not a credit code', async () => {
    const r = await verifyDraw(POOL, RECORD);
    expect(await checkMember(r.session, '91430302NY31NN604V')).toMatchObject({ ok: false, reason: 'invalid_code' });
  });

  it('proves nothing against a changed root', async () => {
    const r = await verifyDraw(POOL, tamper((rec) => (rec.pool_root = flipLastHex(rec.pool_root))));
    expect(r.verified).toBe(false);
    const m = await checkMember(r.session, '91430302NY31NN604U');
    expect(m.inPool).toBe(true);
    expect(m.proof.valid).toBe(false);
  });
});

// ---- A larger draw made by the C++ implementation ----

describe('a 2000-member draw written by `sunlit draw run`', () => {
  const pool = fixture('cpp-2000.pool.csv');
  const record = fixture('cpp-2000.record.json');

  it.each(engines)('verifies (%s SHA-256)', async (_, engine) => {
    const r = await verifyDraw(pool, record, { engine: engine() });
    expect(r.mismatch).toBeUndefined();
    expect(r.summary.poolSize).toBe(2000);
    expect(r.summary.drawId).toBe('XT-2026-0042 湘潭');
    // The unclassified members form the empty stratum: no quota, so none selected, but the
    // protocol still lists min(R, n - k) alternates for it.
    expect(r.summary.strata.map((s) => [s.label, s.size, s.selected, s.alternates])).toEqual([
      ['', 63, 0, 3],
      ['A', 558, 12, 3],
      ['B', 1023, 31, 3],
      ['C', 254, 25, 3],
      ['D', 102, 11, 3],
    ]);
  });

  it('gives every selected business a proof and a place within the cutoff', async () => {
    const r = await verifyDraw(pool, record);
    const rec = JSON.parse(record);
    for (const e of rec.entries.filter((_, i) => i % 7 === 0)) {
      const m = await checkMember(r.session, e.code);
      expect(m.proof.valid).toBe(true);
      expect(m.rank).toBe(e.rank);
      expect(m.selected).toBe(e.role === 'selected');
      expect(m.alternate).toBe(e.role === 'alternate');
    }
  });

  it('names the last alternate of stratum D when its rank is changed', async () => {
    const rec = JSON.parse(record);
    const last = rec.entries.length - 1;
    rec.entries[last].rank = flipLastHex(rec.entries[last].rank);
    const r = await verifyDraw(pool, JSON.stringify(rec));
    expect(r.mismatch.field).toBe('entry');
    expect(r.mismatch.at).toEqual({ role: 'alternate', stratum: 'D', position: 3, index: last });
  });
});
