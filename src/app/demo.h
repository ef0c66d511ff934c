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
};

struct DemoSummary {
  int64_t entities = 0;
  std::map<std::string, int64_t> entities_by_region;  // "雨湖区 430302" -> n
  std::map<std::string, int64_t> entities_by_type;    // Chinese type name -> n
  std::map<std::string, int64_t> entities_by_risk;    // "A".."D", "未分类"
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

}  // namespace sunlit::app

#endif  // SUNLIT_APP_DEMO_H_
