// The transparency log (透明日志): an append-only sequence of events that matter to fairness
// and accountability (pool frozen, randomness entered, draw done, re-draw, alternate used;
// later assignments, publications, list entries), hashed as an RFC 9162 Merkle tree and
// signed (Ed25519) as checkpoints (size, root, time) that anyone can check against the
// published public key.
//
// Events are appended inside the use case's own store transaction, together with the new
// signed checkpoint, so an event and the checkpoint covering it commit or vanish together.
// There is no update or delete path. Thread safety: a Ledger may be shared; Append is called
// under the store's writer transaction, which serialises appends.
#ifndef SUNLIT_LEDGER_LEDGER_H_
#define SUNLIT_LEDGER_LEDGER_H_

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "store/store.h"

namespace sunlit::ledger {

using Hash = std::array<uint8_t, 32>;

// Event kinds of the draw; later issues add their own (the kind is an open string set:
// lower-case ASCII and '_', at most 40 characters).
inline constexpr std::string_view kPoolFrozen = "pool_frozen";
inline constexpr std::string_view kRandomnessEntered = "randomness_entered";
inline constexpr std::string_view kDrawDone = "draw_done";
inline constexpr std::string_view kRedraw = "redraw";
inline constexpr std::string_view kAlternateUsed = "alternate_used";

struct Event {
  std::string kind;  // e.g. "pool_frozen"
  // What it is about, e.g. the draw id "XT-2026-0001": UTF-8, at most 200 bytes, no control
  // characters (it is one line of the leaf).
  std::string subject;
  // The event's facts as a canonical JSON object: keys sorted bytewise, no whitespace, UTF-8
  // unescaped, at most 1 MiB; nlohmann::json{...}.dump() writes exactly this form. Hashes and
  // other bytes as lower-case hex strings. Never secrets or personal data beyond what the
  // portal publishes: the log is public and cannot forget.
  std::string body;
};

struct Appended {
  int64_t seq = 0;   // 0-based position (the Merkle leaf index)
  std::string at;    // UTC time "YYYY-MM-DDTHH:MM:SSZ"
  Hash leaf_hash{};  // SHA-256(0x00 || leaf bytes), see docs/ledger.md
  int64_t size = 0;  // tree size after the append
  Hash root{};       // root of the tree of that size
};

struct Checkpoint {
  int64_t size = 0;
  Hash root{};
  std::string at;
  std::string key_id;                   // hex of the first 8 bytes of SHA-256(public key)
  std::array<uint8_t, 64> signature{};  // Ed25519 over CheckpointMessage(size, root, at)
};

struct StoredEvent {
  int64_t seq = 0;
  std::string at;
  Event event;
  Hash leaf_hash{};
};

// A public key registered in the store (ledger_keys), which may sign checkpoints.
struct RegisteredKey {
  std::string key_id;
  std::array<uint8_t, 32> public_key{};
  std::string created_at;
};

struct InclusionProof {
  int64_t seq = 0;
  int64_t size = 0;  // the tree size the proof is for (the latest checkpoint's)
  Hash leaf_hash{};
  std::vector<Hash> path;
  Checkpoint checkpoint;  // signed (size, root) the proof leads to
};

// The bytes a checkpoint signature covers:
// "sunlit-ledger-checkpoint-v1\n" + decimal size + "\n" + hex root + "\n" + at + "\n".
std::string CheckpointMessage(int64_t size, const Hash& root, std::string_view at);
// The leaf bytes of an event (docs/ledger.md): "sunlit-ledger-v1\n" + decimal seq + "\n" + at
// + "\n" + kind + "\n" + subject + "\n" + body.
std::string LeafBytes(int64_t seq, std::string_view at, const Event& event);
// Hex of the first 8 bytes of SHA-256(public_key).
std::string KeyId(const std::array<uint8_t, 32>& public_key);
// Where a store's signing key lives by default: "<directory of the SQLite file>/
// ledger-ed25519.key" for "sqlite:PATH" or a bare path. kInvalidArgument for other URLs (a
// server database has no directory of ours: the key path must be given).
Result<std::string> DefaultKeyPath(std::string_view store_url);
// OK when `event` may be appended: kind [a-z_]{1,40}, subject and body as documented in
// Event; else kInvalidArgument naming the field.
Status ValidateEvent(const Event& event);

class Ledger {
 public:
  struct Options {
    // Where the Ed25519 signing key lives (created with mode 0600 at first start when
    // missing). Never logged, never stored in the database.
    std::string key_path;
    // UTC clock "YYYY-MM-DDTHH:MM:SSZ"; injectable for tests. Empty: the system clock.
    // Called by Append inside the writer transaction (so never concurrently).
    std::function<std::string()> clock;
  };

