// DrawService against a real SQLite file, a generated directory (imported through Directory),
// a real ledger, a fixed clock and fixed secrets: the whole cycle, the refusals, concurrency,
// alternates, re-draws, the annual cap, the cool-down and the triggers behind it all.
#include "app/draw_service.h"

#include <sqlite3.h>
#include <stdlib.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "app/gen.h"
#include "app/reference.h"
#include "draw/record_json.h"
#include "draw/verify.h"
#include "gtest/gtest.h"
#include "store/test_backend.h"

namespace sunlit::app {
namespace {

namespace fs = std::filesystem;

#define ASSERT_OK(expr)                                                     \
  do {                                                                      \
    const auto& r_ = (expr);                                                \
    ASSERT_TRUE(StatusOf(r_).ok())                                          \
        << StatusOf(r_).ToString() << " [" << StatusOf(r_).detail() << "]"; \
  } while (0)
#define EXPECT_OK(expr)                                                     \
  do {                                                                      \
    const auto& r_ = (expr);                                                \
    EXPECT_TRUE(StatusOf(r_).ok())                                          \
        << StatusOf(r_).ToString() << " [" << StatusOf(r_).detail() << "]"; \
  } while (0)

const Status& StatusOf(const Status& s) { return s; }
template <typename T>
const Status& StatusOf(const Result<T>& r) {
  return r.status();
}

// A clock the test moves by hand.
class TestClock final : public Clock {
 public:
  explicit TestClock(std::string now) : now_(std::move(now)) {}
  std::string NowUtc() override {
    std::lock_guard<std::mutex> lock(mu_);
    return now_;
  }
  void Set(std::string now) {
    std::lock_guard<std::mutex> lock(mu_);
    now_ = std::move(now);
  }

 private:
  std::mutex mu_;
  std::string now_;
};

// Secrets 1, 2, 3 …: byte 0 counts, the rest are 0xA5.
class CountingSecrets final : public SecretSource {
 public:
  Status Generate(draw::Secret* out) override {
    out->fill(0xA5);
    (*out)[0] = static_cast<uint8_t>(++n_);
    return Status::Ok();
  }
  static draw::Secret Nth(int n) {
    draw::Secret s;
    s.fill(0xA5);
    s[0] = static_cast<uint8_t>(n);
    return s;
  }

 private:
  std::atomic<int> n_{0};
};

constexpr char kFreezeTime[] = "2026-10-30T02:00:00Z";     // 10:00 in Beijing
constexpr char kBeforeLottery[] = "2026-11-01T13:34:59Z";  // one second too early
constexpr char kAfterLottery[] = "2026-11-02T01:00:00Z";

class DrawServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/sunlit-drawsvc-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    auto s = store::Open(store::testing::TestDatabaseUrl(dir_));
    ASSERT_OK(s);
    store_ = std::move(s).value();
    ASSERT_OK(EnsureReferenceData(*store_));

    GenOptions gen;
    gen.count = 3000;
    gen.seed = 7;
    gen.region_prefix = "4303";
    gen.today = core::Date::FromYmd(2026, 10, 29);
    const std::string csv = dir_ + "/entities.csv";
    ASSERT_OK(GenerateEntities(gen, csv));
    ImportOptions import;
    import.today = gen.today;
    auto report = directory_.Import(*store_, ImportKind::kEntities, csv, import);
    ASSERT_OK(report);
    ASSERT_TRUE(report->written);
    ASSERT_EQ(directory_.index()->size(), 3000u);

    ledger::Ledger::Options options;
    options.key_path = dir_ + "/ledger-ed25519.key";
    options.clock = [this] { return clock_.NowUtc(); };
    auto l = ledger::Ledger::Open(*store_, options);
    ASSERT_OK(l);
    ledger_ = std::move(l).value();
    service_ = std::make_unique<DrawService>(*store_, directory_, *ledger_, clock_, secrets_);
  }

  void TearDown() override {
    // Whatever happened, the log still verifies.
    if (store_ != nullptr && ledger_ != nullptr) EXPECT_OK(ledger::Ledger::Verify(*store_));
    service_.reset();
    ledger_.reset();
    store_.reset();
    fs::remove_all(dir_);
  }

  std::string db_path() const { return dir_ + "/t.db"; }

  static FreezeRequest Request(std::string draw_id) {
    FreezeRequest r;
    r.draw_id = std::move(draw_id);
    r.scope.region_prefixes = {"4303"};
    r.stratify = index::Stratify::kRiskClass;
    r.quotas = {{"A", draw::Quota::Kind::kCount, 2},
                {"B", draw::Quota::Kind::kBasisPoints, 100},
                {"C", draw::Quota::Kind::kBasisPoints, 1000},
                {"D", draw::Quota::Kind::kCount, 5}};
    r.reserve = 2;
    r.sources = {
        {"中国福利彩票 福彩3D", "2026290期", "3个开奖号码，按开奖顺序", "2026-11-01T13:30:00Z"},
        {"中国体育彩票 排列5", "26290期", "5个开奖号码，按开奖顺序", "2026-11-01T21:35:00+08:00"}};
    r.actor = "张三";
    return r;
  }
  static draw::Sources Values() { return {{3, 7, 1}, {9, 0, 2, 4, 4}}; }

