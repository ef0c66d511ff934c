// The result of a check (市场监管领域随机抽查情况记录表) and the rules around it: check methods,
// the national result categories (versioned data, DOMAIN.md §1.7), follow-up measures and
// closure, the credit lists results feed, and the deadlines counted in working days.
//
// Pure: no I/O, no clock. app/ supplies "today" and the calendar.
#ifndef SUNLIT_CORE_RESULTS_H_
#define SUNLIT_CORE_RESULTS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar.h"
#include "core/date.h"
#include "core/result.h"

namespace sunlit::core {

// ---- deadlines (statutory numbers; see docs/results.md for the sources) -----------------

// 企业信息公示暂行条例 第六、七条; seed 004 §三(六): results are published within 20 working
// days after the check is completed.
inline constexpr int kPublicationWorkingDays = 20;
// Warn when this many working days or fewer are left.
inline constexpr int kPublicationWarningWorkingDays = 5;
// An entry on the 经营异常名录 is decided within 10 working days of the finding.
inline constexpr int kAbnormalDecisionWorkingDays = 10;
// After 3 years on the 经营异常名录 an entity is proposed for the 严重违法失信名单.
inline constexpr int kSeriousListAfterYears = 3;
// A referral (抄告) asks for feedback within this many working days unless it says otherwise.
inline constexpr int kDefaultReferralFeedbackWorkingDays = 15;
inline constexpr int kMaxReferralFeedbackWorkingDays = 60;

enum class DeadlineState {
  kOnTrack,  // (on_track) more working days left than the warning threshold
  kWarning,  // (warning) at most the threshold left, due today included
  kOverdue,  // (overdue) the due day has passed
};
std::string_view WireName(DeadlineState s);

struct DeadlineView {
  Date due;
  // Working days in (today, due]; 0 on the due day; negative (working days in (due, today])
  // once overdue.
  int working_days_left = 0;
  DeadlineState state = DeadlineState::kOnTrack;
};

// Where `today` stands against `due`. kOutOfRange (the calendar's error) when the days
// between reach a year without a schedule.
Result<DeadlineView> AssessDeadline(const WorkCalendar& calendar, Date due, Date today,
                                    int warning_working_days);

// `d` plus `years` calendar years; 29 February becomes 28 February in a common year.
Date AddYears(Date d, int years);

// ---- check methods (检查方式) --------------------------------------------------------

enum class CheckMethod {
  kOnSite,        // 实地检查 (on_site)
  kDocuments,     // 书面检查 (documents)
  kOnline,        // 网络监测 (online)
  kAgency,        // 委托专业机构 (agency)
  kTesting,       // 检验检测 (testing)
  kOtherResults,  // 采信其他部门检查结果 (other_results)
};
std::string_view WireName(CheckMethod m);
std::string_view ChineseName(CheckMethod m);
// Accepts the wire name or the Chinese label.
bool ParseCheckMethod(std::string_view s, CheckMethod* out);

// ---- follow-up measures (后续处置) and closure -------------------------------------------

enum class FollowUp {
  kNone,             // 无需后续处置 (none): the result closes itself
  kOrderCorrection,  // 责令限期改正 (order_correction)
  kCaseFiled,        // 立案查处 (case_filed)
  kReferred,         // 移送/抄告有关部门 (referred)
  kAbnormalList,     // 列入经营异常名录 (abnormal_list)
  kOther,            // 其他 (other): the note says what
};
std::string_view WireName(FollowUp f);
std::string_view ChineseName(FollowUp f);
bool ParseFollowUp(std::string_view s, FollowUp* out);

// ---- result categories (抽查结果类别), versioned data ------------------------------------

enum class CreditAction {
  kNone,          // (none)
  kAbnormalList,  // (abnormal_list): publishing the result proposes a 经营异常名录 entry
};
std::string_view WireName(CreditAction a);
bool ParseCreditAction(std::string_view s, CreditAction* out);

struct ResultCategory {
  std::string code;              // stable wire name, e.g. "unreachable"
  std::string name;              // the official Chinese wording
  std::string parent;            // code of the group it belongs to; "" at the top
  bool selectable = true;        // false for a group that only has sub-categories
  bool problem = false;          // counts as "problem found" (problem rate)
  bool needs_follow_up = false;  // a follow-up measure other than kNone is required
  CreditAction credit = CreditAction::kNone;
  int position = 0;  // display order
  friend bool operator==(const ResultCategory&, const ResultCategory&) = default;
};

struct ResultCategorySet {
  int version = 0;      // > 0; a result keeps the version it was entered under
  std::string name;     // e.g. "全国市场监管随机抽查结果类别（2019）"
  std::string source;   // where the list comes from
  Date effective_from;  // the set applies to results entered from this day on
  std::vector<ResultCategory> categories;  // by position

