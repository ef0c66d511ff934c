// FileStore: content-addressed storage for evidence files (证据材料). A file is named by the
// lower-case hex SHA-256 of its bytes and nothing else — never by a name a user supplied —
// so no request can reach a path outside the store, and the same bytes are stored once.
//
// DiskFileStore keeps them under a directory next to the database ("<db dir>/files/ab/
// abcdef…", two-level fan-out); MemoryFileStore is for tests. Thread-safety: both may be
// shared between threads.
#ifndef SUNLIT_APP_FILE_STORE_H_
#define SUNLIT_APP_FILE_STORE_H_

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "core/result.h"

namespace sunlit::app {

class FileStore {
 public:
  virtual ~FileStore() = default;
  // Stores `bytes` and returns their SHA-256 (64 lower-case hex digits). Storing bytes that
  // are already there is a no-op returning the same name. kUnavailable / kResourceExhausted
  // when the disk refuses.
  virtual Result<std::string> Put(std::string_view bytes) = 0;
  // The bytes named `sha256_hex`, checked against the name. kInvalidArgument unless the name
  // is 64 lower-case hex digits; kNotFound when absent; kDataLoss when the stored bytes do
  // not hash to their name.
  virtual Result<std::string> Get(std::string_view sha256_hex) = 0;
};

// True when `s` is exactly 64 lower-case hexadecimal digits.
bool IsSha256Hex(std::string_view s);

class DiskFileStore final : public FileStore {
 public:
  // REQUIRES: `dir` may be created (it is created on the first Put).
  explicit DiskFileStore(std::string dir) : dir_(std::move(dir)) {}
  Result<std::string> Put(std::string_view bytes) override;
  Result<std::string> Get(std::string_view sha256_hex) override;
  const std::string& dir() const { return dir_; }

 private:
  std::string PathOf(std::string_view sha256_hex) const;
  std::string dir_;
};

class MemoryFileStore final : public FileStore {
 public:
  Result<std::string> Put(std::string_view bytes) override;
  Result<std::string> Get(std::string_view sha256_hex) override;
  // Test hook: replaces the stored bytes of `sha256_hex` (to simulate a damaged disk).
  void Corrupt(const std::string& sha256_hex, std::string bytes);

 private:
  std::mutex mu_;
  std::map<std::string, std::string, std::less<>> files_;
};

// Where a store's evidence files live by default: "<directory of the SQLite file>/files" for
// "sqlite:PATH" or a bare path. kInvalidArgument for other URLs (give the directory).
Result<std::string> DefaultFilesDir(std::string_view store_url);

}  // namespace sunlit::app

#endif  // SUNLIT_APP_FILE_STORE_H_
