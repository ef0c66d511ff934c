// Conformance of store::Sql, the surface of the portable repositories: binding, NULLs,
// BLOBs, RETURNING, the error mapping, and the guards on read-only and finished transactions.
#include "store/sql.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "store/store_conformance.h"

namespace sunlit::store::testing {
namespace {

TEST_P(StoreConformanceTest, SqlBindsReadsAndMapsErrors) {
  std::unique_ptr<Store> store = MustOpen();
  ASSERT_NE(store, nullptr);
  auto tx = store->Begin();
  STORE_ASSERT_OK(tx);
  Sql& sql = (*tx)->sql();
  STORE_ASSERT_OK(
      sql.Exec("CREATE TEMP TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, note TEXT, "
               "bytes BLOB, n INTEGER NOT NULL CHECK (n >= 0))"));
  const std::string blob("\0\x01\xff", 3);
  auto id = sql.InsertReturningId(
      "INSERT INTO t (name, note, bytes, n) VALUES (?, ?, ?, ?) RETURNING id",
      {std::string_view("名'; DROP TABLE t; --"), nullptr, SqlBlob{blob}, int64_t{7}});
  STORE_ASSERT_OK(id);
  EXPECT_GT(*id, 0);

  int rows = 0;
  STORE_ASSERT_OK(
      sql.Query("SELECT name, note, bytes, n FROM t WHERE id = ?", {*id}, [&](const SqlRow& r) {
        ++rows;
        EXPECT_EQ(r.Columns(), 4);
        EXPECT_EQ(r.Text(0), "名'; DROP TABLE t; --");
        EXPECT_TRUE(r.IsNull(1));
        EXPECT_EQ(r.Text(1), "");
        EXPECT_EQ(r.Blob(2), blob);
        EXPECT_EQ(r.Int(3), 7);
        return true;
      }));
  EXPECT_EQ(rows, 1);

  auto dup = sql.Exec("INSERT INTO t (name, n) VALUES (?, 1)",
                      {std::string_view("名'; DROP TABLE t; --")});
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.status().code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(dup.status().message().find("INSERT"), std::string::npos);

  auto bad = sql.Exec("INSERT INTO t (name, n) VALUES ('x', -1)");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kFailedPrecondition);

  auto changed = sql.Exec("UPDATE t SET n = n + 1 WHERE n >= ?", {int64_t{0}});
  STORE_ASSERT_OK(changed);
  EXPECT_EQ(*changed, 1);
  auto none = sql.QueryInt("SELECT n FROM t WHERE name = ?", {std::string_view("missing")});
  STORE_ASSERT_OK(none);
  EXPECT_FALSE(none->has_value());

  STORE_ASSERT_OK((*tx)->Commit());
  auto after = (*tx)->sql().Exec("SELECT 1");
  ASSERT_FALSE(after.ok());
  EXPECT_EQ(after.status().code(), StatusCode::kFailedPrecondition);
}

TEST_P(StoreConformanceTest, SqlRefusesWritesInAReadTransaction) {
  std::unique_ptr<Store> store = MustOpen();
  ASSERT_NE(store, nullptr);
  auto tx = store->BeginRead();
  STORE_ASSERT_OK(tx);
  auto count = (*tx)->sql().QueryInt("SELECT count(*) FROM departments");
  STORE_ASSERT_OK(count);
  EXPECT_EQ(count->value_or(-1), 0);
  auto write = (*tx)->sql().Exec("DELETE FROM departments");
  ASSERT_FALSE(write.ok());
  EXPECT_EQ(write.status().code(), StatusCode::kFailedPrecondition);
}

TEST_P(StoreConformanceTest, SqlInsertsAndLooksUpManyRowsInBatches) {
  std::unique_ptr<Store> store = MustOpen();
  ASSERT_NE(store, nullptr);
  auto tx = store->Begin();
  STORE_ASSERT_OK(tx);
  Sql& sql = (*tx)->sql();
  STORE_ASSERT_OK(
      sql.Exec("CREATE TEMP TABLE m (id INTEGER PRIMARY KEY, k TEXT NOT NULL UNIQUE, n INTEGER, "
               "note TEXT)"));
  // 1 000 rows: three full batches and a tail of 232 = 128 + 64 + 32 + 8 rows.
  std::vector<std::string> keys;
  for (int i = 0; i < 1000; ++i) keys.push_back("k" + std::to_string(100000 + i));
  auto inserted = sql.InsertRows(
      "INSERT INTO m (k, n, note)", 3, keys.size(), [&](size_t i, std::vector<SqlParam>& out) {
        out.emplace_back(std::string_view(keys[i]));
        out.emplace_back(static_cast<int64_t>(i));
        out.emplace_back(i % 2 == 0 ? SqlParam(nullptr) : SqlParam(std::string_view("odd")));
      });
  STORE_ASSERT_OK(inserted);
  EXPECT_EQ(*inserted, 1000);
  // Ids follow the rows' order, within and across batches.
  int64_t previous_id = 0, seen = 0;
  STORE_ASSERT_OK(sql.Query("SELECT id, n FROM m ORDER BY id", {}, [&](const SqlRow& r) {
    EXPECT_GT(r.Int(0), previous_id);
    EXPECT_EQ(r.Int(1), seen);
    previous_id = r.Int(0);
    ++seen;
    return true;
  }));
  EXPECT_EQ(seen, 1000);

  // Look up 600 keys (every other one, plus 100 that do not exist) with a tail parameter.
  std::vector<std::string> wanted;
  for (int i = 0; i < 1000; i += 2) wanted.push_back(keys[i]);
  for (int i = 0; i < 100; ++i) wanted.push_back("z" + std::to_string(i));
  std::sort(wanted.begin(), wanted.end());
  std::vector<std::string> found;
  const SqlParam tail[] = {int64_t{10}};
  STORE_ASSERT_OK(sql.QueryIn("SELECT k, note FROM m WHERE k", wanted, " AND n >= ? ORDER BY k",
                              tail, [&](const SqlRow& r) {
                                EXPECT_TRUE(r.IsNull(1));
                                found.push_back(r.String(0));
                                return true;
                              }));
  ASSERT_EQ(found.size(), 495u);  // the even n from 10 to 998
  EXPECT_EQ(found.front(), "k100010");
  EXPECT_EQ(found.back(), "k100998");
  EXPECT_TRUE(std::is_sorted(found.begin(), found.end()));
  // Stopping early stops every batch.
  int calls = 0;
  STORE_ASSERT_OK(sql.QueryIn("SELECT k FROM m WHERE k", keys, "", {},
                              [&](const SqlRow&) { return ++calls < 300; }));
  EXPECT_EQ(calls, 300);
  // A row with the wrong number of values is refused before anything is sent.
  auto wrong = sql.InsertRows(
      "INSERT INTO m (k, n, note)", 3, 1,
      [](size_t, std::vector<SqlParam>& out) { out.emplace_back(std::string_view("short")); });
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.status().code(), StatusCode::kInternal);
  // A duplicate key in a batch maps like a single-row INSERT.
  auto dup =
      sql.InsertRows("INSERT INTO m (k, n, note)", 3, 2, [&](size_t, std::vector<SqlParam>& out) {
        out.insert(out.end(), {std::string_view("dup"), int64_t{1}, nullptr});
      });
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.status().code(), StatusCode::kAlreadyExists);
}  // rolled back: the transaction is dropped

}  // namespace
}  // namespace sunlit::store::testing
