// SHA-256 engines (portable, SHA-NI, AVX-512), run-time dispatch and hex helpers.
#include "draw/sha256.h"

#include <cpuid.h>
#include <immintrin.h>

#include <algorithm>
#include <cstring>

namespace sunlit::draw {
namespace internal {
namespace {

alignas(64) constexpr uint32_t kK[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

inline uint32_t LoadBe32(const uint8_t* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | uint32_t{p[3]};
}
inline void StoreBe32(uint8_t* p, uint32_t v) {
  p[0] = static_cast<uint8_t>(v >> 24);
  p[1] = static_cast<uint8_t>(v >> 16);
  p[2] = static_cast<uint8_t>(v >> 8);
  p[3] = static_cast<uint8_t>(v);
}
inline uint32_t Rotr(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

// ---- SHA-NI ----
//
// The SHA-NI instructions keep the state as two vectors, ABEF and CDGH. Every function that
// touches them is compiled for "sha,sse4.1" only; they run only after HasShaNi() said yes.
#define SUNLIT_SHANI_TARGET __attribute__((target("sha,sse4.1")))

struct ShaNiState {
  __m128i abef;
  __m128i cdgh;
};

SUNLIT_SHANI_TARGET inline ShaNiState ToShaNi(const State& s) {
  __m128i tmp = _mm_loadu_si128(reinterpret_cast<const __m128i*>(&s[0]));
  __m128i st1 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(&s[4]));
  tmp = _mm_shuffle_epi32(tmp, 0xB1);
  st1 = _mm_shuffle_epi32(st1, 0x1B);
  return {_mm_alignr_epi8(tmp, st1, 8), _mm_blend_epi16(st1, tmp, 0xF0)};
}

SUNLIT_SHANI_TARGET inline void FromShaNi(const ShaNiState& v, State& s) {
  const __m128i tmp = _mm_shuffle_epi32(v.abef, 0x1B);
  const __m128i st1 = _mm_shuffle_epi32(v.cdgh, 0xB1);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(&s[0]), _mm_blend_epi16(tmp, st1, 0xF0));
  _mm_storeu_si128(reinterpret_cast<__m128i*>(&s[4]), _mm_alignr_epi8(st1, tmp, 8));
}

// Writes the digest straight from the SHA-NI registers: the 32 bytes are a..h big-endian.
SUNLIT_SHANI_TARGET inline void ShaNiDigest(const ShaNiState& v, uint8_t* out) {
  const __m128i tmp = _mm_shuffle_epi32(v.abef, 0x1B);
  const __m128i st1 = _mm_shuffle_epi32(v.cdgh, 0xB1);
  const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(out),
                   _mm_shuffle_epi8(_mm_blend_epi16(tmp, st1, 0xF0), bswap));
  _mm_storeu_si128(reinterpret_cast<__m128i*>(out + 16),
                   _mm_shuffle_epi8(_mm_alignr_epi8(st1, tmp, 8), bswap));
}

// One 64-byte block into each of kLanes independent states. The lanes' instructions are
// interleaved group by group so that the out-of-order core overlaps their dependency chains.
template <int kLanes>
SUNLIT_SHANI_TARGET inline void ShaNiBlocks(ShaNiState* st, const uint8_t* const* data) {
  const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
  __m128i s0[kLanes];
  __m128i s1[kLanes];
  __m128i m[kLanes][4];
  for (int l = 0; l < kLanes; ++l) {
    s0[l] = st[l].abef;
    s1[l] = st[l].cdgh;
  }
#pragma GCC unroll 16
  for (int g = 0; g < 16; ++g) {
    const __m128i k = _mm_load_si128(reinterpret_cast<const __m128i*>(kK + 4 * g));
#pragma GCC unroll 8
    for (int l = 0; l < kLanes; ++l) {
      if (g < 4) {
        m[l][g] = _mm_shuffle_epi8(
            _mm_loadu_si128(reinterpret_cast<const __m128i*>(data[l] + 16 * g)), bswap);
      }
      __m128i msg = _mm_add_epi32(m[l][g & 3], k);
      s1[l] = _mm_sha256rnds2_epu32(s1[l], s0[l], msg);
      if (g >= 3 && g <= 14) {
        const __m128i t = _mm_alignr_epi8(m[l][g & 3], m[l][(g + 3) & 3], 4);
        m[l][(g + 1) & 3] = _mm_add_epi32(m[l][(g + 1) & 3], t);
        m[l][(g + 1) & 3] = _mm_sha256msg2_epu32(m[l][(g + 1) & 3], m[l][g & 3]);
      }
      msg = _mm_shuffle_epi32(msg, 0x0E);
      s0[l] = _mm_sha256rnds2_epu32(s0[l], s1[l], msg);
      if (g >= 1 && g <= 12) {
        m[l][(g + 3) & 3] = _mm_sha256msg1_epu32(m[l][(g + 3) & 3], m[l][g & 3]);
      }
    }
  }
  for (int l = 0; l < kLanes; ++l) {
    st[l].abef = _mm_add_epi32(s0[l], st[l].abef);
    st[l].cdgh = _mm_add_epi32(s1[l], st[l].cdgh);
  }
}

// kLanes padded messages of `blocks` blocks each, at data + i * stride.
template <int kLanes>
SUNLIT_SHANI_TARGET void ShaNiMessages(const ShaNiState& start, const uint8_t* data, size_t stride,
                                       size_t blocks, uint8_t* out) {
  ShaNiState st[kLanes];
  const uint8_t* ptr[kLanes];
  for (int l = 0; l < kLanes; ++l) {
    st[l] = start;
    ptr[l] = data + static_cast<size_t>(l) * stride;
  }
  for (size_t b = 0; b < blocks; ++b) {
    ShaNiBlocks<kLanes>(st, ptr);
    for (int l = 0; l < kLanes; ++l) ptr[l] += 64;
  }
  for (int l = 0; l < kLanes; ++l) ShaNiDigest(st[l], out + 32 * l);
}

// How many messages ShaNiMessages interleaves; measured best on Golden Cove and Zen cores.
constexpr size_t kShaNiLanes = 4;

SUNLIT_SHANI_TARGET void HashPaddedShaNi(const State& start, const uint8_t* data,
                                         size_t blocks_per_message, size_t count, Digest* out) {
  const ShaNiState s = ToShaNi(start);
  const size_t stride = 64 * blocks_per_message;
  size_t i = 0;
  for (; i + kShaNiLanes <= count; i += kShaNiLanes) {
    ShaNiMessages<kShaNiLanes>(s, data + i * stride, stride, blocks_per_message, out[i].data());
  }
  for (; i < count; ++i) {
    ShaNiMessages<1>(s, data + i * stride, stride, blocks_per_message, out[i].data());
  }
}

void HashPaddedPortable(const State& start, const uint8_t* data, size_t blocks_per_message,
                        size_t count, Digest* out) {
  for (size_t i = 0; i < count; ++i) {
    State s = start;
    CompressPortable(s, data + i * 64 * blocks_per_message, blocks_per_message);
    out[i] = StateToDigest(s);
  }
}

// ---- AVX-512: sixteen messages side by side ----
//
// Each 512-bit register holds the same word of sixteen messages, so one instruction does
// one step of sixteen hashes. On cores whose SHA unit is slow to issue (Golden Cove: about
// 28 ns per block however the streams are interleaved) this is about a third faster.
#define SUNLIT_AVX512_TARGET __attribute__((target("avx512f,avx512bw")))
// g++ 12 warns inside its own AVX-512 headers (_mm512_undefined_epi32 in the unpack
// intrinsics, GCC bug 105593, fixed in 13).
#pragma GCC diagnostic push
#if !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

template <int kBits>
SUNLIT_AVX512_TARGET inline __m512i Ror(__m512i x) {
  return _mm512_ror_epi32(x, kBits);
}

// w[c] = word c (big-endian) of the 64-byte rows at row0 + r * stride, r = 0..15.
SUNLIT_AVX512_TARGET inline void LoadTransposed(const uint8_t* row0, size_t stride, __m512i* w) {
  const __m512i bswap = _mm512_set4_epi32(0x0c0d0e0f, 0x08090a0b, 0x04050607, 0x00010203);
  __m512i r[16];
  __m512i t[16];
  for (int i = 0; i < 16; ++i) {
    r[i] = _mm512_shuffle_epi8(_mm512_loadu_si512(row0 + static_cast<size_t>(i) * stride), bswap);
  }
  for (int i = 0; i < 8; ++i) {
    t[2 * i] = _mm512_unpacklo_epi32(r[2 * i], r[2 * i + 1]);
    t[2 * i + 1] = _mm512_unpackhi_epi32(r[2 * i], r[2 * i + 1]);
  }
  for (int i = 0; i < 4; ++i) {
    r[4 * i + 0] = _mm512_unpacklo_epi64(t[4 * i], t[4 * i + 2]);
    r[4 * i + 1] = _mm512_unpackhi_epi64(t[4 * i], t[4 * i + 2]);
    r[4 * i + 2] = _mm512_unpacklo_epi64(t[4 * i + 1], t[4 * i + 3]);
    r[4 * i + 3] = _mm512_unpackhi_epi64(t[4 * i + 1], t[4 * i + 3]);
  }
  // r[4i + j], 128-bit lane L: column 4L + j of rows 4i..4i+3. Gather the lanes.
  for (int j = 0; j < 4; ++j) {
    const __m512i x0 = _mm512_shuffle_i32x4(r[j], r[4 + j], 0x88);
    const __m512i x1 = _mm512_shuffle_i32x4(r[j], r[4 + j], 0xDD);
    const __m512i y0 = _mm512_shuffle_i32x4(r[8 + j], r[12 + j], 0x88);
    const __m512i y1 = _mm512_shuffle_i32x4(r[8 + j], r[12 + j], 0xDD);
    w[j] = _mm512_shuffle_i32x4(x0, y0, 0x88);
    w[8 + j] = _mm512_shuffle_i32x4(x0, y0, 0xDD);
    w[4 + j] = _mm512_shuffle_i32x4(x1, y1, 0x88);
    w[12 + j] = _mm512_shuffle_i32x4(x1, y1, 0xDD);
  }
}

// One block of each of the sixteen messages into st[0..7] (a..h, sixteen lanes each).
SUNLIT_AVX512_TARGET void Avx512Block(__m512i* st, const uint8_t* row0, size_t stride) {
  __m512i w[16];
  LoadTransposed(row0, stride, w);
  __m512i a = st[0], b = st[1], c = st[2], d = st[3];
  __m512i e = st[4], f = st[5], g = st[6], h = st[7];
#pragma GCC unroll 64
  for (int i = 0; i < 64; ++i) {
    if (i >= 16) {
      const __m512i w15 = w[(i - 15) & 15];
      const __m512i w2 = w[(i - 2) & 15];
      const __m512i s0 =
          _mm512_ternarylogic_epi32(Ror<7>(w15), Ror<18>(w15), _mm512_srli_epi32(w15, 3), 0x96);
      const __m512i s1 =
          _mm512_ternarylogic_epi32(Ror<17>(w2), Ror<19>(w2), _mm512_srli_epi32(w2, 10), 0x96);
      w[i & 15] =
          _mm512_add_epi32(_mm512_add_epi32(w[i & 15], s0), _mm512_add_epi32(w[(i - 7) & 15], s1));
    }
    const __m512i big_s1 = _mm512_ternarylogic_epi32(Ror<6>(e), Ror<11>(e), Ror<25>(e), 0x96);
    const __m512i ch = _mm512_ternarylogic_epi32(e, f, g, 0xCA);
    const __m512i kw = _mm512_add_epi32(w[i & 15], _mm512_set1_epi32(static_cast<int>(kK[i])));
    const __m512i t1 = _mm512_add_epi32(_mm512_add_epi32(h, big_s1), _mm512_add_epi32(ch, kw));
    const __m512i big_s0 = _mm512_ternarylogic_epi32(Ror<2>(a), Ror<13>(a), Ror<22>(a), 0x96);
    const __m512i maj = _mm512_ternarylogic_epi32(a, b, c, 0xE8);
    h = g;
    g = f;
    f = e;
    e = _mm512_add_epi32(d, t1);
    d = c;
    c = b;
    b = a;
    a = _mm512_add_epi32(t1, _mm512_add_epi32(big_s0, maj));
  }
  st[0] = _mm512_add_epi32(st[0], a);
  st[1] = _mm512_add_epi32(st[1], b);
  st[2] = _mm512_add_epi32(st[2], c);
  st[3] = _mm512_add_epi32(st[3], d);
  st[4] = _mm512_add_epi32(st[4], e);
  st[5] = _mm512_add_epi32(st[5], f);
  st[6] = _mm512_add_epi32(st[6], g);
  st[7] = _mm512_add_epi32(st[7], h);
}

SUNLIT_AVX512_TARGET void HashPaddedAvx512Impl(const State& start, const uint8_t* data,
                                               size_t blocks_per_message, size_t count,
                                               Digest* out) {
  const size_t stride = 64 * blocks_per_message;
  for (size_t i = 0; i + 16 <= count; i += 16) {
    __m512i st[8];
    for (int k = 0; k < 8; ++k) st[k] = _mm512_set1_epi32(static_cast<int>(start[k]));
    const uint8_t* base = data + i * stride;
    for (size_t b = 0; b < blocks_per_message; ++b) Avx512Block(st, base + 64 * b, stride);
    alignas(64) uint32_t words[8][16];
    for (int k = 0; k < 8; ++k) _mm512_store_si512(words[k], st[k]);
    for (size_t l = 0; l < 16; ++l) {
      for (int k = 0; k < 8; ++k) StoreBe32(out[i + l].data() + 4 * k, words[k][l]);
    }
  }
}
#pragma GCC diagnostic pop

// Building with -DSUNLIT_DRAW_PORTABLE_SHA256 disables both fast engines, so that the whole
// test suite can be run on the portable one.
bool DetectShaNi() {
#ifdef SUNLIT_DRAW_PORTABLE_SHA256
  return false;
#else
  // CPUID itself rather than __builtin_cpu_supports("sha"), which clang 14 (the fuzz build)
  // does not know: leaf 1 ECX bit 19 is SSE4.1, leaf 7 EBX bit 29 is SHA.
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  if (__get_cpuid(1, &eax, &ebx, &ecx, &edx) == 0 || (ecx & bit_SSE4_1) == 0) return false;
  if (__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx) == 0) return false;
  return (ebx & bit_SHA) != 0;
#endif
}

bool DetectAvx512() {
#ifdef SUNLIT_DRAW_PORTABLE_SHA256
  return false;
#endif
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw");
}

}  // namespace

