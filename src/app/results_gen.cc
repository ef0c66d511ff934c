// Synthetic published results: selection by a seeded hash of the code (SplitMix64), rows
// through the same repositories the use cases use, one transaction per 20 tasks.
#include "app/results_gen.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <vector>

#include "app/results_internal.h"
#include "store/repo/credit_repo.h"
#include "store/repo/results_repo.h"
#include "store/repo/synthetic_repo.h"

namespace sunlit::app {

namespace repo = store::repo;

namespace {

uint64_t Mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// A number in [0, 1) from the code and the seed.
double Draw(const std::string& code, uint64_t seed, uint64_t salt) {
  uint64_t h = seed * 0x100000001b3ULL + salt;
  for (const char c : code) h = Mix(h ^ static_cast<unsigned char>(c));
  return static_cast<double>(h >> 11) / 9007199254740992.0;
}

struct Picked {
  std::string code;
  std::string name;
  int32_t region = 0;
  int round = 0;  // 0: first result, 1: a second one
};

}  // namespace

Result<ResultsGenReport> GeneratePublishedResults(Services& s, const ResultsGenOptions& o) {
  if (o.share <= 0 || o.share > 1 || o.second_share < 0 || o.second_share > 1 ||
      o.checks_per_task < 1) {
    return InvalidArgument("share and second_share must be in (0, 1], checks_per_task >= 1");
  }
  ResultsGenReport report;
  std::vector<Picked> picked;
  {
    SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->BeginRead());
    SUNLIT_RETURN_IF_ERROR(tx->ScanEntities([&](const core::Entity& e) {
      ++report.entities;
      if (Draw(e.code, o.seed, 1) < o.share) {
        picked.push_back({e.code, e.name, e.region, 0});
        if (Draw(e.code, o.seed, 2) < o.second_share) {
          picked.push_back({e.code, e.name, e.region, 1});
        }
      }
      return true;
    }));
  }
  // Second results go to later tasks than the first ones.
  std::stable_partition(picked.begin(), picked.end(), [](const Picked& p) { return p.round == 0; });
  if (!o.codes_out.empty()) {
    std::ofstream out(o.codes_out, std::ios::binary | std::ios::trunc);
    for (const Picked& p : picked) {
      if (p.round == 0) out << p.code << '\n';
    }
    if (!out) return Unavailable("cannot write " + o.codes_out);
  }

  const std::string at = internal::Now(s);
  const std::string y = std::to_string(o.year);
  const core::Date checked_on = core::Date::FromYmd(o.year, 9, 28);
  const std::string published_on = std::to_string(o.year) + "-10-09";
  std::string lead;
  std::string lead_name;
  {
    SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->Begin());
    SUNLIT_ASSIGN_OR_RETURN(std::optional<repo::DepartmentRef> d,
                            repo::FirstMarketSupervisionDepartment(tx->sql()));
    if (!d) {
      const std::vector<core::Department> bureau = {{"SCJG", "市场监督管理局", true}};
      SUNLIT_RETURN_IF_ERROR(tx->UpsertDepartments(bureau).status());
      d = repo::DepartmentRef{"SCJG", "市场监督管理局", true};
    }
    lead = d->code;
    lead_name = d->name;
    SUNLIT_RETURN_IF_ERROR(tx->Commit());
  }
  const std::vector<std::string> department_names = {lead_name};

  const int64_t kTasksPerTransaction = 20;
  size_t next = 0;
  int64_t task_seq = 0;
  while (next < picked.size()) {
    SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->Begin());
    store::Sql& sql = tx->sql();
    for (int64_t t = 0; t < kTasksPerTransaction && next < picked.size(); ++t) {
      ++task_seq;
      char number[64];
      std::snprintf(number, sizeof number, "BENCH-%s-%05lld", y.c_str(),
                    static_cast<long long>(task_seq));
      const std::string title = y + "年度随机抽查（合成数据）第" + std::to_string(task_seq) + "批";
      // SyntheticTask holds views: every string it names must outlive the insert.
      const std::string window_start = y + "-09-01";
      const std::string window_end = y + "-11-30";
      repo::SyntheticTask task{number,     o.year,       task_seq,   title, lead,
                               window_start, window_end, "assigned", at};
      Result<int64_t> task_id = repo::InsertSyntheticTask(sql, task);
      if (!task_id.ok() && task_id.status().code() == StatusCode::kAlreadyExists) {
        return FailedPrecondition("synthetic results of " + y + " were already generated");
      }
      SUNLIT_RETURN_IF_ERROR(task_id.status());
      ++report.tasks;
      // A task never checks the same entity twice: second results start a task of their own.
      const int round = picked[next].round;
      for (int64_t k = 0;
           k < o.checks_per_task && next < picked.size() && picked[next].round == round;
           ++k, ++next) {
        const Picked& p = picked[next];
        SUNLIT_ASSIGN_OR_RETURN(
            int64_t check_id,
            repo::InsertSyntheticCheck(sql, *task_id, p.code, p.name, p.region, "published", at));
        const bool problem = Draw(p.code, o.seed, 3 + static_cast<uint64_t>(p.round)) < 0.2;
        repo::StoredResult r;
        r.check_id = check_id;
        r.result.checked_on = checked_on;
        r.result.methods = {core::CheckMethod::kOnSite};
        r.result.category_set = 1;
        r.result.category_code = problem ? "corrected" : "no_problem";
        r.result.items = {{lead, "SJ-001", "营业执照（登记证）规范使用情况", true,
                           problem ? "未按规定亮照经营" : "", problem ? "当场责令改正" : ""},
                          {lead, "SJ-002", "经营场所与登记住所一致情况", true, "", ""}};
        r.closed = true;
        r.closed_on = checked_on.ToString();
        r.closure_note = "无需后续处置";
        r.publish_due = y + "-10-30";
        r.revision = 1;
        const std::string content = internal::CanonicalResultJson(check_id, r.result);
        r.content_sha256 = internal::Sha256Hex(content);
        r.entered_by = "synthetic";
        r.entered_at = at;
        SUNLIT_RETURN_IF_ERROR(repo::SaveResult(sql, r, content));
        repo::CheckView view;
        view.id = check_id;
        view.entity_code = p.code;
        view.entity_name = p.name;
        view.task_number = number;
        view.task_title = title;
        repo::PublicationRow pub;
        pub.check_id = check_id;
        pub.entity_code = p.code;
        pub.entity_name = p.name;
        pub.task_id = *task_id;
        pub.department_code = lead;
        pub.category_code = r.result.category_code;
        pub.checked_on = r.result.checked_on.ToString();
        pub.due_on = r.publish_due;
        pub.published_on = published_on;
        pub.published_at = at;
        pub.published_by = "synthetic";
        pub.on_time = true;
        pub.public_json = internal::PublicDocumentOf(
            view, r, department_names, problem ? "发现问题经责令已改正" : "未发现问题",
            published_on);
        SUNLIT_RETURN_IF_ERROR(repo::InsertPublication(sql, pub));
        ++report.published;
      }
    }
    SUNLIT_RETURN_IF_ERROR(tx->Commit());
  }
  return report;
}

}  // namespace sunlit::app
