// The store conformance suite: every backend must pass these (instantiated per backend, e.g.
// in sqlite/sqlite_store_test.cc).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "store/store_conformance.h"

namespace sunlit::store::testing {
namespace {

using core::Date;
using core::Entity;

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

  // Ordering, not wall time: the second Begin must return only after the first commit was
  // started (the flag is set just before it), whatever the scheduler does.
  Status second_status;
  std::atomic<bool> first_committing{false};
  bool began_after_commit = false;
  std::thread second([&] {
    auto tx = store->Begin();
    began_after_commit = first_committing.load();
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
  first_committing = true;
  STORE_EXPECT_OK((*first)->Commit());
  second.join();
  STORE_EXPECT_OK(second_status);
  EXPECT_TRUE(began_after_commit);
  auto tx = store->BeginRead();
  STORE_ASSERT_OK(tx);
  auto departments = (*tx)->LoadDepartments();
  STORE_ASSERT_OK(departments);
  EXPECT_EQ(departments->size(), 2u);
}

// --- draws ---------------------------------------------------------------------------------

// A frozen pool of `size` synthetic members (strata "A" and "B" alternating) for `draw_id`.
struct TestPool {
  DrawPoolRow row;
  std::string members;
};

TestPool MakeTestPool(std::string draw_id, int64_t size, int32_t year = 2026,
                      int64_t previous_id = 0) {
  TestPool t;
  t.row.draw_id = std::move(draw_id);
  t.row.year = year;
  t.row.previous_id = previous_id;
  t.row.redraw_reason = previous_id != 0 ? "filter was wrong" : "";
  t.row.filter = R"({"region_prefixes":["4303"]})";
  t.row.params = "A:count:1;B:bp:2500;#1";
  t.row.quotas = R"([{"kind":"count","stratum":"A","value":1}])";
  t.row.reserve = 1;
  t.row.sources = R"([{"name":"福彩3D","issue":"2026300"}])";
  t.row.available_at = "2026-11-01T13:30:00Z";
  t.row.commitment = std::string(32, 'c');
  t.row.secret = std::string(32, 's');
  t.row.pool_root = std::string(32, 'r');
  t.row.pool_size = size;
  t.row.strata = R"({"A":1,"B":1})";
  t.row.frozen_at = "2026-10-30T02:00:00Z";
  t.row.actor = "alice";
  for (int64_t i = 0; i < size; ++i) {
    t.members += SyntheticCode(static_cast<uint64_t>(i));
    t.members.push_back(static_cast<char>(i % 2));
  }
  return t;
}

Result<int64_t> CreatePool(Store& store, const TestPool& pool) {
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<Transaction> tx, store.Begin());
  SUNLIT_ASSIGN_OR_RETURN(int64_t id, tx->CreateDrawPool(pool.row, pool.members));
  SUNLIT_RETURN_IF_ERROR(tx->Commit());
  return id;
}

Result<DrawPoolRow> FindPool(Store& store, std::string_view draw_id) {
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<Transaction> tx, store.BeginRead());
  SUNLIT_ASSIGN_OR_RETURN(std::optional<DrawPoolRow> row, tx->FindDrawPool(draw_id));
  if (!row.has_value()) return NotFound("no pool");
  return *row;
}

Status EnterRandomness(Store& store, int64_t id) {
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<Transaction> tx, store.Begin());
  SUNLIT_RETURN_IF_ERROR(tx->EnterDrawRandomness(id, "[[1,2,3]]", "2026-11-02T00:00:00Z", "bob"));
  return tx->Commit();
}

DrawCompletion Completion(std::vector<std::string> selected, std::vector<std::string> alternates) {
  DrawCompletion done;
  done.record = "{\"protocol\":\"sunlit-draw-v1\"}\n";
  done.record_hash = std::string(32, 'h');
  done.at = "2026-11-02T00:01:00Z";
  done.actor = "carol";
  int64_t position = 0;
  for (std::string& code : selected) {
    done.entries.push_back(
        {DrawEntryRole::kSelected, "A", position++, std::move(code), std::string(64, '0')});
  }
  position = 0;
  for (std::string& code : alternates) {
    done.entries.push_back(
        {DrawEntryRole::kAlternate, "A", position++, std::move(code), std::string(64, 'f')});
  }
  return done;
}

