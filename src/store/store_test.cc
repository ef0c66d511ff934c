// The store conformance suite: every backend must pass these (instantiated per backend, e.g.
// in sqlite/sqlite_store_test.cc).
#include <algorithm>
#include <chrono>
#include <thread>
#include <vector>

#include "store/store_conformance.h"

namespace sunlit::store::testing {
namespace {

using core::Date;
using core::Entity;

#define STORE_ASSERT_OK(expr) ASSERT_TRUE(::sunlit::store::testing::IsOk(expr))
#define STORE_EXPECT_OK(expr) EXPECT_TRUE(::sunlit::store::testing::IsOk(expr))

Date D(std::string_view text) { return *Date::Parse(text); }

Entity FullEntity() {
  Entity e;
  e.code = "91430302MA4L12345X";
  e.name = "湘潭市雨湖区示例商贸有限公司";
  e.type = core::EntityType::kEnterprise;
  e.status = core::RegistrationStatus::kActive;
  e.region = 430302;
  e.industry = "5211";
  e.unit_code = "SCJG-430302-01";
  e.tags = {"food_production", "fuel_retail"};
  e.risk = core::RiskClass::kB;
  e.last_inspected = D("2024-05-06");
  e.address = "湖南省湘潭市雨湖区建设北路1号";
  return e;
}

void ExpectSameEntity(const Entity& want, const Entity& got) {
  EXPECT_EQ(want.code, got.code);
  EXPECT_EQ(want.name, got.name);
  EXPECT_EQ(want.type, got.type);
  EXPECT_EQ(want.status, got.status);
  EXPECT_EQ(want.region, got.region);
  EXPECT_EQ(want.industry, got.industry);
  EXPECT_EQ(want.unit_code, got.unit_code);
  EXPECT_EQ(want.tags, got.tags);
  EXPECT_EQ(want.risk, got.risk);
  EXPECT_EQ(want.last_inspected, got.last_inspected);
  EXPECT_EQ(want.address, got.address);
  EXPECT_GT(got.id, 0);
}

bool SameCounts(const UpsertCounts& c, int64_t created, int64_t updated, int64_t unchanged) {
  return c.created == created && c.updated == updated && c.unchanged == unchanged;
}

std::string CountsText(const UpsertCounts& c) {
  return std::to_string(c.created) + "/" + std::to_string(c.updated) + "/" +
         std::to_string(c.unchanged);
}

#define EXPECT_COUNTS(result, created, updated, unchanged)                        \
  do {                                                                            \
    const auto& r_ = (result);                                                    \
    ASSERT_TRUE(IsOk(r_));                                                        \
    EXPECT_TRUE(SameCounts(*r_, created, updated, unchanged)) << CountsText(*r_); \
  } while (0)

// Opens a write transaction, records a batch and returns both.
struct Tx {
  std::unique_ptr<Transaction> tx;
  int64_t batch = 0;
};

Tx BeginWithBatch(Store& store, std::string source = "entities.csv") {
  Tx t;
  Result<std::unique_ptr<Transaction>> tx = store.Begin();
  EXPECT_TRUE(IsOk(tx));
  if (!tx.ok()) return t;
  t.tx = std::move(tx).value();
  Result<int64_t> batch = t.tx->BeginBatch({"entities", std::move(source), "cli"});
  EXPECT_TRUE(IsOk(batch));
  if (batch.ok()) t.batch = *batch;
  return t;
}

Result<int64_t> CountCommitted(Store& store) {
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<Transaction> tx, store.BeginRead());
  return tx->CountEntities();
}

TEST_P(StoreConformanceTest, FreshStoreIsAtLatestVersionAndReopeningKeepsData) {
  std::unique_ptr<Store> store = MustOpen();
  ASSERT_NE(store, nullptr);
  const int version = store->SchemaVersion();
  EXPECT_GE(version, 1);
  EXPECT_FALSE(store->Describe().empty());
  {
    auto tx = store->Begin();
    STORE_ASSERT_OK(tx);
    const core::Department d{"SCJG", "湘潭市市场监督管理局", true};
    EXPECT_COUNTS((*tx)->UpsertDepartments({&d, 1}), 1, 0, 0);
    STORE_ASSERT_OK((*tx)->Commit());
  }
  store.reset();
  store = MustOpen();
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->SchemaVersion(), version);
  auto tx = store->BeginRead();
  STORE_ASSERT_OK(tx);
  auto departments = (*tx)->LoadDepartments();
  STORE_ASSERT_OK(departments);
  ASSERT_EQ(departments->size(), 1u);
  EXPECT_EQ((*departments)[0].code, "SCJG");
  EXPECT_TRUE((*departments)[0].market_supervision);
}

