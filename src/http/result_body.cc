// The result body reader (moved out of results_routes.cc unchanged, to be fuzzed).
#include "http/result_body.h"

#include <algorithm>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

namespace sunlit::http {
namespace {

constexpr std::string_view kMethods[] = {"on_site", "documents", "online",
                                         "agency",  "testing",   "other_results"};
constexpr std::string_view kFollowUps[] = {"none",     "order_correction", "case_filed",
                                           "referred", "abnormal_list",    "other"};

const TextRule kLongText{.max_chars = 4000, .multiline = true, .allow_empty = true};
const TextRule kNote{.max_chars = 2000, .multiline = true, .allow_empty = true};
const TextRule kCode{.max_chars = 100};

}  // namespace

Result<app::EnterResultRequest> ReadResultBody(JsonReader& in, int64_t check_id) {
  app::EnterResultRequest req;
  req.check_id = check_id;
  req.version = in.Int("version", 1, INT64_MAX);
  const std::string on = in.Date("checked_on");
  const std::vector<std::string> methods = in.Strings("methods", {.max_items = 6, .max_chars = 20});
  req.result.category_set = static_cast<int>(in.OptInt("category_set", 1, 1000000).value_or(0));
  req.result.category_code = in.String("category", {.max_chars = 40});
  req.result.summary = in.OptString("summary", kLongText).value_or("");
  const std::string follow_up = in.Enum("follow_up", std::span<const std::string_view>(kFollowUps));
  req.result.follow_up_note = in.OptString("follow_up_note", kNote).value_or("");
  in.Objects(
      "items", core::kMaxItemsPerResult,
      [&](JsonReader& it) {
        core::ItemResult item;
        item.department_code = it.String("department", kCode);
        item.item_code = it.String("item", kCode);
        item.item_name = it.OptString("name", {.max_chars = 500, .allow_empty = true}).value_or("");
        item.checked = it.Bool("checked");
        item.problems = it.OptString("problems", kNote).value_or("");
        item.action = it.OptString("action", kNote).value_or("");
        req.result.items.push_back(std::move(item));
      },
      /*allow_empty=*/false);
  for (size_t i = 0; i < methods.size() && in.ok(); ++i) {
    core::CheckMethod m;
    if (!core::ParseCheckMethod(methods[i], &m) ||
        std::find(std::begin(kMethods), std::end(kMethods), methods[i]) == std::end(kMethods)) {
      in.Fail("methods[" + std::to_string(i) + "]",
              "methods[" + std::to_string(i) +
                  "] must be one of on_site, documents, online, agency, testing, other_results");
      break;
    }
    req.result.methods.push_back(m);
  }
  SUNLIT_RETURN_IF_ERROR(in.Finish());
  SUNLIT_ASSIGN_OR_RETURN(req.result.checked_on, core::Date::Parse(on));
  core::ParseFollowUp(follow_up, &req.result.follow_up);
  return req;
}

}  // namespace sunlit::http