Status Complete(Store& store, int64_t id, const DrawCompletion& done) {
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<Transaction> tx, store.Begin());
  SUNLIT_RETURN_IF_ERROR(tx->CompleteDraw(id, done));
  return tx->Commit();
}

Status UseAlternate(Store& store, int64_t id, std::string replaced, std::string alternate) {
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<Transaction> tx, store.Begin());
  AlternateUseRow u;
  u.pool_id = id;
  u.replaced_code = std::move(replaced);
  u.alternate_code = std::move(alternate);
  u.reason = "已注销";
  u.directory_status = "deregistered";
  u.at = "2026-11-05T00:00:00Z";
  u.actor = "dave";
  SUNLIT_RETURN_IF_ERROR(tx->RecordAlternateUse(u));
  return tx->Commit();
}

TEST_P(StoreConformanceTest, DrawPoolRoundTripsWithItsChunkedSnapshot) {
  std::unique_ptr<Store> store = MustOpen();
  ASSERT_NE(store, nullptr);
  // More than one chunk of 65 536 members.
  const TestPool pool = MakeTestPool("XT-2026-0001", 70000);
  Result<int64_t> id = CreatePool(*store, pool);
  STORE_ASSERT_OK(id);
  EXPECT_GT(*id, 0);

  Result<DrawPoolRow> got = FindPool(*store, "XT-2026-0001");
  STORE_ASSERT_OK(got);
  EXPECT_EQ(got->id, *id);
  EXPECT_EQ(got->draw_id, pool.row.draw_id);
  EXPECT_EQ(got->year, 2026);
  EXPECT_EQ(got->previous_id, 0);
  EXPECT_EQ(got->filter, pool.row.filter);
  EXPECT_EQ(got->params, pool.row.params);
  EXPECT_EQ(got->quotas, pool.row.quotas);
  EXPECT_EQ(got->reserve, 1);
  EXPECT_EQ(got->sources, pool.row.sources);
  EXPECT_EQ(got->available_at, pool.row.available_at);
  EXPECT_EQ(got->commitment, pool.row.commitment);
  EXPECT_EQ(got->secret, pool.row.secret);
  EXPECT_EQ(got->pool_root, pool.row.pool_root);
  EXPECT_EQ(got->pool_size, 70000);
  EXPECT_EQ(got->strata, pool.row.strata);
  EXPECT_EQ(got->frozen_at, pool.row.frozen_at);
  EXPECT_EQ(got->actor, "alice");
  EXPECT_EQ(got->state, DrawState::kFrozen);
  EXPECT_EQ(got->randomness, "");
  EXPECT_EQ(got->record, "");
  EXPECT_EQ(got->previous_draw_id, "");
  EXPECT_EQ(got->next_draw_id, "");

  auto tx = store->BeginRead();
  STORE_ASSERT_OK(tx);
  std::string members;
  int chunks = 0;
  STORE_ASSERT_OK((*tx)->ScanDrawPoolMembers(*id, [&](std::string_view chunk) {
    members.append(chunk);
    ++chunks;
    return true;
  }));
  EXPECT_EQ(chunks, 2);
  EXPECT_TRUE(members == pool.members);
  EXPECT_EQ((*tx)->ScanDrawPoolMembers(*id + 1, [](std::string_view) { return true; }).code(),
            StatusCode::kNotFound);
  auto missing = (*tx)->FindDrawPool("XT-2026-9999");
  STORE_ASSERT_OK(missing);
  EXPECT_FALSE(missing->has_value());
}

