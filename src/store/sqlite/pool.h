// ConnectionPool: the connections of one SQLite database file, handed to one transaction at
// a time, and the background WAL checkpointer.
//
// Internal to store/sqlite. Shared (std::shared_ptr) by the store and its live transactions,
// so a transaction may outlive the store object. Thread-safe.
#ifndef SUNLIT_STORE_SQLITE_POOL_H_
#define SUNLIT_STORE_SQLITE_POOL_H_

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/result.h"
#include "store/sqlite/connection.h"
#include "store/sqlite/sqlite_store.h"

namespace sunlit::store::sqlite {

class ConnectionPool {
 public:
  ConnectionPool(std::string path, SqliteOptions options);
  // Stops the checkpointer (waiting for a running checkpoint) and closes idle connections.
  ~ConnectionPool();
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  // An idle connection of `role`, or a new one. Errors: as Connection::Open.
  Result<std::unique_ptr<Connection>> Acquire(ConnectionRole role);
  // Returns `conn` for reuse. A connection still inside a transaction is closed instead.
  void Release(std::unique_ptr<Connection> conn);

  // Closes every idle connection, the background checkpointer's included (waiting for a
  // checkpoint in progress and dropping a pending one), so that a connection in use can be
  // the only one this process has open on the file — what leaving WAL mode requires.
  // Connections in use are not touched; later Acquire calls open new ones.
  void CloseIdle();

  // The write gate: this process's write transactions take SQLite's one write lock in the
  // order they asked for it (SqliteStore::Begin). EnterWriteGate waits until every earlier
  // writer of this process has left, at most `timeout_ms`, and says whether it got in; on
  // time-out the caller goes on to SQLite's own lock and busy timeout, as without the gate
  // (so a thread that already holds a write transaction and begins another fails as before,
  // instead of waiting for itself). Every successful Enter is followed by one LeaveWriteGate.
  bool EnterWriteGate(int timeout_ms);
  void LeaveWriteGate();
  // Writers waiting at the gate (for tests).
  size_t WriteGateWaiters();

  const std::string& path() const { return path_; }
  const SqliteOptions& options() const { return options_; }
  // The batch clock.
  std::string Now() const { return options_.clock(); }

 private:
  static constexpr size_t kMaxIdle = 64;  // per role; more are closed on release
  static int WalHook(void* arg, sqlite3* db, const char* name, int pages);
  void CheckpointLoop();

  const std::string path_;
  const SqliteOptions options_;
  ConnectionOptions connection_options_;

  std::mutex mu_;
  std::vector<std::unique_ptr<Connection>> idle_writers_;
  std::vector<std::unique_ptr<Connection>> idle_readers_;

  std::mutex gate_mu_;
  std::condition_variable gate_cv_;
  bool gate_held_ = false;
  uint64_t gate_next_ = 0;           // ticket of the next arrival
  std::deque<uint64_t> gate_queue_;  // tickets waiting, in arrival order

  std::mutex checkpoint_mu_;
  std::condition_variable checkpoint_cv_;
  bool checkpoint_wanted_ = false;
  bool checkpointing_ = false;  // a checkpoint holds a pooled connection
  bool stopping_ = false;
  std::thread checkpointer_;
};

}  // namespace sunlit::store::sqlite

#endif  // SUNLIT_STORE_SQLITE_POOL_H_
