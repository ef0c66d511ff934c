// Result<T>: a value or a non-OK Status (g++ 12 has no std::expected in C++20).
#ifndef SUNLIT_CORE_RESULT_H_
#define SUNLIT_CORE_RESULT_H_

#include <cassert>
#include <optional>
#include <utility>

#include "core/status.h"

namespace sunlit {

template <typename T>
class [[nodiscard]] Result {
 public:
  // Implicit on purpose: `return value;` and `return InvalidArgument(...);` both work.
  Result(T value) : value_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  // REQUIRES: !status.ok().
  Result(Status status) : status_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    assert(!status_.ok());
    if (status_.ok()) status_ = Status(StatusCode::kInternal, "internal error", "Result(ok)");
  }

  bool ok() const { return value_.has_value(); }
  // The error; OK when a value is held.
  const Status& status() const { return status_; }

  // REQUIRES: ok().
  const T& value() const& { assert(ok()); return *value_; }
  T& value() & { assert(ok()); return *value_; }
  T&& value() && { assert(ok()); return std::move(*value_); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace sunlit

#define SUNLIT_CONCAT_INNER_(a, b) a##b
#define SUNLIT_CONCAT_(a, b) SUNLIT_CONCAT_INNER_(a, b)
// SUNLIT_ASSIGN_OR_RETURN(auto x, Fallible()); returns the status on error.
#define SUNLIT_ASSIGN_OR_RETURN(lhs, expr) \
  SUNLIT_ASSIGN_OR_RETURN_IMPL_(SUNLIT_CONCAT_(sunlit_result_, __LINE__), lhs, expr)
#define SUNLIT_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                  \
  if (!tmp.ok()) return tmp.status();                 \
  lhs = std::move(tmp).value()

#endif  // SUNLIT_CORE_RESULT_H_
