// Tests of the transparency log on a real SQLite file: formats pinned against an independent
// implementation (Python hashlib + cryptography's Ed25519), roots against draw::merkle,
// signatures, proofs and their tampering, direct tampering with the database file, rollback,
// the key file, and concurrent appends.
#include "ledger/ledger.h"

#include <gtest/gtest.h>
#include <sodium.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "draw/merkle.h"
#include "draw/sha256.h"
#include "ledger/ledger_json.h"
#include "store/store.h"
#include "store/store_conformance.h"

namespace sunlit::ledger {
namespace {

using store::testing::IsOk;
using store::testing::TempDir;

#define LEDGER_ASSERT_OK(expr) ASSERT_TRUE(IsOk(expr))
#define LEDGER_EXPECT_OK(expr) EXPECT_TRUE(IsOk(expr))

// The key whose seed is the bytes 00 01 … 1f (libsodium layout: seed || public key).
constexpr std::string_view kFixedSecretHex =
    "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
    "03a107bff3ce10be1d70dd18e74bc09967e4d6309ba50d5f1ddc8664125531b8";
constexpr std::string_view kFixedPublicHex =
    "03a107bff3ce10be1d70dd18e74bc09967e4d6309ba50d5f1ddc8664125531b8";
constexpr std::string_view kFixedKeyId = "56475aa75463474c";

// A settable clock shared by the test and the ledger.
struct FakeClock {
  std::shared_ptr<std::string> now = std::make_shared<std::string>("2025-03-01T08:00:00Z");
  std::function<std::string()> fn() const {
    auto n = now;
    return [n] { return *n; };
  }
};

// A counting clock: one second later on each call (calls are serialised by the writer lock).
std::function<std::string()> Counting() { return store::testing::CountingClock(); }

// A plain connection to the database file, bypassing the store, to tamper with it.
class RawDb {
 public:
  explicit RawDb(const std::string& path) { sqlite3_open(path.c_str(), &db_); }
  ~RawDb() { sqlite3_close(db_); }
  RawDb(const RawDb&) = delete;
  RawDb& operator=(const RawDb&) = delete;
  int Exec(const std::string& sql) {
    return sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr);
  }
  std::string Error() const { return sqlite3_errmsg(db_); }

 private:
  sqlite3* db_ = nullptr;
};

std::string Hex(std::span<const uint8_t> b) { return draw::ToHex(b); }

std::array<uint8_t, 32> FixedPublicKey() {
  std::array<uint8_t, 32> pk;
  EXPECT_TRUE(draw::ParseHex(kFixedPublicHex, pk));
  return pk;
}

Event MakeEvent(int i) {
  return Event{std::string(i % 2 == 0 ? kPoolFrozen : kDrawDone),
               "XT-2026-" + std::to_string(1000 + i),
               "{\"index\":" + std::to_string(i) + ",\"note\":\"事件\"}"};
}

class LedgerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(dir_.path().empty());
    ASSERT_EQ(sodium_init() < 0, false);
    OpenStore();
  }

  std::string db_path() const { return dir_.path() + "/sunlit.db"; }
  std::string key_path() const { return dir_.path() + "/ledger-ed25519.key"; }

  void OpenStore() {
    auto s = store::Open("sqlite:" + db_path());
    ASSERT_TRUE(IsOk(s));
    store_ = std::move(s).value();
  }

  std::unique_ptr<Ledger> MustOpenLedger(std::function<std::string()> clock = Counting(),
                                         std::string key = {}) {
    Ledger::Options options;
    options.key_path = key.empty() ? key_path() : key;
    options.clock = std::move(clock);
    auto l = Ledger::Open(*store_, options);
    EXPECT_TRUE(IsOk(l));
    return l.ok() ? std::move(l).value() : nullptr;
  }

  void WriteFixedKey(const std::string& path) {
    std::ofstream(path) << kFixedSecretHex << "\n";
    ASSERT_EQ(chmod(path.c_str(), 0600), 0);
  }

  // Appends `event` in its own committed transaction.
  Result<Appended> AppendOne(Ledger& ledger, const Event& event) {
    SUNLIT_ASSIGN_OR_RETURN(auto tx, store_->Begin());
    SUNLIT_ASSIGN_OR_RETURN(Appended a, ledger.Append(*tx, event));
    SUNLIT_RETURN_IF_ERROR(tx->Commit());
    return a;
  }

  // Appends n events and returns their leaf hashes.
  std::vector<draw::Digest> AppendMany(Ledger& ledger, int n) {
    std::vector<draw::Digest> leaves;
    for (int i = 0; i < n; ++i) {
      auto a = AppendOne(ledger, MakeEvent(i));
      EXPECT_TRUE(IsOk(a));
      if (a.ok()) leaves.push_back(a->leaf_hash);
    }
    return leaves;
  }

  // Closes the store (so that the raw connection sees a quiet file), runs `sql`, reopens.
  void Tamper(const std::string& sql) {
    store_.reset();
    {
      RawDb raw(db_path());
      ASSERT_EQ(raw.Exec(sql), SQLITE_OK) << raw.Error() << "\n" << sql;
    }
    OpenStore();
  }

  void ExpectVerifyFails(const std::string& message) {
    Result<Checkpoint> v = Ledger::Verify(*store_);
    ASSERT_FALSE(v.ok());
    EXPECT_EQ(v.status().code(), StatusCode::kDataLoss);
    EXPECT_EQ(v.status().message(), message);
  }

  TempDir dir_;
  std::unique_ptr<store::Store> store_;
};

