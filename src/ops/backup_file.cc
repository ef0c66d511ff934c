// The backup container. The writer reserves a fixed header (kHeaderBytes) so that the
// payload is read once: copied and hashed in one pass, then the manifest, which needs the
// hash, is written into the reserved space.
#include "ops/backup_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>
#include <algorithm>
#include <vector>

#include "draw/sha256.h"

namespace sunlit::ops {
namespace {

constexpr int64_t kHeaderBytes = 65536;  // magic + manifest line, padded
constexpr size_t kMaxManifest = 1 << 20;  // what a reader accepts
constexpr size_t kChunk = 1 << 20;

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  int Release() { return std::exchange(fd_, -1); }

 private:
  int fd_;
};

Status WriteAll(int fd, const char* data, size_t n, const std::string& what) {
  while (n > 0) {
    const ssize_t w = ::write(fd, data, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) {
      if (errno == ENOSPC) return ResourceExhausted("the disk is full writing " + what);
      return Unavailable("cannot write " + what, std::strerror(errno));
    }
    data += w;
    n -= static_cast<size_t>(w);
  }
  return Status::Ok();
}

// Reads up to n bytes; returns how many (0 at end of file).
Result<size_t> ReadSome(int fd, char* data, size_t n, const std::string& what) {
  while (true) {
    const ssize_t r = ::read(fd, data, n);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return Unavailable("cannot read " + what, std::strerror(errno));
    return static_cast<size_t>(r);
  }
}

Result<int64_t> FileSize(int fd, const std::string& what) {
  struct stat st{};
  if (::fstat(fd, &st) != 0) return Unavailable("cannot read " + what);
  return static_cast<int64_t>(st.st_size);
}

bool IsHex64(std::string_view s) {
  if (s.size() != 64) return false;
  for (const char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace

std::string ManifestToJson(const Manifest& m) {
  nlohmann::ordered_json tables = nlohmann::ordered_json::array();
  for (const TableDigest& t : m.tables) {
    tables.push_back({{"name", t.table}, {"rows", t.rows}, {"sha256", t.sha256}});
  }
  const nlohmann::ordered_json j = {
      {"format", kManifestFormat},
      {"backend", m.backend},
      {"payload", m.payload},
      {"payload_size", m.payload_size},
      {"payload_sha256", m.payload_sha256},
      {"schema_version", m.schema_version},
      {"ledger",
       {{"size", m.ledger_size}, {"root", m.ledger_root}, {"checkpoint_at", m.ledger_checkpoint_at}}},
      {"tables", tables},
      {"created_at", m.created_at},
      {"source", m.source},
      {"program", m.program},
  };
  return j.dump();
}

Result<Manifest> ManifestFromJson(std::string_view text) {
  const nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    return InvalidArgument("the backup manifest is not valid JSON");
  }
  Manifest m;
  try {
    if (j.at("format").get<std::string>() != kManifestFormat) {
      return InvalidArgument("unknown backup format \"" + j.at("format").get<std::string>() +
                             "\" (this program reads " + std::string(kManifestFormat) + ")");
    }
    m.backend = j.at("backend").get<std::string>();
    m.payload = j.at("payload").get<std::string>();
    m.payload_size = j.at("payload_size").get<int64_t>();
    m.payload_sha256 = j.at("payload_sha256").get<std::string>();
    m.schema_version = j.at("schema_version").get<int>();
    const auto& ledger = j.at("ledger");
    m.ledger_size = ledger.at("size").get<int64_t>();
    m.ledger_root = ledger.at("root").get<std::string>();
    m.ledger_checkpoint_at = ledger.at("checkpoint_at").get<std::string>();
    for (const auto& t : j.at("tables")) {
      m.tables.push_back({t.at("name").get<std::string>(), t.at("rows").get<int64_t>(),
                          t.at("sha256").get<std::string>()});
    }
    m.created_at = j.at("created_at").get<std::string>();
    m.source = j.at("source").get<std::string>();
    m.program = j.value("program", "");
  } catch (const nlohmann::json::exception& e) {
    return InvalidArgument("the backup manifest is incomplete or malformed", e.what());
  }
  if (m.backend != "sqlite" && m.backend != "postgresql") {
    return InvalidArgument("the backup manifest names an unknown backend \"" + m.backend + "\"");
  }
  const bool payload_ok = (m.backend == "sqlite" && m.payload == kPayloadSqlite) ||
                          (m.backend == "postgresql" && m.payload == kPayloadPgDump);
  if (!payload_ok) return InvalidArgument("the backup manifest names an unknown payload");
  if (m.payload_size <= 0 || !IsHex64(m.payload_sha256) || !IsHex64(m.ledger_root) ||
      m.ledger_size < 0 || m.schema_version <= 0) {
    return InvalidArgument("the backup manifest has an impossible value");
  }
  return m;
}

Status WriteBackupFile(const std::string& out_path, Manifest manifest,
                       const std::string& payload_path,
                       const std::function<void(int64_t, int64_t)>& progress) {
  struct stat st{};
  if (::stat(out_path.c_str(), &st) == 0) return AlreadyExists(out_path + " already exists");
  Fd in(::open(payload_path.c_str(), O_RDONLY | O_CLOEXEC));
  if (in.get() < 0) return Unavailable("cannot read " + payload_path, std::strerror(errno));
  SUNLIT_ASSIGN_OR_RETURN(const int64_t total, FileSize(in.get(), payload_path));
  const std::string tmp = out_path + ".partial";
  Fd out(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
  if (out.get() < 0) return Unavailable("cannot create " + tmp, std::strerror(errno));
  Status s = [&]() -> Status {
    const std::string reserved(static_cast<size_t>(kHeaderBytes), ' ');
    SUNLIT_RETURN_IF_ERROR(WriteAll(out.get(), reserved.data(), reserved.size(), out_path));
    draw::Sha256 sha;
    std::vector<char> buf(kChunk);
    int64_t done = 0;
    while (true) {
      SUNLIT_ASSIGN_OR_RETURN(const size_t n, ReadSome(in.get(), buf.data(), buf.size(),
                                                       payload_path));
      if (n == 0) break;
      sha.Update(buf.data(), n);
      SUNLIT_RETURN_IF_ERROR(WriteAll(out.get(), buf.data(), n, out_path));
      done += static_cast<int64_t>(n);
      if (progress) progress(done, total);
    }
    if (done != total) return Unavailable(payload_path + " changed while it was copied");
    manifest.payload_size = done;
    manifest.payload_sha256 = draw::ToHex(sha.Finish());
    std::string header(kBackupMagic);
    header += ManifestToJson(manifest);
    if (header.size() + 1 > static_cast<size_t>(kHeaderBytes)) {
      return Internal("the backup manifest is too large");
    }
    header.resize(static_cast<size_t>(kHeaderBytes) - 1, ' ');
    header.push_back('\n');
    if (::lseek(out.get(), 0, SEEK_SET) != 0) return Unavailable("cannot write " + out_path);
    SUNLIT_RETURN_IF_ERROR(WriteAll(out.get(), header.data(), header.size(), out_path));
    if (::fsync(out.get()) != 0) return Unavailable("cannot sync " + out_path + " to disk");
    if (::close(out.Release()) != 0) return Unavailable("cannot write " + out_path);
    // link(2) fails when out_path appeared meanwhile: never overwrite another backup.
    if (::link(tmp.c_str(), out_path.c_str()) != 0) {
      if (errno == EEXIST) return AlreadyExists(out_path + " already exists");
      return Unavailable("cannot create " + out_path, std::strerror(errno));
    }
    return Status::Ok();
  }();
  std::remove(tmp.c_str());
  return s;
}

Result<OpenedBackup> ReadBackupFile(const std::string& path, bool check_payload,
                                    const std::function<void(int64_t, int64_t)>& progress) {
  Fd in(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (in.get() < 0) {
    if (errno == ENOENT) return NotFound("there is no backup file " + path);
    return Unavailable("cannot read " + path, std::strerror(errno));
  }
  SUNLIT_ASSIGN_OR_RETURN(const int64_t size, FileSize(in.get(), path));
  // The header: magic, then the manifest line (at most kMaxManifest bytes).
  std::string head(kBackupMagic.size() + kMaxManifest + 1, '\0');
  size_t have = 0;
  while (have < head.size()) {
    SUNLIT_ASSIGN_OR_RETURN(const size_t n, ReadSome(in.get(), head.data() + have,
                                                     head.size() - have, path));
    if (n == 0) break;
    have += n;
  }
  head.resize(have);
  if (!head.starts_with(kBackupMagic)) {
    if (head.starts_with("SUNLIT-BACKUP ")) {
      return InvalidArgument(path + " is a Sunlit backup of a newer format than this program reads");
    }
    return InvalidArgument(path + " is not a Sunlit backup file");
  }
  const size_t nl = head.find('\n', kBackupMagic.size());
  if (nl == std::string::npos) {
    return DataLoss(path + " is damaged or truncated: its manifest is incomplete");
  }
  Result<Manifest> manifest =
      ManifestFromJson(std::string_view(head).substr(kBackupMagic.size(), nl - kBackupMagic.size()));
  if (!manifest.ok()) {
    return DataLoss(path + " is damaged: " + manifest.status().message(), manifest.status().detail());
  }
  OpenedBackup out;
  out.payload_offset = static_cast<int64_t>(nl + 1);
  out.manifest = std::move(*manifest);
  const int64_t expected = out.payload_offset + out.manifest.payload_size;
  if (size < expected) {
    return DataLoss(path + " is truncated: " + std::to_string(size) + " of " +
                    std::to_string(expected) + " bytes");
  }
  if (size > expected) {
    return DataLoss(path + " is damaged: " + std::to_string(size - expected) +
                    " bytes more than its manifest states");
  }
  if (!check_payload) return out;
  if (::lseek(in.get(), out.payload_offset, SEEK_SET) != out.payload_offset) {
    return Unavailable("cannot read " + path);
  }
  draw::Sha256 sha;
  std::vector<char> buf(kChunk);
  int64_t done = 0;
  while (done < out.manifest.payload_size) {
    SUNLIT_ASSIGN_OR_RETURN(const size_t n, ReadSome(in.get(), buf.data(), buf.size(), path));
    if (n == 0) break;
    sha.Update(buf.data(), n);
    done += static_cast<int64_t>(n);
    if (progress) progress(done, out.manifest.payload_size);
  }
  if (done != out.manifest.payload_size) return DataLoss(path + " changed while it was read");
  if (draw::ToHex(sha.Finish()) != out.manifest.payload_sha256) {
    return DataLoss(path + " is damaged: its content does not match the SHA-256 in its manifest");
  }
  return out;
}

Status ExtractPayload(const std::string& path, const OpenedBackup& backup,
                      const std::string& out_path,
                      const std::function<void(int64_t, int64_t)>& progress) {
  Fd in(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (in.get() < 0) return Unavailable("cannot read " + path, std::strerror(errno));
  Fd out(::open(out_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
  if (out.get() < 0) return Unavailable("cannot create " + out_path, std::strerror(errno));
  Status s = [&]() -> Status {
    if (::lseek(in.get(), backup.payload_offset, SEEK_SET) != backup.payload_offset) {
      return Unavailable("cannot read " + path);
    }
    draw::Sha256 sha;
    std::vector<char> buf(kChunk);
    const int64_t total = backup.manifest.payload_size;
    int64_t left = total;
    while (left > 0) {
      const size_t want =
          static_cast<size_t>(std::min<int64_t>(left, static_cast<int64_t>(kChunk)));
      SUNLIT_ASSIGN_OR_RETURN(const size_t n, ReadSome(in.get(), buf.data(), want, path));
      if (n == 0) return DataLoss(path + " is truncated");
      sha.Update(buf.data(), n);
      SUNLIT_RETURN_IF_ERROR(WriteAll(out.get(), buf.data(), n, out_path));
      left -= static_cast<int64_t>(n);
      if (progress) progress(total - left, total);
    }
    if (draw::ToHex(sha.Finish()) != backup.manifest.payload_sha256) {
      return DataLoss(path + " is damaged: its content does not match the SHA-256 in its manifest");
    }
    if (::fsync(out.get()) != 0) return Unavailable("cannot sync " + out_path);
    return Status::Ok();
  }();
  if (!s.ok()) std::remove(out_path.c_str());
  return s;
}

}  // namespace sunlit::ops
