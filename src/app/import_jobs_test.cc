// The import's progress callback on a real SQLite file (monotone, phases in order, ends at
// the total, at chunk boundaries only) and the background-import registry (ownership,
// bounds, expiry, failures) with a hand-moved clock.
#include "app/import_jobs.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <mutex>
#include <vector>

#include "app/demo_data.h"
#include "app/directory.h"
#include "app/gen.h"
#include "gtest/gtest.h"
#include "store/test_backend.h"

namespace sunlit::app {
namespace {

namespace fs = std::filesystem;

class ProgressTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/sunlit-importprogress-XXXXXX";
    dir_ = mkdtemp(tmpl);
    auto s = store::Open(store::testing::TestDatabaseUrl(dir_));
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(*s);
    options_.today = core::Date::FromYmd(2026, 3, 1);
    options_.on_progress = [this](const ImportProgress& p) {
      std::lock_guard lock(mu_);
      seen_.push_back(p);
    };
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Generate(int64_t rows) {
    GenOptions gen;
    gen.count = rows;
    gen.seed = 5;
    gen.region_prefix = "4303";
    gen.today = options_.today;
    const std::string path = dir_ + "/e.csv";
    EXPECT_TRUE(GenerateEntities(gen, path).ok());
    return path;
  }

  // Every figure non-decreasing and phases only forward, call after call.
  void ExpectMonotone() {
    for (size_t i = 1; i < seen_.size(); ++i) {
      SCOPED_TRACE("call " + std::to_string(i));
      EXPECT_GE(seen_[i].phase, seen_[i - 1].phase);
      EXPECT_GE(seen_[i].rows_validated, seen_[i - 1].rows_validated);
      EXPECT_GE(seen_[i].rows_written, seen_[i - 1].rows_written);
      EXPECT_GE(seen_[i].bytes_read, seen_[i - 1].bytes_read);
      if (seen_[i - 1].rows_total >= 0) {
        EXPECT_EQ(seen_[i].rows_total, seen_[i - 1].rows_total);
      }
    }
  }
  std::vector<ImportPhase> Phases() {
    std::vector<ImportPhase> out;
    for (const ImportProgress& p : seen_) {
      if (out.empty() || out.back() != p.phase) out.push_back(p.phase);
    }
    return out;
  }