TEST_P(StoreConformanceTest, EntityRoundTripsEveryField) {
  std::unique_ptr<Store> store = MustOpen();
  ASSERT_NE(store, nullptr);
  Entity bare;
  bare.code = "92430302MA4L00001Y";
  bare.name = "个体户";
  bare.type = core::EntityType::kIndividual;
  bare.status = core::RegistrationStatus::kMovedOut;
  bare.region = 430304;
  bare.industry = "F";
  const std::vector<Entity> rows = {FullEntity(), bare};
  Tx t = BeginWithBatch(*store);
  ASSERT_NE(t.tx, nullptr);
  EXPECT_COUNTS(t.tx->UpsertEntities(rows, t.batch), 2, 0, 0);
  STORE_ASSERT_OK(t.tx->Commit());

  auto tx = store->BeginRead();
  STORE_ASSERT_OK(tx);
  for (const Entity& want : rows) {
    auto got = (*tx)->FindEntity(want.code);
    STORE_ASSERT_OK(got);
    ASSERT_TRUE(got->has_value()) << want.code;
    ExpectSameEntity(want, **got);
  }
  auto missing = (*tx)->FindEntity("91430302MA4L99999Z");
  STORE_ASSERT_OK(missing);
  EXPECT_FALSE(missing->has_value());
}

TEST_P(StoreConformanceTest, UpsertEntitiesCountsAndRecordsEachChangedField) {
  std::unique_ptr<Store> store = MustOpen();
  ASSERT_NE(store, nullptr);
  Entity a = SyntheticEntity(1), b = FullEntity(), c = SyntheticEntity(3);
  {
    Tx t = BeginWithBatch(*store, "first.csv");
    ASSERT_NE(t.tx, nullptr);
    const std::vector<Entity> rows = {a, b, c};
    EXPECT_COUNTS(t.tx->UpsertEntities(rows, t.batch), 3, 0, 0);
    STORE_ASSERT_OK(t.tx->Commit());
  }
  // Second import: a unchanged, b changed in every field, c changed in one field, d new.
  Entity b2 = b;
  b2.name = "湘潭市雨湖区示例商贸有限责任公司";
  b2.type = core::EntityType::kCooperative;
  b2.status = core::RegistrationStatus::kRevoked;
  b2.region = 430304;
  b2.industry = "5212";
  b2.unit_code = "";
  b2.tags = {"food_production"};
  b2.risk = core::RiskClass::kNone;
  b2.last_inspected = std::nullopt;
  b2.address = "湖南省湘潭市岳塘区1号";
  Entity c2 = c;
  c2.risk = core::RiskClass::kD;
  Entity d = SyntheticEntity(4);
  int64_t second_batch = 0;
  {
    Tx t = BeginWithBatch(*store, "second.csv");
    ASSERT_NE(t.tx, nullptr);
    second_batch = t.batch;
    const std::vector<Entity> rows = {d, c2, b2, a};
    EXPECT_COUNTS(t.tx->UpsertEntities(rows, t.batch), 1, 2, 1);
    STORE_ASSERT_OK(t.tx->Commit());
  }
  auto tx = store->BeginRead();
  STORE_ASSERT_OK(tx);
  auto history = (*tx)->EntityHistory(b.code);
  STORE_ASSERT_OK(history);
  struct Want {
    std::string field, old_value, new_value;
  };
  const std::vector<Want> want = {
      {"name", b.name, b2.name},
      {"type", "enterprise", "cooperative"},
      {"status", "active", "revoked"},
      {"region", "430302", "430304"},
      {"industry", "5211", "5212"},
      {"unit", "SCJG-430302-01", ""},
      {"tags", "food_production,fuel_retail", "food_production"},
      {"risk", "B", ""},
      {"last_inspected", "2024-05-06", ""},
      {"address", b.address, b2.address},
  };
  ASSERT_EQ(history->size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    const Change& got = (*history)[i];
    EXPECT_EQ(got.field, want[i].field);
    EXPECT_EQ(got.old_value, want[i].old_value) << got.field;
    EXPECT_EQ(got.new_value, want[i].new_value) << got.field;
    EXPECT_EQ(got.batch_id, second_batch);
    EXPECT_EQ(got.source, "second.csv");
    EXPECT_EQ(got.at.size(), 20u) << got.at;  // YYYY-MM-DDTHH:MM:SSZ
  }
  auto c_history = (*tx)->EntityHistory(c.code);
  STORE_ASSERT_OK(c_history);
  ASSERT_EQ(c_history->size(), 1u);
  EXPECT_EQ((*c_history)[0].field, "risk");
  EXPECT_EQ((*c_history)[0].old_value, std::string(core::WireName(c.risk)));
  EXPECT_EQ((*c_history)[0].new_value, "D");
  auto a_history = (*tx)->EntityHistory(a.code);
  STORE_ASSERT_OK(a_history);
  EXPECT_TRUE(a_history->empty());
  auto unknown = (*tx)->EntityHistory("nope");
  STORE_ASSERT_OK(unknown);
  EXPECT_TRUE(unknown->empty());
  auto found = (*tx)->FindEntity(b.code);
  STORE_ASSERT_OK(found);
  ASSERT_TRUE(found->has_value());
  ExpectSameEntity(b2, **found);
}

