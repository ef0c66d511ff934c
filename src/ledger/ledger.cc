// The transparency log: leaf and checkpoint formats, the signing key file, appends through the
// stored frontier, and verification from the stored events up.
#include "ledger/ledger.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <bit>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <utility>

#include "core/crash_point.h"
#include "draw/merkle.h"
#include "draw/sha256.h"

namespace sunlit::ledger {
namespace {

constexpr std::string_view kLeafPrefix = "sunlit-ledger-v1\n";
constexpr std::string_view kCheckpointPrefix = "sunlit-ledger-checkpoint-v1\n";
constexpr std::string_view kKeyFileName = "ledger-ed25519.key";
constexpr size_t kMaxKind = 40;
constexpr size_t kMaxSubject = 200;
constexpr size_t kMaxBody = size_t{1} << 20;
constexpr size_t kMaxKeyFile = 4096;
// Deeper bodies are refused before parsing (writing JSON back out recurses per level).
constexpr int kMaxBodyDepth = 64;
// Events read per step of Verify: bounds its memory, not its result.
constexpr int64_t kVerifyChunk = 4096;

using SecretKey = std::array<uint8_t, crypto_sign_SECRETKEYBYTES>;
using PublicKey = std::array<uint8_t, crypto_sign_PUBLICKEYBYTES>;
using Signature = std::array<uint8_t, crypto_sign_BYTES>;
static_assert(sizeof(SecretKey) == 64 && sizeof(PublicKey) == 32 && sizeof(Signature) == 64);

Status InitSodium() {
  // sodium_init is thread-safe and idempotent; the static makes "once" explicit.
  static const int rc = sodium_init();
  if (rc < 0) return Internal("cryptography is unavailable", "sodium_init failed");
  return Status::Ok();
}

std::string ErrnoText(std::string_view what, const std::string& path) {
  return std::string(what) + " " + path + ": " + std::strerror(errno);
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// "YYYY-MM-DDTHH:MM:SSZ" in shape (the clock is trusted for the values).
bool IsUtcTime(std::string_view t) {
  static constexpr std::string_view kShape = "dddd-dd-ddTdd:dd:ddZ";
  if (t.size() != kShape.size()) return false;
  for (size_t i = 0; i < t.size(); ++i) {
    if (kShape[i] == 'd' ? !IsDigit(t[i]) : t[i] != kShape[i]) return false;
  }
  return true;
}

std::string SystemUtcNow() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string_view AsText(std::span<const uint8_t> b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

// Copies exactly N stored bytes into `out`; false when the length differs.
template <size_t N>
bool CopyBytes(std::string_view stored, std::array<uint8_t, N>* out) {
  if (stored.size() != N) return false;
  std::memcpy(out->data(), stored.data(), N);
  return true;
}

// --- frontier ------------------------------------------------------------------------------
// The right edge of the tree of `size` leaves: one perfect-subtree root per set bit of size,
// largest first. Appending a leaf merges as many trailing subtrees as size has trailing ones.

struct Frontier {
  int64_t size = 0;
  std::vector<Hash> hashes;
};

void FrontierAppend(Frontier& f, const Hash& leaf_hash) {
  f.hashes.push_back(leaf_hash);
  for (uint64_t n = static_cast<uint64_t>(f.size); (n & 1) != 0; n >>= 1) {
    const Hash right = f.hashes.back();
    f.hashes.pop_back();
    f.hashes.back() = draw::NodeHash(f.hashes.back(), right);
  }
  ++f.size;
}

// RFC 9162 MTH: the subtrees folded from the right.
Hash FrontierRoot(const Frontier& f) {
  if (f.hashes.empty()) return draw::Sha256Of(std::string_view());
  Hash root = f.hashes.back();
  for (size_t i = f.hashes.size() - 1; i-- > 0;) root = draw::NodeHash(f.hashes[i], root);
  return root;
}

bool DecodeFrontier(const store::LedgerFrontier& stored, Frontier* f) {
  if (stored.size < 0) return false;
  const auto count = static_cast<size_t>(std::popcount(static_cast<uint64_t>(stored.size)));
  if (stored.hashes.size() != count * sizeof(Hash)) return false;
  f->size = stored.size;
  f->hashes.resize(count);
  for (size_t i = 0; i < count; ++i) {
    std::memcpy(f->hashes[i].data(), stored.hashes.data() + i * sizeof(Hash), sizeof(Hash));
  }
  return true;
}

store::LedgerFrontier EncodeFrontier(const Frontier& f) {
  store::LedgerFrontier out;
  out.size = f.size;
  for (const Hash& h : f.hashes) out.hashes.append(AsText(h));
  return out;
}

// --- stored rows ---------------------------------------------------------------------------

Result<Checkpoint> DecodeCheckpoint(const store::LedgerCheckpointRow& row) {
  Checkpoint c;
  c.size = row.size;
  c.at = row.at;
  c.key_id = row.key_id;
  if (!CopyBytes(row.root, &c.root) || !CopyBytes(row.signature, &c.signature)) {
    return DataLoss("checkpoint " + std::to_string(row.size) +
                    ": stored root or signature is damaged");
  }
  return c;
}

Result<StoredEvent> DecodeEvent(const store::LedgerEventRow& row) {
  StoredEvent e;
  e.seq = row.seq;
  e.at = row.at;
  e.event = Event{row.kind, row.subject, row.body};
  if (!CopyBytes(row.leaf_hash, &e.leaf_hash)) {
    return DataLoss("event " + std::to_string(row.seq) + ": stored hash is damaged");
  }
  return e;
}

Result<std::map<std::string, PublicKey>> LoadKeys(store::Transaction& tx) {
  SUNLIT_ASSIGN_OR_RETURN(std::vector<store::LedgerKeyRow> rows, tx.LedgerKeys());
  std::map<std::string, PublicKey> keys;
  for (const store::LedgerKeyRow& row : rows) {
    PublicKey pk;
    if (!CopyBytes(row.public_key, &pk) || KeyId(pk) != row.key_id) {
      return DataLoss("key " + row.key_id + ": its id does not match its public key");
    }
    keys.emplace(row.key_id, pk);
  }
  return keys;
}

bool SignatureVerifies(const Checkpoint& c, const PublicKey& pk) {
  const std::string message = CheckpointMessage(c.size, c.root, c.at);
  return crypto_sign_verify_detached(c.signature.data(),
                                     reinterpret_cast<const uint8_t*>(message.data()),
                                     message.size(), pk.data()) == 0;
}

// --- key file ------------------------------------------------------------------------------

// Wipes a secret on every exit path.
template <typename T>
struct Wipe {
  T& secret;
  ~Wipe() { sodium_memzero(secret.data(), secret.size()); }
};

// Reads the key file. kNotFound when it does not exist.
Result<SecretKey> ReadKeyFile(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return NotFound("no signing key yet", path);
    return Unavailable("the signing key file cannot be read", ErrnoText("open", path));
  }
  std::string text(kMaxKeyFile + 1, '\0');
  Wipe<std::string> wipe_text{text};
  struct stat st {};
  ssize_t n = -1;
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) n = ::read(fd, text.data(), text.size());
  const int saved = errno;
  ::close(fd);
  errno = saved;
  if (!S_ISREG(st.st_mode)) {
    return Unavailable("the signing key file cannot be read", path + ": not a regular file");
  }
  if (n < 0) return Unavailable("the signing key file cannot be read", ErrnoText("read", path));
  if ((st.st_mode & 077) != 0) {
    return FailedPrecondition(
        "the signing key file may be read by other users; restrict it to its owner (mode 600)",
        path);
  }
  text.resize(static_cast<size_t>(n));
  SecretKey sk;
  bool parsed = false;
  if (text.size() == sk.size()) {  // raw bytes
    std::memcpy(sk.data(), text.data(), sk.size());
    parsed = true;
  } else {
    std::string_view hex = text;
    while (!hex.empty() && (hex.back() == '\n' || hex.back() == '\r' || hex.back() == ' ')) {
      hex.remove_suffix(1);
    }
    parsed = draw::ParseHex(hex, sk);
  }
  // libsodium's secret key is seed || public key: the second half must follow from the first.
  PublicKey pk;
  SecretKey check;
  Wipe<SecretKey> wipe_check{check};
  if (!parsed || crypto_sign_seed_keypair(pk.data(), check.data(), sk.data()) != 0 ||
      sodium_memcmp(check.data(), sk.data(), sk.size()) != 0) {
    sodium_memzero(sk.data(), sk.size());
    return DataLoss("the signing key file is malformed",
                    path + ": expected 128 hexadecimal digits (an Ed25519 secret key)");
  }
  return sk;
}

// Creates the key file with a fresh key unless it exists: the key is written to a temporary
// file (mode 0600), synced, then linked to `path`, which fails rather than replaces when
// another process got there first. Returns false in that case (read the winner's key).
Result<bool> CreateKeyFile(const std::string& path) {
  PublicKey pk;
  SecretKey sk;
  Wipe<SecretKey> wipe_sk{sk};
  crypto_sign_keypair(pk.data(), sk.data());
  std::string text = draw::ToHex(sk) + "\n";
  Wipe<std::string> wipe_text{text};

  std::string tmp = path + ".tmp-XXXXXX";
  const int fd = ::mkstemp(tmp.data());
  if (fd < 0) {
    return Unavailable("the signing key file cannot be created", ErrnoText("mkstemp", tmp));
  }
  bool ok = ::fchmod(fd, S_IRUSR | S_IWUSR) == 0;
  size_t done = 0;
  while (ok && done < text.size()) {
    const ssize_t w = ::write(fd, text.data() + done, text.size() - done);
    if (w < 0 && errno == EINTR) continue;
    ok = w > 0;
    if (ok) done += static_cast<size_t>(w);
  }
  ok = ok && ::fsync(fd) == 0;
  const std::string detail = ErrnoText("write", tmp);
  ok = (::close(fd) == 0) && ok;
  if (!ok) {
    ::unlink(tmp.c_str());
    return Unavailable("the signing key file cannot be created", detail);
  }
  bool created = true;
  if (::link(tmp.c_str(), path.c_str()) != 0) {
    if (errno == EEXIST) {
      created = false;
    } else if (errno == EPERM || errno == ENOTSUP || errno == EXDEV || errno == EMLINK) {
      // A file system without hard links: rename, which could replace a key created at this
      // very moment by another process; that process's Open then fails on the key check.
      if (::rename(tmp.c_str(), path.c_str()) != 0) {
        const std::string d = ErrnoText("rename", path);
        ::unlink(tmp.c_str());
        return Unavailable("the signing key file cannot be created", d);
      }
      tmp.clear();
    } else {
      const std::string d = ErrnoText("link", path);
      ::unlink(tmp.c_str());
      return Unavailable("the signing key file cannot be created", d);
    }
  }
  if (!tmp.empty()) ::unlink(tmp.c_str());
  if (created) {
    // Make the new directory entry durable too.
    std::string dir = std::filesystem::path(path).parent_path().string();
    if (dir.empty()) dir = ".";
    const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
      ::fsync(dfd);
      ::close(dfd);
    }
  }
  return created;
}

Result<SecretKey> LoadOrCreateKey(const std::string& path) {
  for (int attempt = 0; attempt < 3; ++attempt) {
    Result<SecretKey> key = ReadKeyFile(path);
    if (key.ok() || key.status().code() != StatusCode::kNotFound) return key;
    SUNLIT_ASSIGN_OR_RETURN(bool created, CreateKeyFile(path));
    (void)created;  // either way the file now exists: read it back
  }
  return Unavailable("the signing key file cannot be read", path + ": vanished while opening");
}

bool IsKind(std::string_view kind) {
  if (kind.empty() || kind.size() > kMaxKind) return false;
  for (const char c : kind) {
    if (!((c >= 'a' && c <= 'z') || c == '_')) return false;
  }
  return true;
}

// True for valid UTF-8 (nlohmann rejects anything else when writing it out).
bool IsUtf8(std::string_view s) {
  try {
    (void)nlohmann::json(std::string(s)).dump();
    return true;
  } catch (const nlohmann::json::exception&) {
    return false;
  }
}

// True when no array or object in `json` nests deeper than `max_depth` (brackets inside
// strings do not count). Malformed input is left to the parser.
bool NestingWithin(std::string_view json, int max_depth) {
  int depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (const char c : json) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > max_depth) return false;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return true;
}

}  // namespace

