// The pool preview counts what a freeze would put in the pool: the same size, strata and
// exclusions as the frozen pool of the same scope, with nothing written or logged.
#include "app/pool_preview.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include "app/workflow_test_support.h"
#include "core/directory.h"
#include "store/test_backend.h"

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

// One scope filter of the wizard's scope step, the same filter as SQL over the entities table
// (tags are stored comma-joined and sorted, '' for none; risk "" is unclassified), and as a
// predicate over the store's rows.
struct ScopeCase {
  std::string name;
  PoolScope scope;
  std::string sql_where;
  std::function<bool(const core::Entity&)> keep;
};

bool HasAnyTag(const core::Entity& e, const std::vector<std::string>& tags) {
  return std::any_of(tags.begin(), tags.end(), [&](const std::string& t) {
    return std::find(e.tags.begin(), e.tags.end(), t) != e.tags.end();
  });
}

std::vector<ScopeCase> ScopeCases() {
  using core::RegistrationStatus;
  using core::RiskClass;
  const auto in_4303 = [](const core::Entity& e) { return e.region / 100 == 4303; };
  std::vector<ScopeCase> cases;
  {
    ScopeCase c{"statuses suspended+revoked", {}, "", nullptr};
    c.scope.region_prefixes = {"4303"};
    c.scope.statuses = {RegistrationStatus::kSuspended, RegistrationStatus::kRevoked};
    c.sql_where = "status IN ('suspended', 'revoked')";
    c.keep = [=](const core::Entity& e) {
      return in_4303(e) && (e.status == RegistrationStatus::kSuspended ||
                            e.status == RegistrationStatus::kRevoked);
    };
    cases.push_back(c);
  }
  {
    ScopeCase c{"risks C+D+unclassified", {}, "", nullptr};
    c.scope.region_prefixes = {"4303"};
    c.scope.risks = {RiskClass::kC, RiskClass::kD, RiskClass::kNone};
    c.sql_where = "status = 'active' AND risk IN ('C', 'D', '')";
    c.keep = [=](const core::Entity& e) {
      return in_4303(e) && e.status == RegistrationStatus::kActive &&
             (e.risk == RiskClass::kC || e.risk == RiskClass::kD || e.risk == RiskClass::kNone);
    };
    cases.push_back(c);
  }
  {
    ScopeCase c{"tags catering|food_retail", {}, "", nullptr};
    c.scope.region_prefixes = {"4303"};
    c.scope.tags_any = {"catering", "food_retail"};
    c.sql_where =
        "status = 'active' AND (',' || tags || ',' LIKE '%,catering,%' OR ',' || tags || ',' "
        "LIKE '%,food_retail,%')";
    c.keep = [=](const core::Entity& e) {
      return in_4303(e) && e.status == RegistrationStatus::kActive &&
             HasAnyTag(e, {"catering", "food_retail"});
    };
    cases.push_back(c);
  }
  {
    ScopeCase c{"雨湖区, active or suspended, A/B, catering, enterprises", {}, "", nullptr};
    c.scope.region_prefixes = {"430302"};
    c.scope.types = {core::EntityType::kEnterprise, core::EntityType::kIndividual};
    c.scope.statuses = {RegistrationStatus::kActive, RegistrationStatus::kSuspended};
    c.scope.risks = {RiskClass::kA, RiskClass::kB};
    c.scope.tags_any = {"catering"};
    c.sql_where =
        "region = 430302 AND type IN ('enterprise', 'individual') AND "
        "status IN ('active', 'suspended') AND risk IN ('A', 'B') AND ',' || tags || ',' LIKE "
        "'%,catering,%'";
    c.keep = [](const core::Entity& e) {
      return e.region == 430302 &&
             (e.type == core::EntityType::kEnterprise ||
              e.type == core::EntityType::kIndividual) &&
             (e.status == RegistrationStatus::kActive ||
              e.status == RegistrationStatus::kSuspended) &&
             (e.risk == RiskClass::kA || e.risk == RiskClass::kB) && HasAnyTag(e, {"catering"});
    };
    cases.push_back(c);
  }
  {
    ScopeCase c{"a tag the directory has never seen", {}, "", nullptr};
    c.scope.region_prefixes = {"4303"};
    c.scope.tags_any = {"no_such_tag"};
    c.sql_where = "0";
    c.keep = [](const core::Entity&) { return false; };
    cases.push_back(c);
  }
  return cases;
}