TEST_P(StoreConformanceTest, BatchTimeComesFromTheClock) {
  std::unique_ptr<Store> store = MustOpen();
  ASSERT_NE(store, nullptr);
  // The counting clock is shared with the store; the next value is one second after the
  // last one it handed out, so read it back through a change record.
  Tx t1 = BeginWithBatch(*store);
  ASSERT_NE(t1.tx, nullptr);
  Entity e = SyntheticEntity(7);
  EXPECT_COUNTS(t1.tx->UpsertEntities({&e, 1}, t1.batch), 1, 0, 0);
  STORE_ASSERT_OK(t1.tx->Commit());
  Tx t2 = BeginWithBatch(*store);
  ASSERT_NE(t2.tx, nullptr);
  EXPECT_GT(t2.batch, t1.batch);
  e.name = "新名称";
  EXPECT_COUNTS(t2.tx->UpsertEntities({&e, 1}, t2.batch), 0, 1, 0);
  const std::string next = clock_();  // the value after the batch's
  auto history = t2.tx->EntityHistory(e.code);
  STORE_ASSERT_OK(history);
  ASSERT_EQ(history->size(), 1u);
  EXPECT_LT((*history)[0].at, next);
  EXPECT_EQ((*history)[0].at.substr(0, 11), "2025-03-01T");
  EXPECT_EQ((*history)[0].at.back(), 'Z');
  STORE_ASSERT_OK(t2.tx->Commit());
}

TEST_P(StoreConformanceTest, BulkImportThenReimport) {
  std::unique_ptr<Store> store = MustOpen();
  ASSERT_NE(store, nullptr);
  constexpr uint64_t kRows = 2500;
  // A scrambled order: 7919 is coprime with 2500.
  const auto nth = [](uint64_t i) { return i * 7919 % kRows; };
  {
    Tx t = BeginWithBatch(*store);
    ASSERT_NE(t.tx, nullptr);
    for (uint64_t start = 0; start < kRows; start += 1000) {
      std::vector<Entity> chunk;
      for (uint64_t i = start; i < std::min(kRows, start + 1000); ++i) {
        chunk.push_back(SyntheticEntity(nth(i)));
      }
      EXPECT_COUNTS(t.tx->UpsertEntities(chunk, t.batch), static_cast<int64_t>(chunk.size()), 0, 0);
    }
    // Reads inside the importing transaction see the rows.
    auto found = t.tx->FindEntity(SyntheticCode(1234));
    STORE_ASSERT_OK(found);
    ASSERT_TRUE(found->has_value());
    ExpectSameEntity(SyntheticEntity(1234), **found);
    auto count = t.tx->CountEntities();
    STORE_ASSERT_OK(count);
    EXPECT_EQ(*count, static_cast<int64_t>(kRows));
    // More rows after a read still work.
    const Entity extra = SyntheticEntity(kRows);
    EXPECT_COUNTS(t.tx->UpsertEntities({&extra, 1}, t.batch), 1, 0, 0);
    STORE_ASSERT_OK(t.tx->Commit());
  }
  auto count = CountCommitted(*store);
  STORE_ASSERT_OK(count);
  EXPECT_EQ(*count, static_cast<int64_t>(kRows + 1));
  {
    auto tx = store->BeginRead();
    STORE_ASSERT_OK(tx);
    std::vector<std::string> codes;
    STORE_ASSERT_OK((*tx)->ScanEntities([&codes](const Entity& e) {
      codes.push_back(e.code);
      return true;
    }));
    ASSERT_EQ(codes.size(), kRows + 1);
    for (uint64_t i = 0; i <= kRows; ++i) EXPECT_EQ(codes[i], SyntheticCode(i));
    int seen = 0;
    STORE_ASSERT_OK((*tx)->ScanEntities([&seen](const Entity&) { return ++seen < 10; }));
    EXPECT_EQ(seen, 10);
  }
  {
    // Re-import: every 10th row changed, 6 new rows; the extra row of the first import is
    // not in this file and stays as it was.
    Tx t = BeginWithBatch(*store, "again.csv");
    ASSERT_NE(t.tx, nullptr);
    std::vector<Entity> rows;
    for (uint64_t i = 0; i < kRows; ++i) {
      Entity e = SyntheticEntity(nth(i));
      if (nth(i) % 10 == 0) e.name += "（分店）";
      rows.push_back(std::move(e));
    }
    for (uint64_t n = kRows + 1; n <= kRows + 6; ++n) rows.push_back(SyntheticEntity(n));
    EXPECT_COUNTS(t.tx->UpsertEntities(rows, t.batch), 6, static_cast<int64_t>(kRows / 10),
                  static_cast<int64_t>(kRows - kRows / 10));
    STORE_ASSERT_OK(t.tx->Commit());
  }
  count = CountCommitted(*store);
  STORE_ASSERT_OK(count);
  EXPECT_EQ(*count, static_cast<int64_t>(kRows + 7));
  auto tx = store->BeginRead();
  STORE_ASSERT_OK(tx);
  auto history = (*tx)->EntityHistory(SyntheticCode(10));
  STORE_ASSERT_OK(history);
  ASSERT_EQ(history->size(), 1u);
  EXPECT_EQ((*history)[0].field, "name");
  EXPECT_EQ((*history)[0].source, "again.csv");
}