std::string CheckpointMessage(int64_t size, const Hash& root, std::string_view at) {
  std::string m(kCheckpointPrefix);
  m += std::to_string(size);
  m += '\n';
  m += draw::ToHex(root);
  m += '\n';
  m += at;
  m += '\n';
  return m;
}

std::string LeafBytes(int64_t seq, std::string_view at, const Event& event) {
  std::string leaf(kLeafPrefix);
  leaf += std::to_string(seq);
  leaf += '\n';
  leaf += at;
  leaf += '\n';
  leaf += event.kind;
  leaf += '\n';
  leaf += event.subject;
  leaf += '\n';
  leaf += event.body;
  return leaf;
}

std::string KeyId(const std::array<uint8_t, 32>& public_key) {
  const draw::Digest d = draw::Sha256Of(public_key.data(), public_key.size());
  return draw::ToHex(std::span<const uint8_t>(d.data(), 8));
}

Result<std::string> DefaultKeyPath(std::string_view store_url) {
  std::string_view path = store_url;
  if (path.starts_with("sqlite:")) {
    path.remove_prefix(7);
  } else if (const size_t colon = path.find(':');
             colon != std::string_view::npos && colon >= 2 &&
             path.find('/') > colon) {  // a URL scheme, as store::Open reads it
    return InvalidArgument("this database has no default key location; give the key file");
  }
  if (path.empty()) return InvalidArgument("the database path is empty");
  const std::filesystem::path dir = std::filesystem::path(path).parent_path();
  return (dir / kKeyFileName).string();
}