  std::string dir_;
  std::unique_ptr<store::Store> store_;
  ImportOptions options_;
  std::mutex mu_;
  std::vector<ImportProgress> seen_;
};

TEST_F(ProgressTest, AnEntityImportReportsEachChunkInOrderAndEndsAtTheTotal) {
  constexpr int64_t kRows = 30000;
  const std::string path = Generate(kRows);
  Directory directory;
  ASSERT_TRUE(directory.Load(*store_).ok());
  Result<ImportReport> report = directory.Import(*store_, ImportKind::kEntities, path, options_);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_TRUE(report->written);
  ASSERT_EQ(report->rows, kRows);

  ExpectMonotone();
  EXPECT_EQ(Phases(), (std::vector<ImportPhase>{ImportPhase::kValidating, ImportPhase::kWriting,
                                                ImportPhase::kIndexing, ImportPhase::kDone}));
  // At chunk boundaries: a handful of calls, not one per row.
  EXPECT_GE(seen_.size(), 6u);
  EXPECT_LT(seen_.size(), 40u);
  // The first call gives the file's size before any row is read; the figures then grow.
  EXPECT_EQ(seen_.front().rows_validated, 0);
  EXPECT_EQ(seen_.front().phase, ImportPhase::kValidating);
  EXPECT_EQ(seen_.front().rows_total, -1);
  EXPECT_GT(seen_.front().bytes_total, 0);
  const ImportProgress& last = seen_.back();
  EXPECT_EQ(last.phase, ImportPhase::kDone);
  EXPECT_EQ(last.rows_validated, kRows);
  EXPECT_EQ(last.rows_total, kRows);
  EXPECT_EQ(last.rows_written, kRows);
  EXPECT_EQ(last.bytes_read, last.bytes_total);
  // Only one kDone, and only after the index followed.
  EXPECT_EQ(std::count_if(seen_.begin(), seen_.end(),
                          [](const ImportProgress& p) { return p.phase == ImportPhase::kDone; }),
            1);
  EXPECT_EQ(directory.index()->size(), static_cast<size_t>(kRows));
}

TEST_F(ProgressTest, ARefusedFileEndsDoneWithoutIndexingAndWritesNothing) {
  const std::string path = Generate(20000);
  {
    std::ofstream out(path, std::ios::app);
    out << "91430300XXXXXXXXXX,坏代码企业,enterprise,430302,5211,B,,active,,,湘潭\n";
  }
  Directory directory;
  ASSERT_TRUE(directory.Load(*store_).ok());
  Result<ImportReport> report = directory.Import(*store_, ImportKind::kEntities, path, options_);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_FALSE(report->written);
  EXPECT_EQ(report->rejected, 1);
  ExpectMonotone();
  const std::vector<ImportPhase> phases = Phases();
  EXPECT_EQ(std::count(phases.begin(), phases.end(), ImportPhase::kIndexing), 0);
  ASSERT_FALSE(seen_.empty());
  EXPECT_EQ(seen_.back().phase, ImportPhase::kDone);
  EXPECT_EQ(seen_.back().rows_total, 20001);
  EXPECT_EQ(seen_.back().rows_validated, 20001);
  auto tx = store_->BeginRead();
  ASSERT_TRUE(tx.ok());
  EXPECT_EQ(*(*tx)->CountEntities(), 0);
  EXPECT_EQ(directory.index()->size(), 0u);
}

TEST_F(ProgressTest, ASmallTableReportsValidatingThenWritingThenDone) {
  GenOptions gen;
  gen.count = 9000;
  gen.seed = 3;
  gen.region_prefix = "4303";
  gen.today = options_.today;
  const std::string path = dir_ + "/i.csv";
  // Inspectors name departments and units: the demo's.
  {
    auto tx = store_->Begin();
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE((*tx)->UpsertDepartments(DemoDepartments()).ok());
    ASSERT_TRUE((*tx)->UpsertUnits(DemoUnits()).ok());
    ASSERT_TRUE((*tx)->Commit().ok());
  }
  ASSERT_TRUE(GenerateInspectors(gen, path).ok());
  Result<ImportReport> report = Import(*store_, ImportKind::kInspectors, path, options_);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_TRUE(report->written) << (report->first_problems.empty()
                                       ? ""
                                       : report->first_problems[0].reason);
  ExpectMonotone();
  EXPECT_EQ(Phases(), (std::vector<ImportPhase>{ImportPhase::kValidating, ImportPhase::kWriting,
                                                ImportPhase::kDone}));
  EXPECT_EQ(seen_.back().rows_written, 9000);
  EXPECT_EQ(seen_.back().rows_total, 9000);
  EXPECT_LT(seen_.size(), 10u);  // every 4096 rows, not per row
}

// --- the registry ----------------------------------------------------------------------

class ManualClock final : public Clock {
 public:
  std::string NowUtc() override {
    std::lock_guard lock(mu_);
    return FormatUtc(now_);
  }
  void Advance(int64_t seconds) {
    std::lock_guard lock(mu_);
    now_ += seconds;
  }

 private:
  std::mutex mu_;
  int64_t now_ = 1772413200;  // 2026-03-02T01:00:00Z
};

Caller User(int64_t id) {
  Caller c;
  c.user_id = id;
  c.username = "user" + std::to_string(id);
  return c;
}

ImportReport Written(int64_t rows) {
  ImportReport r;
  r.rows = rows;
  r.written = true;
  r.counts.created = rows;
  return r;
}

TEST(ImportJobsTest, ProgressIsVisibleToItsOwnerOnlyAndTheReportWhenDone) {
  ManualClock clock;
  ImportJobs jobs(clock);
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::promise<void> reported;
  Result<int64_t> id = jobs.Start(User(7), ImportKind::kEntities, 1234,
                                  [&](const ImportJobs::ProgressFn& p) -> Result<ImportReport> {
                                    ImportProgress mid;
                                    mid.rows_validated = 4096;
                                    mid.bytes_read = 600;
                                    mid.bytes_total = 1234;
                                    p(mid);
                                    reported.set_value();
                                    released.wait();
                                    return Written(5000);
                                  });
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  reported.get_future().wait();
  Result<ImportJob> running = jobs.Get(User(7), *id);
  ASSERT_TRUE(running.ok());
  EXPECT_EQ(running->state, ImportJobState::kRunning);
  EXPECT_EQ(running->progress.rows_validated, 4096);
  EXPECT_EQ(running->progress.bytes_read, 600);
  EXPECT_EQ(running->bytes_uploaded, 1234);
  EXPECT_FALSE(running->report.has_value());
  // Another user, or a made-up id: not found, alike.
  EXPECT_EQ(jobs.Get(User(8), *id).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(jobs.Get(User(7), *id + 100).status().code(), StatusCode::kNotFound);

  release.set_value();
  ASSERT_TRUE(jobs.WaitFor(*id));
  Result<ImportJob> done = jobs.Get(User(7), *id);
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(done->state, ImportJobState::kDone);
  ASSERT_TRUE(done->report.has_value());
  EXPECT_EQ(done->report->rows, 5000);
  EXPECT_FALSE(done->finished_at.empty());
}

TEST(ImportJobsTest, RefusedFilesAndErrorsEndFailed) {
  ManualClock clock;
  ImportJobs jobs(clock);
  Result<int64_t> refused =
      jobs.Start(User(1), ImportKind::kItems, 10, [](const auto&) -> Result<ImportReport> {
        ImportReport r;
        r.rows = 3;
        r.rejected = 1;
        r.errors = 1;
        Problem p;
        p.row = 3;
        p.reason = "bad";
        r.first_problems.push_back(p);
        return r;
      });
  Result<int64_t> broken =
      jobs.Start(User(1), ImportKind::kItems, 10, [](const auto&) -> Result<ImportReport> {
        return InvalidArgument("missing required column \"code\"");
      });
  ASSERT_TRUE(refused.ok() && broken.ok());
  jobs.WaitFor(*refused);
  jobs.WaitFor(*broken);
  Result<ImportJob> a = jobs.Get(User(1), *refused);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->state, ImportJobState::kFailed);
  ASSERT_TRUE(a->report.has_value());
  EXPECT_EQ(a->report->first_problems.at(0).row, 3);
  EXPECT_TRUE(a->error.ok());
  Result<ImportJob> b = jobs.Get(User(1), *broken);
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->state, ImportJobState::kFailed);
  EXPECT_FALSE(b->report.has_value());
  EXPECT_EQ(b->error.code(), StatusCode::kInvalidArgument);
}