TEST_P(StoreConformanceTest, CreateDrawPoolRefusesDuplicatesAndMalformedSnapshots) {
  std::unique_ptr<Store> store = MustOpen();
  ASSERT_NE(store, nullptr);
  const TestPool pool = MakeTestPool("XT-2026-0001", 10);
  STORE_ASSERT_OK(CreatePool(*store, pool));
  EXPECT_EQ(CreatePool(*store, pool).status().code(), StatusCode::kAlreadyExists);

  TestPool bad = MakeTestPool("XT-2026-0002", 10);
  bad.members.pop_back();  // not a multiple of 19 bytes
  EXPECT_EQ(CreatePool(*store, bad).status().code(), StatusCode::kInvalidArgument);
  bad = MakeTestPool("XT-2026-0002", 10);
  bad.row.pool_size = 11;
  EXPECT_EQ(CreatePool(*store, bad).status().code(), StatusCode::kInvalidArgument);
  bad = MakeTestPool("XT-2026-0002", 10);
  bad.row.commitment = "short";
  EXPECT_EQ(CreatePool(*store, bad).status().code(), StatusCode::kInvalidArgument);
  bad = MakeTestPool("XT-2026-0002", 10, 2026, /*previous_id=*/999);
  EXPECT_EQ(CreatePool(*store, bad).status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(FindPool(*store, "XT-2026-0002").status().code(), StatusCode::kNotFound);
}

TEST_P(StoreConformanceTest, DrawStateMovesOnlyForwardAndEachStepOnce) {
  std::unique_ptr<Store> store = MustOpen();
  ASSERT_NE(store, nullptr);
  Result<int64_t> id = CreatePool(*store, MakeTestPool("XT-2026-0001", 10));
  STORE_ASSERT_OK(id);
  const DrawCompletion done = Completion({SyntheticCode(2), SyntheticCode(4)}, {SyntheticCode(6)});

  // No draw before the randomness.
  EXPECT_EQ(Complete(*store, *id, done).code(), StatusCode::kFailedPrecondition);
  STORE_ASSERT_OK(EnterRandomness(*store, *id));
  EXPECT_EQ(EnterRandomness(*store, *id).code(), StatusCode::kFailedPrecondition);
  Result<DrawPoolRow> got = FindPool(*store, "XT-2026-0001");
  STORE_ASSERT_OK(got);
  EXPECT_EQ(got->state, DrawState::kRandomnessEntered);
  EXPECT_EQ(got->randomness, "[[1,2,3]]");
  EXPECT_EQ(got->randomness_at, "2026-11-02T00:00:00Z");
  EXPECT_EQ(got->randomness_actor, "bob");

  STORE_ASSERT_OK(Complete(*store, *id, done));
  EXPECT_EQ(Complete(*store, *id, done).code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(EnterRandomness(*store, *id).code(), StatusCode::kFailedPrecondition);
  got = FindPool(*store, "XT-2026-0001");
  STORE_ASSERT_OK(got);
  EXPECT_EQ(got->state, DrawState::kDrawn);
  EXPECT_EQ(got->record, done.record);
  EXPECT_EQ(got->record_hash, done.record_hash);
  EXPECT_EQ(got->drawn_at, done.at);
  EXPECT_EQ(got->drawn_actor, "carol");
  EXPECT_EQ(got->randomness, "[[1,2,3]]");

  auto tx = store->BeginRead();
  STORE_ASSERT_OK(tx);
  auto entries = (*tx)->DrawEntries(*id);
  STORE_ASSERT_OK(entries);
  ASSERT_EQ(entries->size(), 3u);
  EXPECT_EQ((*entries)[0].role, DrawEntryRole::kSelected);
  EXPECT_EQ((*entries)[0].code, SyntheticCode(2));
  EXPECT_EQ((*entries)[1].position, 1);
  EXPECT_EQ((*entries)[2].role, DrawEntryRole::kAlternate);
  EXPECT_EQ((*entries)[2].code, SyntheticCode(6));
  EXPECT_EQ((*entries)[2].rank, std::string(64, 'f'));
}

TEST_P(StoreConformanceTest, GuardedStepsLetOnlyOneOfTwoWritersMoveAPool) {
  std::unique_ptr<Store> store = MustOpen();
  ASSERT_NE(store, nullptr);
  Result<int64_t> id = CreatePool(*store, MakeTestPool("XT-2026-0001", 10));
  STORE_ASSERT_OK(id);
  STORE_ASSERT_OK(EnterRandomness(*store, *id));
  std::vector<Status> results(4);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < results.size(); ++i) {
    threads.emplace_back(
        [&, i] { results[i] = Complete(*store, *id, Completion({SyntheticCode(i)}, {})); });
  }
  for (std::thread& t : threads) t.join();
  int ok = 0;
  for (const Status& s : results) {
    if (s.ok()) {
      ++ok;
    } else {
      EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition) << s.ToString();
    }
  }
  EXPECT_EQ(ok, 1);
  auto tx = store->BeginRead();
  STORE_ASSERT_OK(tx);
  auto entries = (*tx)->DrawEntries(*id);
  STORE_ASSERT_OK(entries);
  EXPECT_EQ(entries->size(), 1u);
}

