// RFC 9162 trees: transparency-dev vectors, a recursive reference, every small proof tampered with.
#include "draw/merkle.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace sunlit::draw {
namespace {

std::vector<uint8_t> FromHex(const std::string& hex) {
  std::vector<uint8_t> out(hex.size() / 2);
  EXPECT_TRUE(ParseHex(hex, out));
  return out;
}

// The leaves of transparency-dev/merkle's testonly vectors.
std::vector<Digest> VectorLeafHashes() {
  std::vector<Digest> h;
  for (const char* leaf : {"", "00", "10", "2021", "3031", "40414243", "5051525354555657",
                           "606162636465666768696a6b6c6d6e6f"}) {
    h.push_back(LeafHash(FromHex(leaf)));
  }
  return h;
}

// MTH(D[lo:hi]) straight from RFC 9162 §2.1.1.
Digest ReferenceRoot(const std::vector<Digest>& leaves, size_t lo, size_t hi) {
  if (hi == lo) return Sha256Of("");
  if (hi - lo == 1) return leaves[lo];
  size_t k = 1;
  while (k * 2 < hi - lo) k *= 2;
  Sha256 h;
  const uint8_t one = 1;
  h.Update(&one, 1);
  const Digest l = ReferenceRoot(leaves, lo, lo + k);
  const Digest r = ReferenceRoot(leaves, lo + k, hi);
  h.Update(l.data(), l.size());
  h.Update(r.data(), r.size());
  return h.Finish();
}

// PATH(m, D[lo:hi]), RFC 9162 §2.1.3.1.
std::vector<Digest> ReferencePath(const std::vector<Digest>& d, size_t m, size_t lo, size_t hi) {
  if (hi - lo <= 1) return {};
  size_t k = 1;
  while (k * 2 < hi - lo) k *= 2;
  std::vector<Digest> p;
  if (m < k) {
    p = ReferencePath(d, m, lo, lo + k);
    p.push_back(ReferenceRoot(d, lo + k, hi));
  } else {
    p = ReferencePath(d, m - k, lo + k, hi);
    p.push_back(ReferenceRoot(d, lo, lo + k));
  }
  return p;
}

// SUBPROOF(m, D[lo:hi], b), RFC 9162 §2.1.4.1.
std::vector<Digest> ReferenceSubproof(const std::vector<Digest>& d, size_t m, size_t lo, size_t hi,
                                      bool b) {
  if (m == hi - lo) {
    if (b) return {};
    return {ReferenceRoot(d, lo, hi)};
  }
  size_t k = 1;
  while (k * 2 < hi - lo) k *= 2;
  std::vector<Digest> p;
  if (m <= k) {
    p = ReferenceSubproof(d, m, lo, lo + k, b);
    p.push_back(ReferenceRoot(d, lo + k, hi));
  } else {
    p = ReferenceSubproof(d, m - k, lo + k, hi, false);
    p.push_back(ReferenceRoot(d, lo, lo + k));
  }
  return p;
}

// The "shape" of a proof per the recursive definitions: which side each sibling is on
// (and, for consistency proofs, how the recursion ends). RFC 9162 verification only sees
// sizes through this shape, so a proof verifies for altered sizes exactly when the shape is
// unchanged (e.g. leaf 0 of trees of 3 and 4 leaves both have a right sibling twice).
std::string InclusionShape(uint64_t m, uint64_t n) {
  std::string s;
  while (n > 1) {
    uint64_t k = 1;
    while (k * 2 < n) k *= 2;
    if (m < k) {
      s += 'R';
      n = k;
    } else {
      s += 'L';
      m -= k;
      n -= k;
    }
  }
  return s;
}

std::string ConsistencyShape(uint64_t m, uint64_t n) {
  std::string s;
  bool b = true;
  while (m != n) {
    uint64_t k = 1;
    while (k * 2 < n) k *= 2;
    if (m <= k) {
      s += 'R';
      n = k;
    } else {
      s += 'L';
      m -= k;
      n -= k;
      b = false;
    }
  }
  return s + (b ? 'T' : 'F');
}

std::vector<Digest> RandomLeafHashes(std::mt19937_64& rng, size_t n) {
  std::vector<Digest> v;
  for (size_t i = 0; i < n; ++i) v.push_back(LeafHash(std::to_string(rng())));
  return v;
}

TEST(MerkleTest, TransparencyDevVectors) {
  const std::vector<Digest> leaves = VectorLeafHashes();
  const auto root = [&leaves](size_t n) {
    return ToHex(RootFromLeafHashes(std::span<const Digest>(leaves).first(n)));
  };
  EXPECT_EQ(root(1), "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
  EXPECT_EQ(root(3), "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77");
  EXPECT_EQ(root(8), "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");
  for (size_t n = 0; n <= leaves.size(); ++n) {
    EXPECT_EQ(root(n), ToHex(ReferenceRoot(leaves, 0, n))) << n;
  }
  EXPECT_EQ(root(0), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(MerkleTest, LeafAndNodeHashes) {
  // SHA-256(0x00) and SHA-256(0x01 || 0^32 || 0^32) computed independently.
  EXPECT_EQ(LeafHash(std::string_view()), Sha256Of(std::string(1, '\0')));
  Digest zero{};
  std::string node(1, '\x01');
  node.append(64, '\0');
  EXPECT_EQ(NodeHash(zero, zero), Sha256Of(node));
}

TEST(MerkleTest, BatchLeafHashesMatchOneByOne) {
  std::mt19937_64 rng(6);
  std::vector<std::string> leaves;
  for (int i = 0; i < 500; ++i) {
    std::string leaf(rng() % 130, '\0');
    for (char& c : leaf) c = static_cast<char>(rng());
    leaves.push_back(std::move(leaf));
  }
  const std::vector<std::string_view> views(leaves.begin(), leaves.end());
  std::vector<Digest> out(views.size());
  LeafHashes(views, out);
  for (size_t i = 0; i < leaves.size(); ++i) {
    ASSERT_EQ(out[i], Sha256Of(std::string(1, '\0') + leaves[i])) << leaves[i].size();
    ASSERT_EQ(LeafHash(leaves[i]), out[i]);
  }
}

TEST(MerkleTest, RootMatchesReferenceAcrossChunkBoundaries) {
  std::mt19937_64 rng(7);
  const size_t c = internal::kChunkLeaves;
  for (const size_t n : {size_t{1}, size_t{2}, size_t{3}, size_t{100}, c - 1, c, c + 1, 2 * c,
                         2 * c + 1, 3 * c + 17, 5 * c}) {
    const std::vector<Digest> leaves = RandomLeafHashes(rng, n);
    EXPECT_EQ(RootFromLeafHashes(leaves), ReferenceRoot(leaves, 0, n)) << n;
  }
}

TEST(MerkleTest, ReduceInPlaceOverChunkRoots) {
  // Roots of equal perfect subtrees plus a smaller last one reduce to the whole tree's root.
  std::mt19937_64 rng(8);
  for (const size_t n : {size_t{9}, size_t{16}, size_t{23}, size_t{33}}) {
    const std::vector<Digest> leaves = RandomLeafHashes(rng, n);
    std::vector<Digest> roots;
    for (size_t lo = 0; lo < n; lo += 4)
      roots.push_back(ReferenceRoot(leaves, lo, std::min(n, lo + 4)));
    internal::ReduceInPlace(roots.data(), roots.size());
    EXPECT_EQ(roots[0], ReferenceRoot(leaves, 0, n)) << n;
  }
}

TEST(MerkleTest, EveryInclusionProofVerifiesAndResistsTampering) {
  std::mt19937_64 rng(9);
  for (uint64_t n = 1; n <= 70; ++n) {
    const std::vector<Digest> leaves = RandomLeafHashes(rng, n);
    const Digest root = RootFromLeafHashes(leaves);
    for (uint64_t i = 0; i < n; ++i) {
      const std::vector<Digest> proof = InclusionProof(leaves, i);
      ASSERT_EQ(proof, ReferencePath(leaves, i, 0, n)) << n << " " << i;
      ASSERT_TRUE(VerifyInclusion(leaves[i], i, n, proof, root)) << n << " " << i;

      for (size_t e = 0; e < proof.size(); ++e) {
        for (size_t b = 0; b < kDigestSize; ++b) {
          std::vector<Digest> bad = proof;
          bad[e][b] ^= static_cast<uint8_t>(1 + rng() % 255);
          ASSERT_FALSE(VerifyInclusion(leaves[i], i, n, bad, root));
        }
      }
      for (size_t b = 0; b < kDigestSize; b += 7) {
        Digest bad_leaf = leaves[i];
        bad_leaf[b] ^= 0x80;
        ASSERT_FALSE(VerifyInclusion(bad_leaf, i, n, proof, root));
        Digest bad_root = root;
        bad_root[b] ^= 0x01;
        ASSERT_FALSE(VerifyInclusion(leaves[i], i, n, proof, bad_root));
      }
      std::vector<Digest> longer = proof;
      longer.push_back(root);
      ASSERT_FALSE(VerifyInclusion(leaves[i], i, n, longer, root));
      if (!proof.empty()) {
        ASSERT_FALSE(
            VerifyInclusion(leaves[i], i, n, std::span(proof).first(proof.size() - 1), root));
        std::vector<Digest> reversed(proof.rbegin(), proof.rend());
        if (reversed != proof) {
          ASSERT_FALSE(VerifyInclusion(leaves[i], i, n, reversed, root));
        }
      }
      const std::string shape = InclusionShape(i, n);
      for (uint64_t j = 0; j < n + 3; ++j) {
        if (j == i) continue;
        ASSERT_FALSE(VerifyInclusion(leaves[i], j, n, proof, root)) << n << " " << i << " " << j;
      }
      int same_shape = 0;
      for (uint64_t m = 1; m <= 80; ++m) {
        if (m == n) continue;
        const bool expect = i < m && InclusionShape(i, m) == shape;
        same_shape += expect ? 1 : 0;
        ASSERT_EQ(VerifyInclusion(leaves[i], i, m, proof, root), expect)
            << "leaf " << i << " of " << n << " verified as of " << m;
      }
      ASSERT_LT(same_shape, 40);
    }
  }
  // The vectors' tree of 8: proofs for leaf 0 and leaf 5 by hand.
  const std::vector<Digest> v = VectorLeafHashes();
  EXPECT_EQ(InclusionProof(v, 0).size(), 3u);
  EXPECT_TRUE(InclusionProof(v, 8).empty());
  EXPECT_FALSE(VerifyInclusion(v[0], 8, 8, InclusionProof(v, 0), RootFromLeafHashes(v)));
  EXPECT_TRUE(VerifyInclusion(v[0], 0, 1, {}, v[0]));
  EXPECT_FALSE(VerifyInclusion(v[0], 0, 0, {}, v[0]));
}

TEST(MerkleTest, EveryConsistencyProofVerifiesAndResistsTampering) {
  std::mt19937_64 rng(10);
  const std::vector<Digest> all = RandomLeafHashes(rng, 45);
  std::vector<Digest> roots(46);
  for (size_t n = 0; n <= 45; ++n) roots[n] = ReferenceRoot(all, 0, n);
  for (uint64_t n = 1; n <= 40; ++n) {
    const std::span<const Digest> leaves = std::span(all).first(n);
    ASSERT_EQ(RootFromLeafHashes(leaves), roots[n]);
    for (uint64_t m = 1; m <= n; ++m) {
      const std::vector<Digest> proof = ConsistencyProof(leaves, m);
      ASSERT_EQ(proof, ReferenceSubproof(all, m, 0, n, true)) << m << " " << n;
      ASSERT_TRUE(VerifyConsistency(m, n, roots[m], roots[n], proof)) << m << " " << n;
      if (m == n) {
        EXPECT_TRUE(proof.empty());
        EXPECT_FALSE(VerifyConsistency(m, n, roots[m], roots[n - 1], proof));
        EXPECT_FALSE(VerifyConsistency(m, n, roots[m], roots[n], std::vector<Digest>{roots[m]}));
        continue;
      }
      for (size_t e = 0; e < proof.size(); ++e) {
        for (size_t b = 0; b < kDigestSize; ++b) {
          std::vector<Digest> bad = proof;
          bad[e][b] ^= static_cast<uint8_t>(1 + rng() % 255);
          ASSERT_FALSE(VerifyConsistency(m, n, roots[m], roots[n], bad)) << m << " " << n;
        }
      }
      for (size_t b = 0; b < kDigestSize; b += 5) {
        Digest bad_old = roots[m];
        bad_old[b] ^= 0x04;
        ASSERT_FALSE(VerifyConsistency(m, n, bad_old, roots[n], proof));
        Digest bad_new = roots[n];
        bad_new[b] ^= 0x04;
        ASSERT_FALSE(VerifyConsistency(m, n, roots[m], bad_new, proof));
      }
      std::vector<Digest> longer = proof;
      longer.push_back(roots[n]);
      ASSERT_FALSE(VerifyConsistency(m, n, roots[m], roots[n], longer));
      ASSERT_FALSE(
          VerifyConsistency(m, n, roots[m], roots[n], std::span(proof).first(proof.size() - 1)));
      ASSERT_FALSE(VerifyConsistency(m, n, roots[n], roots[m], proof));
      // Altered sizes, with the roots unchanged: only an identical shape can pass.
      const std::string shape = ConsistencyShape(m, n);
      for (uint64_t m2 = 1; m2 <= 45; ++m2) {
        for (uint64_t n2 = m2; n2 <= 45; ++n2) {
          if (m2 == m && n2 == n) continue;
          const bool expect = m2 != n2 && ConsistencyShape(m2, n2) == shape;
          ASSERT_EQ(VerifyConsistency(m2, n2, roots[m], roots[n], proof), expect)
              << m << "->" << n << " verified as " << m2 << "->" << n2;
        }
      }
    }
  }
  EXPECT_TRUE(ConsistencyProof(all, 0).empty());
  EXPECT_TRUE(ConsistencyProof(all, 46).empty());
  EXPECT_TRUE(VerifyConsistency(0, 5, roots[0], roots[5], {}));
  EXPECT_FALSE(VerifyConsistency(6, 5, roots[6], roots[5], {}));
}

}  // namespace
}  // namespace sunlit::draw
