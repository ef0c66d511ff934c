// Cross-check with the C++ implementation, when it is built: a fresh pool drawn by
// `sunlit draw run` must verify here, and tampered copies must fail here with the very message
// `sunlit draw verify` prints. Skipped when build/sunlit (or $SUNLIT_BIN) is missing, so that
// `npm test` also runs on a checkout without the C++ build.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkMember, verifyDraw } from './index.js';
import { USCC_ALPHABET } from './uscc.js';

const BIN = process.env.SUNLIT_BIN ?? fileURLToPath(new URL('../../../build/sunlit', import.meta.url));
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

// A deterministic pool of valid codes (xorshift32, no Math.random) over six strata,
// including the empty label and one with '_' and '-'.
function makePool(size, seed) {
  let x = seed >>> 0 || 1;
  const next = () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
  const labels = ['', 'A', 'B', 'C', 'D', 'x_y-1'];
  const seen = new Set();
  const rows = [];
  while (rows.length < size) {
    let body = '914303';
    for (let i = 0; i < 11; i++) body += USCC_ALPHABET[next() % 31];
    let sum = 0;
    for (let i = 0; i < 17; i++) sum += USCC_ALPHABET.indexOf(body[i]) * WEIGHTS[i];
    const code = body + USCC_ALPHABET[(31 - (sum % 31)) % 31];
    if (seen.has(code)) continue;
    seen.add(code);
    rows.push(`${code},${labels[next() % labels.length]}`);
  }
  return `code,stratum\n${rows.join('\n')}\n`;
}

describe.skipIf(!existsSync(BIN))(`cross-check with ${BIN}`, () => {
  let dir;
  let pool;
  let record;
  const cppVerify = (recordText) => {
    const path = join(dir, 'tampered.json');
    writeFileSync(path, recordText);
    try {
      return execFileSync(BIN, ['draw', 'verify', path, '--pool', join(dir, 'pool.csv')], { encoding: 'utf8' }).trim();
    } catch (e) {
      return String(e.stdout).trim();
    }
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'sunlit-web-'));
    pool = makePool(3000, 20261126);
    writeFileSync(join(dir, 'pool.csv'), pool);
    execFileSync(BIN, [
      'draw', 'run', '--pool', join(dir, 'pool.csv'), '--draw-id', '湘潭-双随机-2026-007',
      '--quota', 'A:count:7', '--quota', 'B:bp:150', '--quota', 'C:bp:10000', '--quota', 'D:count:0',
      '--quota', ':bp:333', '--reserve', '4',
      '--source', '3 9 14 21 27 30 12', '--source', '9223372036854775808 0 7',
      '--secret', 'ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100',
      '--out', join(dir, 'record.json'),
    ], { stdio: 'ignore' });
    record = readFileSync(join(dir, 'record.json'), 'utf8');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('verifies the C++ record, and every entry checks out for its business', async () => {
    const r = await verifyDraw(pool, record);
    expect(r.mismatch).toBeUndefined();
    expect(r.summary.strata.find((s) => s.label === 'C').selected).toBe(r.summary.strata.find((s) => s.label === 'C').size);
    for (const e of JSON.parse(record).entries) {
      const m = await checkMember(r.session, e.code);
      expect(m).toMatchObject({ inPool: true, rank: e.rank, stratum: e.stratum, [e.role]: true });
      expect(m.proof.valid).toBe(true);
    }
  });

  const edits = {
    'a rank': (j) => (j.entries[5].rank = j.entries[6].rank),
    'a code': (j) => (j.entries[1].code = j.entries[0].code),
    'two entries swapped': (j) => ([j.entries[2], j.entries[3]] = [j.entries[3], j.entries[2]]),
    'a dropped alternate': (j) => j.entries.splice(j.entries.findIndex((e) => e.role === 'alternate'), 1),
    'the root': (j) => (j.pool_root = j.seed),
    'the pool size': (j) => (j.pool_size += 1),
    'a stratum size': (j) => (j.strata[0].size += 1),
    'the secret': (j) => (j.secret = j.seed),
    'the seed': (j) => (j.seed = j.pool_root),
    'a source number': (j) => (j.randomness = j.randomness.replace('3.', '4.')),
    'P in a non-canonical form': (j) => (j.params = j.params.replace('#4', '#04')),
    'the protocol': (j) => (j.protocol = 'sunlit-draw-v0'),
  };
  it.each(Object.keys(edits))('names the same first mismatch as the C++ verifier for %s', async (name) => {
    const j = JSON.parse(record);
    edits[name](j);
    const text = JSON.stringify(j, null, 2);
    const r = await verifyDraw(pool, text);
    expect(r.verified).toBe(false);
    expect(`mismatch: ${r.mismatch.message}`).toBe(cppVerify(text));
  });
});

describe.skipIf(!existsSync(BIN))('a 100 000-member draw', () => {
  it('verifies within the time a browser user will wait', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sunlit-web-'));
    try {
      const pool = makePool(100000, 7);
      writeFileSync(join(dir, 'pool.csv'), pool);
      execFileSync(BIN, [
        'draw', 'run', '--pool', join(dir, 'pool.csv'), '--draw-id', 'XT-2026-0100',
        '--quota', 'A:bp:200', '--quota', 'B:bp:300', '--quota', 'C:bp:500', '--quota', 'D:bp:1000',
        '--quota', ':count:5', '--reserve', '50', '--source', '3 9 14 21 27 30 12',
        '--secret', '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff',
        '--out', join(dir, 'record.json'),
      ], { stdio: 'ignore' });
      const r = await verifyDraw(pool, readFileSync(join(dir, 'record.json'), 'utf8'));
      expect(r.mismatch).toBeUndefined();
      expect(r.summary.poolSize).toBe(100000);
      console.log(`100 000 members verified in ${Math.round(r.timings.total)} ms (${r.engine})`);
      // Typically 2-3 s on a shared 2-vCPU machine; the bound only catches a collapse.
      expect(r.timings.total).toBeLessThan(30000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