// Every filter of the scope step narrows the pool to exactly what a count over the stored
// directory says: by SQL on the SQLite file, and by a scan of the store on any backend. The
// filters come back in the preview's list of known tags, and a freeze of the combined scope
// builds a pool of the previewed size and logs the filter in pool_frozen.
TEST_F(PoolPreviewTest, ScopeFiltersNarrowThePoolAsTheDirectoryCountSays) {
  const Caller lead = Lead();
  std::vector<core::Entity> rows;
  {
    auto tx = s().store->BeginRead();
    WF_ASSERT_OK(tx);
    WF_ASSERT_OK((*tx)->ScanEntities([&](const core::Entity& e) {
      rows.push_back(e);
      return true;
    }));
  }
  ASSERT_EQ(rows.size(), 3000u);
  sqlite3* db = nullptr;
  if (!store::testing::TestBackendIsPostgres()) {
    ASSERT_EQ(sqlite3_open_v2((dir_ + "/t.db").c_str(), &db, SQLITE_OPEN_READONLY, nullptr),
              SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
  }
  const auto sql_count = [&](const std::string& where) -> int64_t {
    const std::string sql = "SELECT count(*) FROM entities WHERE CAST(region AS TEXT) LIKE "
                            "'4303%' AND (" + where + ")";
    sqlite3_stmt* st = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr), SQLITE_OK) << sql;
    EXPECT_EQ(sqlite3_step(st), SQLITE_ROW) << sql;
    const int64_t n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
  };

  Result<PoolPreview> everything = [&] {
    PoolPreviewRequest r;
    r.scope.region_prefixes = {"4303"};
    return PreviewPool(s(), lead, r);
  }();
  WF_ASSERT_OK(everything);
  EXPECT_NE(std::find(everything->tags.begin(), everything->tags.end(), "catering"),
            everything->tags.end());
  EXPECT_TRUE(std::is_sorted(everything->tags.begin(), everything->tags.end()));

  for (const ScopeCase& c : ScopeCases()) {
    SCOPED_TRACE(c.name);
    PoolPreviewRequest r;
    r.scope = c.scope;
    r.stratify = index::Stratify::kRiskClass;
    Result<PoolPreview> p = PreviewPool(s(), lead, r);
    WF_ASSERT_OK(p);
    const auto want = static_cast<int64_t>(std::count_if(rows.begin(), rows.end(), c.keep));
    EXPECT_EQ(p->size, want);
    if (db != nullptr) {
      EXPECT_EQ(p->size, sql_count(c.sql_where));
    }
    if (c.name != "a tag the directory has never seen") {
      EXPECT_GT(p->size, 0) << "the generated directory should have such entities";
      EXPECT_LT(p->size, everything->size + 1);
    }
  }
  if (db != nullptr) sqlite3_close(db);

  // The combined scope, frozen: the same size, and the filter logged as given.
  TaskDraft draft = RandomDraft();
  draft.scope = ScopeCases()[3].scope;
  draft.quotas = {{"A", draw::Quota::Kind::kCount, 1}, {"B", draw::Quota::Kind::kCount, 1}};
  PoolPreviewRequest r = RequestOf(draft);
  Result<PoolPreview> before = PreviewPool(s(), lead, r);
  WF_ASSERT_OK(before);
  auto t = CreateTask(s(), lead, draft);
  WF_ASSERT_OK(t);
  auto frozen = FreezeTask(s(), lead, t->number, Sources());
  WF_ASSERT_OK(frozen);
  EXPECT_EQ(static_cast<int64_t>(frozen->pool.pool_size), before->size);
  const std::vector<ledger::StoredEvent> events = Events("pool_frozen");
  ASSERT_FALSE(events.empty());
  const std::string& body = events.back().event.body;
  EXPECT_NE(body.find("\"statuses\":[\"active\",\"suspended\"]"), std::string::npos) << body;
  EXPECT_NE(body.find("\"risks\":[\"A\",\"B\"]"), std::string::npos) << body;
  EXPECT_NE(body.find("\"tags_any\":[\"catering\"]"), std::string::npos) << body;
  EXPECT_NE(body.find("\"types\":[\"enterprise\",\"individual\"]"), std::string::npos) << body;
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
