// MD5 (RFC 1321), only for the RFC 3797 selection mode, which the standard defines with MD5.
// Not for any security purpose: MD5 is broken for collision resistance.
//
// Thread safety: the free function is thread-safe; an Md5 object is not.
#ifndef SUNLIT_DRAW_MD5_H_
#define SUNLIT_DRAW_MD5_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace sunlit::draw {

using Md5Digest = std::array<uint8_t, 16>;

class Md5 {
 public:
  Md5() { Reset(); }
  // Appends `size` bytes at `data`. `data` may be null when size == 0.
  void Update(const void* data, size_t size);
  void Update(std::string_view data) { Update(data.data(), data.size()); }
  // The digest of everything appended since construction or the last Finish; resets.
  Md5Digest Finish();
  void Reset();

 private:
  void Compress(const uint8_t* block);

  std::array<uint32_t, 4> state_;
  std::array<uint8_t, 64> buffer_;
  size_t buffered_ = 0;
  uint64_t length_ = 0;
};

Md5Digest Md5Of(const void* data, size_t size);
inline Md5Digest Md5Of(std::string_view data) { return Md5Of(data.data(), data.size()); }

}  // namespace sunlit::draw

#endif  // SUNLIT_DRAW_MD5_H_