  // nullptr when `code` is not in the set.
  const ResultCategory* Find(std::string_view code) const;
  friend bool operator==(const ResultCategorySet&, const ResultCategorySet&) = default;
};

// The national list as of DOMAIN.md §1.7, version 1 — what a fresh database is seeded with.
ResultCategorySet NationalResultCategoriesV1();

// OK when the set is well-formed: version > 0, codes [a-z_]{1,40} unique, names non-empty,
// parents exist and are groups (not selectable), at least one selectable category.
Status ValidateCategorySet(const ResultCategorySet& set);

// ---- the record ----------------------------------------------------------------------

// One item (抽查事项) of the check.
struct ItemResult {
  std::string department_code;
  std::string item_code;
  std::string item_name;  // as listed when the result was entered
  bool checked = true;    // 是否检查
  std::string problems;   // 发现的问题; "" when none
  std::string action;     // 处理措施; "" when none
  friend bool operator==(const ItemResult&, const ItemResult&) = default;
};

// What an inspector enters. Closure is not entered: it follows from the follow-up (kNone
// closes on the day of the check) or is set later by CloseFollowUp.
struct CheckResult {
  Date checked_on;  // the day the check was completed (检查完成日期)
  std::vector<CheckMethod> methods;
  int category_set = 0;
  std::string category_code;
  std::string summary;  // 检查情况说明
  FollowUp follow_up = FollowUp::kNone;
  std::string follow_up_note;
  std::vector<ItemResult> items;
  friend bool operator==(const CheckResult&, const CheckResult&) = default;
};

inline constexpr size_t kMaxItemsPerResult = 200;
inline constexpr size_t kMaxSummaryBytes = 4000;
inline constexpr size_t kMaxItemTextBytes = 2000;
inline constexpr size_t kMaxNoteBytes = 2000;

// Checks `result` against `set` (the set whose version it names): methods 1–6 and unique;
// a selectable category; text limits (summary 4000 bytes, item texts and notes 2000,
// multi-line allowed; codes 1–100 bytes, no control characters); 1–200 items, each (department,
// item) once; an unchecked item reports no problems; a category that needs a follow-up has
// one other than kNone; kOther needs a note; 未发现问题 (a non-problem category) is refused
// when an item reports problems. kInvalidArgument naming the field otherwise.
Status ValidateCheckResult(const CheckResult& result, const ResultCategorySet& set);

// ---- credit lists --------------------------------------------------------------------

enum class CreditList {
  kAbnormal,  // 经营异常名录 (abnormal)
  kSerious,   // 严重违法失信名单 (serious)
};
std::string_view WireName(CreditList l);
std::string_view ChineseName(CreditList l);
bool ParseCreditList(std::string_view s, CreditList* out);

enum class CreditState {
  kProposed,  // (proposed) awaiting a decision
  kListed,    // (listed) on the list: the entity is restricted
  kRejected,  // (rejected) the proposal was turned down
  kRemoved,   // (removed) taken off the list (移出)
};
std::string_view WireName(CreditState s);
bool ParseCreditState(std::string_view s, CreditState* out);

}  // namespace sunlit::core

#endif  // SUNLIT_CORE_RESULTS_H_
