#include "app/import_jobs.h"

#include <utility>

namespace sunlit::app {

std::string_view ImportJobStateName(ImportJobState state) {
  switch (state) {
    case ImportJobState::kRunning: return "running";
    case ImportJobState::kDone: return "done";
    case ImportJobState::kFailed: return "failed";
  }
  return "";
}

ImportJobs::ImportJobs(Clock& clock, ImportJobOptions options)
    : clock_(clock), options_(options) {}

ImportJobs::~ImportJobs() {
  std::vector<std::thread> threads;
  {
    std::lock_guard lock(mu_);
    for (auto& [id, e] : jobs_) {
      if (e.thread.joinable()) threads.push_back(std::move(e.thread));
    }
  }
  // Outside the lock: a running job takes it once more to record its end.
  for (std::thread& t : threads) t.join();
}

int64_t ImportJobs::NowSeconds() {
  Result<int64_t> now = ParseUtcSeconds(clock_.NowUtc());
  return now.ok() ? *now : 0;
}

void ImportJobs::Evict(int64_t now, bool make_room, std::vector<std::thread>* joinable) {
  for (auto it = jobs_.begin(); it != jobs_.end();) {
    const bool finished = it->second.job.state != ImportJobState::kRunning;
    if (finished && now - it->second.finished_at_seconds >= options_.keep_seconds) {
      if (it->second.thread.joinable()) joinable->push_back(std::move(it->second.thread));
      it = jobs_.erase(it);
    } else {
      ++it;
    }
  }
  while (make_room && jobs_.size() >= options_.max_jobs) {
    auto oldest = jobs_.end();
    for (auto it = jobs_.begin(); it != jobs_.end(); ++it) {
      if (it->second.job.state != ImportJobState::kRunning) {
        oldest = it;
        break;
      }
    }
    if (oldest == jobs_.end()) return;
    if (oldest->second.thread.joinable()) joinable->push_back(std::move(oldest->second.thread));
    jobs_.erase(oldest);
  }
}

Result<int64_t> ImportJobs::Start(const Caller& caller, ImportKind kind, int64_t bytes_uploaded,
                                  Work work) {
  const int64_t now = NowSeconds();
  const std::string started_at = clock_.NowUtc();
  std::vector<std::thread> joinable;
  int64_t id = 0;
  Status refused;
  {
    std::lock_guard lock(mu_);
    Evict(now, /*make_room=*/true, &joinable);
    if (running_ >= options_.max_running || jobs_.size() >= options_.max_jobs) {
      refused = ResourceExhausted("too many imports are running; try again in a few minutes");
    } else {
      id = next_id_++;
      Entry& e = jobs_[id];
      e.user_id = caller.user_id;
      e.job.id = id;
      e.job.kind = kind;
      e.job.bytes_uploaded = bytes_uploaded;
      e.job.started_at = started_at;
      ++running_;
      // Started under the lock so that the entry holds its thread before anyone can see it.
      e.thread = std::thread([this, id, w = std::move(work)]() mutable { Run(id, std::move(w)); });
    }
  }
  for (std::thread& t : joinable) t.join();  // finished jobs: returns at once
  if (!refused.ok()) return refused;
  return id;
}

void ImportJobs::Run(int64_t id, Work work) {
  const ProgressFn on_progress = [this, id](const ImportProgress& p) {
    std::lock_guard lock(mu_);
    auto it = jobs_.find(id);  // a running job is never evicted
    if (it != jobs_.end()) it->second.job.progress = p;
  };
  Result<ImportReport> result = work(on_progress);
  work = nullptr;  // releases what the work owns (the uploaded file) before the job ends
  const int64_t now = NowSeconds();
  const std::string finished_at = clock_.NowUtc();
  std::lock_guard lock(mu_);
  auto it = jobs_.find(id);
  if (it != jobs_.end()) {
    ImportJob& job = it->second.job;
    job.finished_at = finished_at;
    it->second.finished_at_seconds = now;
    if (result.ok()) {
      job.state = result->written ? ImportJobState::kDone : ImportJobState::kFailed;
      job.report = std::move(result).value();
    } else {
      job.state = ImportJobState::kFailed;
      job.error = result.status();
    }
  }
  --running_;
  finished_cv_.notify_all();
}

Result<ImportJob> ImportJobs::Get(const Caller& caller, int64_t id) {
  const int64_t now = NowSeconds();
  std::vector<std::thread> joinable;
  std::optional<ImportJob> found;
  {
    std::lock_guard lock(mu_);
    Evict(now, /*make_room=*/false, &joinable);
    auto it = jobs_.find(id);
    if (it != jobs_.end() && it->second.user_id == caller.user_id) found = it->second.job;
  }
  for (std::thread& t : joinable) t.join();
  if (!found) return NotFound("no such import job (finished jobs are kept for a few minutes)");
  return *std::move(found);
}

bool ImportJobs::WaitFor(int64_t id) {
  std::unique_lock lock(mu_);
  if (jobs_.find(id) == jobs_.end()) return false;
  finished_cv_.wait(lock, [&] {
    auto it = jobs_.find(id);
    return it == jobs_.end() || it->second.job.state != ImportJobState::kRunning;
  });
  return true;
}

}  // namespace sunlit::app
