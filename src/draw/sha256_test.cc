// SHA-256: FIPS 180-4 vectors, and both engines against OpenSSL on random inputs.
#include "draw/sha256.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <random>
#include <string>
#include <vector>

namespace sunlit::draw {
namespace {

Digest OpenSsl(const uint8_t* data, size_t size) {
  Digest d{};
  unsigned int len = 0;
  EXPECT_EQ(EVP_Digest(data, size, d.data(), &len, EVP_sha256(), nullptr), 1);
  return d;
}

using CompressFn = void (*)(internal::State&, const uint8_t*, size_t);

// Full SHA-256 over one compression function, with the padding written out here.
Digest HashWith(CompressFn compress, const uint8_t* data, size_t size) {
  internal::State s = internal::kInitialState;
  const size_t whole = size / 64;
  if (whole > 0) compress(s, data, whole);
  std::vector<uint8_t> tail(data + whole * 64, data + size);
  tail.push_back(0x80);
  while (tail.size() % 64 != 56) tail.push_back(0);
  const uint64_t bits = uint64_t{size} * 8;
  for (int i = 7; i >= 0; --i) tail.push_back(static_cast<uint8_t>(bits >> (8 * i)));
  compress(s, tail.data(), tail.size() / 64);
  return internal::StateToDigest(s);
}

std::vector<uint8_t> RandomBytes(std::mt19937_64& rng, size_t n) {
  std::vector<uint8_t> v(n);
  for (uint8_t& b : v) b = static_cast<uint8_t>(rng());
  return v;
}

std::vector<CompressFn> Engines() {
  std::vector<CompressFn> e = {&internal::CompressPortable};
  if (internal::HasShaNi()) e.push_back(&internal::CompressShaNi);
  return e;
}

TEST(Sha256Test, FipsVectors) {
  const struct {
    std::string message;
    std::string digest;
  } kCases[] = {
      {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
      {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
      {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
      {std::string(1000000, 'a'),
       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"},
  };
  for (const auto& c : kCases) {
    EXPECT_EQ(ToHex(Sha256Of(c.message)), c.digest);
    const auto* p = reinterpret_cast<const uint8_t*>(c.message.data());
    for (const CompressFn f : Engines()) {
      EXPECT_EQ(ToHex(HashWith(f, p, c.message.size())), c.digest);
    }
  }
}

TEST(Sha256Test, EnginesMatchOpenSslOnRandomInputs) {
  std::mt19937_64 rng(1);
  for (int iter = 0; iter < 5000; ++iter) {
    const size_t n = iter < 301 ? static_cast<size_t>(iter) : rng() % 301;
    const std::vector<uint8_t> data = RandomBytes(rng, n);
    const Digest want = OpenSsl(data.data(), n);
    for (const CompressFn f : Engines()) ASSERT_EQ(HashWith(f, data.data(), n), want) << n;
    ASSERT_EQ(Sha256Of(data.data(), n), want) << n;
  }
}

TEST(Sha256Test, MultiKilobyteInputs) {
  std::mt19937_64 rng(2);
  for (int iter = 0; iter < 50; ++iter) {
    const size_t n = 1000 + rng() % 20000;
    const std::vector<uint8_t> data = RandomBytes(rng, n);
    const Digest want = OpenSsl(data.data(), n);
    for (const CompressFn f : Engines()) ASSERT_EQ(HashWith(f, data.data(), n), want) << n;
    ASSERT_EQ(Sha256Of(data.data(), n), want);
  }
}

TEST(Sha256Test, StreamingInRandomPieces) {
  std::mt19937_64 rng(3);
  Sha256 h;  // reused: Finish resets it
  for (int iter = 0; iter < 500; ++iter) {
    const size_t n = rng() % 3000;
    const std::vector<uint8_t> data = RandomBytes(rng, n);
    size_t pos = 0;
    while (pos < n) {
      const size_t piece = std::min(n - pos, static_cast<size_t>(rng() % 150));
      h.Update(data.data() + pos, piece);
      pos += piece;
      if (rng() % 4 == 0) h.Update(nullptr, 0);
    }
    ASSERT_EQ(h.Finish(), OpenSsl(data.data(), n)) << n;
  }
}

TEST(Sha256Test, ResetForgetsInput) {
  Sha256 h;
  h.Update("garbage");
  h.Reset();
  h.Update("abc");
  EXPECT_EQ(ToHex(h.Finish()), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256Test, BatchOfPaddedMessagesMatchesOpenSsl) {
  std::mt19937_64 rng(4);
  for (size_t blocks = 1; blocks <= 2; ++blocks) {
    for (size_t count = 0; count <= 21; ++count) {
      std::vector<uint8_t> buf(count * 64 * blocks);
      std::vector<size_t> lens(count);
      for (size_t i = 0; i < count; ++i) {
        uint8_t* m = buf.data() + i * 64 * blocks;
        lens[i] = blocks == 1 ? rng() % 56 : 56 + rng() % 64;
        for (size_t j = 0; j < lens[i]; ++j) m[j] = static_cast<uint8_t>(rng());
      }
      std::vector<uint8_t> plain = buf;  // before padding
      for (size_t i = 0; i < count; ++i) {
        uint8_t* m = buf.data() + i * 64 * blocks;
        if (blocks == 1) {
          internal::PadSingleBlock(m, lens[i]);
        } else {
          internal::PadTwoBlocks(m, lens[i]);
        }
      }
      std::vector<Digest> out(count);
      internal::HashPadded(internal::kInitialState, buf.data(), blocks, count, out.data());
      for (size_t i = 0; i < count; ++i) {
        ASSERT_EQ(out[i], OpenSsl(plain.data() + i * 64 * blocks, lens[i])) << count << " " << i;
      }
    }
  }
}

TEST(Sha256Test, Avx512BatchMatchesOpenSsl) {
  if (!internal::HasAvx512()) GTEST_SKIP() << "no AVX-512 on this CPU";
  std::mt19937_64 rng(5);
  for (size_t blocks = 1; blocks <= 3; ++blocks) {
    for (const size_t count : {size_t{0}, size_t{16}, size_t{32}, size_t{160}}) {
      std::vector<uint8_t> plain(count * 64 * blocks);
      for (uint8_t& b : plain) b = static_cast<uint8_t>(rng());
      std::vector<uint8_t> padded = plain;
      std::vector<size_t> lens(count);
      for (size_t i = 0; i < count; ++i) {
        lens[i] = 64 * blocks - 9 - rng() % 40;  // the last block holds the padding
        uint8_t* m = padded.data() + i * 64 * blocks;
        m[lens[i]] = 0x80;
        std::fill(m + lens[i] + 1, m + 64 * blocks - 8, 0);
        const uint64_t bits = uint64_t{lens[i]} * 8;
        for (int k = 0; k < 8; ++k) m[64 * blocks - 1 - k] = static_cast<uint8_t>(bits >> (8 * k));
      }
      std::vector<Digest> out(count);
      internal::HashPaddedAvx512(internal::kInitialState, padded.data(), blocks, count, out.data());
      for (size_t i = 0; i < count; ++i) {
        ASSERT_EQ(out[i], OpenSsl(plain.data() + i * 64 * blocks, lens[i])) << blocks << " " << i;
      }
    }
  }
  // A chaining state other than the initial one: two blocks hashed as one, then as 1 + 1.
  std::vector<uint8_t> two(16 * 128);
  for (uint8_t& b : two) b = static_cast<uint8_t>(rng());
  for (size_t i = 0; i < 16; ++i) internal::PadTwoBlocks(two.data() + i * 128, 100);
  std::vector<Digest> whole(16);
  internal::HashPaddedAvx512(internal::kInitialState, two.data(), 2, 16, whole.data());
  for (size_t i = 0; i < 16; ++i) {
    internal::State s = internal::kInitialState;
    internal::CompressPortable(s, two.data() + i * 128, 2);
    EXPECT_EQ(internal::StateToDigest(s), whole[i]);
  }
}

TEST(Sha256Test, ToHexAndParseHex) {
  const std::vector<uint8_t> bytes = {0x00, 0x01, 0xab, 0xff};
  EXPECT_EQ(ToHex(bytes), "0001abff");
  EXPECT_EQ(ToHex({}), "");
  std::array<uint8_t, 4> out{};
  EXPECT_TRUE(ParseHex("0001abff", out));
  EXPECT_EQ(std::vector<uint8_t>(out.begin(), out.end()), bytes);
  EXPECT_TRUE(ParseHex("0001ABFF", out));
  EXPECT_EQ(std::vector<uint8_t>(out.begin(), out.end()), bytes);
  EXPECT_TRUE(ParseHex("0001AbfF", out));
  for (const char* bad : {"", "0001abf", "0001abff0", "0001abfg", " 001abff", "0x01abff",
                          "+001abff", "0001ab f", "0001abff\n"}) {
    EXPECT_FALSE(ParseHex(bad, out)) << bad;
  }
  const std::string h = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  ASSERT_TRUE(ParseDigestHex(h).has_value());
  EXPECT_EQ(*ParseDigestHex(h), Sha256Of(""));
  EXPECT_FALSE(ParseDigestHex(h.substr(1)).has_value());
  EXPECT_FALSE(ParseDigestHex(h + "0").has_value());
}

}  // namespace
}  // namespace sunlit::draw
