// RFC 9162 Merkle trees (§2.1): leaf hash SHA-256(0x00 || leaf), interior node
// SHA-256(0x01 || left || right), a list of n > 1 leaves split after the largest power of two
// smaller than n. Built bottom-up, level by level, pairing neighbours and carrying an odd last
// node up unchanged: that gives the same root as the recursive definition, lets each level be
// hashed as one batch, and keeps every level so that audit paths come for free.

import { bytesEqual } from './hex.js';

/**
 * The tree over `count` leaf hashes held in `leafHashes` (32 bytes each). Returns the levels,
 * levels[0] = the leaf hashes, the last level = [root]. REQUIRES: count >= 1.
 */
export async function buildTree(leafHashes, count, engine, onProgress) {
  const levels = [leafHashes.subarray(0, 32 * count)];
  let current = levels[0];
  let m = count;
  let done = 0;
  while (m > 1) {
    const pairs = m >> 1;
    const next = new Uint8Array(32 * (pairs + (m & 1)));
    const messages = new Uint8Array(65 * pairs);
    for (let p = 0; p < pairs; p++) {
      messages[65 * p] = 0x01;
      messages.set(current.subarray(64 * p, 64 * p + 64), 65 * p + 1);
    }
    const base = done;
    await engine.many(
      pairs,
      (p) => messages.subarray(65 * p, 65 * p + 65),
      next,
      onProgress && ((d) => onProgress(base + d, count - 1)),
    );
    done += pairs;
    if (m & 1) next.set(current.subarray(32 * (m - 1), 32 * m), 32 * pairs);
    levels.push(next);
    current = next;
    m = pairs + (m & 1);
  }
  return levels;
}

/** The root of a tree from buildTree. */
export function treeRoot(levels) {
  return levels[levels.length - 1].subarray(0, 32);
}

/**
 * The audit path PATH(index, D[n]) of RFC 9162 §2.1.3.1, from the leaf's sibling upward, as
 * an array of 32-byte Uint8Arrays. REQUIRES: 0 <= index < n.
 */
export function auditPath(levels, index) {
  const path = [];
  let i = index;
  for (let level = 0; level < levels.length - 1; level++) {
    const m = levels[level].length / 32;
    const sibling = i ^ 1;
    if (sibling < m) path.push(levels[level].slice(32 * sibling, 32 * sibling + 32));
    i >>= 1;
  }
  return path;
}

/** SHA-256(0x00 || leaf) for a leaf given as bytes. */
export async function leafHash(leaf, engine) {
  const m = new Uint8Array(leaf.length + 1);
  m.set(leaf, 1);
  return engine.hash(m);
}

async function nodeHash(left, right, engine) {
  const m = new Uint8Array(65);
  m[0] = 0x01;
  m.set(left, 1);
  m.set(right, 33);
  return engine.hash(m);
}

/**
 * RFC 9162 §2.1.3.2: does `path` prove that `leafHashBytes` is leaf `index` of a tree of
 * `size` leaves with root `root`? Independent of how the tree was built: only the path, the
 * position and the root are used.
 */
export async function verifyInclusion(leafHashBytes, index, size, path, root, engine) {
  if (!(Number.isSafeInteger(index) && Number.isSafeInteger(size)) || index < 0 || index >= size) {
    return false;
  }
  let fn = index;
  let sn = size - 1;
  let r = leafHashBytes;
  for (const p of path) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = await nodeHash(p, r, engine);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      r = await nodeHash(r, p, engine);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && r.length === 32 && root.length === 32 && bytesEqual(r, 0, root, 0, 32);
}
