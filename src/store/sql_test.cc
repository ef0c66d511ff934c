// Conformance of store::Sql, the surface of the portable repositories: binding, NULLs,
// BLOBs, RETURNING, the error mapping, and the guards on read-only and finished transactions.
#include "store/sql.h"

#include <gtest/gtest.h>

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
  STORE_ASSERT_OK(sql.Exec(
      "CREATE TEMP TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, note TEXT, "
      "bytes BLOB, n INTEGER NOT NULL CHECK (n >= 0))"));
  const std::string blob("\0\x01\xff", 3);
  auto id = sql.InsertReturningId(
      "INSERT INTO t (name, note, bytes, n) VALUES (?, ?, ?, ?) RETURNING id",
      {std::string_view("名'; DROP TABLE t; --"), nullptr, SqlBlob{blob}, int64_t{7}});
  STORE_ASSERT_OK(id);
  EXPECT_GT(*id, 0);

  int rows = 0;
  STORE_ASSERT_OK(sql.Query("SELECT name, note, bytes, n FROM t WHERE id = ?", {*id},
                            [&](const SqlRow& r) {
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

}  // namespace
}  // namespace sunlit::store::testing