Status ValidateEvent(const Event& event) {
  if (!IsKind(event.kind)) {
    return InvalidArgument("event kind must be 1 to 40 lower-case letters or '_'");
  }
  if (event.subject.size() > kMaxSubject) {
    return InvalidArgument("event subject is longer than 200 bytes");
  }
  for (const char c : event.subject) {
    const auto b = static_cast<unsigned char>(c);
    if (b < 0x20 || b == 0x7f) return InvalidArgument("event subject has a control character");
  }
  if (!IsUtf8(event.subject)) return InvalidArgument("event subject is not UTF-8");
  if (event.body.size() > kMaxBody) return InvalidArgument("event body is larger than 1 MiB");
  if (!NestingWithin(event.body, kMaxBodyDepth)) {
    return InvalidArgument("event body nests deeper than 64 levels");
  }
  const nlohmann::json body =
      nlohmann::json::parse(event.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object()) {
    return InvalidArgument("event body must be a JSON object");
  }
  try {
    if (body.dump() != event.body) {
      return InvalidArgument("event body must be canonical JSON (keys sorted, no spaces)");
    }
  } catch (const nlohmann::json::exception&) {
    return InvalidArgument("event body is not UTF-8");
  }
  return Status::Ok();
}

Ledger::~Ledger() { sodium_memzero(secret_key_.data(), secret_key_.size()); }