  // Freeze, randomness, draw.
  Result<DrawOutcome> FullDraw(const FreezeRequest& request) {
    clock_.Set(kFreezeTime);
    SUNLIT_RETURN_IF_ERROR(service_->Freeze(request).status());
    clock_.Set(kAfterLottery);
    SUNLIT_RETURN_IF_ERROR(service_->EnterRandomness(request.draw_id, Values(), "李四").status());
    return service_->Draw(request.draw_id, "王五");
  }

  // The pool as candidates, read back through PoolCsv.
  std::vector<draw::Candidate> Candidates(std::string_view draw_id) {
    std::vector<draw::Candidate> out;
    Result<std::string> csv = service_->PoolCsv(draw_id);
    EXPECT_OK(csv);
    if (!csv.ok()) return out;
    std::istringstream in(*csv);
    std::string line;
    std::getline(in, line);
    EXPECT_EQ(line, "code,stratum");
    while (std::getline(in, line)) {
      const size_t comma = line.find(',');
      out.push_back({line.substr(0, comma), line.substr(comma + 1)});
    }
    return out;
  }

  std::vector<ledger::StoredEvent> Events(std::string_view kind) {
    std::vector<ledger::StoredEvent> out;
    auto events = ledger::Ledger::Events(*store_, 0, 1000000);
    EXPECT_OK(events);
    if (!events.ok()) return out;
    for (const ledger::StoredEvent& e : *events) {
      if (e.event.kind == kind) out.push_back(e);
    }
    return out;
  }

  std::string dir_;
  std::unique_ptr<store::Store> store_;
  Directory directory_;
  std::unique_ptr<ledger::Ledger> ledger_;
  TestClock clock_{kFreezeTime};
  CountingSecrets secrets_;
  std::unique_ptr<DrawService> service_;
};

