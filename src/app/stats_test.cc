// Statistics on a known fixture: every figure of every grouping is pinned, scope is
// enforced, and the CSV/XLSX exports read back with the same numbers.
#include "app/stats.h"

#include <gtest/gtest.h>

#include <map>

#include "app/results_fixture.h"
#include "app/review.h"
#include "io/table_reader.h"

namespace sunlit::app {
namespace {

using testing::MakeCaller;
using testing::ResultsFixture;

core::CheckResult Record(std::string_view category) {
  core::CheckResult r;
  r.checked_on = *core::Date::Parse("2026-09-28");
  r.methods = {core::CheckMethod::kOnSite};
  r.category_code = std::string(category);
  r.items = {{"SCJG", "SCJG-001", "", true, "", ""}};
  if (category == "unreachable") {
    r.follow_up = core::FollowUp::kAbnormalList;
    r.items[0].problems = "无法联系";
  } else if (category == "corrected") {
    r.items[0].problems = "未亮照";
    r.items[0].action = "当场改正";
  }
  return r;
}

struct Figures {
  int64_t to_check, entered, reviewed, published, problems, on_time;
};

void ExpectRow(const StatsRow& row, const Figures& f) {
  EXPECT_EQ(row.to_check, f.to_check) << row.key;
  EXPECT_EQ(row.entered, f.entered) << row.key;
  EXPECT_EQ(row.reviewed, f.reviewed) << row.key;
  EXPECT_EQ(row.published, f.published) << row.key;
  EXPECT_EQ(row.problems, f.problems) << row.key;
  EXPECT_EQ(row.on_time, f.on_time) << row.key;
}

std::map<std::string, StatsRow> ByKey(const StatsReport& r) {
  std::map<std::string, StatsRow> out;
  for (const StatsRow& row : r.rows) out[row.key] = row;
  return out;
}

class StatsTest : public ResultsFixture {
 protected:
  // Task A (SCJG lead, XF partner): c1 published on time (no problem), c2 entered
  // (corrected: a problem), c3 reviewed (unreachable: a problem), c4 assigned, c5
  // cancelled. Task B (JY): c6 published late (no problem).
  void SetUp() override {
    ResultsFixture::SetUp();
    const int64_t a = AddTask("XT-2026-0001", "SCJG", false, "2026-09-01", "2026-11-30", "assigned",
                              R"(["SCJG","XF"])");
    const int64_t b = AddTask("XT-2026-0002", "JY", false, "2026-09-01", "2026-11-30");
    const int64_t c1 = AddCheck(a, 1, {{"I-001", "SCJG"}, {"I-101", "XF"}});
    const int64_t c2 = AddCheck(a, 2, {{"I-001", "SCJG"}});
    const int64_t c3 = AddCheck(a, 3, {{"I-002", "SCJG"}});
    AddCheck(a, 4, {{"I-002", "SCJG"}});
    AddCheck(a, 5, {{"I-002", "SCJG"}}, "cancelled");
    const int64_t c6 = AddCheck(b, 6, {{"I-201", "JY"}});
    const Caller jy_inspector =
        MakeCaller("insp_jy", "JY", "I-201", {{perm::kCheckEnter, Scope::kOwn}});

    auto enter = [&](const Caller& who, int64_t id, std::string_view category) {
      EnterResultRequest req;
      req.check_id = id;
      req.version = 1;
      req.result = Record(category);
      auto v = EnterResult(*s_, who, req);
      EXPECT_TRUE(v.ok()) << v.status().ToString();
      return v.ok() ? v->version : 0;
    };
    auto approve = [&](const Caller& who, int64_t id, int64_t v) {
      auto r = Approve(*s_, who, {id, v, ""});
      EXPECT_TRUE(r.ok()) << r.status().ToString();
      return r.ok() ? r->version : 0;
    };
    const int64_t v1 = approve(reviewer_, c1, enter(inspector_a_, c1, "no_problem"));
    enter(inspector_a_, c2, "corrected");
    approve(reviewer_, c3, enter(inspector_b_, c3, "unreachable"));
    const int64_t v6 = approve(other_reviewer_, c6, enter(jy_inspector, c6, "no_problem"));
    clock_.SetDay("2026-10-09");
    EXPECT_TRUE(Publish(*s_, reviewer_, {c1, v1}).ok());
    clock_.SetDay("2026-11-02");  // after the 30 October due day
    EXPECT_TRUE(Publish(*s_, other_reviewer_, {c6, v6}).ok());
  }

