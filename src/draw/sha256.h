// SHA-256 (FIPS 180-4): the only primitive a verifier of a Sunlit draw needs.
//
// Engines computing the same function, chosen at run time: the x86 SHA extensions (SHA-NI)
// when the CPU has them, else portable C++; batches of 16 or more messages (HashPadded) go
// through AVX-512, sixteen side by side, when present. All are checked against OpenSSL in
// the tests. Nothing here allocates on the heap except ToHex's result.
//
// Thread safety: all free functions are thread-safe; a Sha256 object is not.
#ifndef SUNLIT_DRAW_SHA256_H_
#define SUNLIT_DRAW_SHA256_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace sunlit::draw {

inline constexpr size_t kDigestSize = 32;
using Digest = std::array<uint8_t, kDigestSize>;

// Incremental hashing: any number of Update calls, then Finish.
class Sha256 {
 public:
  Sha256() { Reset(); }

  // Appends `size` bytes at `data` to the message. `data` may be null when size == 0.
  void Update(const void* data, size_t size);
  void Update(std::string_view data) { Update(data.data(), data.size()); }

  // Returns the digest of everything appended since construction or the last Finish, and
  // resets the object so that it can hash a new message.
  Digest Finish();

  // Forgets everything appended so far.
  void Reset();

 private:
  std::array<uint32_t, 8> state_;
  std::array<uint8_t, 64> buffer_;
  size_t buffered_ = 0;  // bytes in buffer_, < 64
  uint64_t length_ = 0;  // bytes appended in total
};

// One-shot digests.
Digest Sha256Of(const void* data, size_t size);
inline Digest Sha256Of(std::string_view data) { return Sha256Of(data.data(), data.size()); }

// Lower-case hexadecimal, two digits per byte.
std::string ToHex(std::span<const uint8_t> bytes);

// Strict parse of exactly 2 * out.size() hexadecimal digits (either case, nothing else: no
// prefix, spaces or sign) into `out`. Returns false, leaving `out` unspecified, otherwise.
[[nodiscard]] bool ParseHex(std::string_view hex, std::span<uint8_t> out);

// ParseHex into a digest: nullopt unless `hex` is exactly 64 hexadecimal digits.
std::optional<Digest> ParseDigestHex(std::string_view hex);

namespace internal {

// The chaining state, a..h.
using State = std::array<uint32_t, 8>;
inline constexpr State kInitialState = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                        0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};

// The compression function applied to `blocks` consecutive 64-byte blocks at `data`.
void CompressPortable(State& state, const uint8_t* data, size_t blocks);
// The same with SHA-NI. REQUIRES: HasShaNi().
void CompressShaNi(State& state, const uint8_t* data, size_t blocks);
// The engine chosen for this CPU (SHA-NI when present).
void Compress(State& state, const uint8_t* data, size_t blocks);

// True when the CPU has the SHA extensions (and SSE4.1, which every such CPU has).
bool HasShaNi();

// True when the CPU (and OS) support AVX-512 F and BW.
bool HasAvx512();
// Batch hashing (see HashPadded) of sixteen messages at a time with AVX-512.
// REQUIRES: HasAvx512(), count % 16 == 0.
void HashPaddedAvx512(const State& start, const uint8_t* data, size_t blocks_per_message,
                      size_t count, Digest* out);

// Writes `state` as the big-endian digest.
Digest StateToDigest(const State& state);

// Pads a message of `len` <= 55 bytes held at the start of the 64-byte `block` into a single
// final SHA-256 block, in place.
void PadSingleBlock(uint8_t* block, size_t len);
// Pads a message of 56 <= `len` <= 119 bytes held at the start of the 128-byte `blocks` into
// two final blocks, in place.
void PadTwoBlocks(uint8_t* blocks, size_t len);

// Batch hashing of already padded messages of `blocks_per_message` blocks each (>= 1),
// message i at data + i * 64 * blocks_per_message, digest i to out[i], each starting from
// `start` (kInitialState for a whole message). Groups of sixteen go through AVX-512 when
// present, the rest through SHA-NI with four messages interleaved to hide its latency (or the
// portable engine). The result does not depend on the engine.
void HashPadded(const State& start, const uint8_t* data, size_t blocks_per_message, size_t count,
                Digest* out);

}  // namespace internal
}  // namespace sunlit::draw

#endif  // SUNLIT_DRAW_SHA256_H_