TEST(LedgerFormatTest, LeafBytesAndCheckpointMessageArePinned) {
  const Event e{"pool_frozen", "XT-2026-0001", "{\"a\":1}"};
  EXPECT_EQ(LeafBytes(17, "2025-03-01T08:00:00Z", e),
            "sunlit-ledger-v1\n17\n2025-03-01T08:00:00Z\npool_frozen\nXT-2026-0001\n{\"a\":1}");
  Hash root;
  for (size_t i = 0; i < root.size(); ++i) root[i] = static_cast<uint8_t>(i);
  EXPECT_EQ(CheckpointMessage(5, root, "2025-03-01T08:00:00Z"),
            "sunlit-ledger-checkpoint-v1\n5\n"
            "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n"
            "2025-03-01T08:00:00Z\n");
  EXPECT_EQ(KeyId(FixedPublicKey()), kFixedKeyId);
}

TEST(LedgerFormatTest, DefaultKeyPath) {
  struct Case {
    std::string_view url;
    std::string_view want;  // "" = kInvalidArgument
  };
  const Case cases[] = {
      {"sqlite:var/sunlit.db", "var/ledger-ed25519.key"},
      {"sqlite:/srv/sunlit/db/sunlit.db", "/srv/sunlit/db/ledger-ed25519.key"},
      {"var/sunlit.db", "var/ledger-ed25519.key"},
      {"sunlit.db", "ledger-ed25519.key"},
      {"postgresql://sunlit@localhost/sunlit", ""},
      {"postgres://localhost/x", ""},
      {"sqlite:", ""},
      {"", ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.url);
    Result<std::string> r = DefaultKeyPath(c.url);
    if (c.want.empty()) {
      EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    } else {
      ASSERT_TRUE(IsOk(r));
      EXPECT_EQ(*r, c.want);
    }
  }
}

TEST(LedgerFormatTest, ValidateEvent) {
  struct Case {
    std::string kind, subject, body;
    std::string_view error;  // "" = valid
  };
  const std::string deep = std::string(65, '[') + std::string(65, ']');
  const Case cases[] = {
      {"pool_frozen", "XT-2026-0001", "{}", ""},
      {"pool_frozen", "", "{\"a\":[1,2,{\"b\":null}],\"z\":\"é\"}", ""},
      {"redraw", "湘潭市-XT-1", "{\"reason\":\"企业注销\"}", ""},
      {std::string(40, 'a'), "s", "{}", ""},
      {"", "s", "{}", "event kind must be 1 to 40 lower-case letters or '_'"},
      {std::string(41, 'a'), "s", "{}", "event kind must be 1 to 40 lower-case letters or '_'"},
      {"Pool", "s", "{}", "event kind must be 1 to 40 lower-case letters or '_'"},
      {"pool-frozen", "s", "{}", "event kind must be 1 to 40 lower-case letters or '_'"},
      {"draw2", "s", "{}", "event kind must be 1 to 40 lower-case letters or '_'"},
      {"k", "a\nb", "{}", "event subject has a control character"},
      {"k", "a\tb", "{}", "event subject has a control character"},
      {"k", std::string(201, 'x'), "{}", "event subject is longer than 200 bytes"},
      {"k", "\xff\xfe", "{}", "event subject is not UTF-8"},
      {"k", "s", "", "event body must be a JSON object"},
      {"k", "s", "[1]", "event body must be a JSON object"},
      {"k", "s", "\"x\"", "event body must be a JSON object"},
      {"k", "s", "{\"a\":1", "event body must be a JSON object"},
      {"k", "s", "{\"a\":1} x", "event body must be a JSON object"},
      {"k", "s", "{\"b\":1,\"a\":2}", "event body must be canonical JSON (keys sorted, no spaces)"},
      {"k", "s", "{\"a\": 1}", "event body must be canonical JSON (keys sorted, no spaces)"},
      {"k", "s", "{\"a\":1,\"a\":2}", "event body must be canonical JSON (keys sorted, no spaces)"},
      {"k", "s", "{\"a\":\"\\u00e9\"}",
       "event body must be canonical JSON (keys sorted, no spaces)"},
      {"k", "s", "{\"a\":\"\xff\"}", "event body must be a JSON object"},
      {"k", "s", "{\"a\":" + deep + "}", "event body nests deeper than 64 levels"},
      {"k", "s", "{\"a\":\"" + std::string(1 << 20, 'x') + "\"}",
       "event body is larger than 1 MiB"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.kind + " / " + c.subject.substr(0, 20) + " / " + c.body.substr(0, 40));
    const Status s = ValidateEvent(Event{c.kind, c.subject, c.body});
    if (c.error.empty()) {
      EXPECT_TRUE(IsOk(s));
    } else {
      EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
      EXPECT_EQ(s.message(), c.error);
    }
  }
}