  const Caller everyone_ = MakeCaller("province", "", "", {{perm::kStatsRead, Scope::kAll}});
};

TEST_F(StatsTest, ByDepartment) {
  auto r = ComputeStats(*s_, everyone_, {2026, StatsGroup::kDepartment, 3});
  RESULTS_ASSERT_OK(r);
  ExpectRow(r->total, {5, 4, 3, 2, 2, 1});
  EXPECT_DOUBLE_EQ(*r->total.completion_rate(), 0.4);
  EXPECT_DOUBLE_EQ(*r->total.problem_rate(), 0.5);
  EXPECT_DOUBLE_EQ(*r->total.timeliness_rate(), 0.5);
  auto rows = ByKey(*r);
  ASSERT_EQ(rows.size(), 3u);
  ExpectRow(rows["SCJG"], {4, 3, 2, 1, 2, 1});
  EXPECT_EQ(rows["SCJG"].name, "湘潭市市场监督管理局");
  ExpectRow(rows["XF"], {4, 3, 2, 1, 2, 1});  // partner of task A: counted for it too
  ExpectRow(rows["JY"], {1, 1, 1, 1, 0, 0});
  EXPECT_DOUBLE_EQ(*rows["JY"].timeliness_rate(), 0.0);
}

TEST_F(StatsTest, ByRegionTaskAndInspector) {
  auto region = ComputeStats(*s_, everyone_, {2026, StatsGroup::kRegion, 3});
  RESULTS_ASSERT_OK(region);
  auto rows = ByKey(*region);
  ASSERT_EQ(rows.size(), 2u);
  ExpectRow(rows["430302"], {3, 2, 1, 1, 1, 0});  // c2, c4, c6
  ExpectRow(rows["430304"], {2, 2, 2, 1, 1, 1});  // c1, c3
  EXPECT_EQ(rows["430302"].name, "雨湖区");
  auto city = ComputeStats(*s_, everyone_, {2026, StatsGroup::kRegion, 2});
  RESULTS_ASSERT_OK(city);
  ASSERT_EQ(city->rows.size(), 1u);
  EXPECT_EQ(city->rows[0].key, "430300");
  EXPECT_EQ(city->rows[0].name, "湘潭市");
  ExpectRow(city->rows[0], {5, 4, 3, 2, 2, 1});

  auto task = ComputeStats(*s_, everyone_, {2026, StatsGroup::kTask, 3});
  RESULTS_ASSERT_OK(task);
  rows = ByKey(*task);
  ExpectRow(rows["XT-2026-0001"], {4, 3, 2, 1, 2, 1});
  ExpectRow(rows["XT-2026-0002"], {1, 1, 1, 1, 0, 0});
  EXPECT_EQ(rows["XT-2026-0001"].name, "2026年第1批抽查");

  auto workload = ComputeStats(*s_, everyone_, {2026, StatsGroup::kInspector, 3});
  RESULTS_ASSERT_OK(workload);
  rows = ByKey(*workload);
  ASSERT_EQ(rows.size(), 4u);
  ExpectRow(rows["I-001"], {2, 2, 1, 1, 1, 1});
  ExpectRow(rows["I-002"], {2, 1, 1, 0, 1, 0});  // c3, c4 (c5 cancelled)
  ExpectRow(rows["I-101"], {1, 1, 1, 1, 0, 1});
  ExpectRow(rows["I-201"], {1, 1, 1, 1, 0, 0});

  auto empty = ComputeStats(*s_, everyone_, {2025, StatsGroup::kTask, 3});
  RESULTS_ASSERT_OK(empty);
  EXPECT_TRUE(empty->rows.empty());
  EXPECT_FALSE(empty->total.completion_rate().has_value());
}

TEST_F(StatsTest, ScopeAndPermission) {
  auto own = ComputeStats(*s_, reviewer_, {2026, StatsGroup::kDepartment, 3});
  RESULTS_ASSERT_OK(own);
  ASSERT_EQ(own->rows.size(), 1u);
  EXPECT_EQ(own->rows[0].key, "SCJG");
  ExpectRow(own->total, {4, 3, 2, 1, 2, 1});
  RESULTS_EXPECT_CODE(ComputeStats(*s_, inspector_a_, {2026, StatsGroup::kTask, 3}),
                      StatusCode::kPermissionDenied);
  RESULTS_EXPECT_CODE(ComputeStats(*s_, Caller::Anonymous(), {2026, StatsGroup::kTask, 3}),
                      StatusCode::kUnauthenticated);
  RESULTS_EXPECT_CODE(ComputeStats(*s_, everyone_, {2026, StatsGroup::kRegion, 4}),
                      StatusCode::kInvalidArgument);
  RESULTS_EXPECT_CODE(ComputeStats(*s_, everyone_, {1999, StatsGroup::kRegion, 3}),
                      StatusCode::kInvalidArgument);
}

TEST_F(StatsTest, ExportsReadBack) {
  auto r = ComputeStats(*s_, everyone_, {2026, StatsGroup::kDepartment, 3});
  RESULTS_ASSERT_OK(r);
  for (const io::WriteFormat format : {io::WriteFormat::kCsv, io::WriteFormat::kXlsx}) {
    const std::string path =
        dir_ + (format == io::WriteFormat::kCsv ? "/stats.csv" : "/stats.xlsx");
    RESULTS_ASSERT_OK(WriteStats(*r, path, format));
    auto t = io::OpenTable(path);
    RESULTS_ASSERT_OK(t);
    const std::vector<std::string>& h = (*t)->header();
    ASSERT_EQ(h.size(), 11u);
    EXPECT_EQ(h[0], "部门代码");
    EXPECT_EQ(h[6], "完成率");
    std::vector<std::vector<std::string>> rows;
    io::Record rec;
    while (true) {
      auto more = (*t)->Next(&rec);
      RESULTS_ASSERT_OK(more);
      if (!*more) break;
      rows.emplace_back(rec.fields.begin(), rec.fields.end());
    }
    ASSERT_EQ(rows.size(), 4u);  // JY, SCJG, XF, total
    EXPECT_EQ(rows[1][0], "SCJG");
    EXPECT_EQ(rows[1][2], "4");
    EXPECT_EQ(rows[1][6], "25.00%");
    EXPECT_EQ(rows[1][8], "66.67%");
    EXPECT_EQ(rows[3][1], "合计");
    EXPECT_EQ(rows[3][6], "40.00%");
  }
}

}  // namespace
}  // namespace sunlit::app
