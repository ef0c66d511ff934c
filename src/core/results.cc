// Results: names, the national category list, validation of a record, deadlines.
#include "core/results.h"

#include <algorithm>
#include <set>
#include <utility>

#include "core/field_error.h"
#include "core/text_rules.h"

namespace sunlit::core {
namespace {

bool IsCode(std::string_view s, size_t max) {
  if (s.empty() || s.size() > max) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; });
}

Status CheckCode(std::string_view field, std::string_view code) {
  TextRule rule;
  rule.max_bytes = 100;
  rule.required = true;
  return ValidateText(field, code, rule);
}

}  // namespace

// ---- deadlines ---------------------------------------------------------------------------

std::string_view WireName(DeadlineState s) {
  switch (s) {
    case DeadlineState::kOnTrack:
      return "on_track";
    case DeadlineState::kWarning:
      return "warning";
    case DeadlineState::kOverdue:
      return "overdue";
  }
  return "on_track";
}

Result<DeadlineView> AssessDeadline(const WorkCalendar& calendar, Date due, Date today,
                                    int warning_working_days) {
  SUNLIT_ASSIGN_OR_RETURN(int left, calendar.WorkingDaysBetween(today, due));
  DeadlineView v;
  v.due = due;
  v.working_days_left = left;
  if (today > due) {
    v.state = DeadlineState::kOverdue;
  } else if (left <= warning_working_days) {
    v.state = DeadlineState::kWarning;
  } else {
    v.state = DeadlineState::kOnTrack;
  }
  return v;
}

Date AddYears(Date d, int years) {
  const int y = d.year() + years;
  int day = d.day();
  if (d.month() == 2 && day == 29) {
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (!leap) day = 28;
  }
  return Date::FromYmd(y, d.month(), day);
}

// ---- enums -------------------------------------------------------------------------------

std::string_view WireName(CheckMethod m) {
  switch (m) {
    case CheckMethod::kOnSite:
      return "on_site";
    case CheckMethod::kDocuments:
      return "documents";
    case CheckMethod::kOnline:
      return "online";
    case CheckMethod::kAgency:
      return "agency";
    case CheckMethod::kTesting:
      return "testing";
    case CheckMethod::kOtherResults:
      return "other_results";
  }
  return "on_site";
}

std::string_view ChineseName(CheckMethod m) {
  switch (m) {
    case CheckMethod::kOnSite:
      return "实地检查";
    case CheckMethod::kDocuments:
      return "书面检查";
    case CheckMethod::kOnline:
      return "网络监测";
    case CheckMethod::kAgency:
      return "委托专业机构";
    case CheckMethod::kTesting:
      return "检验检测";
    case CheckMethod::kOtherResults:
      return "采信其他部门检查结果";
  }
  return "实地检查";
}

bool ParseCheckMethod(std::string_view s, CheckMethod* out) {
  for (const CheckMethod m :
       {CheckMethod::kOnSite, CheckMethod::kDocuments, CheckMethod::kOnline, CheckMethod::kAgency,
        CheckMethod::kTesting, CheckMethod::kOtherResults}) {
    if (s == WireName(m) || s == ChineseName(m)) {
      *out = m;
      return true;
    }
  }
  return false;
}

std::string_view WireName(FollowUp f) {
  switch (f) {
    case FollowUp::kNone:
      return "none";
    case FollowUp::kOrderCorrection:
      return "order_correction";
    case FollowUp::kCaseFiled:
      return "case_filed";
    case FollowUp::kReferred:
      return "referred";
    case FollowUp::kAbnormalList:
      return "abnormal_list";
    case FollowUp::kOther:
      return "other";
  }
  return "none";
}

std::string_view ChineseName(FollowUp f) {
  switch (f) {
    case FollowUp::kNone:
      return "无需后续处置";
    case FollowUp::kOrderCorrection:
      return "责令限期改正";
    case FollowUp::kCaseFiled:
      return "立案查处";
    case FollowUp::kReferred:
      return "移送/抄告有关部门";
    case FollowUp::kAbnormalList:
      return "列入经营异常名录";
    case FollowUp::kOther:
      return "其他";
  }
  return "无需后续处置";
}

bool ParseFollowUp(std::string_view s, FollowUp* out) {
  for (const FollowUp f : {FollowUp::kNone, FollowUp::kOrderCorrection, FollowUp::kCaseFiled,
                           FollowUp::kReferred, FollowUp::kAbnormalList, FollowUp::kOther}) {
    if (s == WireName(f) || s == ChineseName(f)) {
      *out = f;
      return true;
    }
  }
  return false;
}

