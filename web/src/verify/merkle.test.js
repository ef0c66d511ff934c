// The bottom-up tree against RFC 9162's recursive definition, audit paths for every leaf of
// trees of every size up to 70, and proofs that must fail.
import { describe, expect, it } from 'vitest';
import { auditPath, buildTree, treeRoot, verifyInclusion } from './merkle.js';
import { portableEngine, sha256Sync } from './sha256.js';
import { toHex } from './hex.js';

const engine = portableEngine();

function leafHashOf(i) {
  const m = new Uint8Array([0x00, ...new TextEncoder().encode(`leaf ${i}`)]);
  return sha256Sync(m);
}

// MTH(D[n]) of RFC 9162 §2.1.1, recursively, over leaf hashes.
function mth(hashes) {
  if (hashes.length === 1) return hashes[0];
  let k = 1;
  while (k * 2 < hashes.length) k *= 2;
  return sha256Sync(new Uint8Array([0x01, ...mth(hashes.slice(0, k)), ...mth(hashes.slice(k))]));
}

// PATH(m, D[n]) of RFC 9162 §2.1.3.1, recursively.
function path(m, hashes) {
  if (hashes.length === 1) return [];
  let k = 1;
  while (k * 2 < hashes.length) k *= 2;
  return m < k
    ? [...path(m, hashes.slice(0, k)), mth(hashes.slice(k))]
    : [...path(m - k, hashes.slice(k)), mth(hashes.slice(0, k))];
}

async function treeOf(n) {
  const hashes = Array.from({ length: n }, (_, i) => leafHashOf(i));
  const flat = new Uint8Array(32 * n);
  hashes.forEach((h, i) => flat.set(h, 32 * i));
  return { hashes, levels: await buildTree(flat, n, engine) };
}

describe('RFC 9162 Merkle tree', () => {
  it('gives the recursive definition\'s root and paths for every size 1..70', async () => {
    for (let n = 1; n <= 70; n++) {
      const { hashes, levels } = await treeOf(n);
      const root = treeRoot(levels);
      expect(toHex(root), `n = ${n}`).toBe(toHex(mth(hashes)));
      for (let i = 0; i < n; i++) {
        const p = auditPath(levels, i);
        expect(p.map((x) => toHex(x)), `n = ${n}, leaf ${i}`).toEqual(path(i, hashes).map((x) => toHex(x)));
        expect(await verifyInclusion(hashes[i], i, n, p, root, engine)).toBe(true);
      }
    }
  });

  it('refuses a proof for another leaf, index, size, root or path', async () => {
    const n = 13;
    const { hashes, levels } = await treeOf(n);
    const root = treeRoot(levels);
    const p = auditPath(levels, 5);
    expect(await verifyInclusion(hashes[5], 5, n, p, root, engine)).toBe(true);
    expect(await verifyInclusion(leafHashOf(99), 5, n, p, root, engine)).toBe(false);
    expect(await verifyInclusion(hashes[5], 4, n, p, root, engine)).toBe(false);
    // The size decides the shape of the path: 17 leaves need one more sibling. (14 would
    // not: leaf 5 sits in the same perfect left subtree of 8, so the path is the same and
    // only the root binds the size.)
    expect(await verifyInclusion(hashes[5], 5, 17, p, root, engine)).toBe(false);
    expect(await verifyInclusion(hashes[5], 5, n, p.slice(1), root, engine)).toBe(false);
    expect(await verifyInclusion(hashes[5], 5, n, [...p, p[0]], root, engine)).toBe(false);
    expect(await verifyInclusion(hashes[5], n, n, p, root, engine)).toBe(false);
    const otherRoot = root.slice();
    otherRoot[0] ^= 1;
    expect(await verifyInclusion(hashes[5], 5, n, p, otherRoot, engine)).toBe(false);
  });
});