TEST_P(StoreConformanceTest, AlternateUsesAreRecordedOnceInOrder) {
  std::unique_ptr<Store> store = MustOpen();
  ASSERT_NE(store, nullptr);
  Result<int64_t> id = CreatePool(*store, MakeTestPool("XT-2026-0001", 10));
  STORE_ASSERT_OK(id);
  // Not before the draw.
  EXPECT_EQ(UseAlternate(*store, *id, SyntheticCode(2), SyntheticCode(6)).code(),
            StatusCode::kFailedPrecondition);
  STORE_ASSERT_OK(EnterRandomness(*store, *id));
  STORE_ASSERT_OK(Complete(
      *store, *id,
      Completion({SyntheticCode(2), SyntheticCode(4)}, {SyntheticCode(6), SyntheticCode(8)})));
  STORE_ASSERT_OK(UseAlternate(*store, *id, SyntheticCode(2), SyntheticCode(6)));
  EXPECT_EQ(UseAlternate(*store, *id, SyntheticCode(2), SyntheticCode(8)).code(),
            StatusCode::kAlreadyExists);
  EXPECT_EQ(UseAlternate(*store, *id, SyntheticCode(4), SyntheticCode(6)).code(),
            StatusCode::kAlreadyExists);
  STORE_ASSERT_OK(UseAlternate(*store, *id, SyntheticCode(6), SyntheticCode(8)));
  auto tx = store->BeginRead();
  STORE_ASSERT_OK(tx);
  auto uses = (*tx)->AlternateUses(*id);
  STORE_ASSERT_OK(uses);
  ASSERT_EQ(uses->size(), 2u);
  EXPECT_EQ((*uses)[0].replaced_code, SyntheticCode(2));
  EXPECT_EQ((*uses)[0].alternate_code, SyntheticCode(6));
  EXPECT_EQ((*uses)[0].reason, "已注销");
  EXPECT_EQ((*uses)[0].directory_status, "deregistered");
  EXPECT_EQ((*uses)[0].actor, "dave");
  EXPECT_EQ((*uses)[1].replaced_code, SyntheticCode(6));
  EXPECT_EQ((*uses)[1].alternate_code, SyntheticCode(8));
}

TEST_P(StoreConformanceTest, RedrawsChainAndSupersededPoolsStopMoving) {
  std::unique_ptr<Store> store = MustOpen();
  ASSERT_NE(store, nullptr);
  Result<int64_t> first = CreatePool(*store, MakeTestPool("XT-2026-0001", 10));
  STORE_ASSERT_OK(first);
  Result<int64_t> second = CreatePool(*store, MakeTestPool("XT-2026-0001-R1", 8, 2026, *first));
  STORE_ASSERT_OK(second);
  // A pool is re-drawn at most once.
  EXPECT_EQ(CreatePool(*store, MakeTestPool("XT-2026-0001-R9", 8, 2026, *first)).status().code(),
            StatusCode::kFailedPrecondition);
  // The superseded pool cannot move any more; the new one can.
  EXPECT_EQ(EnterRandomness(*store, *first).code(), StatusCode::kFailedPrecondition);
  STORE_ASSERT_OK(EnterRandomness(*store, *second));

  Result<DrawPoolRow> old_row = FindPool(*store, "XT-2026-0001");
  STORE_ASSERT_OK(old_row);
  EXPECT_EQ(old_row->next_draw_id, "XT-2026-0001-R1");
  EXPECT_EQ(old_row->state, DrawState::kFrozen);
  Result<DrawPoolRow> new_row = FindPool(*store, "XT-2026-0001-R1");
  STORE_ASSERT_OK(new_row);
  EXPECT_EQ(new_row->previous_id, *first);
  EXPECT_EQ(new_row->previous_draw_id, "XT-2026-0001");
  EXPECT_EQ(new_row->redraw_reason, "filter was wrong");
  EXPECT_EQ(new_row->next_draw_id, "");
}

