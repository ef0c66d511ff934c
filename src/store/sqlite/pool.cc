// Connection reuse and off-thread WAL checkpoints.
//
// Why a checkpoint thread: SQLite's automatic checkpoint runs inside the COMMIT that pushed
// the WAL past its threshold. After a ten-million-row import that is gigabytes copied and
// fsync'ed before Commit() returns. The recommended alternative (sqlite.org/wal.html) is a
// WAL hook that wakes a separate thread running PASSIVE checkpoints, which never block
// readers or writers. The checkpointer borrows an idle reader for each checkpoint rather than
// keeping a connection of its own, so that CloseIdle() can leave a transaction alone on the
// file.
//
// Why a write gate: SQLite has one write lock per file, and a connection that finds it taken
// polls it from its busy handler, sleeping 1, 2, 5 … up to 100 ms between tries. A writer
// that arrives while others sleep can take the lock first, so under many concurrent writers
// the median write waited 20 ms while the slowest waited more than 2 s (bench/load: 32
// inspectors saving results, docs/benchmarks.md) — and past the busy timeout a write fails.
// Writers of one process therefore queue here, first come first served, and only the head of
// the queue asks SQLite for the lock; other processes (a CLI import while serving) still meet
// SQLite's busy handler.
#include "store/sqlite/pool.h"

#include <algorithm>
#include <chrono>
#include <utility>

namespace sunlit::store::sqlite {
namespace {
constexpr int kCheckpointPages = 1000;  // SQLite's default auto-checkpoint threshold
}  // namespace

ConnectionPool::ConnectionPool(std::string path, SqliteOptions options)
    : path_(std::move(path)), options_(std::move(options)) {
  connection_options_.busy_timeout_ms = options_.busy_timeout_ms;
  connection_options_.writer_cache_kib = options_.writer_cache_kib;
  connection_options_.reader_mmap_bytes = options_.reader_mmap_bytes;
  connection_options_.page_size = options_.page_size;
  if (options_.background_checkpoint) {
    connection_options_.wal_hook = &ConnectionPool::WalHook;
    connection_options_.wal_hook_arg = this;
    checkpointer_ = std::thread([this] { CheckpointLoop(); });
  }
}

ConnectionPool::~ConnectionPool() {
  if (checkpointer_.joinable()) {
    {
      std::lock_guard<std::mutex> lock(checkpoint_mu_);
      stopping_ = true;
    }
    checkpoint_cv_.notify_all();
    checkpointer_.join();
  }
  std::lock_guard<std::mutex> lock(mu_);
  idle_writers_.clear();
  idle_readers_.clear();  // the last close checkpoints and removes the WAL
}

bool ConnectionPool::EnterWriteGate(int timeout_ms) {
  std::unique_lock<std::mutex> lock(gate_mu_);
  const uint64_t ticket = gate_next_++;
  gate_queue_.push_back(ticket);
  const bool turn = gate_cv_.wait_for(lock, std::chrono::milliseconds(std::max(timeout_ms, 0)),
                                      [&] { return !gate_held_ && gate_queue_.front() == ticket; });
  if (!turn) {
    gate_queue_.erase(std::find(gate_queue_.begin(), gate_queue_.end(), ticket));
    lock.unlock();
    gate_cv_.notify_all();  // the one behind may be at the head now
    return false;
  }
  gate_queue_.pop_front();
  gate_held_ = true;
  return true;
}

void ConnectionPool::LeaveWriteGate() {
  {
    std::lock_guard<std::mutex> lock(gate_mu_);
    gate_held_ = false;
  }
  gate_cv_.notify_all();
}

size_t ConnectionPool::WriteGateWaiters() {
  std::lock_guard<std::mutex> lock(gate_mu_);
  return gate_queue_.size();
}

Result<std::unique_ptr<Connection>> ConnectionPool::Acquire(ConnectionRole role) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto& idle = role == ConnectionRole::kWriter ? idle_writers_ : idle_readers_;
    if (!idle.empty()) {
      std::unique_ptr<Connection> conn = std::move(idle.back());
      idle.pop_back();
      return conn;
    }
  }
  // Opened outside the lock: opening may wait on the busy timeout.
  return Connection::Open(path_, role, connection_options_);
}

void ConnectionPool::CloseIdle() {
  if (checkpointer_.joinable()) {
    std::unique_lock<std::mutex> lock(checkpoint_mu_);
    checkpoint_cv_.wait(lock, [this] { return !checkpointing_; });
    checkpoint_wanted_ = false;  // whoever leaves WAL mode checkpoints the whole log anyway
  }
  std::vector<std::unique_ptr<Connection>> closing;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto* idle : {&idle_writers_, &idle_readers_}) {
      for (auto& conn : *idle) closing.push_back(std::move(conn));
      idle->clear();
    }
  }
  closing.clear();  // closed outside the lock
}

void ConnectionPool::Release(std::unique_ptr<Connection> conn) {
  if (conn == nullptr || !conn->autocommit()) return;  // closed here
  std::lock_guard<std::mutex> lock(mu_);
  auto& idle = conn->role() == ConnectionRole::kWriter ? idle_writers_ : idle_readers_;
  if (idle.size() < kMaxIdle) idle.push_back(std::move(conn));
}

int ConnectionPool::WalHook(void* arg, sqlite3* /*db*/, const char* /*name*/, int pages) {
  if (pages < kCheckpointPages) return SQLITE_OK;
  auto* pool = static_cast<ConnectionPool*>(arg);
  {
    std::lock_guard<std::mutex> lock(pool->checkpoint_mu_);
    pool->checkpoint_wanted_ = true;
  }
  pool->checkpoint_cv_.notify_all();
  return SQLITE_OK;
}

void ConnectionPool::CheckpointLoop() {
  std::unique_lock<std::mutex> lock(checkpoint_mu_);
  while (true) {
    checkpoint_cv_.wait(lock, [this] { return checkpoint_wanted_ || stopping_; });
    if (stopping_) break;
    checkpoint_wanted_ = false;
    checkpointing_ = true;
    lock.unlock();
    // A failed checkpoint is harmless: the WAL keeps the data and the next one retries.
    Result<std::unique_ptr<Connection>> conn = Acquire(ConnectionRole::kReader);
    if (conn.ok()) {
      sqlite3_wal_checkpoint_v2((*conn)->db(), nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr,
                                nullptr);
      Release(std::move(conn).value());
    }
    lock.lock();
    checkpointing_ = false;
    checkpoint_cv_.notify_all();
  }
}

}  // namespace sunlit::store::sqlite
