// CodeSet: the duplicate check of an entity import over every credit code of a
// multi-million-row file, in 16 bytes a code, with little left to do once the file is read.
//
// Codes are kept as sorted runs: each block of `block` codes is sorted as it fills, and two
// runs of the same length are merged, like the digits of a binary counter (a code is moved
// about log2(codes / block) times). The import calls Add on its parsing thread, in time in
// which that thread would otherwise wait for the writer; at the end only the last block, a
// few merges and one linear scan remain. (A whole-file sort at the end held up the commit
// by about a second per ten million rows, in 32 bytes a code.)
// Thread-safety: one thread at a time.
#ifndef SUNLIT_APP_CODE_SET_H_
#define SUNLIT_APP_CODE_SET_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace sunlit::app {

class CodeSet {
 public:
  static constexpr size_t kDefaultBlock = size_t{1} << 17;
  // Rows are kept in 34 bits.
  static constexpr int64_t kMaxRow = (int64_t{1} << 34) - 1;

  explicit CodeSet(size_t block = kDefaultBlock) : block_(block < 1 ? 1 : block) {}

  void Reserve(size_t n) { keys_.reserve(n); }
  // REQUIRES: core::IsValidUscc(code, true) (18 characters of core::kUsccAlphabet);
  // 0 <= row <= kMaxRow.
  void Add(std::string_view code, int64_t row);
  // Calls report(row, code, first_row) for each row whose code a row before it (first_row,
  // the first of them) has too, in code order, then row order. Then the set is empty and its
  // memory freed.
  void ForEachDuplicate(
      const std::function<void(int64_t row, const std::string& code, int64_t first_row)>& report);

 private:
  // The code's characters as 5-bit ranks in the alphabet, which is in byte order, so that
  // integer order is code order: characters 1-12 in `hi`, 13-18 in `lo` above the row.
  struct Key {
    uint64_t hi;
    uint64_t lo;

    static constexpr int kRowBits = 34;

    static Key Of(std::string_view code, int64_t row);
    int64_t row() const { return static_cast<int64_t>(lo & ((uint64_t{1} << kRowBits) - 1)); }
    bool SameCode(const Key& o) const {
      return hi == o.hi && (lo >> kRowBits) == (o.lo >> kRowBits);
    }
    std::string Code() const;
    friend bool operator<(const Key& a, const Key& b) {
      return a.hi != b.hi ? a.hi < b.hi : a.lo < b.lo;
    }
  };

  // Sorts the keys after the last run into a run of their own, then merges the last two
  // runs while the newer is at least as long as the one before (`all`: until one is left).
  void SealBlock(bool all);

  size_t block_;
  std::vector<Key> keys_;
  std::vector<size_t> runs_;  // where each sorted run ends; runs are longest first
  std::vector<Key> buffer_;   // for merging
};

}  // namespace sunlit::app

#endif  // SUNLIT_APP_CODE_SET_H_