TEST_P(StoreConformanceTest, CodesDrawnInYearCountSelectedAndUsedAlternatesOfCurrentDraws) {
  std::unique_ptr<Store> store = MustOpen();
  ASSERT_NE(store, nullptr);
  const auto draw = [&](const TestPool& pool, std::vector<std::string> selected,
                        std::vector<std::string> alternates) -> Result<int64_t> {
    SUNLIT_ASSIGN_OR_RETURN(int64_t id, CreatePool(*store, pool));
    SUNLIT_RETURN_IF_ERROR(EnterRandomness(*store, id));
    SUNLIT_RETURN_IF_ERROR(
        Complete(*store, id, Completion(std::move(selected), std::move(alternates))));
    return id;
  };
  const std::string c1 = SyntheticCode(1), c2 = SyntheticCode(2), c3 = SyntheticCode(3),
                    c4 = SyntheticCode(4), c5 = SyntheticCode(5), c6 = SyntheticCode(6),
                    c7 = SyntheticCode(7);
  Result<int64_t> a = draw(MakeTestPool("A-2026", 10), {c3, c1}, {c5, c6});
  STORE_ASSERT_OK(a);
  STORE_ASSERT_OK(UseAlternate(*store, *a, c1, c5));  // c5 counts; c6 (unused) does not
  STORE_ASSERT_OK(draw(MakeTestPool("B-2026", 10), {c2, c3}, {}));
  STORE_ASSERT_OK(draw(MakeTestPool("C-2025", 10, 2025), {c4}, {}));
  // Frozen only: nothing drawn yet.
  STORE_ASSERT_OK(CreatePool(*store, MakeTestPool("D-2026", 10)));
  // Drawn, then superseded by a re-draw: no longer counts.
  Result<int64_t> e = draw(MakeTestPool("E-2026", 10), {c7}, {});
  STORE_ASSERT_OK(e);
  STORE_ASSERT_OK(CreatePool(*store, MakeTestPool("E-2026-R1", 10, 2026, *e)));

  auto tx = store->BeginRead();
  STORE_ASSERT_OK(tx);
  const auto drawn = [&](int32_t year, std::string_view excluding) -> std::vector<std::string> {
    auto codes = (*tx)->CodesDrawnInYear(year, excluding);
    EXPECT_TRUE(IsOk(codes));
    if (!codes.ok()) return {};
    std::vector<std::string> out = *codes;
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  };
  EXPECT_EQ(drawn(2026, ""), (std::vector<std::string>{c1, c2, c3, c5}));
  EXPECT_EQ(drawn(2026, "A-2026"), (std::vector<std::string>{c2, c3}));
  EXPECT_EQ(drawn(2025, ""), (std::vector<std::string>{c4}));
}