bool HasAvx512() {
  static const bool has = DetectAvx512();
  return has;
}

void HashPaddedAvx512(const State& start, const uint8_t* data, size_t blocks_per_message,
                      size_t count, Digest* out) {
  HashPaddedAvx512Impl(start, data, blocks_per_message, count, out);
}

bool HasShaNi() {
  static const bool has = DetectShaNi();
  return has;
}

void CompressPortable(State& state, const uint8_t* data, size_t blocks) {
  uint32_t w[64];
  for (size_t b = 0; b < blocks; ++b, data += 64) {
    for (int i = 0; i < 16; ++i) w[i] = LoadBe32(data + 4 * i);
    for (int i = 16; i < 64; ++i) {
      const uint32_t s0 = Rotr(w[i - 15], 7) ^ Rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
      const uint32_t s1 = Rotr(w[i - 2], 17) ^ Rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
      w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = state[0], b2 = state[1], c = state[2], d = state[3];
    uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
    for (int i = 0; i < 64; ++i) {
      const uint32_t t1 =
          h + (Rotr(e, 6) ^ Rotr(e, 11) ^ Rotr(e, 25)) + ((e & f) ^ (~e & g)) + kK[i] + w[i];
      const uint32_t t2 =
          (Rotr(a, 2) ^ Rotr(a, 13) ^ Rotr(a, 22)) + ((a & b2) ^ (a & c) ^ (b2 & c));
      h = g;
      g = f;
      f = e;
      e = d + t1;
      d = c;
      c = b2;
      b2 = a;
      a = t1 + t2;
    }
    state[0] += a;
    state[1] += b2;
    state[2] += c;
    state[3] += d;
    state[4] += e;
    state[5] += f;
    state[6] += g;
    state[7] += h;
  }
}

SUNLIT_SHANI_TARGET void CompressShaNi(State& state, const uint8_t* data, size_t blocks) {
  ShaNiState s = ToShaNi(state);
  for (size_t b = 0; b < blocks; ++b, data += 64) ShaNiBlocks<1>(&s, &data);
  FromShaNi(s, state);
}

void Compress(State& state, const uint8_t* data, size_t blocks) {
  if (HasShaNi()) {
    CompressShaNi(state, data, blocks);
  } else {
    CompressPortable(state, data, blocks);
  }
}

Digest StateToDigest(const State& state) {
  Digest d;
  for (int i = 0; i < 8; ++i) StoreBe32(d.data() + 4 * i, state[i]);
  return d;
}

void PadSingleBlock(uint8_t* block, size_t len) {
  block[len] = 0x80;
  std::memset(block + len + 1, 0, 64 - 8 - (len + 1));
  const uint64_t bits = uint64_t{len} * 8;
  for (int i = 0; i < 8; ++i) block[56 + i] = static_cast<uint8_t>(bits >> (56 - 8 * i));
}

void PadTwoBlocks(uint8_t* blocks, size_t len) {
  blocks[len] = 0x80;
  std::memset(blocks + len + 1, 0, 128 - 8 - (len + 1));
  const uint64_t bits = uint64_t{len} * 8;
  for (int i = 0; i < 8; ++i) blocks[120 + i] = static_cast<uint8_t>(bits >> (56 - 8 * i));
}

void HashPadded(const State& start, const uint8_t* data, size_t blocks_per_message, size_t count,
                Digest* out) {
  if (count >= 16 && HasAvx512()) {
    const size_t wide = count / 16 * 16;
    HashPaddedAvx512Impl(start, data, blocks_per_message, wide, out);
    data += wide * 64 * blocks_per_message;
    count -= wide;
    out += wide;
  }
  if (HasShaNi()) {
    HashPaddedShaNi(start, data, blocks_per_message, count, out);
  } else {
    HashPaddedPortable(start, data, blocks_per_message, count, out);
  }
}

}  // namespace internal