// Leaf hashes, root and signatures of the first two events with a fixed key and clock equal
// those computed by an independent implementation (Python: hashlib, and the `cryptography`
// package's Ed25519), so the documented formats are what the code does.
TEST_F(LedgerTest, GoldenVectorsMatchAnIndependentImplementation) {
  WriteFixedKey(key_path());
  FakeClock clock;
  auto ledger = MustOpenLedger(clock.fn());
  ASSERT_NE(ledger, nullptr);
  EXPECT_EQ(ledger->public_key_hex(), kFixedPublicHex);
  EXPECT_EQ(ledger->key_id(), kFixedKeyId);

  auto a = AppendOne(*ledger,
                     Event{"pool_frozen", "XT-2026-0001",
                           "{\"pool_root\":\"30489b1ab486220e402d1708c224d22b614a870e4c3b14f6f3aad1"
                           "038e864673\",\"pool_size\":12}"});
  LEDGER_ASSERT_OK(a);
  EXPECT_EQ(a->seq, 0);
  EXPECT_EQ(a->size, 1);
  EXPECT_EQ(a->at, "2025-03-01T08:00:00Z");
  EXPECT_EQ(Hex(a->leaf_hash), "bf27b0f2353bf97be93bbfae659e8d6eb9b3d7c58515a8f4dc070432e4989600");
  EXPECT_EQ(a->root, a->leaf_hash);

  *clock.now = "2025-03-01T08:00:01Z";
  auto b = AppendOne(*ledger, Event{"randomness_entered", "XT-2026-0001",
                                    "{\"draw_id\":\"XT-2026-0001\",\"sources\":[\"9319\"]}"});
  LEDGER_ASSERT_OK(b);
  EXPECT_EQ(Hex(b->leaf_hash), "2f5806f298a40aeb4de29848d0980d71ff7517c6433ad37ea25b0366fdd4df3a");
  EXPECT_EQ(Hex(b->root), "1981ae319cfd5d2a23b43808c9b97aeb239bcd81fa66529bd76989b2701c5fea");

  std::vector<std::string> signatures;
  auto tx = store_->BeginRead();
  LEDGER_ASSERT_OK(tx);
  LEDGER_ASSERT_OK((*tx)->ScanLedgerCheckpoints(0, 100, [&](const store::LedgerCheckpointRow& r) {
    signatures.push_back(
        Hex(std::span(reinterpret_cast<const uint8_t*>(r.signature.data()), r.signature.size())));
    EXPECT_EQ(r.key_id, kFixedKeyId);
    return true;
  }));
  ASSERT_EQ(signatures.size(), 2u);
  EXPECT_EQ(signatures[0],
            "85a22bbb6d1fe4e9932e3f4c186971b1a60d6221b3b1fba45693a52243d1c491"
            "d9e448693b639a2bef1450f51d379cce3355d4b17e84b1ddf5c27b1245562403");
  EXPECT_EQ(signatures[1],
            "a1b52c0c6e382ec6599fa539372c0521f88c763f6553a1fc8b5bc6a351fa4f64"
            "a7e13d447a4602517a5544e6e891ef0b12244278eaea19e1e6a960f5fd631e09");
}