std::string Ledger::public_key_hex() const { return draw::ToHex(public_key_); }

std::string Ledger::key_id() const { return KeyId(public_key_); }

Result<std::unique_ptr<Ledger>> Ledger::Open(store::Store& store, const Options& options) {
  SUNLIT_RETURN_IF_ERROR(InitSodium());
  if (options.key_path.empty()) return InvalidArgument("no signing key file was given");
  std::unique_ptr<Ledger> ledger(new Ledger());
  ledger->options_ = options;
  if (!ledger->options_.clock) ledger->options_.clock = SystemUtcNow;
  SUNLIT_ASSIGN_OR_RETURN(ledger->secret_key_, LoadOrCreateKey(options.key_path));
  std::memcpy(ledger->public_key_.data(), ledger->secret_key_.data() + 32, 32);
  const std::string id = ledger->key_id();

  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, store.Begin());
  SUNLIT_ASSIGN_OR_RETURN(auto keys, LoadKeys(*tx));
  if (!keys.empty() && keys.count(id) == 0) {
    std::string known;
    for (const auto& [known_id, pk] : keys) known += (known.empty() ? "" : ", ") + known_id;
    return DataLoss("the signing key does not match the key of this log",
                    "key file " + options.key_path + " holds key " + id + "; the log has " + known);
  }
  if (keys.empty()) {
    const std::string at = ledger->options_.clock();
    SUNLIT_RETURN_IF_ERROR(
        tx->PutLedgerKey(store::LedgerKeyRow{id, std::string(AsText(ledger->public_key_)), at})
            .status());
    SUNLIT_RETURN_IF_ERROR(tx->Commit());
  }
  return ledger;
}

