// FileStore implementations. Files are written to a temporary name in the same directory,
// flushed and renamed, so a reader never sees half a file and a crash leaves at worst a
// stray temporary file.
#include "app/file_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "draw/sha256.h"

namespace sunlit::app {
namespace {

namespace fs = std::filesystem;

std::string HexOf(std::string_view bytes) {
  const draw::Digest d = draw::Sha256Of(bytes);
  return draw::ToHex(d);
}

Status WriteAll(int fd, std::string_view bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == ENOSPC) return ResourceExhausted("the file store is full");
      return Unavailable("the file store cannot be written", std::strerror(errno));
    }
    done += static_cast<size_t>(n);
  }
  return Status::Ok();
}

}  // namespace

bool IsSha256Hex(std::string_view s) {
  if (s.size() != 64) return false;
  for (const char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

std::string DiskFileStore::PathOf(std::string_view sha256_hex) const {
  return (fs::path(dir_) / std::string(sha256_hex.substr(0, 2)) / std::string(sha256_hex)).string();
}

Result<std::string> DiskFileStore::Put(std::string_view bytes) {
  const std::string name = HexOf(bytes);
  const std::string path = PathOf(name);
  std::error_code ec;
  if (fs::exists(path, ec)) return name;
  const fs::path sub = fs::path(path).parent_path();
  fs::create_directories(sub, ec);
  if (ec) return Unavailable("the file store cannot be written", ec.message());
  std::string tmp = (sub / (name + ".tmp.XXXXXX")).string();
  const int fd = ::mkstemp(tmp.data());
  if (fd < 0) return Unavailable("the file store cannot be written", std::strerror(errno));
  Status s = WriteAll(fd, bytes);
  if (s.ok() && ::fsync(fd) != 0) {
    s = Unavailable("the file store cannot be written", std::strerror(errno));
  }
  ::close(fd);
  if (s.ok() && ::rename(tmp.c_str(), path.c_str()) != 0) {
    s = Unavailable("the file store cannot be written", std::strerror(errno));
  }
  if (!s.ok()) {
    ::unlink(tmp.c_str());
    return s;
  }
  return name;
}

Result<std::string> DiskFileStore::Get(std::string_view sha256_hex) {
  if (!IsSha256Hex(sha256_hex)) return InvalidArgument("not a file name");
  std::ifstream in(PathOf(sha256_hex), std::ios::binary);
  if (!in) return NotFound("the file is not in the file store");
  std::ostringstream out;
  out << in.rdbuf();
  std::string bytes = std::move(out).str();
  if (HexOf(bytes) != sha256_hex) {
    return DataLoss("the stored file is damaged", "hash mismatch for " + std::string(sha256_hex));
  }
  return bytes;
}

Result<std::string> MemoryFileStore::Put(std::string_view bytes) {
  std::string name = HexOf(bytes);
  std::lock_guard<std::mutex> lock(mu_);
  files_.emplace(name, std::string(bytes));
  return name;
}

Result<std::string> MemoryFileStore::Get(std::string_view sha256_hex) {
  if (!IsSha256Hex(sha256_hex)) return InvalidArgument("not a file name");
  std::lock_guard<std::mutex> lock(mu_);
  auto it = files_.find(sha256_hex);
  if (it == files_.end()) return NotFound("the file is not in the file store");
  if (HexOf(it->second) != sha256_hex) return DataLoss("the stored file is damaged");
  return it->second;
}

void MemoryFileStore::Corrupt(const std::string& sha256_hex, std::string bytes) {
  std::lock_guard<std::mutex> lock(mu_);
  files_[sha256_hex] = std::move(bytes);
}

Result<std::string> DefaultFilesDir(std::string_view store_url) {
  std::string_view path = store_url;
  if (path.starts_with("sqlite:")) {
    path.remove_prefix(7);
  } else if (const size_t colon = path.find(':');
             colon != std::string_view::npos && colon >= 2 && path.find('/') > colon) {
    return InvalidArgument("this database has no default files directory; give one");
  }
  if (path.empty()) return InvalidArgument("the database path is empty");
  return (fs::path(path).parent_path() / "files").string();
}

}  // namespace sunlit::app