void Sha256::Reset() {
  state_ = internal::kInitialState;
  buffered_ = 0;
  length_ = 0;
}

void Sha256::Update(const void* data, size_t size) {
  if (size == 0) return;
  const auto* p = static_cast<const uint8_t*>(data);
  length_ += size;
  if (buffered_ > 0) {
    const size_t take = std::min(size, 64 - buffered_);
    std::memcpy(buffer_.data() + buffered_, p, take);
    buffered_ += take;
    p += take;
    size -= take;
    if (buffered_ < 64) return;
    internal::Compress(state_, buffer_.data(), 1);
    buffered_ = 0;
  }
  const size_t whole = size / 64;
  if (whole > 0) internal::Compress(state_, p, whole);
  p += whole * 64;
  size -= whole * 64;
  if (size > 0) std::memcpy(buffer_.data(), p, size);
  buffered_ = size;
}

Digest Sha256::Finish() {
  const uint64_t bits = length_ * 8;
  buffer_[buffered_++] = 0x80;
  if (buffered_ > 56) {
    std::memset(buffer_.data() + buffered_, 0, 64 - buffered_);
    internal::Compress(state_, buffer_.data(), 1);
    buffered_ = 0;
  }
  std::memset(buffer_.data() + buffered_, 0, 56 - buffered_);
  for (int i = 0; i < 8; ++i) buffer_[56 + i] = static_cast<uint8_t>(bits >> (56 - 8 * i));
  internal::Compress(state_, buffer_.data(), 1);
  const Digest d = internal::StateToDigest(state_);
  Reset();
  return d;
}