Result<Appended> Ledger::Append(store::Transaction& tx, const Event& event) {
  SUNLIT_RETURN_IF_ERROR(ValidateEvent(event));
  const std::string at = options_.clock();
  if (!IsUtcTime(at)) return Internal("the clock is broken", "clock gave \"" + at + "\"");

  // The stored state must agree with itself before anything new is signed on top of it.
  SUNLIT_ASSIGN_OR_RETURN(store::LedgerFrontier stored, tx.LoadLedgerFrontier());
  SUNLIT_ASSIGN_OR_RETURN(int64_t size, tx.LedgerSize());
  SUNLIT_ASSIGN_OR_RETURN(std::optional<store::LedgerCheckpointRow> latest,
                          tx.LatestLedgerCheckpoint());
  Frontier frontier;
  const Status inconsistent =
      DataLoss("the stored log is inconsistent; nothing was appended (run: sunlit verify log)");
  if (!DecodeFrontier(stored, &frontier) || frontier.size != size) {
    return Status(
        inconsistent.code(), inconsistent.message(),
        "frontier size " + std::to_string(stored.size) + ", events " + std::to_string(size));
  }
  if (size == 0 ? latest.has_value()
                : (!latest.has_value() || latest->size != size ||
                   latest->root != AsText(FrontierRoot(frontier)))) {
    return Status(
        inconsistent.code(), inconsistent.message(),
        "the latest checkpoint does not match the frontier of size " + std::to_string(size));
  }
  SUNLIT_ASSIGN_OR_RETURN(auto keys, LoadKeys(tx));
  const std::string id = key_id();
  if (keys.count(id) == 0) {
    return FailedPrecondition("the signing key is not registered in this database", "key " + id);
  }

  Appended out;
  out.seq = size;
  out.at = at;
  out.leaf_hash = draw::LeafHash(LeafBytes(out.seq, at, event));
  FrontierAppend(frontier, out.leaf_hash);
  out.size = frontier.size;
  out.root = FrontierRoot(frontier);

  const std::string message = CheckpointMessage(out.size, out.root, at);
  Signature signature;
  crypto_sign_detached(signature.data(), nullptr, reinterpret_cast<const uint8_t*>(message.data()),
                       message.size(), secret_key_.data());

  SUNLIT_RETURN_IF_ERROR(tx.AppendLedgerEvent(store::LedgerEventRow{
      out.seq, at, event.kind, event.subject, event.body, std::string(AsText(out.leaf_hash))}));
  CrashPoint("ledger.after_event");  // the event row written, its checkpoint not yet
  SUNLIT_RETURN_IF_ERROR(tx.AppendLedgerCheckpoint(store::LedgerCheckpointRow{
      out.size, std::string(AsText(out.root)), at, id, std::string(AsText(signature))}));
  SUNLIT_RETURN_IF_ERROR(tx.SaveLedgerFrontier(EncodeFrontier(frontier)));
  return out;
}