TEST_P(StoreConformanceTest, DuplicateCodesInABulkImportFailAtCommitAndKeepNothing) {
  std::unique_ptr<Store> store = MustOpen();
  ASSERT_NE(store, nullptr);
  {
    Tx t = BeginWithBatch(*store);
    ASSERT_NE(t.tx, nullptr);
    const Entity e = SyntheticEntity(1);
    // Against the caller's contract (codes unique within one import): caught at Commit.
    EXPECT_COUNTS(t.tx->UpsertEntities({&e, 1}, t.batch), 1, 0, 0);
    EXPECT_COUNTS(t.tx->UpsertEntities({&e, 1}, t.batch), 1, 0, 0);
    const Status s = t.tx->Commit();
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << s.ToString();
    EXPECT_EQ(t.tx->Commit().code(), StatusCode::kFailedPrecondition);
  }
  auto count = CountCommitted(*store);
  STORE_ASSERT_OK(count);
  EXPECT_EQ(*count, 0);
  // The table is usable afterwards: bulk import, then an upsert finds the row.
  Entity e = SyntheticEntity(1);
  {
    Tx t = BeginWithBatch(*store);
    ASSERT_NE(t.tx, nullptr);
    EXPECT_COUNTS(t.tx->UpsertEntities({&e, 1}, t.batch), 1, 0, 0);
    STORE_ASSERT_OK(t.tx->Commit());
  }
  Tx t = BeginWithBatch(*store);
  ASSERT_NE(t.tx, nullptr);
  EXPECT_COUNTS(t.tx->UpsertEntities({&e, 1}, t.batch), 0, 0, 1);
}

TEST_P(StoreConformanceTest, DuplicateCodesInOneCallAreRefusedOnANonEmptyTable) {
  std::unique_ptr<Store> store = MustOpen();
  ASSERT_NE(store, nullptr);
  {
    Tx t = BeginWithBatch(*store);
    ASSERT_NE(t.tx, nullptr);
    const Entity e = SyntheticEntity(1);
    EXPECT_COUNTS(t.tx->UpsertEntities({&e, 1}, t.batch), 1, 0, 0);
    STORE_ASSERT_OK(t.tx->Commit());
  }
  Tx t = BeginWithBatch(*store);
  ASSERT_NE(t.tx, nullptr);
  const std::vector<Entity> rows = {SyntheticEntity(2), SyntheticEntity(3), SyntheticEntity(2)};
  const auto r = t.tx->UpsertEntities(rows, t.batch);
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().message(),
            "entity code " + SyntheticCode(2) + " appears twice in the same call");
}

TEST_P(StoreConformanceTest, CommitFromInsideAScanIsRefused) {
  std::unique_ptr<Store> store = MustOpen();
  ASSERT_NE(store, nullptr);
  Tx t = BeginWithBatch(*store);
  ASSERT_NE(t.tx, nullptr);
  const std::vector<Entity> rows = {SyntheticEntity(1), SyntheticEntity(2)};
  EXPECT_COUNTS(t.tx->UpsertEntities(rows, t.batch), 2, 0, 0);
  Status inside;
  int calls = 0;
  STORE_ASSERT_OK(t.tx->ScanEntities([&](const Entity& e) {
    ++calls;
    inside = t.tx->Commit();
    // Reads from the callback are fine.
    auto found = t.tx->FindEntity(e.code);
    EXPECT_TRUE(IsOk(found));
    return true;
  }));
  EXPECT_EQ(calls, 2);
  EXPECT_EQ(inside.code(), StatusCode::kFailedPrecondition);
  STORE_ASSERT_OK(t.tx->Commit());
}

TEST_P(StoreConformanceTest, DestroyingWithoutCommitRollsBack) {
  std::unique_ptr<Store> store = MustOpen();
  ASSERT_NE(store, nullptr);
  {
    Tx t = BeginWithBatch(*store);
    ASSERT_NE(t.tx, nullptr);
    const core::Department d{"SCJG", "市场监管局", true};
    EXPECT_COUNTS(t.tx->UpsertDepartments({&d, 1}), 1, 0, 0);
    std::vector<Entity> rows;
    for (uint64_t i = 0; i < 300; ++i) rows.push_back(SyntheticEntity(i));
    EXPECT_COUNTS(t.tx->UpsertEntities(rows, t.batch), 300, 0, 0);  // the bulk path
    auto count = t.tx->CountEntities();
    STORE_ASSERT_OK(count);
    EXPECT_EQ(*count, 300);
  }
  {
    auto tx = store->BeginRead();
    STORE_ASSERT_OK(tx);
    auto count = (*tx)->CountEntities();
    STORE_ASSERT_OK(count);
    EXPECT_EQ(*count, 0);
    auto departments = (*tx)->LoadDepartments();
    STORE_ASSERT_OK(departments);
    EXPECT_TRUE(departments->empty());
  }
  // After the rollback code uniqueness is enforced again: import, then re-import finds rows.
  const Entity e = SyntheticEntity(5);
  {
    Tx t = BeginWithBatch(*store);
    ASSERT_NE(t.tx, nullptr);
    EXPECT_COUNTS(t.tx->UpsertEntities({&e, 1}, t.batch), 1, 0, 0);
    STORE_ASSERT_OK(t.tx->Commit());
  }
  Tx t = BeginWithBatch(*store);
  ASSERT_NE(t.tx, nullptr);
  EXPECT_COUNTS(t.tx->UpsertEntities({&e, 1}, t.batch), 0, 0, 1);
  STORE_ASSERT_OK(t.tx->Commit());
}

