// PgPool: the connections of one PostgresStore (shared with its transactions, which may
// outlive the store).
//
// Internal to store/postgres. Thread-safe.
#ifndef SUNLIT_STORE_POSTGRES_PG_POOL_H_
#define SUNLIT_STORE_POSTGRES_PG_POOL_H_

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/postgres/pg_connection.h"
#include "store/postgres/pg_store.h"

namespace sunlit::store::postgres {

class PgPool {
 public:
  PgPool(std::string conninfo, PostgresOptions options)
      : conninfo_(std::move(conninfo)), options_(std::move(options)) {}

  // An idle connection, or a new one.
  Result<std::unique_ptr<PgConnection>> Acquire();
  // Takes `conn` back; it is kept only when healthy, outside any transaction and the pool
  // is not full.
  void Release(std::unique_ptr<PgConnection> conn);

  std::string Now() const { return options_.clock(); }
  const PostgresOptions& options() const { return options_; }
  const std::string& conninfo() const { return conninfo_; }

 private:
  const std::string conninfo_;
  const PostgresOptions options_;
  std::mutex mu_;
  std::vector<std::unique_ptr<PgConnection>> idle_;
};

}  // namespace sunlit::store::postgres

#endif  // SUNLIT_STORE_POSTGRES_PG_POOL_H_