Result<Checkpoint> Ledger::Verify(store::Store& store) {
  SUNLIT_RETURN_IF_ERROR(InitSodium());
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, store.BeginRead());
  SUNLIT_ASSIGN_OR_RETURN(auto keys, LoadKeys(*tx));
  SUNLIT_ASSIGN_OR_RETURN(const int64_t stored_size, tx->LedgerSize());

  Frontier frontier;
  std::optional<Checkpoint> latest;
  Status problem;
  // Checks checkpoint `row` against the tree of the events read so far.
  const auto check_checkpoint = [&](const store::LedgerCheckpointRow& row) -> Status {
    const std::string name = "checkpoint " + std::to_string(row.size) + ": ";
    SUNLIT_ASSIGN_OR_RETURN(Checkpoint c, DecodeCheckpoint(row));
    if (c.root != FrontierRoot(frontier)) {
      return DataLoss(name + "its root does not match the root of the first " +
                      std::to_string(c.size) + " events");
    }
    const auto key = keys.find(c.key_id);
    if (key == keys.end()) return DataLoss(name + "signed by an unregistered key " + c.key_id);
    if (!SignatureVerifies(c, key->second)) return DataLoss(name + "signature does not verify");
    latest = std::move(c);
    return Status::Ok();
  };

  for (int64_t from = 0;; from += kVerifyChunk) {
    // The checkpoints whose size ends inside this chunk of events.
    std::vector<store::LedgerCheckpointRow> checkpoints;
    SUNLIT_RETURN_IF_ERROR(tx->ScanLedgerCheckpoints(from + 1, from + kVerifyChunk + 1,
                                                     [&](const store::LedgerCheckpointRow& row) {
                                                       checkpoints.push_back(row);
                                                       return true;
                                                     }));
    size_t next_checkpoint = 0;
    int64_t rows = 0;
    SUNLIT_RETURN_IF_ERROR(
        tx->ScanLedgerEvents(from, from + kVerifyChunk, [&](const store::LedgerEventRow& row) {
          const std::string name = "event " + std::to_string(frontier.size) + ": ";
          if (row.seq != frontier.size) {
            problem = DataLoss("event " + std::to_string(frontier.size) + " is missing");
            return false;
          }
          Result<StoredEvent> e = DecodeEvent(row);
          if (!e.ok()) {
            problem = e.status();
            return false;
          }
          if (draw::LeafHash(LeafBytes(e->seq, e->at, e->event)) != e->leaf_hash) {
            problem = DataLoss(name + "stored hash does not match its content");
            return false;
          }
          FrontierAppend(frontier, e->leaf_hash);
          ++rows;
          while (next_checkpoint < checkpoints.size() &&
                 checkpoints[next_checkpoint].size == frontier.size) {
            problem = check_checkpoint(checkpoints[next_checkpoint++]);
            if (!problem.ok()) return false;
          }
          return true;
        }));
    SUNLIT_RETURN_IF_ERROR(problem);
    if (next_checkpoint < checkpoints.size()) {
      return DataLoss("checkpoint " + std::to_string(checkpoints[next_checkpoint].size) +
                      ": covers events that are not in the log (it holds " +
                      std::to_string(frontier.size) + ")");
    }
    if (rows < kVerifyChunk) break;
  }
  if (frontier.size < stored_size) {
    return DataLoss("event " + std::to_string(frontier.size) + " is missing");
  }
  SUNLIT_ASSIGN_OR_RETURN(std::optional<store::LedgerCheckpointRow> last,
                          tx->LatestLedgerCheckpoint());
  if (last.has_value() && last->size > frontier.size) {
    return DataLoss("checkpoint " + std::to_string(last->size) +
                    ": covers events that are not in the log (it holds " +
                    std::to_string(frontier.size) + ")");
  }
  if (frontier.size > 0 && (!latest.has_value() || latest->size != frontier.size)) {
    return DataLoss("events " + std::to_string(latest.has_value() ? latest->size : 0) + " to " +
                    std::to_string(frontier.size - 1) + " are not covered by a signed checkpoint");
  }
  // The derived frontier must match too, or the next append would refuse.
  SUNLIT_ASSIGN_OR_RETURN(store::LedgerFrontier stored, tx->LoadLedgerFrontier());
  const store::LedgerFrontier want = EncodeFrontier(frontier);
  if (stored.size != want.size || stored.hashes != want.hashes) {
    return DataLoss("the stored frontier (derived data) does not match the events");
  }
  if (!latest.has_value()) {
    Checkpoint empty;
    empty.root = FrontierRoot(frontier);
    return empty;
  }
  return std::move(*latest);
}