TEST_F(LedgerTest, EachAppendMatchesTheMerkleRootOfAllLeaves) {
  auto ledger = MustOpenLedger(Counting());
  ASSERT_NE(ledger, nullptr);
  std::vector<draw::Digest> leaves;
  for (int i = 0; i < 37; ++i) {
    SCOPED_TRACE(i);
    const Event e = MakeEvent(i);
    auto a = AppendOne(*ledger, e);
    LEDGER_ASSERT_OK(a);
    EXPECT_EQ(a->seq, i);
    EXPECT_EQ(a->size, i + 1);
    // Open took 08:00:00 for the key's registration.
    EXPECT_EQ(a->at, "2025-03-01T08:00:" + std::string(i + 1 < 10 ? "0" : "") +
                         std::to_string(i + 1) + "Z");
    EXPECT_EQ(a->leaf_hash, draw::LeafHash(LeafBytes(i, a->at, e)));
    leaves.push_back(a->leaf_hash);
    EXPECT_EQ(a->root, draw::RootFromLeafHashes(leaves));
  }
  auto v = Ledger::Verify(*store_);
  LEDGER_ASSERT_OK(v);
  EXPECT_EQ(v->size, 37);
  EXPECT_EQ(v->root, draw::RootFromLeafHashes(leaves));
  EXPECT_EQ(v->key_id, ledger->key_id());
  EXPECT_EQ(v->at, "2025-03-01T08:00:37Z");

  // Every checkpoint is signed by the ledger's key over the documented message.
  auto tx = store_->BeginRead();
  LEDGER_ASSERT_OK(tx);
  int64_t count = 0;
  LEDGER_ASSERT_OK((*tx)->ScanLedgerCheckpoints(0, 1000, [&](const store::LedgerCheckpointRow& r) {
    ++count;
    EXPECT_EQ(r.size, count);
    const std::string m = CheckpointMessage(
        r.size, draw::RootFromLeafHashes(std::span(leaves).first(static_cast<size_t>(r.size))),
        r.at);
    EXPECT_EQ(crypto_sign_verify_detached(reinterpret_cast<const uint8_t*>(r.signature.data()),
                                          reinterpret_cast<const uint8_t*>(m.data()), m.size(),
                                          ledger->public_key().data()),
              0)
        << "checkpoint " << r.size;
    return true;
  }));
  EXPECT_EQ(count, 37);

  auto events = Ledger::Events(*store_, 3, 6);
  LEDGER_ASSERT_OK(events);
  ASSERT_EQ(events->size(), 3u);
  EXPECT_EQ((*events)[0].seq, 3);
  EXPECT_EQ((*events)[0].event.subject, MakeEvent(3).subject);
  EXPECT_EQ((*events)[0].event.body, MakeEvent(3).body);
  EXPECT_EQ((*events)[2].leaf_hash, leaves[5]);
  EXPECT_EQ(Ledger::Events(*store_, 30, 100)->size(), 7u);
  EXPECT_EQ(Ledger::Events(*store_, -1, 3).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Ledger::Events(*store_, 5, 4).status().code(), StatusCode::kInvalidArgument);
}

