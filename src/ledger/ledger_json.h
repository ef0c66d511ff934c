// The published JSON forms of the transparency log (docs/ledger.md): an inclusion proof as a
// self-contained document, and one event as one line. Writing is deterministic (fixed key
// order, lower-case hex); parsing is strict (exactly the documented keys, each once, with
// the documented types). nlohmann/json stays inside ledger_json.cc.
//
// Thread-safe; no exception escapes.
#ifndef SUNLIT_LEDGER_LEDGER_JSON_H_
#define SUNLIT_LEDGER_LEDGER_JSON_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "ledger/ledger.h"

namespace sunlit::ledger {

inline constexpr std::string_view kProofFormat = "sunlit-ledger-proof-v1";

// What `sunlit log proof` writes and `sunlit verify proof` reads.
struct ProofDocument {
  InclusionProof proof;
  // The key the checkpoint claims; a verifier should compare it with the published key.
  std::array<uint8_t, 32> public_key{};
  // The event itself (its seq is proof.seq), so that its leaf hash can be recomputed from
  // its content. Optional in the format; `sunlit log proof` always writes it.
  std::optional<StoredEvent> event;
};

// The document as JSON (two-space indent) ending with a newline.
std::string ProofToJson(const ProofDocument& doc);

// The document in `json`. kInvalidArgument "proof: ..." naming the first problem: not JSON,
// a missing, repeated or unknown key, a wrong type, hex of the wrong length or case, a
// negative number. Says nothing about whether the proof holds: see VerifyProofDocument.
Result<ProofDocument> ProofFromJson(std::string_view json);

// Ledger::VerifyProof(doc.proof, public_key) and, when the document carries the event, that
// its content hashes to the proof's leaf hash (kDataLoss otherwise).
Status VerifyProofDocument(const ProofDocument& doc, const std::array<uint8_t, 32>& public_key);

// One event as a one-line JSON object (no newline): seq, at, kind, subject, body (the exact
// bytes that were hashed, as a JSON string), leaf_hash.
std::string EventToJson(const StoredEvent& event);

}  // namespace sunlit::ledger

#endif  // SUNLIT_LEDGER_LEDGER_JSON_H_