TEST_F(DrawServiceTest, FullCycleGivesARecordThatVerifiesAgainstThePoolExport) {
  const FreezeRequest request = Request("XT-2026-0001");
  Result<FrozenPool> frozen = service_->Freeze(request);
  ASSERT_OK(frozen);
  EXPECT_EQ(frozen->draw_id, "XT-2026-0001");
  EXPECT_EQ(frozen->year, 2026);
  EXPECT_EQ(frozen->commitment, draw::Commitment(CountingSecrets::Nth(1)));
  EXPECT_EQ(frozen->params, "A:count:2;B:bp:100;C:bp:1000;D:count:5;#2");
  ASSERT_EQ(frozen->sources.size(), 2u);
  EXPECT_EQ(frozen->sources[1].available_at, "2026-11-01T13:35:00Z");  // from +08:00
  // The pool is what the directory gives for the same filter.
  index::PoolFilter filter;
  filter.region_prefixes = {"4303"};
  Result<int64_t> count = directory_.index()->CountPool(filter);
  ASSERT_OK(count);
  EXPECT_EQ(static_cast<int64_t>(frozen->pool_size), *count);
  EXPECT_GT(frozen->pool_size, 2500u);

  // Nothing can be drawn before the randomness, and the randomness waits for the lottery.
  Result<DrawOutcome> early_draw = service_->Draw("XT-2026-0001", "王五");
  EXPECT_EQ(early_draw.status().code(), StatusCode::kFailedPrecondition);
  clock_.Set(kBeforeLottery);
  Result<std::string> early = service_->EnterRandomness("XT-2026-0001", Values(), "李四");
  EXPECT_EQ(early.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(early.status().message().find("randomness can be entered after 2026-11-01T13:35:00Z"),
            std::string::npos)
      << early.status().message();
  clock_.Set(kAfterLottery);
  EXPECT_EQ(service_->EnterRandomness("XT-2026-0001", {{3, 7, 1}}, "李四").status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(service_->EnterRandomness("XT-2026-0001", {{3, 7, 1}, {}}, "李四").status().code(),
            StatusCode::kInvalidArgument);
  Result<std::string> k = service_->EnterRandomness("XT-2026-0001", Values(), "李四");
  ASSERT_OK(k);
  EXPECT_EQ(*k, "1.3.7./0.2.4.4.9./");
  Result<std::string> twice = service_->EnterRandomness("XT-2026-0001", {{1, 1, 1}, {1}}, "李四");
  EXPECT_EQ(twice.status().code(), StatusCode::kFailedPrecondition);

  Result<DrawOutcome> drawn = service_->Draw("XT-2026-0001", "王五");
  ASSERT_OK(drawn);
  EXPECT_TRUE(drawn->computed_now);
  const draw::DrawRecord& record = drawn->record;
  EXPECT_EQ(record.pool_root, frozen->pool_root);
  EXPECT_EQ(record.commitment, frozen->commitment);
  EXPECT_EQ(record.secret, CountingSecrets::Nth(1));
  EXPECT_EQ(record.randomness, *k);
  EXPECT_EQ(drawn->record_hash, draw::Sha256Of(drawn->record_json));
  EXPECT_FALSE(record.entries.empty());

  // Anyone's verification: the exported pool and the published record.
  const std::vector<draw::Candidate> candidates = Candidates("XT-2026-0001");
  EXPECT_EQ(candidates.size(), frozen->pool_size);
  Result<draw::DrawRecord> published = draw::RecordFromJson(drawn->record_json);
  ASSERT_OK(published);
  EXPECT_OK(draw::VerifyRecord(*published, candidates));

  // Later calls return the stored record.
  Result<DrawOutcome> again = service_->Draw("XT-2026-0001", "赵六");
  ASSERT_OK(again);
  EXPECT_FALSE(again->computed_now);
  EXPECT_EQ(again->record_json, drawn->record_json);

  Result<DrawView> view = service_->GetDraw("XT-2026-0001");
  ASSERT_OK(view);
  EXPECT_EQ(view->stage, DrawStage::kDrawn);
  EXPECT_EQ(view->record_json, drawn->record_json);
  EXPECT_EQ(view->randomness_string, *k);
  EXPECT_EQ(view->frozen_by, "张三");
  ASSERT_EQ(view->entries.size(), record.entries.size());
  for (size_t i = 0; i < record.entries.size(); ++i) {
    EXPECT_EQ(view->entries[i].code, record.entries[i].code);
    EXPECT_EQ(view->entries[i].role, record.entries[i].role);
  }
  EXPECT_EQ(Events("pool_frozen").size(), 1u);
  EXPECT_EQ(Events("randomness_entered").size(), 1u);
  ASSERT_EQ(Events("draw_done").size(), 1u);
  EXPECT_NE(Events("draw_done")[0].event.body.find(draw::ToHex(drawn->record_hash)),
            std::string::npos);
  // The secret is published with the record, never before.
  EXPECT_EQ(Events("pool_frozen")[0].event.body.find(draw::ToHex(CountingSecrets::Nth(1))),
            std::string::npos);
}

TEST_F(DrawServiceTest, FreezeRefusesBadRequestsAndPublicRandomness) {
  FreezeRequest r = Request("XT-2026-0002");
  r.scope.region_prefixes = {"4301"};  // Changsha: nobody in this directory
  EXPECT_EQ(service_->Freeze(r).status().code(), StatusCode::kFailedPrecondition);

  r = Request("XT-2026-0002");
  r.sources[0].available_at = "2026-10-30T02:00:00Z";  // already public (= now)
  Result<FrozenPool> late = service_->Freeze(r);
  EXPECT_EQ(late.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(late.status().message().find("before its randomness exists"), std::string::npos);

  r = Request("XT-2026-0002");
  r.sources.clear();
  EXPECT_EQ(service_->Freeze(r).status().code(), StatusCode::kInvalidArgument);
  r = Request("XT-2026-0002");
  r.sources[1].available_at = "tomorrow";
  EXPECT_EQ(service_->Freeze(r).status().code(), StatusCode::kInvalidArgument);
  r = Request("XT-2026-0002");
  r.quotas.push_back({"E", draw::Quota::Kind::kCount, 1});
  EXPECT_EQ(service_->Freeze(r).status().code(), StatusCode::kInvalidArgument);
  r = Request("XT-2026-0002");
  r.stratify = index::Stratify::kNone;  // quotas still name risk classes
  EXPECT_EQ(service_->Freeze(r).status().code(), StatusCode::kInvalidArgument);
  r = Request("XT 2026");
  EXPECT_EQ(service_->Freeze(r).status().code(), StatusCode::kInvalidArgument);
  r = Request("XT-2026-0002");
  r.actor = "";
  EXPECT_EQ(service_->Freeze(r).status().code(), StatusCode::kInvalidArgument);

  ASSERT_OK(service_->Freeze(Request("XT-2026-0002")));
  EXPECT_EQ(service_->Freeze(Request("XT-2026-0002")).status().code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(service_->Draw("XT-2026-9999", "x").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(Events("pool_frozen").size(), 1u);
}

TEST_F(DrawServiceTest, UnstratifiedPoolUsesTheEmptyLabel) {
  FreezeRequest r = Request("XT-2026-0003");
  r.stratify = index::Stratify::kNone;
  r.quotas = {{"", draw::Quota::Kind::kCount, 30}};
  Result<DrawOutcome> drawn = FullDraw(r);
  ASSERT_OK(drawn);
  EXPECT_EQ(drawn->record.entries.size(), 32u);
  EXPECT_OK(draw::VerifyRecord(drawn->record, Candidates("XT-2026-0003")));
}

TEST_F(DrawServiceTest, SixteenConcurrentDrawsOfOnePoolComputeOnceAndAgree) {
  ASSERT_OK(service_->Freeze(Request("XT-2026-0010")));
  clock_.Set(kAfterLottery);
  ASSERT_OK(service_->EnterRandomness("XT-2026-0010", Values(), "李四"));
  constexpr int kThreads = 16;
  std::vector<Result<DrawOutcome>> results(kThreads, Result<DrawOutcome>(Internal("not run")));
  std::atomic<int> ready{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      ++ready;
      while (ready.load() < kThreads) std::this_thread::yield();
      results[i] = service_->Draw("XT-2026-0010", "thread" + std::to_string(i));
    });
  }
  for (std::thread& t : threads) t.join();
  int computed = 0;
  for (const Result<DrawOutcome>& r : results) {
    ASSERT_OK(r);
    computed += r->computed_now ? 1 : 0;
    EXPECT_EQ(r->record_json, results[0]->record_json);
  }
  EXPECT_EQ(computed, 1);
  EXPECT_EQ(Events("draw_done").size(), 1u);
  EXPECT_OK(draw::VerifyRecord(results[0]->record, Candidates("XT-2026-0010")));
}

TEST_F(DrawServiceTest, DifferentTasksDrawnConcurrentlyAllSucceed) {
  constexpr int kTasks = 6;
  for (int i = 0; i < kTasks; ++i) {
    FreezeRequest r = Request("XT-2026-01" + std::to_string(i));
    r.scope.region_prefixes = {i % 2 == 0 ? "430302" : "4303"};
    ASSERT_OK(service_->Freeze(r));
  }
  clock_.Set(kAfterLottery);
  for (int i = 0; i < kTasks; ++i) {
    ASSERT_OK(service_->EnterRandomness("XT-2026-01" + std::to_string(i), Values(), "李四"));
  }
  std::vector<Result<DrawOutcome>> results(kTasks, Result<DrawOutcome>(Internal("not run")));
  std::vector<std::thread> threads;
  for (int i = 0; i < kTasks; ++i) {
    threads.emplace_back(
        [&, i] { results[i] = service_->Draw("XT-2026-01" + std::to_string(i), "王五"); });
  }
  for (std::thread& t : threads) t.join();
  std::set<std::string> seeds;
  for (int i = 0; i < kTasks; ++i) {
    ASSERT_OK(results[i]);
    EXPECT_TRUE(results[i]->computed_now);
    EXPECT_OK(draw::VerifyRecord(results[i]->record, Candidates("XT-2026-01" + std::to_string(i))));
    seeds.insert(draw::ToHex(results[i]->record.seed));
  }
  EXPECT_EQ(seeds.size(), static_cast<size_t>(kTasks));
  EXPECT_EQ(Events("draw_done").size(), static_cast<size_t>(kTasks));
}

TEST_F(DrawServiceTest, AlternatesReplaceInRankOrderForALoggedReasonUntilNoneIsLeft) {
  FreezeRequest r = Request("XT-2026-0020");
  r.reserve = 2;
  ASSERT_OK(FullDraw(r));
  EXPECT_EQ(service_->UseAlternate("XT-2026-0020", "x", "已注销", "王五").status().code(),
            StatusCode::kInvalidArgument);
  Result<DrawView> view = service_->GetDraw("XT-2026-0020");
  ASSERT_OK(view);
  std::vector<std::string> selected_c, alternates_c;
  for (const DrawnEntry& e : view->entries) {
    if (e.stratum != "C") continue;
    (e.role == draw::EntryRole::kSelected ? selected_c : alternates_c).push_back(e.code);
  }
  ASSERT_GE(selected_c.size(), 3u);
  ASSERT_EQ(alternates_c.size(), 2u);

  // A reason is required; an unused alternate or a stranger cannot be replaced.
  EXPECT_EQ(service_->UseAlternate("XT-2026-0020", selected_c[0], "  ", "王五").status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(
      service_->UseAlternate("XT-2026-0020", alternates_c[0], "已注销", "王五").status().code(),
      StatusCode::kInvalidArgument);
  EXPECT_EQ(service_->UseAlternate("XT-2026-0020", "91430300000000000X", "已注销", "王五")
                .status()
                .code(),
            StatusCode::kInvalidArgument);

  // First replacement: the best-ranked alternate of the stratum.
  Result<AlternateUse> first =
      service_->UseAlternate("XT-2026-0020", selected_c[1], "已注销", "王五");
  ASSERT_OK(first);
  EXPECT_EQ(first->alternate_code, alternates_c[0]);
  EXPECT_EQ(first->stratum, "C");
  EXPECT_EQ(first->directory_status, "active");
  EXPECT_EQ(service_->UseAlternate("XT-2026-0020", selected_c[1], "已吊销", "王五").status().code(),
            StatusCode::kAlreadyExists);
  // The alternate in use turns out closed too: the next one replaces it.
  Result<AlternateUse> second =
      service_->UseAlternate("XT-2026-0020", alternates_c[0], "停业", "王五");
  ASSERT_OK(second);
  EXPECT_EQ(second->alternate_code, alternates_c[1]);
  // None left.
  Result<AlternateUse> none =
      service_->UseAlternate("XT-2026-0020", selected_c[0], "已注销", "王五");
  EXPECT_EQ(none.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(none.status().message().find("no alternate is left"), std::string::npos);

  view = service_->GetDraw("XT-2026-0020");
  ASSERT_OK(view);
  ASSERT_EQ(view->alternate_uses.size(), 2u);
  EXPECT_EQ(view->alternate_uses[0].reason, "已注销");
  EXPECT_EQ(view->alternate_uses[1].reason, "停业");
  EXPECT_EQ(view->alternate_uses[1].replaced_code, alternates_c[0]);
  for (const DrawnEntry& e : view->entries) {
    if (e.code == selected_c[1]) {
      EXPECT_EQ(e.replaced_by, alternates_c[0]);
    }
    if (e.code == alternates_c[1]) {
      EXPECT_EQ(e.replaces, alternates_c[0]);
    }
  }
  const std::vector<ledger::StoredEvent> used = Events("alternate_used");
  ASSERT_EQ(used.size(), 2u);
  EXPECT_NE(used[0].event.body.find("\"reason\":\"已注销\""), std::string::npos);
  EXPECT_NE(used[0].event.body.find("\"directory_status\":\"active\""), std::string::npos);
  EXPECT_NE(used[0].event.body.find("\"reason_matches_directory\":false"), std::string::npos);
  // The record itself never changes.
  Result<DrawOutcome> again = service_->Draw("XT-2026-0020", "王五");
  ASSERT_OK(again);
  EXPECT_OK(draw::VerifyRecord(again->record, Candidates("XT-2026-0020")));
}

TEST_F(DrawServiceTest, RedrawChainsANewPoolAndLeavesTheFirstUntouched) {
  Result<DrawOutcome> first = FullDraw(Request("XT-2026-0030"));
  ASSERT_OK(first);
  Result<DrawView> before = service_->GetDraw("XT-2026-0030");
  ASSERT_OK(before);

  EXPECT_EQ(service_->Redraw("XT-2026-0030", "", Request("")).status().code(),
            StatusCode::kInvalidArgument);
  clock_.Set("2026-11-03T02:00:00Z");
  FreezeRequest r = Request("");
  r.sources = {{"中国福利彩票 福彩3D", "2026293期", "3个开奖号码", "2026-11-04T13:30:00Z"}};
  Result<FrozenPool> redrawn = service_->Redraw("XT-2026-0030", "抽取范围错误：漏选了湘潭县", r);
  ASSERT_OK(redrawn);
  EXPECT_EQ(redrawn->draw_id, "XT-2026-0030-R1");
  EXPECT_EQ(redrawn->previous_draw_id, "XT-2026-0030");
  EXPECT_NE(redrawn->commitment, before->pool.commitment);

  // The first draw is intact, marked superseded, and can go no further.
  Result<DrawView> after = service_->GetDraw("XT-2026-0030");
  ASSERT_OK(after);
  EXPECT_EQ(after->record_json, before->record_json);
  EXPECT_EQ(after->pool.commitment, before->pool.commitment);
  EXPECT_EQ(after->superseded_by, "XT-2026-0030-R1");
  EXPECT_OK(draw::VerifyRecord(first->record, Candidates("XT-2026-0030")));
  EXPECT_EQ(service_->UseAlternate("XT-2026-0030", first->record.entries[0].code, "已注销", "王五")
                .status()
                .code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(service_->Redraw("XT-2026-0030", "again", r).status().code(),
            StatusCode::kFailedPrecondition);

  // The re-draw runs its own cycle; a re-draw of it is "-R2".
  clock_.Set("2026-11-05T00:00:00Z");
  ASSERT_OK(service_->EnterRandomness("XT-2026-0030-R1", {{5, 5, 2}}, "李四"));
  Result<DrawOutcome> second = service_->Draw("XT-2026-0030-R1", "王五");
  ASSERT_OK(second);
  EXPECT_OK(draw::VerifyRecord(second->record, Candidates("XT-2026-0030-R1")));
  r.sources[0].available_at = "2026-11-06T13:30:00Z";
  Result<FrozenPool> third = service_->Redraw("XT-2026-0030-R1", "复核发现参数错误", r);
  ASSERT_OK(third);
  EXPECT_EQ(third->draw_id, "XT-2026-0030-R2");
  Result<DrawView> view = service_->GetDraw("XT-2026-0030-R2");
  ASSERT_OK(view);
  EXPECT_EQ(view->redraw_reason, "复核发现参数错误");
  EXPECT_EQ(view->pool.previous_draw_id, "XT-2026-0030-R1");
  EXPECT_EQ(view->stage, DrawStage::kFrozen);

  const std::vector<ledger::StoredEvent> redraws = Events("redraw");
  ASSERT_EQ(redraws.size(), 2u);
  EXPECT_NE(redraws[0].event.body.find("\"new_draw_id\":\"XT-2026-0030-R1\""), std::string::npos);
  EXPECT_NE(redraws[0].event.body.find("抽取范围错误"), std::string::npos);
  EXPECT_EQ(Events("pool_frozen").size(), 3u);
}

TEST_F(DrawServiceTest, AnnualCapLeavesOutWhatOtherDrawsOfTheYearTook) {
  FreezeRequest a = Request("XT-2026-0040");
  a.quotas = {{"A", draw::Quota::Kind::kBasisPoints, 2000},
              {"B", draw::Quota::Kind::kBasisPoints, 2000},
              {"C", draw::Quota::Kind::kBasisPoints, 2000},
              {"D", draw::Quota::Kind::kBasisPoints, 2000}};
  Result<DrawOutcome> first = FullDraw(a);
  ASSERT_OK(first);
  std::set<std::string> taken;
  std::string replaced, alternate;
  for (const draw::DrawEntry& e : first->record.entries) {
    if (e.role == draw::EntryRole::kSelected) {
      taken.insert(e.code);
      if (replaced.empty()) replaced = e.code;
    }
  }
  Result<AlternateUse> use = service_->UseAlternate("XT-2026-0040", replaced, "已注销", "王五");
  ASSERT_OK(use);
  taken.insert(use->alternate_code);

  clock_.Set("2026-11-03T02:00:00Z");
  FreezeRequest b = Request("XT-2026-0041");
  b.sources = {{"中国福利彩票 福彩3D", "2026293期", "3个开奖号码", "2026-11-04T13:30:00Z"}};
  b.annual_cap = true;
  Result<FrozenPool> capped = service_->Freeze(b);
  ASSERT_OK(capped);
  EXPECT_EQ(capped->excluded.annual_cap, static_cast<int64_t>(taken.size()));
  for (const draw::Candidate& c : Candidates("XT-2026-0041")) {
    EXPECT_EQ(taken.count(c.code), 0u) << c.code;
  }
  // Without the cap the same scope keeps them.
  b.draw_id = "XT-2026-0042";
  b.annual_cap = false;
  Result<FrozenPool> uncapped = service_->Freeze(b);
  ASSERT_OK(uncapped);
  EXPECT_EQ(uncapped->pool_size, capped->pool_size + taken.size());
  EXPECT_EQ(uncapped->excluded.annual_cap, 0);
}

TEST_F(DrawServiceTest, CooldownLeavesOutRecentlyInspected) {
  FreezeRequest r = Request("XT-2026-0050");
  r.cooldown_days = 365;
  Result<FrozenPool> cooled = service_->Freeze(r);
  ASSERT_OK(cooled);
  EXPECT_GT(cooled->excluded.cooled_down, 0);
  const core::Date since = core::Date::FromYmd(2026, 10, 30).AddDays(-365);
  for (const draw::Candidate& c : Candidates("XT-2026-0050")) {
    const std::optional<index::IndexedEntity> e = directory_.index()->Find(c.code);
    ASSERT_TRUE(e.has_value());
    if (e->last_inspected.has_value()) {
      EXPECT_LT(*e->last_inspected, since) << c.code;
    }
  }
  r.draw_id = "XT-2026-0051";
  r.cooldown_days = 0;
  Result<FrozenPool> all = service_->Freeze(r);
  ASSERT_OK(all);
  EXPECT_EQ(all->pool_size,
            cooled->pool_size + static_cast<uint64_t>(cooled->excluded.cooled_down));
  Result<DrawView> view = service_->GetDraw("XT-2026-0050");
  ASSERT_OK(view);
  EXPECT_NE(view->filter_json.find("\"exclude_inspected_since\":\"2025-10-30\""), std::string::npos)
      << view->filter_json;
}

TEST_F(DrawServiceTest, JointIndustryCapLeavesOutCheckedCodesAndDropsEmptiedStrata) {
  // Every class-D member and a few class-B members had a joint industry check this year.
  FreezeRequest r = Request("XT-2026-0070");
  Result<FrozenPool> all = service_->Freeze(r);
  ASSERT_OK(all);
  std::vector<std::string> checked;
  int64_t d_members = 0, b_taken = 0;
  for (const draw::Candidate& c : Candidates("XT-2026-0070")) {
    if (c.stratum == "D") {
      checked.push_back(c.code);
      ++d_members;
    } else if (c.stratum == "B" && b_taken < 7) {
      checked.push_back(c.code);
      ++b_taken;
    }
  }
  ASSERT_GT(d_members, 0);
  checked.push_back("91430302MA4L000000");  // not in the pool: costs nothing, counts nothing
  r.draw_id = "XT-2026-0071";
  r.joint_industry_cap = true;
  r.joint_industry_checked = checked;
  Result<FrozenPool> capped = service_->Freeze(r);
  ASSERT_OK(capped);
  EXPECT_EQ(capped->joint_industry_excluded, d_members + b_taken);
  EXPECT_EQ(capped->pool_size, all->pool_size - static_cast<uint64_t>(d_members + b_taken));
  for (const draw::StratumSize& s : capped->strata) EXPECT_NE(s.label, "D");
  // The stored pool still verifies after the re-numbered strata: draw it and check.
  clock_.Set(kAfterLottery);
  ASSERT_OK(service_->EnterRandomness("XT-2026-0071", Values(), "李四"));
  Result<DrawOutcome> drawn = service_->Draw("XT-2026-0071", "王五");
  ASSERT_OK(drawn);
  EXPECT_OK(draw::VerifyRecord(drawn->record, Candidates("XT-2026-0071")));
  std::set<std::string> excluded(checked.begin(), checked.end());
  for (const draw::DrawEntry& e : drawn->record.entries) EXPECT_EQ(excluded.count(e.code), 0u);
  // The log has the count, not the codes.
  const std::vector<ledger::StoredEvent> frozen = Events("pool_frozen");
  ASSERT_EQ(frozen.size(), 2u);
  EXPECT_NE(frozen[1].event.body.find("\"joint_industry\":" + std::to_string(d_members + b_taken)),
            std::string::npos);
  EXPECT_NE(frozen[1].event.body.find("\"joint_industry_codes\":" + std::to_string(checked.size())),
            std::string::npos);
  EXPECT_EQ(frozen[1].event.body.find(checked[0]), std::string::npos);
  EXPECT_EQ(frozen[0].event.body.find("joint_industry"), std::string::npos);
  Result<DrawView> view = service_->GetDraw("XT-2026-0071");
  ASSERT_OK(view);
  EXPECT_EQ(view->pool.joint_industry_excluded, d_members + b_taken);
}

TEST_F(DrawServiceTest, StepsInTheCallersTransactionVanishWithIt) {
  {
    auto tx = store_->Begin();
    ASSERT_OK(tx);
    ASSERT_OK(service_->FreezeIn(**tx, Request("XT-2026-0080")));
    // Not committed: the pool and its log entry are gone together.
  }
  EXPECT_EQ(service_->GetDraw("XT-2026-0080").status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(Events("pool_frozen").empty());
  {
    auto tx = store_->Begin();
    ASSERT_OK(tx);
    ASSERT_OK(service_->FreezeIn(**tx, Request("XT-2026-0080")));
    ASSERT_OK((*tx)->Commit());
  }
  clock_.Set(kAfterLottery);
  {
    auto tx = store_->Begin();
    ASSERT_OK(tx);
    ASSERT_OK(service_->EnterRandomnessIn(**tx, "XT-2026-0080", Values(), "李四"));
    Result<DrawOutcome> drawn = service_->DrawIn(**tx, "XT-2026-0080", "王五");
    ASSERT_OK(drawn);
    EXPECT_TRUE(drawn->computed_now);
    Result<DrawOutcome> again = service_->DrawIn(**tx, "XT-2026-0080", "王五");
    ASSERT_OK(again);
    EXPECT_FALSE(again->computed_now);
    EXPECT_EQ(again->record_json, drawn->record_json);
    ASSERT_OK((*tx)->Commit());
  }
  Result<DrawOutcome> stored = service_->Draw("XT-2026-0080", "王五");
  ASSERT_OK(stored);
  EXPECT_FALSE(stored->computed_now);
  EXPECT_EQ(Events("draw_done").size(), 1u);
}

TEST_F(DrawServiceTest, FrozenParametersCannotBeChangedEvenWithRawSql) {
  if (store::testing::TestBackendIsPostgres()) {
    GTEST_SKIP() << "opens the SQLite file directly; the PostgreSQL triggers are tested in "
                    "store/postgres/pg_store_test.cc";
  }
  Result<FrozenPool> frozen = service_->Freeze(Request("XT-2026-0060"));
  ASSERT_OK(frozen);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_path().c_str(), &db), SQLITE_OK);
  sqlite3_busy_timeout(db, 5000);
  for (const char* sql :
       {"UPDATE draw_pools SET params = 'A:count:99;#2'",
        "UPDATE draw_pools SET pool_root = zeroblob(32)",
        "UPDATE draw_pools SET commitment = zeroblob(32)",
        "UPDATE draw_pools SET secret = zeroblob(32)", "UPDATE draw_pools SET sources = '[]'",
        "UPDATE draw_pools SET filter = '{}'", "UPDATE draw_pools SET strata = '{}', pool_size = 1",
        "UPDATE draw_pool_chunks SET members = zeroblob(19)", "DELETE FROM draw_pool_chunks",
        "DELETE FROM draw_pools",
        "UPDATE draw_pools SET state = 'drawn', record = '{}', record_hash = zeroblob(32)"}) {
    EXPECT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), SQLITE_CONSTRAINT) << sql;
  }
  sqlite3_close(db);
  // Untouched: the draw goes on and verifies against the commitment published at freezing.
  clock_.Set(kAfterLottery);
  ASSERT_OK(service_->EnterRandomness("XT-2026-0060", Values(), "李四"));
  Result<DrawOutcome> drawn = service_->Draw("XT-2026-0060", "王五");
  ASSERT_OK(drawn);
  EXPECT_EQ(drawn->record.commitment, frozen->commitment);
  EXPECT_EQ(drawn->record.pool_root, frozen->pool_root);
  EXPECT_OK(draw::VerifyRecord(drawn->record, Candidates("XT-2026-0060")));
}

TEST(DrawTimeTest, ParsesUtcAndOffsetsAndFormatsUtc) {
  Result<int64_t> z = ParseUtcSeconds("2026-11-01T13:30:00Z");
  ASSERT_OK(z);
  Result<int64_t> beijing = ParseUtcSeconds("2026-11-01T21:30:00+08:00");
  ASSERT_OK(beijing);
  EXPECT_EQ(*z, *beijing);
  EXPECT_EQ(FormatUtc(*z), "2026-11-01T13:30:00Z");
  EXPECT_EQ(FormatUtc(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(ChinaDate(*ParseUtcSeconds("2026-12-31T16:00:00Z")), core::Date::FromYmd(2027, 1, 1));
  EXPECT_EQ(ChinaDate(*ParseUtcSeconds("2026-12-31T15:59:59Z")), core::Date::FromYmd(2026, 12, 31));
  for (const char* bad :
       {"", "2026-11-01", "2026-11-01T13:30:00", "2026-11-01 13:30:00Z", "2026-02-30T00:00:00Z",
        "2026-11-01T24:00:00Z", "2026-11-01T13:30:00+8:00", "2026-11-01T13:30:00z"}) {
    EXPECT_EQ(ParseUtcSeconds(bad).status().code(), StatusCode::kInvalidArgument) << bad;
  }
}

// --- benchmark ----------------------------------------------------------------------------
// Opt-in: SUNLIT_DRAW_BENCH_DB=sqlite:/path/s.db ./app_test --gtest_filter='DrawServiceBench*'
// on a database holding a large directory (e.g. 10 million from `sunlit gen entities` +
// `sunlit import entities`). Adds draws to it. Prints "<what> <seconds>" lines.

double Since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

TEST(DrawServiceBench, LoadFreezeAndDrawLargePools) {
  const char* url = std::getenv("SUNLIT_DRAW_BENCH_DB");
  if (url == nullptr) GTEST_SKIP() << "set SUNLIT_DRAW_BENCH_DB=sqlite:PATH (a large directory)";
  auto opened = store::Open(url);
  ASSERT_OK(opened);
  store::Store& db = **opened;
  using Clock = std::chrono::steady_clock;

  auto start = Clock::now();
  int64_t rows = 0;
  {
    auto tx = db.BeginRead();
    ASSERT_OK(tx);
    ASSERT_OK((*tx)->ScanEntitiesForIndex([&rows](const core::Entity&) {
      ++rows;
      return true;
    }));
  }
  std::printf("scan_for_index %.2f s (%lld rows)\n", Since(start), static_cast<long long>(rows));
  if (std::getenv("SUNLIT_DRAW_BENCH_CODE_ORDER") != nullptr) {
    start = Clock::now();
    auto tx = db.BeginRead();
    ASSERT_OK(tx);
    ASSERT_OK((*tx)->ScanEntities([](const core::Entity&) { return true; }));
    std::printf("scan_in_code_order %.2f s\n", Since(start));
  }
  Directory directory;
  start = Clock::now();
  ASSERT_OK(directory.Load(db));
  std::printf("directory_load %.2f s (%zu entities)\n", Since(start), directory.index()->size());

  Result<std::string> key = ledger::DefaultKeyPath(url);
  ASSERT_OK(key);
  ledger::Ledger::Options options;
  options.key_path = *key;
  TestClock clock(kFreezeTime);
  options.clock = [&clock] { return clock.NowUtc(); };
  auto log = ledger::Ledger::Open(db, options);
  ASSERT_OK(log);
  CountingSecrets secrets;
  DrawService service(db, directory, **log, clock, secrets);
  const std::string run =
      std::to_string(std::chrono::system_clock::now().time_since_epoch().count());

  for (const std::string prefix : {"4305", "4301", "43"}) {
    clock.Set(kFreezeTime);
    FreezeRequest r;
    r.draw_id = "BENCH-" + prefix + "-" + run;
    r.scope.region_prefixes = {prefix};
    r.stratify = index::Stratify::kRiskClass;
    r.quotas = {{"A", draw::Quota::Kind::kBasisPoints, 200},
                {"B", draw::Quota::Kind::kBasisPoints, 300},
                {"C", draw::Quota::Kind::kBasisPoints, 500},
                {"D", draw::Quota::Kind::kBasisPoints, 1000}};
    r.reserve = 50;
    r.cooldown_days = 365;
    r.annual_cap = true;
    r.sources = {{"福彩3D", "2026290期", "3个开奖号码", "2026-11-01T13:30:00Z"}};
    r.actor = "bench";
    start = Clock::now();
    Result<FrozenPool> frozen = service.Freeze(r);
    ASSERT_OK(frozen);
    std::printf("freeze_%s %.2f s (pool %llu)\n", prefix.c_str(), Since(start),
                static_cast<unsigned long long>(frozen->pool_size));
    clock.Set(kAfterLottery);
    ASSERT_OK(service.EnterRandomness(r.draw_id, {{3, 7, 1}}, "bench"));
    start = Clock::now();
    Result<DrawOutcome> drawn = service.Draw(r.draw_id, "bench");
    ASSERT_OK(drawn);
    std::printf("draw_%s %.2f s (%zu entries)\n", prefix.c_str(), Since(start),
                drawn->record.entries.size());
    start = Clock::now();
    Result<DrawOutcome> again = service.Draw(r.draw_id, "bench");
    ASSERT_OK(again);
    std::printf("draw_again_%s %.4f s\n", prefix.c_str(), Since(start));
    start = Clock::now();
    size_t bytes = 0;
    ASSERT_OK(service.PoolCsv(r.draw_id, [&bytes](std::string_view piece) {
      bytes += piece.size();
      return true;
    }));
    std::printf("pool_csv_%s %.2f s (%zu bytes)\n", prefix.c_str(), Since(start), bytes);
  }
}

}  // namespace
}  // namespace sunlit::app
