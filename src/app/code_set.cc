// The duplicate check's sorted runs (see code_set.h).
#include "app/code_set.h"

#include <algorithm>
#include <array>
#include <iterator>

#include "core/uscc.h"

namespace sunlit::app {

CodeSet::Key CodeSet::Key::Of(std::string_view code, int64_t row) {
  static const std::array<uint8_t, 256> kRank = [] {
    std::array<uint8_t, 256> rank{};
    for (size_t i = 0; i < core::kUsccAlphabet.size(); ++i) {
      rank[static_cast<unsigned char>(core::kUsccAlphabet[i])] = static_cast<uint8_t>(i);
    }
    return rank;
  }();
  uint64_t hi = 0;
  uint64_t lo = 0;
  for (size_t i = 0; i < 12; ++i) hi = (hi << 5) | kRank[static_cast<unsigned char>(code[i])];
  for (size_t i = 12; i < 18; ++i) lo = (lo << 5) | kRank[static_cast<unsigned char>(code[i])];
  return {hi, (lo << kRowBits) | static_cast<uint64_t>(row)};
}

std::string CodeSet::Key::Code() const {
  std::string c(18, '\0');
  uint64_t h = hi;
  uint64_t l = lo >> kRowBits;
  for (size_t i = 18; i-- > 12; l >>= 5) c[i] = core::kUsccAlphabet[l & 31];
  for (size_t i = 12; i-- > 0; h >>= 5) c[i] = core::kUsccAlphabet[h & 31];
  return c;
}

void CodeSet::Add(std::string_view code, int64_t row) {
  keys_.push_back(Key::Of(code, row));
  if (keys_.size() - (runs_.empty() ? 0 : runs_.back()) == block_) SealBlock(false);
}

void CodeSet::ForEachDuplicate(
    const std::function<void(int64_t row, const std::string& code, int64_t first_row)>& report) {
  SealBlock(true);
  for (size_t i = 1, first = 0; i < keys_.size(); ++i) {
    if (!keys_[i].SameCode(keys_[first])) {
      first = i;
      continue;
    }
    report(keys_[i].row(), keys_[i].Code(), keys_[first].row());
  }
  std::vector<Key>().swap(keys_);
  std::vector<Key>().swap(buffer_);
  runs_.clear();
}

void CodeSet::SealBlock(bool all) {
  const auto at = [this](size_t i) { return keys_.begin() + static_cast<std::ptrdiff_t>(i); };
  const size_t start = runs_.empty() ? 0 : runs_.back();
  if (start < keys_.size()) {
    std::sort(at(start), keys_.end());
    runs_.push_back(keys_.size());
  }
  while (runs_.size() >= 2) {
    const size_t n = runs_.size();
    const size_t from = n >= 3 ? runs_[n - 3] : 0;
    const size_t middle = runs_[n - 2];
    const size_t end = runs_[n - 1];
    if (!all && end - middle < middle - from) break;
    // The newer (shorter) run goes to a buffer kept from merge to merge (a fresh one each
    // time costs page faults on every merge), and the two runs merge from the back.
    buffer_.assign(at(middle), at(end));
    std::merge(std::make_reverse_iterator(at(middle)), std::make_reverse_iterator(at(from)),
               buffer_.rbegin(), buffer_.rend(), std::make_reverse_iterator(at(end)),
               [](const Key& a, const Key& b) { return b < a; });
    runs_.pop_back();
    runs_.back() = end;
  }
}

}  // namespace sunlit::app