  // Loads (or, the first time, generates) the signing key and registers its public key in
  // the store. Errors: kUnavailable when the key file cannot be read or written,
  // kFailedPrecondition when the key file may be read by other users (mode must be 0600),
  // kDataLoss when it is malformed or does not match a key the store already knows (one
  // key per log: there is no silent key rotation, see docs/ledger.md).
  static Result<std::unique_ptr<Ledger>> Open(store::Store& store, const Options& options);
  ~Ledger();  // wipes the secret key from memory
  Ledger(const Ledger&) = delete;
  Ledger& operator=(const Ledger&) = delete;

  // Appends `event` in `tx` and writes the new signed checkpoint in the same transaction
  // (REQUIRES: `tx` is a read-write transaction of the store given to Open). `at` is the
  // clock's time at the call. Errors: kInvalidArgument as ValidateEvent; kDataLoss when the
  // stored frontier disagrees with the latest checkpoint (nothing is signed then; run Verify);
  // kFailedPrecondition when this ledger's key is not registered in `tx`'s store; store
  // errors as they come. On error the caller's transaction must not be committed.
  Result<Appended> Append(store::Transaction& tx, const Event& event);

  // The public key (32 bytes) and its hex; what the portal and `sunlit log key` publish.
  const std::array<uint8_t, 32>& public_key() const { return public_key_; }
  std::string public_key_hex() const;
  std::string key_id() const;

  // Reads the whole log and checks it: every stored leaf hash equals the hash of the
  // stored event, sequence numbers are dense, the root of the whole log equals the latest
  // checkpoint's root, every checkpoint's signature verifies with a registered key and each
  // older checkpoint's root equals the root of that prefix. Returns the checked checkpoint,
  // or kDataLoss naming the first problem ("event 17: stored hash does not match its
  // content").
  static Result<Checkpoint> Verify(store::Store& store);

  // Inclusion proof of event `seq` in the tree of the latest checkpoint. kNotFound when
  // there is no such event (or the log is empty); kDataLoss when the stored hashes do not
  // lead to the checkpoint's root. Reads every leaf hash (linear in the log's size).
  static Result<InclusionProof> Prove(store::Store& store, int64_t seq);
  // Checks `proof` (signature with `public_key`, then the RFC 9162 path); no store needed.
  // kInvalidArgument for an impossible proof (seq outside [0, size), size differing from its
  // checkpoint's); kDataLoss, naming what failed, when the signature or the path does not
  // verify.
  static Status VerifyProof(const InclusionProof& proof, const std::array<uint8_t, 32>& public_key);

  // Events in [from, to), oldest first (fewer when the log ends earlier). kInvalidArgument
  // when from < 0 or to < from.
  static Result<std::vector<StoredEvent>> Events(store::Store& store, int64_t from, int64_t to);

  // The keys registered in the store, oldest first (no key file needed).
  static Result<std::vector<RegisteredKey>> Keys(store::Store& store);

 private:
  Ledger() = default;
  std::array<uint8_t, 32> public_key_{};
  std::array<uint8_t, 64> secret_key_{};  // libsodium layout (seed || public key)
  Options options_;
};

}  // namespace sunlit::ledger

#endif  // SUNLIT_LEDGER_LEDGER_H_
