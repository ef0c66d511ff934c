// The Xiangtan demo (`sunlit demo`): a realistic city-sized installation built through the
// same import path a bureau uses, and a summary of what is in a database.
#ifndef SUNLIT_APP_DEMO_H_
#define SUNLIT_APP_DEMO_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/result.h"
#include "store/store.h"

namespace sunlit::app {

struct DemoOptions {
  int64_t entities = 50000;
  uint64_t seed = 20190314;  // 潭政发〔2019〕14号
  core::Date today;
  std::string work_dir = "var";  // where the generated entity CSV is written and removed
  // The year's Services (BuildDemoYear): the log's signing key and the evidence directory;
  // "" = as ServicesOptions resolves them ($SUNLIT_KEY_FILE / $SUNLIT_FILES_DIR, else beside
  // a SQLite database).
  std::string key_path;
  std::string files_dir;
};

struct DemoSummary {
  int64_t entities = 0;
  std::map<std::string, int64_t> entities_by_region;        // "雨湖区 430302" -> n
  std::map<std::string, int64_t> entities_by_type;          // Chinese type name -> n
  std::map<std::string, int64_t> entities_by_risk;          // "A".."D", "未分类"
  std::map<std::string, int64_t> inspectors_by_department;  // department name -> n
  std::map<std::string, int64_t> items_by_department;
  int64_t inspectors = 0;
  int64_t items = 0;
  int64_t units = 0;
  std::string checklist_title;
  std::vector<std::string> checklist_lines;  // "部门 编码 事项"
  std::vector<int> calendar_years;
};

// Fills `store` with the demo. kFailedPrecondition when it already holds entities.
Status BuildDemo(store::Store& store, const DemoOptions& options);

// Describes what `store` holds (works on any database, demo or not).
Result<DemoSummary> Summarize(store::Store& store);

// Walks a demo database built by BuildDemo (and its logins) through 2026 with the app's use
// cases under a simulated clock, with secrets derived from options.seed (same seed, same
// demo), doing only what would have happened by options.today: the SCJG annual plan (filed,
// published) and a county joint plan (a draft, so past its deadline); from 2026-03-04 the 一业一查
// fuel-station task with SW, XFJY and YJGL frozen, its randomness entered, drawn and assigned; from
// 2026-06-16 five results entered, three reviewed, one published on time and one late, with an
// 经营异常名录 proposal and a referral to XFJY; when options.today is from 2026-09-20 on, a second
// task drawn and assigned with a reviewed result close to its publication deadline. Every timestamp
// it writes is simulated (2026), not the build time.
Status BuildDemoYear(const std::string& db_url, const DemoOptions& options);

}  // namespace sunlit::app

#endif  // SUNLIT_APP_DEMO_H_