TEST_P(StoreConformanceTest, ScanEntitiesForIndexYieldsTheIndexedFieldsOfEveryEntity) {
  std::unique_ptr<Store> store = MustOpen();
  ASSERT_NE(store, nullptr);
  std::vector<Entity> rows;
  for (uint64_t n = 2500; n > 0; --n) rows.push_back(SyntheticEntity(n * 7919 % 10007));
  rows.push_back(FullEntity());
  {
    Tx t = BeginWithBatch(*store);
    ASSERT_NE(t.tx, nullptr);
    EXPECT_COUNTS(t.tx->UpsertEntities(rows, t.batch), 2501, 0, 0);
    STORE_ASSERT_OK(t.tx->Commit());
  }
  auto tx = store->BeginRead();
  STORE_ASSERT_OK(tx);
  std::vector<Entity> full, fast;
  STORE_ASSERT_OK((*tx)->ScanEntities([&](const Entity& e) {
    full.push_back(e);
    return true;
  }));
  STORE_ASSERT_OK((*tx)->ScanEntitiesForIndex([&](const Entity& e) {
    fast.push_back(e);
    return true;
  }));
  ASSERT_EQ(fast.size(), full.size());
  std::sort(fast.begin(), fast.end(),
            [](const Entity& x, const Entity& y) { return x.code < y.code; });
  for (size_t i = 0; i < full.size(); ++i) {
    SCOPED_TRACE(full[i].code);
    EXPECT_EQ(fast[i].code, full[i].code);
    EXPECT_EQ(fast[i].type, full[i].type);
    EXPECT_EQ(fast[i].status, full[i].status);
    EXPECT_EQ(fast[i].region, full[i].region);
    EXPECT_EQ(fast[i].industry, full[i].industry);
    EXPECT_EQ(fast[i].tags, full[i].tags);
    EXPECT_EQ(fast[i].risk, full[i].risk);
    EXPECT_EQ(fast[i].last_inspected, full[i].last_inspected);
  }
  // Stops when asked.
  int seen = 0;
  STORE_ASSERT_OK((*tx)->ScanEntitiesForIndex([&](const Entity&) { return ++seen < 3; }));
  EXPECT_EQ(seen, 3);
}

// --- transparency log (ledger) ---------------------------------------------------------------

LedgerEventRow LedgerEvent(int64_t seq) {
  LedgerEventRow r;
  r.seq = seq;
  r.at = "2025-03-01T08:00:0" + std::to_string(seq % 10) + "Z";
  r.kind = "pool_frozen";
  r.subject = "XT-2026-" + std::to_string(seq);
  r.body = "{\"n\":" + std::to_string(seq) + "}";
  r.leaf_hash = std::string(32, static_cast<char>(seq));
  r.leaf_hash[31] = '\0';  // bytes, NULs included, survive the round trip
  return r;
}

LedgerKeyRow LedgerKey(char fill) {
  return LedgerKeyRow{std::string(16, fill), std::string(32, fill), "2025-03-01T08:00:00Z"};
}

LedgerCheckpointRow LedgerCheckpoint(int64_t size, const std::string& key_id) {
  return LedgerCheckpointRow{size, std::string(32, static_cast<char>(0x80 + size)),
                             "2025-03-01T08:00:00Z", key_id, std::string(64, '\xff')};
}

void ExpectSameLedgerEvent(const LedgerEventRow& want, const LedgerEventRow& got) {
  EXPECT_EQ(want.seq, got.seq);
  EXPECT_EQ(want.at, got.at);
  EXPECT_EQ(want.kind, got.kind);
  EXPECT_EQ(want.subject, got.subject);
  EXPECT_EQ(want.body, got.body);
  EXPECT_EQ(want.leaf_hash, got.leaf_hash);
}

