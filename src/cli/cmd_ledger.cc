// `sunlit verify log|proof` and `sunlit log show|key|proof`: the transparency log from the
// command line. Verification of a proof needs no database, so anyone can run it.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/db_flags.h"
#include "draw/sha256.h"
#include "ledger/ledger.h"
#include "ledger/ledger_json.h"
#include "store/store.h"

namespace sunlit::cli {
namespace {

constexpr size_t kMaxProofFile = 1 << 24;  // a proof is a few KiB; this bounds a wrong file
constexpr int64_t kShowChunk = 1000;

// A non-negative decimal integer, or nullopt.
std::optional<int64_t> ParseCount(const std::string& s) {
  if (s.empty() || s.size() > 18) return std::nullopt;
  int64_t v = 0;
  for (const char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

Result<std::unique_ptr<store::Store>> OpenStore(const Args& args) {
  return store::Open(args.Get("db", store::kDefaultUrl));
}

// Writes `text` to `path` ("" or "-": stdout).
Status WriteOutput(const std::string& path, const std::string& text) {
  if (path.empty() || path == "-") {
    std::fwrite(text.data(), 1, text.size(), stdout);
    return Status::Ok();
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) return Unavailable("cannot write " + path);
  return Status::Ok();
}

int VerifyLog(int argc, char** argv) {
  Result<Args> args = Args::Parse(argc, argv, 3, {"db"}, {});
  if (!args.ok()) return Fail(args.status(), 2);
  if (!args->positional().empty()) return Fail("usage: sunlit verify log [--db URL]", 2);
  Result<std::unique_ptr<store::Store>> opened = OpenStore(*args);
  if (!opened.ok()) return Fail(opened.status());
  store::Store& db = **opened;
  Result<ledger::Checkpoint> v = ledger::Ledger::Verify(db);
  if (!v.ok()) return Fail("log verification failed: " + v.status().message());
  if (v->size == 0) {
    std::printf("verified 0 events; the log is empty (root %s)\n", draw::ToHex(v->root).c_str());
    return 0;
  }
  std::printf("verified %lld events, checkpoint size %lld root %s signed by %s at %s\n",
              static_cast<long long>(v->size), static_cast<long long>(v->size),
              draw::ToHex(v->root).c_str(), v->key_id.c_str(), v->at.c_str());
  return 0;
}

int VerifyProof(int argc, char** argv) {
  Result<Args> args = Args::Parse(argc, argv, 3, {"key"}, {});
  if (!args.ok()) return Fail(args.status(), 2);
  if (args->positional().size() != 1) {
    return Fail("usage: sunlit verify proof PROOF.json [--key PUBLIC_KEY_HEX]", 2);
  }
  std::array<uint8_t, 32> key{};
  const bool key_given = args->Has("key");
  if (key_given && !draw::ParseHex(args->Get("key"), key)) {
    return Fail("--key must be 64 hexadecimal digits (the published Ed25519 public key)", 2);
  }
  const std::string& path = args->positional()[0];
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail("cannot read " + path);
  std::string text(kMaxProofFile + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<size_t>(in.gcount()));
  if (text.size() > kMaxProofFile) return Fail("proof verification failed: the file is too large");
  Result<ledger::ProofDocument> doc = ledger::ProofFromJson(text);
  if (!doc.ok()) return Fail("proof verification failed: " + doc.status().message());
  if (!key_given) key = doc->public_key;
  const Status s = ledger::VerifyProofDocument(*doc, key);
  if (!s.ok()) return Fail("proof verification failed: " + s.message());
  const ledger::InclusionProof& p = doc->proof;
  std::string what;
  if (doc->event.has_value()) {
    what = " (" + doc->event->event.kind + " " + doc->event->event.subject + ")";
  }
  std::printf("verified: event %lld%s is in the log of %lld events (root %s, signed by %s at %s)\n",
              static_cast<long long>(p.seq), what.c_str(), static_cast<long long>(p.size),
              draw::ToHex(p.checkpoint.root).c_str(), p.checkpoint.key_id.c_str(),
              p.checkpoint.at.c_str());
  if (!doc->event.has_value()) {
    std::printf("the file carries no event content: only its leaf hash was checked\n");
  }
  if (!key_given) {
    std::printf("verified against the key in the file; compare it with the published key\n");
  }
  return 0;
}

int LogProof(int argc, char** argv) {
  Result<Args> args = Args::Parse(argc, argv, 3, {"db", "event", "out"}, {});
  if (!args.ok()) return Fail(args.status(), 2);
  const std::optional<int64_t> seq = ParseCount(args->Get("event"));
  if (!args->positional().empty() || !seq.has_value()) {
    return Fail("usage: sunlit log proof --event SEQ [--db URL] [--out FILE]", 2);
  }
  Result<std::unique_ptr<store::Store>> opened = OpenStore(*args);
  if (!opened.ok()) return Fail(opened.status());
  store::Store& db = **opened;
  Result<ledger::InclusionProof> proof = ledger::Ledger::Prove(db, *seq);
  if (!proof.ok()) return Fail(proof.status());
  Result<std::vector<ledger::StoredEvent>> events = ledger::Ledger::Events(db, *seq, *seq + 1);
  if (!events.ok()) return Fail(events.status());
  if (events->size() != 1) return Fail("event " + std::to_string(*seq) + " is not in the log");
  Result<std::vector<ledger::RegisteredKey>> keys = ledger::Ledger::Keys(db);
  if (!keys.ok()) return Fail(keys.status());
  ledger::ProofDocument doc{std::move(proof).value(), {}, (*events)[0]};
  bool found = false;
  for (const ledger::RegisteredKey& k : *keys) {
    if (k.key_id == doc.proof.checkpoint.key_id) {
      doc.public_key = k.public_key;
      found = true;
    }
  }
  if (!found) return Fail("the checkpoint's key is not registered in this database");
  const Status s = WriteOutput(args->Get("out"), ledger::ProofToJson(doc));
  if (!s.ok()) return Fail(s);
  return 0;
}

int LogKey(int argc, char** argv) {
  Result<Args> args = Args::Parse(argc, argv, 3, {"db", "key-file"}, {});
  if (!args.ok()) return Fail(args.status(), 2);
  if (!args->positional().empty()) {
    return Fail("usage: sunlit log key [--db URL] [--key-file PATH]", 2);
  }
  const std::string url = args->Get("db", store::kDefaultUrl);
  Result<std::string> key = KeyFilePath(*args);
  if (!key.ok()) return Fail(key.status(), 2);
  const std::string key_path = *key;
  Result<std::unique_ptr<store::Store>> opened = store::Open(url);
  if (!opened.ok()) return Fail(opened.status());
  store::Store& db = **opened;
  ledger::Ledger::Options options;
  options.key_path = key_path;
  Result<std::unique_ptr<ledger::Ledger>> log = ledger::Ledger::Open(db, options);
  if (!log.ok()) return Fail(log.status().message() + " (key file " + key_path + ")");
  std::printf("key_id %s\npublic_key %s\n", (*log)->key_id().c_str(),
              (*log)->public_key_hex().c_str());
  return 0;
}

int LogShow(int argc, char** argv) {
  Result<Args> args = Args::Parse(argc, argv, 3, {"db", "from", "limit"}, {});
  if (!args.ok()) return Fail(args.status(), 2);
  const std::optional<int64_t> from = ParseCount(args->Get("from", "0"));
  const std::optional<int64_t> limit =
      args->Has("limit") ? ParseCount(args->Get("limit")) : std::optional<int64_t>(INT64_MAX / 2);
  if (!args->positional().empty() || !from.has_value() || !limit.has_value()) {
    return Fail("usage: sunlit log show [--db URL] [--from N] [--limit N]", 2);
  }
  Result<std::unique_ptr<store::Store>> opened = OpenStore(*args);
  if (!opened.ok()) return Fail(opened.status());
  store::Store& db = **opened;
  const int64_t end = *from + *limit;
  for (int64_t at = *from; at < end;) {
    const int64_t to = std::min(end, at + kShowChunk);
    Result<std::vector<ledger::StoredEvent>> events = ledger::Ledger::Events(db, at, to);
    if (!events.ok()) return Fail(events.status());
    for (const ledger::StoredEvent& e : *events) {
      const std::string line = ledger::EventToJson(e) + "\n";
      std::fwrite(line.data(), 1, line.size(), stdout);
    }
    if (static_cast<int64_t>(events->size()) < to - at) break;
    at = to;
  }
  return 0;
}

}  // namespace

int RunVerify(int argc, char** argv) {
  const std::string sub = argc > 2 ? argv[2] : "";
  if (sub == "log") return VerifyLog(argc, argv);
  if (sub == "proof") return VerifyProof(argc, argv);
  if (sub == "assignment") return RunVerifyAssignment(argc, argv);
  return Fail("usage: sunlit verify log [--db URL] | verify proof PROOF.json [--key HEX] | "
              "verify assignment --input INPUT.json --result RESULT.json | "
              "verify assignment --task NUMBER [--db URL]", 2);
}

int RunLog(int argc, char** argv) {
  const std::string sub = argc > 2 ? argv[2] : "";
  if (sub == "show") return LogShow(argc, argv);
  if (sub == "key") return LogKey(argc, argv);
  if (sub == "proof") return LogProof(argc, argv);
  return Fail(
      "usage: sunlit log show [--from N] [--limit N] | log key [--key-file PATH] | "
      "log proof --event SEQ [--out FILE]  (each with [--db URL])",
      2);
}

}  // namespace sunlit::cli
