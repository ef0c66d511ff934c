// RFC 9162 Merkle tree hashing, inclusion proofs and consistency proofs.
#include "draw/merkle.h"

#include <algorithm>
#include <array>
#include <cstring>

namespace sunlit::draw {
namespace {

// The largest power of two strictly smaller than n. REQUIRES: n >= 2.
uint64_t SplitPoint(uint64_t n) {
  uint64_t k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

Digest SubtreeRoot(std::span<const Digest> leaf_hashes, uint64_t begin, uint64_t end) {
  return RootFromLeafHashes(leaf_hashes.subspan(begin, end - begin));
}

}  // namespace

namespace internal {

void HashPairs(const Digest* in, size_t count, Digest* out) {
  // Messages of 65 bytes (0x01 || left || right) take two blocks; the padding is written
  // once and only the 65 message bytes change from batch to batch.
  constexpr size_t kBatch = 32;
  std::array<uint8_t, kBatch * 128> buf;
  for (size_t j = 0; j < std::min(kBatch, count); ++j) {
    buf[j * 128] = 0x01;
    PadTwoBlocks(buf.data() + j * 128, 65);
  }
  for (size_t i = 0; i < count; i += kBatch) {
    const size_t n = std::min(kBatch, count - i);
    for (size_t j = 0; j < n; ++j)
      std::memcpy(buf.data() + j * 128 + 1, in[2 * (i + j)].data(), 64);
    HashPadded(kInitialState, buf.data(), 2, n, out + i);
  }
}

void ReduceInPlace(Digest* hashes, size_t count) {
  while (count > 1) {
    const size_t pairs = count / 2;
    HashPairs(hashes, pairs, hashes);
    if (count % 2 == 1) hashes[pairs] = hashes[count - 1];
    count -= pairs;
  }
}

}  // namespace internal

Digest LeafHash(std::span<const uint8_t> leaf) {
  if (leaf.size() <= 54) {
    std::array<uint8_t, 64> block;
    block[0] = 0x00;
    if (!leaf.empty()) std::memcpy(block.data() + 1, leaf.data(), leaf.size());
    internal::PadSingleBlock(block.data(), 1 + leaf.size());
    Digest out;
    internal::HashPadded(internal::kInitialState, block.data(), 1, 1, &out);
    return out;
  }
  Sha256 h;
  const uint8_t prefix = 0x00;
  h.Update(&prefix, 1);
  h.Update(leaf.data(), leaf.size());
  return h.Finish();
}

Digest LeafHash(std::string_view leaf) {
  return LeafHash(
      std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(leaf.data()), leaf.size()));
}

void LeafHashes(std::span<const std::string_view> leaves, std::span<Digest> out) {
  // Leaves of up to 54 bytes fit one block with the 0x00 prefix and the padding; they are
  // gathered into batches, longer ones hashed one by one.
  constexpr size_t kBatch = 64;
  alignas(64) std::array<uint8_t, kBatch * 64> blocks;
  std::array<size_t, kBatch> where;
  size_t batched = 0;
  const auto flush = [&] {
    std::array<Digest, kBatch> digests;
    internal::HashPadded(internal::kInitialState, blocks.data(), 1, batched, digests.data());
    for (size_t j = 0; j < batched; ++j) out[where[j]] = digests[j];
    batched = 0;
  };
  for (size_t i = 0; i < leaves.size() && i < out.size(); ++i) {
    const std::string_view leaf = leaves[i];
    if (leaf.size() > 54) {
      out[i] = LeafHash(leaf);
      continue;
    }
    uint8_t* block = blocks.data() + 64 * batched;
    block[0] = 0x00;
    if (!leaf.empty()) std::memcpy(block + 1, leaf.data(), leaf.size());
    internal::PadSingleBlock(block, 1 + leaf.size());
    where[batched] = i;
    if (++batched == kBatch) flush();
  }
  if (batched > 0) flush();
}

Digest NodeHash(const Digest& left, const Digest& right) {
  std::array<uint8_t, 128> buf;
  buf[0] = 0x01;
  std::memcpy(buf.data() + 1, left.data(), kDigestSize);
  std::memcpy(buf.data() + 1 + kDigestSize, right.data(), kDigestSize);
  internal::PadTwoBlocks(buf.data(), 65);
  Digest out;
  internal::HashPadded(internal::kInitialState, buf.data(), 2, 1, &out);
  return out;
}

Digest RootFromLeafHashes(std::span<const Digest> leaf_hashes) {
  if (leaf_hashes.empty()) return Sha256Of("");
  // Every chunk but the last is a perfect subtree; their roots, reduced the same way, give
  // the root of the whole tree.
  constexpr size_t kChunk = internal::kChunkLeaves;
  std::vector<Digest> chunk(std::min(kChunk, leaf_hashes.size()));
  std::vector<Digest> roots;
  roots.reserve((leaf_hashes.size() + kChunk - 1) / kChunk);
  for (size_t begin = 0; begin < leaf_hashes.size(); begin += kChunk) {
    const size_t n = std::min(kChunk, leaf_hashes.size() - begin);
    std::copy_n(leaf_hashes.begin() + static_cast<ptrdiff_t>(begin), n, chunk.begin());
    internal::ReduceInPlace(chunk.data(), n);
    roots.push_back(chunk[0]);
  }
  internal::ReduceInPlace(roots.data(), roots.size());
  return roots[0];
}

std::vector<Digest> InclusionProof(std::span<const Digest> leaf_hashes, uint64_t index) {
  std::vector<Digest> proof;
  uint64_t lo = 0;
  uint64_t hi = leaf_hashes.size();
  if (index >= hi) return proof;
  // Siblings are found from the root down; PATH lists them from the leaf up.
  while (hi - lo > 1) {
    const uint64_t k = SplitPoint(hi - lo);
    if (index < lo + k) {
      proof.push_back(SubtreeRoot(leaf_hashes, lo + k, hi));
      hi = lo + k;
    } else {
      proof.push_back(SubtreeRoot(leaf_hashes, lo, lo + k));
      lo += k;
    }
  }
  std::reverse(proof.begin(), proof.end());
  return proof;
}

bool VerifyInclusion(const Digest& leaf_hash, uint64_t index, uint64_t size,
                     std::span<const Digest> proof, const Digest& root) {
  if (index >= size) return false;
  uint64_t fn = index;
  uint64_t sn = size - 1;
  Digest r = leaf_hash;
  for (const Digest& p : proof) {
    if (sn == 0) return false;
    if ((fn & 1) == 1 || fn == sn) {
      r = NodeHash(p, r);
      while ((fn & 1) == 0 && fn != 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      r = NodeHash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn == 0 && r == root;
}

std::vector<Digest> ConsistencyProof(std::span<const Digest> leaf_hashes, uint64_t old_size) {
  std::vector<Digest> siblings;
  std::vector<Digest> proof;
  uint64_t lo = 0;
  uint64_t hi = leaf_hashes.size();
  uint64_t m = old_size;
  if (m == 0 || m >= hi) return proof;
  bool b = true;  // SUBPROOF's flag: the old tree's root is a node of this subtree
  while (true) {
    if (m == hi - lo) {
      if (!b) proof.push_back(SubtreeRoot(leaf_hashes, lo, hi));
      break;
    }
    const uint64_t k = SplitPoint(hi - lo);
    if (m <= k) {
      siblings.push_back(SubtreeRoot(leaf_hashes, lo + k, hi));
      hi = lo + k;
    } else {
      siblings.push_back(SubtreeRoot(leaf_hashes, lo, lo + k));
      m -= k;
      lo += k;
      b = false;
    }
  }
  proof.insert(proof.end(), siblings.rbegin(), siblings.rend());
  return proof;
}

bool VerifyConsistency(uint64_t old_size, uint64_t new_size, const Digest& old_root,
                       const Digest& new_root, std::span<const Digest> proof) {
  if (old_size > new_size) return false;
  if (old_size == new_size) return proof.empty() && old_root == new_root;
  if (old_size == 0) return proof.empty();
  if (proof.empty()) return false;
  // Step 2: when old_size is a power of two the old root is itself the first node.
  const bool old_is_pow2 = (old_size & (old_size - 1)) == 0;
  size_t next = 0;
  Digest first = proof[0];
  if (old_is_pow2) {
    first = old_root;
  } else {
    next = 1;
  }
  uint64_t fn = old_size - 1;
  uint64_t sn = new_size - 1;
  while ((fn & 1) == 1) {
    fn >>= 1;
    sn >>= 1;
  }
  Digest fr = first;
  Digest sr = first;
  for (; next < proof.size(); ++next) {
    const Digest& c = proof[next];
    if (sn == 0) return false;
    if ((fn & 1) == 1 || fn == sn) {
      fr = NodeHash(c, fr);
      sr = NodeHash(c, sr);
      while ((fn & 1) == 0 && fn != 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      sr = NodeHash(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return fr == old_root && sr == new_root && sn == 0;
}

}  // namespace sunlit::draw