TEST_P(StoreConformanceTest, FinishedTransactionRefusesEverything) {
  std::unique_ptr<Store> store = MustOpen();
  ASSERT_NE(store, nullptr);
  auto tx = store->Begin();
  STORE_ASSERT_OK(tx);
  STORE_ASSERT_OK((*tx)->Commit());
  const Status again = (*tx)->Commit();
  EXPECT_EQ(again.code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(again.message(), "the transaction is already finished");
  EXPECT_EQ((*tx)->CountEntities().status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ((*tx)->BeginBatch({"x", "y", "z"}).status().code(), StatusCode::kFailedPrecondition);
  auto read = store->BeginRead();
  STORE_ASSERT_OK(read);
  STORE_ASSERT_OK((*read)->Commit());
  EXPECT_EQ((*read)->Commit().code(), StatusCode::kFailedPrecondition);
}

TEST_P(StoreConformanceTest, ReadTransactionRefusesWrites) {
  std::unique_ptr<Store> store = MustOpen();
  ASSERT_NE(store, nullptr);
  auto tx = store->BeginRead();
  STORE_ASSERT_OK(tx);
  const core::Department d{"SCJG", "市场监管局", true};
  const auto r = (*tx)->UpsertDepartments({&d, 1});
  EXPECT_EQ(r.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ((*tx)->BeginBatch({"x", "y", "z"}).status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ((*tx)->ReplaceCalendarYears({}).code(), StatusCode::kFailedPrecondition);
}

TEST_P(StoreConformanceTest, UnknownBatchAndUnstorableValuesAreRefused) {
  std::unique_ptr<Store> store = MustOpen();
  ASSERT_NE(store, nullptr);
  Tx t = BeginWithBatch(*store);
  ASSERT_NE(t.tx, nullptr);
  Entity e = SyntheticEntity(1);
  const auto unknown = t.tx->UpsertEntities({&e, 1}, t.batch + 100);
  EXPECT_EQ(unknown.status().code(), StatusCode::kFailedPrecondition);
  e.tags = {"a,b"};
  EXPECT_EQ(t.tx->UpsertEntities({&e, 1}, t.batch).status().code(), StatusCode::kInvalidArgument);
  e.tags = {};
  e.code = "";
  EXPECT_EQ(t.tx->UpsertEntities({&e, 1}, t.batch).status().code(), StatusCode::kInvalidArgument);
  e = SyntheticEntity(1);
  e.last_inspected = Date::FromDays(-1000000);
  EXPECT_EQ(t.tx->UpsertEntities({&e, 1}, t.batch).status().code(), StatusCode::kInvalidArgument);
  EXPECT_COUNTS(t.tx->UpsertEntities({}, t.batch), 0, 0, 0);
}

TEST_P(StoreConformanceTest, DepartmentsAndUnits) {
  std::unique_ptr<Store> store = MustOpen();
  ASSERT_NE(store, nullptr);
  auto tx = store->Begin();
  STORE_ASSERT_OK(tx);
  const core::Unit orphan{"SCJG-430302-01", "雨湖区局", "SCJG", 430302};
  const auto refused = (*tx)->UpsertUnits({&orphan, 1});
  EXPECT_EQ(refused.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(refused.status().message(), "unknown department SCJG");

  std::vector<core::Department> departments = {{"SCJG", "市场监管局", true},
                                               {"XFJY", "消防救援支队", false}};
  EXPECT_COUNTS((*tx)->UpsertDepartments(departments), 2, 0, 0);
  departments[1].name = "消防救援大队";
  EXPECT_COUNTS((*tx)->UpsertDepartments(departments), 0, 1, 1);
  std::vector<core::Unit> units = {orphan, {"XFJY-430302", "雨湖大队", "XFJY", 430302}};
  EXPECT_COUNTS((*tx)->UpsertUnits(units), 2, 0, 0);
  units[0].region = 430304;
  EXPECT_COUNTS((*tx)->UpsertUnits(units), 0, 1, 1);
  STORE_ASSERT_OK((*tx)->Commit());

  auto read = store->BeginRead();
  STORE_ASSERT_OK(read);
  auto loaded_departments = (*read)->LoadDepartments();
  STORE_ASSERT_OK(loaded_departments);
  ASSERT_EQ(loaded_departments->size(), 2u);
  EXPECT_EQ((*loaded_departments)[1].name, "消防救援大队");
  EXPECT_FALSE((*loaded_departments)[1].market_supervision);
  auto loaded_units = (*read)->LoadUnits();
  STORE_ASSERT_OK(loaded_units);
  ASSERT_EQ(loaded_units->size(), 2u);
  EXPECT_EQ((*loaded_units)[0].code, "SCJG-430302-01");
  EXPECT_EQ((*loaded_units)[0].region, 430304);
  EXPECT_EQ((*loaded_units)[1].department_code, "XFJY");
}

TEST_P(StoreConformanceTest, RegionsAndIndustries) {
  std::unique_ptr<Store> store = MustOpen();
  ASSERT_NE(store, nullptr);
  auto tx = store->Begin();
  STORE_ASSERT_OK(tx);
  std::vector<core::RegionRow> regions = {
      {430300, "湘潭市", 2, 430000}, {430000, "湖南省", 1, 0}, {430302, "雨湖区", 3, 430300}};
  EXPECT_COUNTS((*tx)->UpsertRegions(regions), 3, 0, 0);
  regions[2].name = "雨湖区（新）";
  EXPECT_COUNTS((*tx)->UpsertRegions(regions), 0, 1, 2);
  std::vector<core::IndustryRow> industries = {
      {"F", "批发和零售业", 1, ""}, {"52", "零售业", 2, "F"}, {"5211", "百货零售", 4, "521"}};
  EXPECT_COUNTS((*tx)->UpsertIndustries(industries), 3, 0, 0);
  industries[0].name = "批发零售业";
  EXPECT_COUNTS((*tx)->UpsertIndustries(industries), 0, 1, 2);
  STORE_ASSERT_OK((*tx)->Commit());

  auto read = store->BeginRead();
  STORE_ASSERT_OK(read);
  auto loaded = (*read)->LoadRegions();
  STORE_ASSERT_OK(loaded);
  ASSERT_EQ(loaded->size(), 3u);
  EXPECT_EQ((*loaded)[0].code, 430000);  // ascending by code
  EXPECT_EQ((*loaded)[2].name, "雨湖区（新）");
  EXPECT_EQ((*loaded)[2].level, 3);
  EXPECT_EQ((*loaded)[2].parent, 430300);
  auto loaded_industries = (*read)->LoadIndustries();
  STORE_ASSERT_OK(loaded_industries);
  ASSERT_EQ(loaded_industries->size(), 3u);
  bool found_section = false;
  for (const core::IndustryRow& r : *loaded_industries) {
    if (r.code == "F") {
      found_section = true;
      EXPECT_EQ(r.name, "批发零售业");
      EXPECT_EQ(r.level, 1);
      EXPECT_EQ(r.parent, "");
    }
  }
  EXPECT_TRUE(found_section);
}

TEST_P(StoreConformanceTest, ReplacingACalendarYearReplacesItWhole) {
  std::unique_ptr<Store> store = MustOpen();
  ASSERT_NE(store, nullptr);
  const core::HolidaySchedule first = {
      {2025,
       "国办发明电〔2024〕12号",
       {{D("2025-01-01"), core::DayKind::kHolidayOff, "元旦"},
        {D("2025-01-26"), core::DayKind::kAdjustedWorkday, "春节"},
        {D("2025-01-28"), core::DayKind::kHolidayOff, "春节"}}},
      {2026, "2026 notice", {{D("2026-01-01"), core::DayKind::kHolidayOff, "元旦"}}},
  };
  {
    auto tx = store->Begin();
    STORE_ASSERT_OK(tx);
    STORE_ASSERT_OK((*tx)->ReplaceCalendarYears(first));
    STORE_ASSERT_OK((*tx)->Commit());
  }
  {
    auto tx = store->BeginRead();
    STORE_ASSERT_OK(tx);
    auto loaded = (*tx)->LoadCalendar();
    STORE_ASSERT_OK(loaded);
    EXPECT_EQ(*loaded, first);
  }
  const core::HolidaySchedule second = {
      {2025, "corrected notice", {{D("2025-10-01"), core::DayKind::kHolidayOff, "国庆节"}}}};
  {
    auto tx = store->Begin();
    STORE_ASSERT_OK(tx);
    STORE_ASSERT_OK((*tx)->ReplaceCalendarYears(second));
    STORE_ASSERT_OK((*tx)->Commit());
  }
  auto tx = store->Begin();
  STORE_ASSERT_OK(tx);
  auto loaded = (*tx)->LoadCalendar();
  STORE_ASSERT_OK(loaded);
  const core::HolidaySchedule want = {second[0], first[1]};
  EXPECT_EQ(*loaded, want);

  const core::HolidaySchedule wrong_year = {
      {2027, "n", {{D("2028-01-01"), core::DayKind::kHolidayOff, "元旦"}}}};
  EXPECT_EQ((*tx)->ReplaceCalendarYears(wrong_year).code(), StatusCode::kInvalidArgument);
  const core::HolidaySchedule twice = {{2027,
                                        "n",
                                        {{D("2027-01-01"), core::DayKind::kHolidayOff, "元旦"},
                                         {D("2027-01-01"), core::DayKind::kHolidayOff, "元旦"}}}};
  EXPECT_EQ((*tx)->ReplaceCalendarYears(twice).code(), StatusCode::kInvalidArgument);
}

TEST_P(StoreConformanceTest, InspectorsUpsertWithChangeRecords) {
  std::unique_ptr<Store> store = MustOpen();
  ASSERT_NE(store, nullptr);
  core::Inspector p;
  p.code = "E001";
  p.name = "张三";
  p.department_code = "SCJG";
  p.unit_code = "SCJG-430302-01";
  p.region = 430302;
  p.certificate_no = "43030200001";
  p.certificate_expiry = D("2026-12-31");
  p.qualifications = {"food", "special_equipment"};
  p.status = core::InspectorStatus::kActive;
  int64_t second_batch = 0;
  {
    Tx t = BeginWithBatch(*store, "inspectors.csv");
    ASSERT_NE(t.tx, nullptr);
    EXPECT_EQ(t.tx->UpsertInspectors({&p, 1}, t.batch).status().message(),
              "unknown department SCJG");
    const core::Department d{"SCJG", "市场监管局", true};
    EXPECT_COUNTS(t.tx->UpsertDepartments({&d, 1}), 1, 0, 0);
    EXPECT_EQ(t.tx->UpsertInspectors({&p, 1}, t.batch).status().message(),
              "unknown unit SCJG-430302-01");
    const core::Unit u{"SCJG-430302-01", "雨湖区局", "SCJG", 430302};
    EXPECT_COUNTS(t.tx->UpsertUnits({&u, 1}), 1, 0, 0);
    core::Inspector q = p;
    q.code = "E000";
    q.unit_code = "";
    q.certificate_expiry = std::nullopt;
    q.qualifications = {};
    const std::vector<core::Inspector> rows = {p, q};
    EXPECT_COUNTS(t.tx->UpsertInspectors(rows, t.batch), 2, 0, 0);
    EXPECT_COUNTS(t.tx->UpsertInspectors(rows, t.batch), 0, 0, 2);
    STORE_ASSERT_OK(t.tx->Commit());
  }
  core::Inspector p2 = p;
  p2.certificate_expiry = D("2027-12-31");
  p2.leader = true;
  {
    Tx t = BeginWithBatch(*store, "inspectors2.csv");
    ASSERT_NE(t.tx, nullptr);
    second_batch = t.batch;
    EXPECT_COUNTS(t.tx->UpsertInspectors({&p2, 1}, t.batch), 0, 1, 0);
    STORE_ASSERT_OK(t.tx->Commit());
  }
  auto tx = store->BeginRead();
  STORE_ASSERT_OK(tx);
  auto history = (*tx)->InspectorHistory("E001");
  STORE_ASSERT_OK(history);
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ((*history)[0].field, "certificate_expiry");
  EXPECT_EQ((*history)[0].old_value, "2026-12-31");
  EXPECT_EQ((*history)[0].new_value, "2027-12-31");
  EXPECT_EQ((*history)[1].field, "leader");
  EXPECT_EQ((*history)[1].old_value, "no");
  EXPECT_EQ((*history)[1].new_value, "yes");
  EXPECT_EQ((*history)[1].batch_id, second_batch);
  EXPECT_EQ((*history)[1].source, "inspectors2.csv");

  auto found = (*tx)->FindInspector("E001");
  STORE_ASSERT_OK(found);
  ASSERT_TRUE(found->has_value());
  const core::Inspector& got = **found;
  EXPECT_GT(got.id, 0);
  EXPECT_EQ(got.name, p2.name);
  EXPECT_EQ(got.department_code, "SCJG");
  EXPECT_EQ(got.unit_code, "SCJG-430302-01");
  EXPECT_EQ(got.region, 430302);
  EXPECT_EQ(got.certificate_no, p2.certificate_no);
  EXPECT_EQ(got.certificate_expiry, p2.certificate_expiry);
  EXPECT_EQ(got.qualifications, p2.qualifications);
  EXPECT_FALSE(got.expert);
  EXPECT_TRUE(got.leader);
  EXPECT_EQ(got.status, core::InspectorStatus::kActive);
  auto missing = (*tx)->FindInspector("E999");
  STORE_ASSERT_OK(missing);
  EXPECT_FALSE(missing->has_value());

  std::vector<std::string> codes;
  STORE_ASSERT_OK((*tx)->ScanInspectors([&codes](const core::Inspector& i) {
    codes.push_back(i.code);
    if (i.code == "E000") {
      EXPECT_EQ(i.unit_code, "");
      EXPECT_FALSE(i.certificate_expiry.has_value());
      EXPECT_TRUE(i.qualifications.empty());
    }
    return true;
  }));
  EXPECT_EQ(codes, (std::vector<std::string>{"E000", "E001"}));
}

TEST_P(StoreConformanceTest, ChangedItemsGetANewVersionAndKeepTheOld) {
  std::unique_ptr<Store> store = MustOpen();
  ASSERT_NE(store, nullptr);
  core::InspectionItem item;
  item.department_code = "SCJG";
  item.code = "SCJG-001";
  item.name = "食品生产企业监督检查";
  item.legal_basis = "《食品安全法》第一百一十条";
  item.object_types = {core::EntityType::kEnterprise, core::EntityType::kIndividual};
  item.industry_prefixes = {"14", "15"};
  item.tags = {"food_production"};
  item.method = "实地检查";
  item.qualification = "food";
  item.exemption = core::CapExemption::kLifeHealth;
  item.version = 7;  // ignored
  Tx t = BeginWithBatch(*store, "items.csv");
  ASSERT_NE(t.tx, nullptr);
  EXPECT_EQ(t.tx->UpsertItems({&item, 1}, t.batch).status().code(),
            StatusCode::kFailedPrecondition);
  const core::Department d{"SCJG", "市场监管局", true};
  EXPECT_COUNTS(t.tx->UpsertDepartments({&d, 1}), 1, 0, 0);
  EXPECT_COUNTS(t.tx->UpsertItems({&item, 1}, t.batch), 1, 0, 0);
  EXPECT_COUNTS(t.tx->UpsertItems({&item, 1}, t.batch), 0, 0, 1);
  core::InspectionItem changed = item;
  changed.valid = false;
  changed.object_types = {};
  changed.exemption = core::CapExemption::kNone;
  EXPECT_COUNTS(t.tx->UpsertItems({&changed, 1}, t.batch), 0, 1, 0);
  changed.name = "食品生产企业监督检查（2025）";
  EXPECT_COUNTS(t.tx->UpsertItems({&changed, 1}, t.batch), 0, 1, 0);
  STORE_ASSERT_OK(t.tx->Commit());

  auto tx = store->BeginRead();
  STORE_ASSERT_OK(tx);
  auto versions = (*tx)->ItemVersions("SCJG", "SCJG-001");
  STORE_ASSERT_OK(versions);
  ASSERT_EQ(versions->size(), 3u);
  for (int i = 0; i < 3; ++i) EXPECT_EQ((*versions)[static_cast<size_t>(i)].version, i + 1);
  const core::InspectionItem& v1 = (*versions)[0];
  EXPECT_EQ(v1.name, item.name);
  EXPECT_EQ(v1.legal_basis, item.legal_basis);
  EXPECT_EQ(v1.object_types, item.object_types);
  EXPECT_EQ(v1.industry_prefixes, item.industry_prefixes);
  EXPECT_EQ(v1.tags, item.tags);
  EXPECT_EQ(v1.method, item.method);
  EXPECT_EQ(v1.qualification, item.qualification);
  EXPECT_EQ(v1.exemption, core::CapExemption::kLifeHealth);
  EXPECT_TRUE(v1.valid);
  EXPECT_FALSE((*versions)[1].valid);
  EXPECT_EQ((*versions)[1].name, item.name);
  EXPECT_EQ((*versions)[2].name, changed.name);
  EXPECT_EQ((*versions)[2].exemption, core::CapExemption::kNone);
  EXPECT_TRUE((*versions)[2].object_types.empty());

  std::vector<core::InspectionItem> current;
  STORE_ASSERT_OK((*tx)->ScanItems([&current](const core::InspectionItem& i) {
    current.push_back(i);
    return true;
  }));
  ASSERT_EQ(current.size(), 1u);
  EXPECT_EQ(current[0].version, 3);
  EXPECT_EQ(current[0].name, changed.name);
  EXPECT_GT(current[0].id, 0);
  auto none = (*tx)->ItemVersions("SCJG", "nope");
  STORE_ASSERT_OK(none);
  EXPECT_TRUE(none->empty());
}

TEST_P(StoreConformanceTest, ReadTransactionSeesASnapshot) {
  std::unique_ptr<Store> store = MustOpen();
  ASSERT_NE(store, nullptr);
  {
    Tx t = BeginWithBatch(*store);
    ASSERT_NE(t.tx, nullptr);
    const Entity e = SyntheticEntity(1);
    EXPECT_COUNTS(t.tx->UpsertEntities({&e, 1}, t.batch), 1, 0, 0);
    STORE_ASSERT_OK(t.tx->Commit());
  }
  auto reader = store->BeginRead();
  STORE_ASSERT_OK(reader);
  {
    Tx t = BeginWithBatch(*store);
    ASSERT_NE(t.tx, nullptr);
    Entity e = SyntheticEntity(1);
    e.name = "改名";
    const std::vector<Entity> rows = {e, SyntheticEntity(2)};
    EXPECT_COUNTS(t.tx->UpsertEntities(rows, t.batch), 1, 1, 0);
    STORE_ASSERT_OK(t.tx->Commit());
  }
  auto count = (*reader)->CountEntities();
  STORE_ASSERT_OK(count);
  EXPECT_EQ(*count, 1);
  auto old = (*reader)->FindEntity(SyntheticCode(1));
  STORE_ASSERT_OK(old);
  ASSERT_TRUE(old->has_value());
  EXPECT_EQ((*old)->name, SyntheticEntity(1).name);
  auto history = (*reader)->EntityHistory(SyntheticCode(1));
  STORE_ASSERT_OK(history);
  EXPECT_TRUE(history->empty());
  STORE_ASSERT_OK((*reader)->Commit());
  count = CountCommitted(*store);
  STORE_ASSERT_OK(count);
  EXPECT_EQ(*count, 2);
}

TEST_P(StoreConformanceTest, ASecondWriterWaitsForTheFirst) {
  std::unique_ptr<Store> store = MustOpen();
  ASSERT_NE(store, nullptr);
  auto first = store->Begin();
  STORE_ASSERT_OK(first);
  const core::Department a{"A", "A", false};
  EXPECT_COUNTS((*first)->UpsertDepartments({&a, 1}), 1, 0, 0);

  Status second_status;
  std::chrono::milliseconds waited{0};
  std::thread second([&] {
    const auto start = std::chrono::steady_clock::now();
    auto tx = store->Begin();
    waited = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - start);
    if (!tx.ok()) {
      second_status = tx.status();
      return;
    }
    // It sees the first writer's commit.
    auto departments = (*tx)->LoadDepartments();
    if (!departments.ok()) {
      second_status = departments.status();
      return;
    }
    if (departments->size() != 1) second_status = Internal("first writer's row not visible");
    const core::Department b{"B", "B", false};
    if (second_status.ok()) second_status = (*tx)->UpsertDepartments({&b, 1}).status();
    if (second_status.ok()) second_status = (*tx)->Commit();
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  STORE_EXPECT_OK((*first)->Commit());
  second.join();
  STORE_EXPECT_OK(second_status);
  EXPECT_GE(waited.count(), 250);
  auto tx = store->BeginRead();
  STORE_ASSERT_OK(tx);
  auto departments = (*tx)->LoadDepartments();
  STORE_ASSERT_OK(departments);
  EXPECT_EQ(departments->size(), 2u);
}

}  // namespace
}  // namespace sunlit::store::testing
