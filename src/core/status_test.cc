// Tests for Status, Result<T> and the early-return macros.
#include "core/status.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "core/result.h"

namespace sunlit {
namespace {

TEST(StatusTest, OkAndError) {
  const Status ok;
  EXPECT_TRUE(ok.ok());
  EXPECT_EQ(ok.code(), StatusCode::kOk);
  EXPECT_EQ(ok.ToString(), "ok");
  EXPECT_TRUE(Status::Ok().ok());

  const Status e = InvalidArgument("bad code", "row 12 of upload 7");
  EXPECT_FALSE(e.ok());
  EXPECT_EQ(e.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(e.message(), "bad code");
  EXPECT_EQ(e.detail(), "row 12 of upload 7");
  // The detail is for logs only: never part of the user-facing string.
  EXPECT_EQ(e.ToString(), "invalid_argument: bad code");
}

TEST(StatusTest, HelpersAndNames) {
  struct Case {
    Status status;
    StatusCode code;
    std::string name;
  };
  const std::vector<Case> cases = {
      {InvalidArgument("m"), StatusCode::kInvalidArgument, "invalid_argument"},
      {NotFound("m"), StatusCode::kNotFound, "not_found"},
      {AlreadyExists("m"), StatusCode::kAlreadyExists, "already_exists"},
      {FailedPrecondition("m"), StatusCode::kFailedPrecondition, "failed_precondition"},
      {OutOfRange("m"), StatusCode::kOutOfRange, "out_of_range"},
      {Aborted("m"), StatusCode::kAborted, "aborted"},
      {Unavailable("m"), StatusCode::kUnavailable, "unavailable"},
      {DataLoss("m"), StatusCode::kDataLoss, "data_loss"},
      {ResourceExhausted("m"), StatusCode::kResourceExhausted, "resource_exhausted"},
      {Internal("m"), StatusCode::kInternal, "internal"},
      {Status(StatusCode::kPermissionDenied, "m"), StatusCode::kPermissionDenied,
       "permission_denied"},
      {Status(StatusCode::kUnauthenticated, "m"), StatusCode::kUnauthenticated, "unauthenticated"},
      {Status(StatusCode::kUnimplemented, "m"), StatusCode::kUnimplemented, "unimplemented"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(c.status.code(), c.code);
    EXPECT_EQ(StatusCodeName(c.code), c.name);
    EXPECT_EQ(c.status.ToString(), c.name + ": m");
  }
  EXPECT_EQ(StatusCodeName(StatusCode::kOk), "ok");
}

Result<int> Half(int x) {
  if (x % 2 != 0) return InvalidArgument("odd");
  return x / 2;
}

Result<int> Quarter(int x) {
  SUNLIT_ASSIGN_OR_RETURN(const int h, Half(x));
  SUNLIT_ASSIGN_OR_RETURN(const int q, Half(h));
  return q;
}

Status CheckEven(int x) {
  SUNLIT_RETURN_IF_ERROR(Half(x).status());
  return Status::Ok();
}

TEST(ResultTest, ValueOrError) {
  const Result<int> v = Half(8);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(*v, 4);
  EXPECT_TRUE(v.status().ok());
  const Result<int> e = Half(3);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().message(), "odd");

  EXPECT_EQ(*Quarter(12), 3);
  EXPECT_EQ(Quarter(6).status().code(), StatusCode::kInvalidArgument);  // fails on second step
  EXPECT_EQ(Quarter(5).status().message(), "odd");
  EXPECT_TRUE(CheckEven(2).ok());
  EXPECT_EQ(CheckEven(1).message(), "odd");
}

TEST(ResultTest, MoveOnlyValues) {
  Result<std::unique_ptr<int>> r = std::make_unique<int>(7);
  ASSERT_TRUE(r.ok());
  const std::unique_ptr<int> p = std::move(r).value();
  EXPECT_EQ(*p, 7);
  Result<std::string> s = std::string("abc");
  s->append("d");
  EXPECT_EQ(*s, "abcd");
}

}  // namespace
}  // namespace sunlit
