// RFC 3797 selection (the RFC's own §6 example) and MD5 against RFC 1321 and OpenSSL.
#include "draw/rfc3797.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <algorithm>
#include <random>
#include <vector>

#include "draw/md5.h"
#include "draw/sha256.h"

namespace sunlit::draw {
namespace {

Md5Digest OpenSslMd5(const uint8_t* data, size_t size) {
  Md5Digest d{};
  unsigned int len = 0;
  EXPECT_EQ(EVP_Digest(data, size, d.data(), &len, EVP_md5(), nullptr), 1);
  return d;
}

TEST(Md5Test, Rfc1321Vectors) {
  const struct {
    const char* message;
    const char* digest;
  } kCases[] = {
      {"", "d41d8cd98f00b204e9800998ecf8427e"},
      {"a", "0cc175b9c0f1b6a831c399e269772661"},
      {"abc", "900150983cd24fb0d6963f7d28e17f72"},
      {"message digest", "f96b697d7cb7938d525a2f31aaf161d0"},
      {"abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"},
      {"12345678901234567890123456789012345678901234567890123456789012345678901234567890",
       "57edf4a22be3c955ac49da2e2107b67a"},
  };
  for (const auto& c : kCases) EXPECT_EQ(ToHex(Md5Of(c.message)), c.digest) << c.message;
}

TEST(Md5Test, MatchesOpenSslOnRandomInputsAndPieces) {
  std::mt19937_64 rng(11);
  Md5 h;
  for (int iter = 0; iter < 3000; ++iter) {
    const size_t n = iter < 200 ? static_cast<size_t>(iter) : rng() % 5000;
    std::vector<uint8_t> data(n);
    for (uint8_t& b : data) b = static_cast<uint8_t>(rng());
    const Md5Digest want = OpenSslMd5(data.data(), n);
    ASSERT_EQ(Md5Of(data.data(), n), want) << n;
    size_t pos = 0;
    while (pos < n) {
      const size_t piece = std::min(n - pos, static_cast<size_t>(rng() % 100));
      h.Update(data.data() + pos, piece);
      pos += piece;
    }
    ASSERT_EQ(h.Finish(), want) << n;
  }
}

const Sources kRfcSources = {{9319}, {2, 5, 12, 8, 10}, {9, 18, 26, 34, 41, 45}};

TEST(Rfc3797Test, Section6Example) {
  const Result<std::vector<uint64_t>> picks = Rfc3797Select(25, kRfcSources, 11);
  ASSERT_TRUE(picks.ok()) << picks.status().ToString();
  EXPECT_EQ(*picks, (std::vector<uint64_t>{17, 7, 2, 16, 25, 23, 8, 24, 19, 13, 22}));
  const Result<std::vector<uint64_t>> same =
      Rfc3797SelectWithKey(25, "9319./2.5.8.10.12./9.18.26.34.41.45./", 11);
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(*same, *picks);
}

TEST(Rfc3797Test, FirstPickByHand) {
  // MD5(0x00 0x00 || K || 0x00 0x00) mod 25, plus one.
  const std::string key = "9319./2.5.8.10.12./9.18.26.34.41.45./";
  const std::string m = std::string(2, '\0') + key + std::string(2, '\0');
  const Md5Digest d = OpenSslMd5(reinterpret_cast<const uint8_t*>(m.data()), m.size());
  unsigned __int128 v = 0;
  for (const uint8_t b : d) v = (v << 8) | b;
  EXPECT_EQ(static_cast<uint64_t>(v % 25) + 1, 17u);
}

TEST(Rfc3797Test, PickingEveryoneIsAPermutation) {
  for (const uint64_t n : {uint64_t{1}, uint64_t{2}, uint64_t{25}, uint64_t{1000}}) {
    const Result<std::vector<uint64_t>> picks = Rfc3797Select(n, kRfcSources, n);
    ASSERT_TRUE(picks.ok());
    std::vector<uint64_t> sorted = *picks;
    std::sort(sorted.begin(), sorted.end());
    for (uint64_t i = 0; i < n; ++i) ASSERT_EQ(sorted[i], i + 1);
  }
  // Picks are a prefix of any longer run.
  const Result<std::vector<uint64_t>> all = Rfc3797Select(25, kRfcSources, 25);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(std::vector<uint64_t>(all->begin(), all->begin() + 11),
            (std::vector<uint64_t>{17, 7, 2, 16, 25, 23, 8, 24, 19, 13, 22}));
}

TEST(Rfc3797Test, Errors) {
  EXPECT_EQ(Rfc3797Select(0, kRfcSources, 0).status().message(), "the pool is empty");
  EXPECT_EQ(Rfc3797Select(5, kRfcSources, 6).status().message(), "cannot pick 6 of 5 candidates");
  EXPECT_FALSE(Rfc3797Select(100000, kRfcSources, 65537).ok());
  EXPECT_FALSE(Rfc3797Select(kRfc3797MaxPool + 1, kRfcSources, 1).ok());
  EXPECT_EQ(Rfc3797Select(5, {}, 1).status().message(), "no public randomness sources given");
  EXPECT_EQ(Rfc3797Select(5, {{1}, {}}, 1).status().message(),
            "public randomness source 2 is empty");
  const Result<std::vector<uint64_t>> none = Rfc3797Select(5, kRfcSources, 0);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

}  // namespace
}  // namespace sunlit::draw