Result<InclusionProof> Ledger::Prove(store::Store& store, int64_t seq) {
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, store.BeginRead());
  SUNLIT_ASSIGN_OR_RETURN(std::optional<store::LedgerCheckpointRow> latest,
                          tx->LatestLedgerCheckpoint());
  if (!latest.has_value()) return NotFound("the log is empty");
  SUNLIT_ASSIGN_OR_RETURN(Checkpoint checkpoint, DecodeCheckpoint(*latest));
  if (seq < 0 || seq >= checkpoint.size) {
    return NotFound("event " + std::to_string(seq) + " is not in the log (it holds " +
                    std::to_string(checkpoint.size) + ")");
  }
  std::vector<draw::Digest> leaves;
  leaves.reserve(static_cast<size_t>(checkpoint.size));
  Status problem;
  SUNLIT_RETURN_IF_ERROR(
      tx->ScanLedgerEvents(0, checkpoint.size, [&](const store::LedgerEventRow& row) {
        const int64_t want = static_cast<int64_t>(leaves.size());
        if (row.seq != want) {
          problem = DataLoss("event " + std::to_string(want) + " is missing");
          return false;
        }
        Result<StoredEvent> e = DecodeEvent(row);
        if (!e.ok()) {
          problem = e.status();
          return false;
        }
        if (row.seq == seq && draw::LeafHash(LeafBytes(e->seq, e->at, e->event)) != e->leaf_hash) {
          problem =
              DataLoss("event " + std::to_string(seq) + ": stored hash does not match its content");
          return false;
        }
        leaves.push_back(e->leaf_hash);
        return true;
      }));
  SUNLIT_RETURN_IF_ERROR(problem);
  if (static_cast<int64_t>(leaves.size()) != checkpoint.size) {
    return DataLoss("event " + std::to_string(leaves.size()) + " is missing");
  }
  if (draw::RootFromLeafHashes(leaves) != checkpoint.root) {
    return DataLoss("the stored events do not lead to the latest checkpoint's root");
  }
  InclusionProof proof;
  proof.seq = seq;
  proof.size = checkpoint.size;
  proof.leaf_hash = leaves[static_cast<size_t>(seq)];
  proof.path = draw::InclusionProof(leaves, static_cast<uint64_t>(seq));
  proof.checkpoint = std::move(checkpoint);
  return proof;
}

Status Ledger::VerifyProof(const InclusionProof& proof, const std::array<uint8_t, 32>& public_key) {
  SUNLIT_RETURN_IF_ERROR(InitSodium());
  if (proof.size <= 0 || proof.seq < 0 || proof.seq >= proof.size) {
    return InvalidArgument("the proof's event " + std::to_string(proof.seq) +
                           " is outside its tree of " + std::to_string(proof.size) + " events");
  }
  if (proof.checkpoint.size != proof.size) {
    return InvalidArgument("the proof is for a tree of " + std::to_string(proof.size) +
                           " events but its checkpoint covers " +
                           std::to_string(proof.checkpoint.size));
  }
  const std::string given = KeyId(public_key);
  if (proof.checkpoint.key_id != given) {
    return DataLoss("the checkpoint names key " + proof.checkpoint.key_id + ", not the given key " +
                    given);
  }
  if (!SignatureVerifies(proof.checkpoint, public_key)) {
    return DataLoss("the checkpoint's signature does not verify with key " + given);
  }
  if (!draw::VerifyInclusion(proof.leaf_hash, static_cast<uint64_t>(proof.seq),
                             static_cast<uint64_t>(proof.size), proof.path,
                             proof.checkpoint.root)) {
    return DataLoss("the inclusion path of event " + std::to_string(proof.seq) +
                    " does not lead to the checkpoint's root");
  }
  return Status::Ok();
}

Result<std::vector<StoredEvent>> Ledger::Events(store::Store& store, int64_t from, int64_t to) {
  if (from < 0 || to < from) return InvalidArgument("the event range is empty or negative");
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, store.BeginRead());
  std::vector<StoredEvent> events;
  Status problem;
  SUNLIT_RETURN_IF_ERROR(tx->ScanLedgerEvents(from, to, [&](const store::LedgerEventRow& row) {
    Result<StoredEvent> e = DecodeEvent(row);
    if (!e.ok()) {
      problem = e.status();
      return false;
    }
    events.push_back(std::move(e).value());
    return true;
  }));
  SUNLIT_RETURN_IF_ERROR(problem);
  return events;
}

Result<std::vector<RegisteredKey>> Ledger::Keys(store::Store& store) {
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, store.BeginRead());
  SUNLIT_ASSIGN_OR_RETURN(std::vector<store::LedgerKeyRow> rows, tx->LedgerKeys());
  std::vector<RegisteredKey> keys;
  for (const store::LedgerKeyRow& row : rows) {
    RegisteredKey k;
    k.key_id = row.key_id;
    k.created_at = row.created_at;
    if (!CopyBytes(row.public_key, &k.public_key) || KeyId(k.public_key) != row.key_id) {
      return DataLoss("key " + row.key_id + ": its id does not match its public key");
    }
    keys.push_back(std::move(k));
  }
  return keys;
}

}  // namespace sunlit::ledger