TEST_P(StoreConformanceTest, LedgerEventsAreDenseAndRoundTrip) {
  std::unique_ptr<Store> store = MustOpen();
  ASSERT_NE(store, nullptr);
  {
    auto tx = store->Begin();
    STORE_ASSERT_OK(tx);
    EXPECT_EQ(*(*tx)->LedgerSize(), 0);
    for (int64_t seq = 0; seq < 5; ++seq) {
      STORE_ASSERT_OK((*tx)->AppendLedgerEvent(LedgerEvent(seq)));
    }
    EXPECT_EQ(*(*tx)->LedgerSize(), 5);
    // Gaps, rewrites and malformed hashes are refused.
    EXPECT_EQ((*tx)->AppendLedgerEvent(LedgerEvent(6)).code(), StatusCode::kFailedPrecondition);
    EXPECT_EQ((*tx)->AppendLedgerEvent(LedgerEvent(2)).code(), StatusCode::kFailedPrecondition);
    LedgerEventRow short_hash = LedgerEvent(5);
    short_hash.leaf_hash.resize(31);
    EXPECT_EQ((*tx)->AppendLedgerEvent(short_hash).code(), StatusCode::kInvalidArgument);
    STORE_ASSERT_OK((*tx)->Commit());
  }
  store.reset();
  store = MustOpen();
  ASSERT_NE(store, nullptr);
  auto tx = store->BeginRead();
  STORE_ASSERT_OK(tx);
  EXPECT_EQ(*(*tx)->LedgerSize(), 5);
  auto got = (*tx)->GetLedgerEvent(3);
  STORE_ASSERT_OK(got);
  ASSERT_TRUE(got->has_value());
  ExpectSameLedgerEvent(LedgerEvent(3), **got);
  auto missing = (*tx)->GetLedgerEvent(5);
  STORE_ASSERT_OK(missing);
  EXPECT_FALSE(missing->has_value());
  std::vector<int64_t> seen;
  STORE_ASSERT_OK((*tx)->ScanLedgerEvents(1, 4, [&](const LedgerEventRow& r) {
    ExpectSameLedgerEvent(LedgerEvent(r.seq), r);
    seen.push_back(r.seq);
    return true;
  }));
  EXPECT_EQ(seen, (std::vector<int64_t>{1, 2, 3}));
  seen.clear();
  STORE_ASSERT_OK((*tx)->ScanLedgerEvents(0, 100, [&](const LedgerEventRow& r) {
    seen.push_back(r.seq);
    return seen.size() < 2;
  }));
  EXPECT_EQ(seen, (std::vector<int64_t>{0, 1}));
  // A read-only transaction writes nothing.
  EXPECT_EQ((*tx)->AppendLedgerEvent(LedgerEvent(5)).code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ((*tx)->SaveLedgerFrontier({1, std::string(32, 'x')}).code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ((*tx)->PutLedgerKey(LedgerKey('a')).status().code(), StatusCode::kFailedPrecondition);
}

TEST_P(StoreConformanceTest, LedgerCheckpointsGrowAndNeedARegisteredKey) {
  std::unique_ptr<Store> store = MustOpen();
  ASSERT_NE(store, nullptr);
  const LedgerKeyRow key = LedgerKey('k');
  auto tx = store->Begin();
  STORE_ASSERT_OK(tx);
  EXPECT_FALSE((*(*tx)->LatestLedgerCheckpoint()).has_value());
  EXPECT_EQ((*tx)->AppendLedgerCheckpoint(LedgerCheckpoint(1, key.key_id)).code(),
            StatusCode::kFailedPrecondition);  // key not registered
  EXPECT_EQ(*(*tx)->PutLedgerKey(key), true);
  for (const int64_t size : {1, 2, 5}) {
    STORE_ASSERT_OK((*tx)->AppendLedgerCheckpoint(LedgerCheckpoint(size, key.key_id)));
  }
  EXPECT_EQ((*tx)->AppendLedgerCheckpoint(LedgerCheckpoint(5, key.key_id)).code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ((*tx)->AppendLedgerCheckpoint(LedgerCheckpoint(4, key.key_id)).code(),
            StatusCode::kFailedPrecondition);
  LedgerCheckpointRow bad = LedgerCheckpoint(6, key.key_id);
  bad.signature.resize(63);
  EXPECT_EQ((*tx)->AppendLedgerCheckpoint(bad).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ((*tx)->AppendLedgerCheckpoint(LedgerCheckpoint(0, key.key_id)).code(),
            StatusCode::kInvalidArgument);
  STORE_ASSERT_OK((*tx)->Commit());

  auto read = store->BeginRead();
  STORE_ASSERT_OK(read);
  auto latest = (*read)->LatestLedgerCheckpoint();
  STORE_ASSERT_OK(latest);
  ASSERT_TRUE(latest->has_value());
  const LedgerCheckpointRow want = LedgerCheckpoint(5, key.key_id);
  EXPECT_EQ((*latest)->size, 5);
  EXPECT_EQ((*latest)->root, want.root);
  EXPECT_EQ((*latest)->at, want.at);
  EXPECT_EQ((*latest)->key_id, key.key_id);
  EXPECT_EQ((*latest)->signature, want.signature);
  std::vector<int64_t> sizes;
  STORE_ASSERT_OK((*read)->ScanLedgerCheckpoints(2, 100, [&](const LedgerCheckpointRow& r) {
    sizes.push_back(r.size);
    return true;
  }));
  EXPECT_EQ(sizes, (std::vector<int64_t>{2, 5}));
}

TEST_P(StoreConformanceTest, LedgerFrontierIsReplacedAndKeysAreKeptOnce) {
  std::unique_ptr<Store> store = MustOpen();
  ASSERT_NE(store, nullptr);
  {
    auto tx = store->Begin();
    STORE_ASSERT_OK(tx);
    auto empty = (*tx)->LoadLedgerFrontier();
    STORE_ASSERT_OK(empty);
    EXPECT_EQ(empty->size, 0);
    EXPECT_EQ(empty->hashes, "");
    STORE_ASSERT_OK((*tx)->SaveLedgerFrontier({1, std::string(32, '\0')}));
    STORE_ASSERT_OK((*tx)->SaveLedgerFrontier({3, std::string(32, 'a') + std::string(32, 'b')}));
    EXPECT_EQ((*tx)->SaveLedgerFrontier({3, std::string(33, 'a')}).code(),
              StatusCode::kInvalidArgument);
    EXPECT_EQ(*(*tx)->PutLedgerKey(LedgerKey('b')), true);
    EXPECT_EQ(*(*tx)->PutLedgerKey(LedgerKey('a')), true);
    EXPECT_EQ(*(*tx)->PutLedgerKey(LedgerKey('b')), false);  // the same key again
    LedgerKeyRow clash = LedgerKey('a');
    clash.public_key = std::string(32, 'z');
    EXPECT_EQ((*tx)->PutLedgerKey(clash).status().code(), StatusCode::kFailedPrecondition);
    LedgerKeyRow short_key = LedgerKey('c');
    short_key.public_key.resize(31);
    EXPECT_EQ((*tx)->PutLedgerKey(short_key).status().code(), StatusCode::kInvalidArgument);
    STORE_ASSERT_OK((*tx)->Commit());
  }
  auto tx = store->BeginRead();
  STORE_ASSERT_OK(tx);
  auto frontier = (*tx)->LoadLedgerFrontier();
  STORE_ASSERT_OK(frontier);
  EXPECT_EQ(frontier->size, 3);
  EXPECT_EQ(frontier->hashes, std::string(32, 'a') + std::string(32, 'b'));
  auto keys = (*tx)->LedgerKeys();
  STORE_ASSERT_OK(keys);
  ASSERT_EQ(keys->size(), 2u);  // oldest first
  EXPECT_EQ((*keys)[0].key_id, LedgerKey('b').key_id);
  EXPECT_EQ((*keys)[0].public_key, LedgerKey('b').public_key);
  EXPECT_EQ((*keys)[0].created_at, "2025-03-01T08:00:00Z");
  EXPECT_EQ((*keys)[1].key_id, LedgerKey('a').key_id);
}

TEST_P(StoreConformanceTest, RolledBackLedgerWritesLeaveNothing) {
  std::unique_ptr<Store> store = MustOpen();
  ASSERT_NE(store, nullptr);
  {
    auto tx = store->Begin();
    STORE_ASSERT_OK(tx);
    STORE_ASSERT_OK((*tx)->PutLedgerKey(LedgerKey('k')));
    STORE_ASSERT_OK((*tx)->AppendLedgerEvent(LedgerEvent(0)));
    STORE_ASSERT_OK((*tx)->AppendLedgerCheckpoint(LedgerCheckpoint(1, LedgerKey('k').key_id)));
    STORE_ASSERT_OK((*tx)->SaveLedgerFrontier({1, std::string(32, 'h')}));
  }  // no Commit
  auto tx = store->BeginRead();
  STORE_ASSERT_OK(tx);
  EXPECT_EQ(*(*tx)->LedgerSize(), 0);
  EXPECT_FALSE((*(*tx)->LatestLedgerCheckpoint()).has_value());
  EXPECT_EQ((*(*tx)->LoadLedgerFrontier()).size, 0);
  EXPECT_TRUE((*(*tx)->LedgerKeys()).empty());
}

}  // namespace
}  // namespace sunlit::store::testing
