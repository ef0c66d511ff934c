// RFC 9162 (Certificate Transparency v2) §2.1 Merkle tree hashing and proofs.
//
// The tree over n leaves: MTH({}) = SHA-256(""), MTH({d}) = SHA-256(0x00 || d) (the leaf
// hash), and for n > 1 with k the largest power of two strictly smaller than n,
// MTH(D[0:n]) = SHA-256(0x01 || MTH(D[0:k]) || MTH(D[k:n])). The draw's pool root and the
// transparency log use it.
//
// All functions are pure and thread-safe. Functions taking leaf hashes never modify them.
#ifndef SUNLIT_DRAW_MERKLE_H_
#define SUNLIT_DRAW_MERKLE_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "draw/sha256.h"

namespace sunlit::draw {

// SHA-256(0x00 || leaf).
Digest LeafHash(std::span<const uint8_t> leaf);
Digest LeafHash(std::string_view leaf);
// LeafHash of each leaf, out[i] for leaves[i], several at a time through the batch engine.
// REQUIRES: out.size() == leaves.size().
void LeafHashes(std::span<const std::string_view> leaves, std::span<Digest> out);
// SHA-256(0x01 || left || right).
Digest NodeHash(const Digest& left, const Digest& right);

// MTH of the leaves whose leaf hashes are given, in order; SHA-256("") when empty.
// Linear time; extra memory: one 32 KiB chunk and one hash per 1024 leaves.
Digest RootFromLeafHashes(std::span<const Digest> leaf_hashes);

// The RFC 9162 §2.1.3.1 inclusion proof PATH(index, D[0:n]) for n = leaf_hashes.size(), from
// the leaf's sibling upwards. Empty when index >= n (and for the single-leaf tree).
std::vector<Digest> InclusionProof(std::span<const Digest> leaf_hashes, uint64_t index);

// RFC 9162 §2.1.3.2: true when `proof` shows that `leaf_hash` is leaf `index` of the tree of
// `size` leaves whose root is `root`.
bool VerifyInclusion(const Digest& leaf_hash, uint64_t index, uint64_t size,
                     std::span<const Digest> proof, const Digest& root);

// The RFC 9162 §2.1.4.1 consistency proof PROOF(old_size, D[0:n]) between the first
// `old_size` leaves and all n = leaf_hashes.size(). Empty when old_size == n, and when
// old_size == 0 or old_size > n (no proof exists or none is needed).
std::vector<Digest> ConsistencyProof(std::span<const Digest> leaf_hashes, uint64_t old_size);

// RFC 9162 §2.1.4.2: true when `proof` shows that the tree of `old_size` leaves with root
// `old_root` is a prefix of the tree of `new_size` leaves with root `new_root`. As in the
// usual implementations, old_size == new_size needs an empty proof and equal roots, and an
// empty old tree (old_size == 0) is consistent with anything given an empty proof.
bool VerifyConsistency(uint64_t old_size, uint64_t new_size, const Digest& old_root,
                       const Digest& new_root, std::span<const Digest> proof);

namespace internal {

// Leaves per chunk in the chunked root computation (a power of two; 32 KiB of hashes).
inline constexpr size_t kChunkLeaves = 1024;

// Replaces hashes[0] by the MTH of the `count` subtrees whose roots are hashes[0..count),
// all of the same height except possibly the last, which may be lower (as the chunk roots
// of a tree are). Uses hashes[] as scratch. REQUIRES: count >= 1.
// Pairs are hashed level by level, an odd last node moving up unchanged, which yields the
// RFC 9162 shape.
void ReduceInPlace(Digest* hashes, size_t count);

// Hashes the `count` pairs (in[2i], in[2i+1]) into out[i] with the batch engine. `out` may
// be `in` itself.
void HashPairs(const Digest* in, size_t count, Digest* out);

}  // namespace internal
}  // namespace sunlit::draw

#endif  // SUNLIT_DRAW_MERKLE_H_