std::string_view WireName(CreditAction a) {
  return a == CreditAction::kAbnormalList ? "abnormal_list" : "none";
}

bool ParseCreditAction(std::string_view s, CreditAction* out) {
  if (s == "none") {
    *out = CreditAction::kNone;
  } else if (s == "abnormal_list") {
    *out = CreditAction::kAbnormalList;
  } else {
    return false;
  }
  return true;
}

std::string_view WireName(CreditList l) {
  return l == CreditList::kSerious ? "serious" : "abnormal";
}

std::string_view ChineseName(CreditList l) {
  return l == CreditList::kSerious ? "严重违法失信名单" : "经营异常名录";
}

bool ParseCreditList(std::string_view s, CreditList* out) {
  if (s == "abnormal" || s == "经营异常名录") {
    *out = CreditList::kAbnormal;
  } else if (s == "serious" || s == "严重违法失信名单") {
    *out = CreditList::kSerious;
  } else {
    return false;
  }
  return true;
}

std::string_view WireName(CreditState s) {
  switch (s) {
    case CreditState::kProposed:
      return "proposed";
    case CreditState::kListed:
      return "listed";
    case CreditState::kRejected:
      return "rejected";
    case CreditState::kRemoved:
      return "removed";
  }
  return "proposed";
}

bool ParseCreditState(std::string_view s, CreditState* out) {
  for (const CreditState v : {CreditState::kProposed, CreditState::kListed, CreditState::kRejected,
                              CreditState::kRemoved}) {
    if (s == WireName(v)) {
      *out = v;
      return true;
    }
  }
  return false;
}

// ---- categories ----------------------------------------------------------------------------

const ResultCategory* ResultCategorySet::Find(std::string_view code) const {
  for (const ResultCategory& c : categories) {
    if (c.code == code) return &c;
  }
  return nullptr;
}

ResultCategorySet NationalResultCategoriesV1() {
  ResultCategorySet set;
  set.version = 1;
  set.name = "全国市场监管领域随机抽查结果类别";
  set.source =
      "市场监管总局《市场监管领域随机抽查情况记录表》抽查结果类别; 国家企业信用信息公示系统";
  set.effective_from = Date::FromYmd(2019, 1, 1);
  int pos = 0;
  auto add = [&](std::string code, std::string name, std::string parent, bool selectable,
                 bool problem, bool follow_up, CreditAction credit) {
    set.categories.push_back({std::move(code), std::move(name), std::move(parent), selectable,
                              problem, follow_up, credit, ++pos});
  };
  const CreditAction none = CreditAction::kNone;
  const CreditAction abnormal = CreditAction::kAbnormalList;
  add("no_problem", "未发现问题", "", true, false, false, none);
  add("pending", "发现问题待后续处理", "", false, true, true, none);
  add("unpublished_info", "未按规定公示应当公示的信息", "pending", true, true, true, abnormal);
  add("false_info", "公示信息隐瞒真实情况弄虚作假", "pending", true, true, true, abnormal);
  add("unreachable", "通过登记的住所（经营场所）无法联系", "pending", true, true, true, abnormal);
  add("other_violation", "发现违反其他部门规定的问题", "pending", true, true, true, none);
  add("corrected", "发现问题经责令已改正", "", true, true, false, none);
  add("no_activity", "未发现开展本次抽查涉及的经营活动", "", true, false, false, none);
  add("closed_or_liquidating", "已关闭停业或正在组织清算", "", true, false, false, none);
  add("uncooperative", "不配合检查情节严重", "", true, true, false, none);
  add("terminated", "注销、被吊销、被撤销或迁出", "", false, false, false, none);
  add("deregistered", "已注销", "terminated", true, false, false, none);
  add("revoked", "已被吊销营业执照", "terminated", true, false, false, none);
  add("registration_revoked", "已被撤销登记", "terminated", true, false, false, none);
  add("moved_out", "已迁出", "terminated", true, false, false, none);
  return set;
}

