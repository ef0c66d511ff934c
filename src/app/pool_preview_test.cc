// The pool preview counts what a freeze would put in the pool: the same size, strata and
// exclusions as the frozen pool of the same scope, with nothing written or logged.
#include "app/pool_preview.h"

#include <gtest/gtest.h>

#include "app/workflow_test_support.h"

namespace sunlit::app::testing {
namespace {

class PoolPreviewTest : public WorkflowTest {
 protected:
  static PoolPreviewRequest RequestOf(const TaskDraft& d) {
    PoolPreviewRequest r;
    r.scope = d.scope;
    r.stratify = d.stratify;
    r.cooldown_days = d.cooldown_days;
    r.annual_cap = d.annual_cap;
    r.exclude_codes = d.exclude_codes;
    return r;
  }
};

TEST_F(PoolPreviewTest, CountsWhatTheFreezeThenPutsInThePool) {
  const Caller lead = Lead();
  TaskDraft draft = RandomDraft();
  Result<PoolPreview> before = PreviewPool(s(), lead, RequestOf(draft));
  WF_ASSERT_OK(before);
  EXPECT_GT(before->size, 100);
  EXPECT_EQ(before->directory_size, 3000);
  EXPECT_EQ(before->as_of, "2026-01-05");
  int64_t sum = 0;
  for (const auto& [label, n] : before->strata) {
    EXPECT_TRUE(label == "A" || label == "B" || label == "C" || label == "D" || label == "U")
        << label;
    sum += n;
  }
  EXPECT_EQ(sum, before->size);
  const size_t events = Events("pool_frozen").size();

  auto t = CreateTask(s(), lead, draft);
  WF_ASSERT_OK(t);
  auto frozen = FreezeTask(s(), lead, t->number, Sources());
  WF_ASSERT_OK(frozen);
  EXPECT_EQ(static_cast<int64_t>(frozen->pool.pool_size), before->size);
  ASSERT_EQ(frozen->pool.strata.size(), before->strata.size());
  for (size_t i = 0; i < before->strata.size(); ++i) {
    EXPECT_EQ(frozen->pool.strata[i].label, before->strata[i].first);
    EXPECT_EQ(static_cast<int64_t>(frozen->pool.strata[i].size), before->strata[i].second);
  }
  // Previewing wrote nothing: the only pool_frozen event is the freeze's.
  EXPECT_EQ(Events("pool_frozen").size(), events + 1);
}

TEST_F(PoolPreviewTest, ExclusionsAreCountedByReason) {
  const Caller lead = Lead();
  TaskDraft first = RandomDraft();
  Result<DrawnTask> drawn = [&] {
    auto t = CreateTask(s(), lead, first);
    EXPECT_TRUE(t.ok());
    return FreezeAndDraw(t->number, lead);
  }();
  WF_ASSERT_OK(drawn);
  ASSERT_GT(drawn->checks, 0);

  PoolPreviewRequest r = RequestOf(first);
  Result<PoolPreview> open = PreviewPool(s(), lead, r);
  WF_ASSERT_OK(open);
  EXPECT_EQ(open->excluded.annual_cap, 0);
  r.annual_cap = true;
  Result<PoolPreview> capped = PreviewPool(s(), lead, r);
  WF_ASSERT_OK(capped);
  EXPECT_GE(capped->excluded.annual_cap, drawn->checks);
  EXPECT_EQ(capped->size + capped->excluded.annual_cap, open->size);

  // An explicit code of the pool is counted once under explicit_list.
  auto checks = ListChecks(s(), lead, drawn->task.number);
  WF_ASSERT_OK(checks);
  ASSERT_FALSE(checks->checks.empty());
  r.annual_cap = false;
  r.exclude_codes = {checks->checks.front().entity_code};
  Result<PoolPreview> named = PreviewPool(s(), lead, r);
  WF_ASSERT_OK(named);
  EXPECT_EQ(named->excluded.explicit_list, 1);
  EXPECT_EQ(named->size, open->size - 1);
}

TEST_F(PoolPreviewTest, RefusesBadInputAndCallersWithoutTaskWrite) {
  PoolPreviewRequest r;
  r.scope.region_prefixes = {"999999"};
  WF_EXPECT_ERROR(PreviewPool(s(), Lead(), r), StatusCode::kInvalidArgument, "");
  r.scope.region_prefixes = {"4303"};
  r.exclude_codes = {"short"};
  WF_EXPECT_ERROR(PreviewPool(s(), Lead(), r), StatusCode::kInvalidArgument, "18 characters");
  r.exclude_codes.clear();
  r.cooldown_days = -1;
  WF_EXPECT_ERROR(PreviewPool(s(), Lead(), r), StatusCode::kInvalidArgument, "cool-down");
  r.cooldown_days = 0;
  WF_EXPECT_ERROR(PreviewPool(s(), StaffOf("SCJG", {perm::kTaskRead}), r),
                  StatusCode::kPermissionDenied, "");
  WF_EXPECT_ERROR(PreviewPool(s(), Caller::Anonymous(), r), StatusCode::kUnauthenticated, "");
}

}  // namespace
}  // namespace sunlit::app::testing