TEST(ImportJobsTest, BoundedRunningAndKeptJobsTheOldestFinishedMakesRoom) {
  ManualClock clock;
  ImportJobs jobs(clock, {.max_jobs = 2, .max_running = 1, .keep_seconds = 600});
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  Result<int64_t> a = jobs.Start(User(1), ImportKind::kEntities, 1,
                                 [released](const auto&) -> Result<ImportReport> {
                                   released.wait();
                                   return Written(1);
                                 });
  ASSERT_TRUE(a.ok());
  auto quick = [](const auto&) -> Result<ImportReport> { return Written(2); };
  // One runs: a second is refused until it ends.
  EXPECT_EQ(jobs.Start(User(2), ImportKind::kEntities, 1, quick).status().code(),
            StatusCode::kResourceExhausted);
  release.set_value();
  jobs.WaitFor(*a);
  Result<int64_t> b = jobs.Start(User(2), ImportKind::kEntities, 1, quick);
  ASSERT_TRUE(b.ok());
  jobs.WaitFor(*b);
  // Two kept, both finished: a third pushes out the oldest (a).
  Result<int64_t> c = jobs.Start(User(3), ImportKind::kEntities, 1, quick);
  ASSERT_TRUE(c.ok());
  jobs.WaitFor(*c);
  EXPECT_EQ(jobs.Get(User(1), *a).status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(jobs.Get(User(2), *b).ok());
  EXPECT_TRUE(jobs.Get(User(3), *c).ok());
  EXPECT_GT(*c, *b);
  EXPECT_GT(*b, *a);
}

TEST(ImportJobsTest, FinishedJobsExpireAfterKeepSeconds) {
  ManualClock clock;
  ImportJobs jobs(clock, {.keep_seconds = 60});
  Result<int64_t> id = jobs.Start(User(1), ImportKind::kEntities, 1,
                                  [](const auto&) -> Result<ImportReport> { return Written(1); });
  ASSERT_TRUE(id.ok());
  jobs.WaitFor(*id);
  clock.Advance(59);
  EXPECT_TRUE(jobs.Get(User(1), *id).ok());
  clock.Advance(1);
  EXPECT_EQ(jobs.Get(User(1), *id).status().code(), StatusCode::kNotFound);
}

TEST(ImportJobsTest, TheDestructorWaitsForARunningImport) {
  ManualClock clock;
  std::atomic<bool> finished{false};
  {
    ImportJobs jobs(clock);
    ASSERT_TRUE(jobs.Start(User(1), ImportKind::kEntities, 1,
                           [&](const auto&) -> Result<ImportReport> {
                             std::this_thread::sleep_for(std::chrono::milliseconds(50));
                             finished = true;
                             return Written(1);
                           })
                    .ok());
  }
  EXPECT_TRUE(finished);
}

}  // namespace
}  // namespace sunlit::app