Digest Sha256Of(const void* data, size_t size) {
  if (size <= 55) {
    // One block: no streaming state, no second pass over the buffer.
    alignas(16) std::array<uint8_t, 64> block;
    if (size > 0) std::memcpy(block.data(), data, size);
    internal::PadSingleBlock(block.data(), size);
    Digest d;
    internal::HashPadded(internal::kInitialState, block.data(), 1, 1, &d);
    return d;
  }
  Sha256 h;
  h.Update(data, size);
  return h.Finish();
}

std::string ToHex(std::span<const uint8_t> bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string s(bytes.size() * 2, '0');
  for (size_t i = 0; i < bytes.size(); ++i) {
    s[2 * i] = kDigits[bytes[i] >> 4];
    s[2 * i + 1] = kDigits[bytes[i] & 0xF];
  }
  return s;
}

namespace {
int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace

bool ParseHex(std::string_view hex, std::span<uint8_t> out) {
  if (hex.size() != out.size() * 2) return false;
  for (size_t i = 0; i < out.size(); ++i) {
    const int hi = HexValue(hex[2 * i]);
    const int lo = HexValue(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    out[i] = static_cast<uint8_t>(hi * 16 + lo);
  }
  return true;
}

std::optional<Digest> ParseDigestHex(std::string_view hex) {
  Digest d;
  if (!ParseHex(hex, d)) return std::nullopt;
  return d;
}

}  // namespace sunlit::draw
