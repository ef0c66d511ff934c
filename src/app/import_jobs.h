// ImportJobs: imports that run in the background while the browser polls how far they are
// (issue 5 item 3, the import's progress bar). A job is one call of an import use case on its
// own thread; its progress (ImportOptions::on_progress) and its outcome are kept here.
//
// Bounded: at most `max_jobs` jobs are kept and at most `max_running` run at once (Start
// answers kResourceExhausted beyond that); a finished job is forgotten `keep_seconds` after
// it finished, or earlier when a new job needs its place (the oldest finished goes first).
// A job is visible only to the user who started it: Get answers kNotFound for anybody
// else, as for an id that never existed.
//
// Time comes from the injected Clock (tests move it by hand). Thread-safety: all methods may
// be called concurrently. The progress callback given to a job's work takes the registry's
// mutex for a copy of the figures only, so a poll never waits on the import.
// The destructor waits for running jobs to finish.
#ifndef SUNLIT_APP_IMPORT_JOBS_H_
#define SUNLIT_APP_IMPORT_JOBS_H_

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "app/caller.h"
#include "app/draw_service.h"
#include "app/import.h"
#include "core/result.h"

namespace sunlit::app {

struct ImportJobOptions {
  size_t max_jobs = 32;
  size_t max_running = 2;
  int64_t keep_seconds = 15 * 60;
};

enum class ImportJobState { kRunning, kDone, kFailed };
std::string_view ImportJobStateName(ImportJobState state);  // "running", "done", "failed"

// What a poll sees of one job.
struct ImportJob {
  int64_t id = 0;
  ImportKind kind = ImportKind::kEntities;
  // kDone: the import wrote the file. kFailed: the file was refused (`report` says why, row
  // by row) or the import could not run (`error`).
  ImportJobState state = ImportJobState::kRunning;
  ImportProgress progress;
  int64_t bytes_uploaded = 0;  // the size of the uploaded file
  std::string started_at;
  std::string finished_at;  // "" while running
  std::optional<ImportReport> report;
  Status error;
};

class ImportJobs {
 public:
  using ProgressFn = std::function<void(const ImportProgress&)>;
  // The import itself: called once on the job's thread with the callback to report through.
  // Whatever it owns (the uploaded file) is released before the job is marked finished.
  using Work = std::function<Result<ImportReport>(const ProgressFn&)>;

  // REQUIRES: clock outlives the registry.
  explicit ImportJobs(Clock& clock, ImportJobOptions options = {});
  ~ImportJobs();
  ImportJobs(const ImportJobs&) = delete;
  ImportJobs& operator=(const ImportJobs&) = delete;

  // Starts `work` for `caller` (user_id identifies the owner). Returns the job's id (> 0).
  // kResourceExhausted when max_running jobs run or max_jobs are kept and none has finished.
  Result<int64_t> Start(const Caller& caller, ImportKind kind, int64_t bytes_uploaded,
                        Work work);
  // The job as it is now. kNotFound for an unknown or expired id and for another user's job.
  Result<ImportJob> Get(const Caller& caller, int64_t id);

  // Blocks until job `id` has finished (for tests and shutdown). False when unknown.
  bool WaitFor(int64_t id);

 private:
  struct Entry {
    int64_t user_id = 0;
    int64_t finished_at_seconds = 0;
    ImportJob job;
    std::thread thread;
  };
  void Run(int64_t id, Work work);
  // Drops expired finished jobs and, while the registry is full, the oldest finished one.
  // REQUIRES: mu_ held. Moves the dropped jobs' threads into `*joinable`.
  void Evict(int64_t now, bool make_room, std::vector<std::thread>* joinable);
  int64_t NowSeconds();

  Clock& clock_;
  const ImportJobOptions options_;
  std::mutex mu_;
  std::condition_variable finished_cv_;
  std::map<int64_t, Entry> jobs_;  // by id: ids grow, so the first finished is the oldest
  int64_t next_id_ = 1;
  size_t running_ = 0;
};

}  // namespace sunlit::app

#endif  // SUNLIT_APP_IMPORT_JOBS_H_