TEST_F(LedgerTest, EmptyLogVerifiesAndHasNoProofs) {
  auto ledger = MustOpenLedger();
  ASSERT_NE(ledger, nullptr);
  auto v = Ledger::Verify(*store_);
  LEDGER_ASSERT_OK(v);
  EXPECT_EQ(v->size, 0);
  EXPECT_EQ(v->root, draw::Sha256Of(""));
  EXPECT_EQ(Ledger::Prove(*store_, 0).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(Ledger::Prove(*store_, 0).status().message(), "the log is empty");
}

TEST_F(LedgerTest, ProofForEveryEventVerifiesAndTamperingFails) {
  auto ledger = MustOpenLedger();
  ASSERT_NE(ledger, nullptr);
  const std::vector<draw::Digest> leaves = AppendMany(*ledger, 13);
  ASSERT_EQ(leaves.size(), 13u);
  const auto pk = ledger->public_key();
  std::array<uint8_t, 32> other_pk;
  std::array<uint8_t, 64> other_sk;
  crypto_sign_keypair(other_pk.data(), other_sk.data());

  EXPECT_EQ(Ledger::Prove(*store_, 13).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(Ledger::Prove(*store_, -1).status().code(), StatusCode::kNotFound);
  for (int64_t seq = 0; seq < 13; ++seq) {
    SCOPED_TRACE(seq);
    auto proof = Ledger::Prove(*store_, seq);
    LEDGER_ASSERT_OK(proof);
    EXPECT_EQ(proof->seq, seq);
    EXPECT_EQ(proof->size, 13);
    EXPECT_EQ(proof->leaf_hash, leaves[static_cast<size_t>(seq)]);
    EXPECT_EQ(proof->path, draw::InclusionProof(leaves, static_cast<uint64_t>(seq)));
    EXPECT_EQ(proof->checkpoint.root, draw::RootFromLeafHashes(leaves));
    LEDGER_EXPECT_OK(Ledger::VerifyProof(*proof, pk));

    const auto fails = [&](const InclusionProof& p, const std::array<uint8_t, 32>& key,
                           StatusCode code) {
      const Status s = Ledger::VerifyProof(p, key);
      EXPECT_EQ(s.code(), code) << s.ToString();
    };
    for (size_t i = 0; i < proof->path.size(); ++i) {
      InclusionProof p = *proof;
      p.path[i][i % 32] ^= 0x01;
      fails(p, pk, StatusCode::kDataLoss);
    }
    if (!proof->path.empty()) {
      InclusionProof p = *proof;
      p.path.pop_back();
      fails(p, pk, StatusCode::kDataLoss);
    }
    {
      InclusionProof p = *proof;
      p.path.push_back(leaves[0]);
      fails(p, pk, StatusCode::kDataLoss);
    }
    {
      InclusionProof p = *proof;
      p.leaf_hash[31] ^= 0x80;
      fails(p, pk, StatusCode::kDataLoss);
    }
    {
      InclusionProof p = *proof;  // another event's leaf at this position
      p.leaf_hash = leaves[static_cast<size_t>((seq + 1) % 13)];
      fails(p, pk, StatusCode::kDataLoss);
    }
    {
      InclusionProof p = *proof;
      p.seq = (seq + 1) % 13;
      fails(p, pk, StatusCode::kDataLoss);
    }
    {
      InclusionProof p = *proof;  // a bigger tree, claimed consistently
      p.size = 14;
      p.checkpoint.size = 14;
      fails(p, pk, StatusCode::kDataLoss);
    }
    {
      InclusionProof p = *proof;
      p.size = 12;
      fails(p, pk, StatusCode::kInvalidArgument);
    }
    {
      InclusionProof p = *proof;
      p.checkpoint.signature[seq % 64] ^= 0x04;
      fails(p, pk, StatusCode::kDataLoss);
    }
    {
      InclusionProof p = *proof;
      p.checkpoint.root[0] ^= 0x01;
      fails(p, pk, StatusCode::kDataLoss);
    }
    {
      InclusionProof p = *proof;
      p.checkpoint.at = "2030-01-01T00:00:00Z";
      fails(p, pk, StatusCode::kDataLoss);
    }
    fails(*proof, other_pk, StatusCode::kDataLoss);
    {
      InclusionProof p = *proof;  // claims the other key: the signature still fails
      p.checkpoint.key_id = KeyId(other_pk);
      fails(p, other_pk, StatusCode::kDataLoss);
    }
  }
  const Status wrong_key = Ledger::VerifyProof(*Ledger::Prove(*store_, 0), other_pk);
  EXPECT_EQ(wrong_key.message(), "the checkpoint names key " + ledger->key_id() +
                                     ", not the given key " + KeyId(other_pk));
}

TEST_F(LedgerTest, ProofDocumentRoundTripsAndChecksTheEventContent) {
  auto ledger = MustOpenLedger();
  ASSERT_NE(ledger, nullptr);
  AppendMany(*ledger, 6);
  auto proof = Ledger::Prove(*store_, 4);
  LEDGER_ASSERT_OK(proof);
  auto events = Ledger::Events(*store_, 4, 5);
  LEDGER_ASSERT_OK(events);
  ProofDocument doc{*proof, ledger->public_key(), (*events)[0]};
  const std::string json = ProofToJson(doc);
  auto back = ProofFromJson(json);
  LEDGER_ASSERT_OK(back);
  EXPECT_EQ(ProofToJson(*back), json);
  LEDGER_EXPECT_OK(VerifyProofDocument(*back, ledger->public_key()));
  EXPECT_NE(json.find("\"format\": \"sunlit-ledger-proof-v1\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"body\": \"{\\\"index\\\":4,\\\"note\\\":\\\"事件\\\"}\""),
            std::string::npos)
      << json;

  ProofDocument changed = *back;
  changed.event->event.body = "{\"index\":5,\"note\":\"事件\"}";
  const Status s = VerifyProofDocument(changed, ledger->public_key());
  EXPECT_EQ(s.code(), StatusCode::kDataLoss);
  EXPECT_EQ(s.message(), "the event's content does not hash to the proof's leaf hash");
  changed.event.reset();  // without the event only the leaf hash is checked
  LEDGER_EXPECT_OK(VerifyProofDocument(changed, ledger->public_key()));

  struct Case {
    std::string from, to, error;
  };
  const Case cases[] = {
      {"\"seq\": 4", "\"seq\": -4", "proof: proof.seq must be a non-negative integer"},
      {"\"seq\": 4", "\"seq\": \"4\"", "proof: proof.seq must be a non-negative integer"},
      {"\"format\": \"sunlit-ledger-proof-v1\"", "\"format\": \"v2\"",
       "proof: format must be \"sunlit-ledger-proof-v1\""},
      {"\"seq\": 4", "\"seq\": 4, \"seq\": 4", "proof: the key 'seq' appears twice in an object"},
      {"\"seq\": 4", "\"sequence\": 4", "proof: proof has an unknown key 'sequence'"},
      {"\"leaf_hash\": \"", "\"leaf_hash\": \"AB",
       "proof: proof.leaf_hash must be 64 lower-case hexadecimal digits"},
      {"\"key_id\"", "\"keyid\"", "proof: checkpoint has an unknown key 'keyid'"},
      {"\"public_key\": \"", "\"public_key\": \"00",
       "proof: proof.public_key must be 64 lower-case hexadecimal digits"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.to);
    std::string bad = json;
    const size_t at = bad.find(c.from);
    ASSERT_NE(at, std::string::npos);
    bad.replace(at, c.from.size(), c.to);
    auto r = ProofFromJson(bad);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(r.status().message(), c.error);
  }
  EXPECT_EQ(ProofFromJson("{").status().message(), "proof: not valid JSON (at byte 2)");
  EXPECT_EQ(ProofFromJson("[]").status().message(), "proof: proof must be an object");

  EXPECT_EQ(EventToJson((*events)[0]),
            "{\"seq\":4,\"at\":\"2025-03-01T08:00:05Z\",\"kind\":\"pool_frozen\",\"subject\":"
            "\"XT-2026-1004\",\"body\":\"{\\\"index\\\":4,\\\"note\\\":\\\"事件\\\"}\","
            "\"leaf_hash\":\"" +
                Hex((*events)[0].leaf_hash) + "\"}");
}

// --- tampering with the database file -------------------------------------------------------

TEST_F(LedgerTest, EditedEventBodyIsNamedByVerify) {
  auto ledger = MustOpenLedger();
  ASSERT_NE(ledger, nullptr);
  AppendMany(*ledger, 6);
  LEDGER_ASSERT_OK(Ledger::Verify(*store_));
  ledger.reset();
  Tamper(
      "DROP TRIGGER ledger_events_no_update; "
      "UPDATE ledger_events SET body = '{\"index\":99}' WHERE seq = 3");
  ExpectVerifyFails("event 3: stored hash does not match its content");
  // The proof of the edited event is refused too; others still prove (their path is intact).
  EXPECT_EQ(Ledger::Prove(*store_, 3).status().code(), StatusCode::kDataLoss);
  LEDGER_EXPECT_OK(Ledger::Prove(*store_, 2));
}

TEST_F(LedgerTest, FlippedLeafHashIsNamedByVerify) {
  auto ledger = MustOpenLedger();
  ASSERT_NE(ledger, nullptr);
  std::vector<draw::Digest> leaves = AppendMany(*ledger, 6);
  ledger.reset();
  leaves[3][0] ^= 0x01;
  Tamper("DROP TRIGGER ledger_events_no_update; UPDATE ledger_events SET leaf_hash = x'" +
         Hex(leaves[3]) + "' WHERE seq = 3");
  ExpectVerifyFails("event 3: stored hash does not match its content");
  // The proofs no longer lead to the signed root.
  EXPECT_EQ(Ledger::Prove(*store_, 0).status().code(), StatusCode::kDataLoss);
}

TEST_F(LedgerTest, EventRewrittenWithAMatchingHashBreaksTheRoot) {
  auto ledger = MustOpenLedger();
  ASSERT_NE(ledger, nullptr);
  AppendMany(*ledger, 6);
  ledger.reset();
  auto original = Ledger::Events(*store_, 3, 4);
  LEDGER_ASSERT_OK(original);
  Event forged = (*original)[0].event;
  forged.body = "{\"index\":99}";
  const Hash forged_hash = draw::LeafHash(LeafBytes(3, (*original)[0].at, forged));
  Tamper("DROP TRIGGER ledger_events_no_update; UPDATE ledger_events SET body = '" + forged.body +
         "', leaf_hash = x'" + Hex(forged_hash) + "' WHERE seq = 3");
  ExpectVerifyFails("checkpoint 4: its root does not match the root of the first 4 events");
}

TEST_F(LedgerTest, DeletedLastEventIsFound) {
  auto ledger = MustOpenLedger();
  ASSERT_NE(ledger, nullptr);
  AppendMany(*ledger, 6);
  ledger.reset();
  Tamper("DROP TRIGGER ledger_events_no_delete; DELETE FROM ledger_events WHERE seq = 5");
  ExpectVerifyFails("checkpoint 6: covers events that are not in the log (it holds 5)");
}

TEST_F(LedgerTest, DeletedMiddleEventIsFound) {
  auto ledger = MustOpenLedger();
  ASSERT_NE(ledger, nullptr);
  AppendMany(*ledger, 6);
  ledger.reset();
  Tamper("DROP TRIGGER ledger_events_no_delete; DELETE FROM ledger_events WHERE seq = 2");
  ExpectVerifyFails("event 2 is missing");
}

TEST_F(LedgerTest, TruncatedLogIsFoundThroughTheFrontier) {
  // Deleting the last event together with its checkpoint leaves a log that is consistent
  // with itself except for the derived frontier; only a checkpoint published earlier
  // catches a truncation that also rewrites the frontier (docs/ledger.md).
  auto ledger = MustOpenLedger();
  ASSERT_NE(ledger, nullptr);
  AppendMany(*ledger, 6);
  ledger.reset();
  Tamper(
      "DROP TRIGGER ledger_events_no_delete; DROP TRIGGER ledger_checkpoints_no_delete; "
      "DELETE FROM ledger_events WHERE seq = 5; DELETE FROM ledger_checkpoints WHERE size = 6");
  ExpectVerifyFails("the stored frontier (derived data) does not match the events");
}

TEST_F(LedgerTest, ForgedCheckpointSignatureIsFound) {
  auto ledger = MustOpenLedger();
  ASSERT_NE(ledger, nullptr);
  AppendMany(*ledger, 4);
  ledger.reset();
  Tamper(
      "DROP TRIGGER ledger_checkpoints_no_update; "
      "UPDATE ledger_checkpoints SET at = '2030-01-01T00:00:00Z' WHERE size = 2");
  ExpectVerifyFails("checkpoint 2: signature does not verify");
}

TEST_F(LedgerTest, DamagedFrontierStopsAppendsAndVerify) {
  auto ledger = MustOpenLedger();
  ASSERT_NE(ledger, nullptr);
  AppendMany(*ledger, 5);
  Tamper("UPDATE ledger_frontier SET hashes = zeroblob(64)");  // size 5: two subtrees
  ExpectVerifyFails("the stored frontier (derived data) does not match the events");
  auto tx = store_->Begin();
  LEDGER_ASSERT_OK(tx);
  auto a = ledger->Append(**tx, MakeEvent(5));
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(a.status().message(),
            "the stored log is inconsistent; nothing was appended (run: sunlit verify log)");
}

// --- transactions, keys, concurrency --------------------------------------------------------

TEST_F(LedgerTest, RolledBackTransactionLeavesNoEventAndNoCheckpoint) {
  auto ledger = MustOpenLedger();
  ASSERT_NE(ledger, nullptr);
  AppendMany(*ledger, 2);
  {
    auto tx = store_->Begin();
    LEDGER_ASSERT_OK(tx);
    auto a = ledger->Append(**tx, MakeEvent(2));
    LEDGER_ASSERT_OK(a);
    EXPECT_EQ(a->seq, 2);
  }  // destroyed without Commit
  auto v = Ledger::Verify(*store_);
  LEDGER_ASSERT_OK(v);
  EXPECT_EQ(v->size, 2);
  auto tx = store_->BeginRead();
  LEDGER_ASSERT_OK(tx);
  EXPECT_EQ(*(*tx)->LedgerSize(), 2);
  EXPECT_EQ((*(*tx)->LatestLedgerCheckpoint())->size, 2);
  EXPECT_EQ((*(*tx)->LoadLedgerFrontier()).size, 2);
  tx->reset();
  auto again = AppendOne(*ledger, MakeEvent(2));
  LEDGER_ASSERT_OK(again);
  EXPECT_EQ(again->seq, 2);
  LEDGER_EXPECT_OK(Ledger::Verify(*store_));
}

TEST_F(LedgerTest, InvalidEventsAndReadOnlyTransactionsWriteNothing) {
  auto ledger = MustOpenLedger();
  ASSERT_NE(ledger, nullptr);
  {
    auto tx = store_->Begin();
    LEDGER_ASSERT_OK(tx);
    EXPECT_EQ(ledger->Append(**tx, Event{"Bad", "s", "{}"}).status().code(),
              StatusCode::kInvalidArgument);
    EXPECT_EQ(ledger->Append(**tx, Event{"ok", "s", "[]"}).status().code(),
              StatusCode::kInvalidArgument);
    LEDGER_ASSERT_OK((*tx)->Commit());
  }
  {
    auto tx = store_->BeginRead();
    LEDGER_ASSERT_OK(tx);
    EXPECT_EQ(ledger->Append(**tx, MakeEvent(0)).status().code(), StatusCode::kFailedPrecondition);
  }
  auto v = Ledger::Verify(*store_);
  LEDGER_ASSERT_OK(v);
  EXPECT_EQ(v->size, 0);
}

TEST_F(LedgerTest, KeyFileIsCreatedPrivateAndReused) {
  std::string public_hex;
  {
    auto ledger = MustOpenLedger();
    ASSERT_NE(ledger, nullptr);
    public_hex = ledger->public_key_hex();
  }
  struct stat st {};
  ASSERT_EQ(stat(key_path().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  std::stringstream text;
  text << std::ifstream(key_path()).rdbuf();
  const std::string content = text.str();
  ASSERT_EQ(content.size(), 129u);
  EXPECT_EQ(content.substr(64, 64), public_hex);  // seed || public key, in hex
  // No temporary file is left behind.
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir_.path())) {
    files += entry.path().filename().string().starts_with("ledger-ed25519.key") ? 1 : 0;
  }
  EXPECT_EQ(files, 1);

  auto again = MustOpenLedger();
  ASSERT_NE(again, nullptr);
  EXPECT_EQ(again->public_key_hex(), public_hex);
  auto keys = Ledger::Keys(*store_);
  LEDGER_ASSERT_OK(keys);
  ASSERT_EQ(keys->size(), 1u);
  EXPECT_EQ((*keys)[0].key_id, again->key_id());
  EXPECT_EQ(Hex((*keys)[0].public_key), public_hex);
  EXPECT_EQ((*keys)[0].created_at, "2025-03-01T08:00:00Z");

  // The raw 64-byte form is accepted too.
  std::array<uint8_t, 64> raw;
  ASSERT_TRUE(draw::ParseHex(std::string_view(content).substr(0, 128), raw));
  const std::string raw_path = dir_.path() + "/raw.key";
  std::ofstream(raw_path, std::ios::binary)
      .write(reinterpret_cast<const char*>(raw.data()), raw.size());
  ASSERT_EQ(chmod(raw_path.c_str(), 0600), 0);
  auto from_raw = MustOpenLedger(Counting(), raw_path);
  ASSERT_NE(from_raw, nullptr);
  EXPECT_EQ(from_raw->public_key_hex(), public_hex);
}

TEST_F(LedgerTest, BadKeyFilesAreRefusedWithoutRevealingTheKey) {
  Ledger::Options options;
  options.clock = Counting();
  const auto open_code = [&](const std::string& path) {
    options.key_path = path;
    auto l = Ledger::Open(*store_, options);
    EXPECT_EQ(l.status().message().find(kFixedSecretHex.substr(0, 64)), std::string::npos);
    EXPECT_EQ(l.status().detail().find(kFixedSecretHex.substr(0, 64)), std::string::npos);
    return l.status().code();
  };
  const std::string path = dir_.path() + "/k.key";
  WriteFixedKey(path);
  ASSERT_EQ(chmod(path.c_str(), 0644), 0);
  EXPECT_EQ(open_code(path), StatusCode::kFailedPrecondition);

  // The public half does not follow from the seed.
  std::string bad(kFixedSecretHex);
  bad[127] = bad[127] == '0' ? '1' : '0';
  std::ofstream(path, std::ios::trunc) << bad << "\n";
  ASSERT_EQ(chmod(path.c_str(), 0600), 0);
  EXPECT_EQ(open_code(path), StatusCode::kDataLoss);
  std::ofstream(path, std::ios::trunc) << "not a key\n";
  EXPECT_EQ(open_code(path), StatusCode::kDataLoss);

  EXPECT_EQ(open_code(dir_.path() + "/no/such/dir/k.key"), StatusCode::kUnavailable);
  EXPECT_EQ(open_code(dir_.path()), StatusCode::kUnavailable);  // a directory
  EXPECT_EQ(open_code(""), StatusCode::kInvalidArgument);
}

TEST_F(LedgerTest, AnotherKeyForTheSameLogIsRefused) {
  auto first = MustOpenLedger();
  ASSERT_NE(first, nullptr);
  AppendMany(*first, 3);
  Ledger::Options options;
  options.key_path = dir_.path() + "/other.key";
  options.clock = Counting();
  auto second = Ledger::Open(*store_, options);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(second.status().message(), "the signing key does not match the key of this log");
  auto keys = Ledger::Keys(*store_);
  LEDGER_ASSERT_OK(keys);
  EXPECT_EQ(keys->size(), 1u);
  LEDGER_EXPECT_OK(Ledger::Verify(*store_));
}

TEST_F(LedgerTest, ConcurrentAppendsYieldADenseVerifiableLog) {
  auto ledger = MustOpenLedger();
  ASSERT_NE(ledger, nullptr);
  constexpr int kThreads = 4;
  constexpr int kPerThread = 25;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const Event e{"draw_done", "T" + std::to_string(t) + "-" + std::to_string(i), "{}"};
        if (!AppendOne(*ledger, e).ok()) ++failures;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  auto v = Ledger::Verify(*store_);
  LEDGER_ASSERT_OK(v);
  EXPECT_EQ(v->size, kThreads * kPerThread);
  auto events = Ledger::Events(*store_, 0, 1000);
  LEDGER_ASSERT_OK(events);
  std::set<std::string> subjects;
  for (size_t i = 0; i < events->size(); ++i) {
    EXPECT_EQ((*events)[i].seq, static_cast<int64_t>(i));
    subjects.insert((*events)[i].event.subject);
  }
  EXPECT_EQ(subjects.size(), static_cast<size_t>(kThreads * kPerThread));
  for (int64_t seq : {0, 37, 99})
    LEDGER_EXPECT_OK(Ledger::VerifyProof(*Ledger::Prove(*store_, seq), ledger->public_key()));
}

// Verify reads the log in chunks; a log longer than one chunk checks every boundary.
TEST_F(LedgerTest, LongLogVerifiesAcrossChunks) {
  auto ledger = MustOpenLedger([] { return std::string("2025-03-01T08:00:00Z"); });
  ASSERT_NE(ledger, nullptr);
  std::vector<draw::Digest> leaves;
  {
    auto tx = store_->Begin();  // many events in one transaction, one checkpoint each
    LEDGER_ASSERT_OK(tx);
    for (int i = 0; i < 4096 + 300; ++i) {
      auto a = ledger->Append(**tx, Event{"draw_done", "S" + std::to_string(i), "{}"});
      LEDGER_ASSERT_OK(a);
      leaves.push_back(a->leaf_hash);
    }
    LEDGER_ASSERT_OK((*tx)->Commit());
  }
  auto v = Ledger::Verify(*store_);
  LEDGER_ASSERT_OK(v);
  EXPECT_EQ(v->size, 4396);
  EXPECT_EQ(v->root, draw::RootFromLeafHashes(leaves));
  ledger.reset();
  Tamper(
      "DROP TRIGGER ledger_events_no_update; "
      "UPDATE ledger_events SET subject = 'X' WHERE seq = 4100");
  ExpectVerifyFails("event 4100: stored hash does not match its content");
}

}  // namespace
}  // namespace sunlit::ledger