Status ValidateCategorySet(const ResultCategorySet& set) {
  if (set.version <= 0) return InvalidArgument("the category set version must be positive");
  TextRule name_rule;
  name_rule.max_bytes = 200;
  name_rule.required = true;
  SUNLIT_RETURN_IF_ERROR(ValidateText("category set name", set.name, name_rule));
  std::set<std::string_view> codes;
  bool any_selectable = false;
  for (const ResultCategory& c : set.categories) {
    if (!IsCode(c.code, 40)) {
      return InvalidArgument("category code \"" + c.code + "\" must be 1-40 of a-z and _");
    }
    if (!codes.insert(c.code).second) {
      return InvalidArgument("category " + c.code + " appears twice");
    }
    SUNLIT_RETURN_IF_ERROR(ValidateText("category " + c.code + " name", c.name, name_rule));
    any_selectable = any_selectable || c.selectable;
  }
  for (const ResultCategory& c : set.categories) {
    if (c.parent.empty()) continue;
    const ResultCategory* p = set.Find(c.parent);
    if (p == nullptr || p->selectable || !p->parent.empty()) {
      return InvalidArgument("category " + c.code + " has no group " + c.parent);
    }
  }
  if (!any_selectable) return InvalidArgument("the category set has no selectable category");
  return Status::Ok();
}

// ---- the record ----------------------------------------------------------------------

Status ValidateCheckResult(const CheckResult& result, const ResultCategorySet& set) {
  if (result.category_set != set.version) {
    return InvalidArgument("the result names category set " + std::to_string(result.category_set) +
                           ", not " + std::to_string(set.version));
  }
  if (result.methods.empty()) return InvalidField("methods", "methods: at least one check method");
  std::set<CheckMethod> methods(result.methods.begin(), result.methods.end());
  if (methods.size() != result.methods.size()) {
    return InvalidField("methods", "methods: a method is listed twice");
  }
  const ResultCategory* category = set.Find(result.category_code);
  if (category == nullptr) {
    return InvalidField("category", "category: unknown result category");
  }
  if (!category->selectable) {
    return InvalidField("category",
                        "category: choose one of the sub-categories of " + category->name);
  }
  TextRule long_text;
  long_text.multiline = true;
  long_text.max_bytes = kMaxSummaryBytes;
  SUNLIT_RETURN_IF_ERROR(ValidateText("summary", result.summary, long_text));
  long_text.max_bytes = kMaxNoteBytes;
  SUNLIT_RETURN_IF_ERROR(ValidateText("follow_up_note", result.follow_up_note, long_text));
  if (category->needs_follow_up && result.follow_up == FollowUp::kNone) {
    return InvalidField("follow_up",
                        "follow_up: the category " + category->name + " needs a follow-up measure");
  }
  if (result.follow_up == FollowUp::kOther) {
    TextRule required = long_text;
    required.required = true;
    SUNLIT_RETURN_IF_ERROR(ValidateText("follow_up_note", result.follow_up_note, required));
  }
  if (result.items.empty()) return InvalidField("items", "items: at least one inspection item");
  if (result.items.size() > kMaxItemsPerResult) {
    return InvalidField("items", "items: at most " + std::to_string(kMaxItemsPerResult) + " items");
  }
  std::set<std::pair<std::string_view, std::string_view>> seen;
  bool any_problem = false;
  TextRule item_text;
  item_text.multiline = true;
  item_text.max_bytes = kMaxItemTextBytes;
  TextRule item_name;
  item_name.max_bytes = 500;
  for (size_t i = 0; i < result.items.size(); ++i) {
    const ItemResult& it = result.items[i];
    const std::string where = "items[" + std::to_string(i) + "].";
    SUNLIT_RETURN_IF_ERROR(CheckCode(where + "department", it.department_code));
    SUNLIT_RETURN_IF_ERROR(CheckCode(where + "item", it.item_code));
    SUNLIT_RETURN_IF_ERROR(ValidateText(where + "name", it.item_name, item_name));
    SUNLIT_RETURN_IF_ERROR(ValidateText(where + "problems", it.problems, item_text));
    SUNLIT_RETURN_IF_ERROR(ValidateText(where + "action", it.action, item_text));
    if (!seen.insert({it.department_code, it.item_code}).second) {
      return InvalidArgument(where + "item: the item is listed twice");
    }
    if (!it.checked && !it.problems.empty()) {
      return InvalidArgument(where + "problems: an item that was not checked has no findings");
    }
    any_problem = any_problem || !it.problems.empty();
  }
  if (any_problem && !category->problem) {
    return InvalidField("category", "category: " + category->name +
                                        " does not fit a result whose items report problems");
  }
  return Status::Ok();
}

}  // namespace sunlit::core
