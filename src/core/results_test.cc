// Tests for the result rules: the national category list, record validation (table-driven),
// deadlines across the 2026 National Day holiday and years without a calendar, text rules.
#include "core/results.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "core/text_rules.h"

namespace sunlit::core {
namespace {

Date D(std::string_view text) {
  const Result<Date> d = Date::Parse(text);
  EXPECT_TRUE(d.ok()) << text;
  return d.ok() ? *d : Date();
}

const WorkCalendar& Builtin() {
  static const WorkCalendar calendar(BuiltinSchedule());
  return calendar;
}

TEST(ResultCategoriesTest, NationalListIsWellFormed) {
  const ResultCategorySet set = NationalResultCategoriesV1();
  EXPECT_TRUE(ValidateCategorySet(set).ok()) << ValidateCategorySet(set).ToString();
  EXPECT_EQ(set.version, 1);
  // Every category of DOMAIN.md §1.7.
  for (const char* name :
       {"未发现问题", "发现问题待后续处理", "未按规定公示应当公示的信息",
        "公示信息隐瞒真实情况弄虚作假", "通过登记的住所（经营场所）无法联系",
        "发现问题经责令已改正", "未发现开展本次抽查涉及的经营活动", "已关闭停业或正在组织清算",
        "不配合检查情节严重", "已注销", "已被吊销营业执照", "已被撤销登记", "已迁出"}) {
    bool found = false;
    for (const ResultCategory& c : set.categories) found = found || c.name == name;
    EXPECT_TRUE(found) << name;
  }
  const ResultCategory* unreachable = set.Find("unreachable");
  ASSERT_NE(unreachable, nullptr);
  EXPECT_EQ(unreachable->parent, "pending");
  EXPECT_EQ(unreachable->credit, CreditAction::kAbnormalList);
  EXPECT_TRUE(unreachable->needs_follow_up);
  EXPECT_EQ(set.Find("unpublished_info")->credit, CreditAction::kAbnormalList);
  EXPECT_EQ(set.Find("no_problem")->credit, CreditAction::kNone);
  EXPECT_FALSE(set.Find("no_problem")->problem);
  EXPECT_FALSE(set.Find("pending")->selectable);
  EXPECT_EQ(set.Find("nonexistent"), nullptr);
}

TEST(ResultCategoriesTest, RefusesMalformedSets) {
  struct Case {
    const char* what;
    std::function<void(ResultCategorySet*)> change;
    const char* message;
  };
  const std::vector<Case> cases = {
      {"version", [](ResultCategorySet* s) { s->version = 0; }, "version must be positive"},
      {"code", [](ResultCategorySet* s) { s->categories[0].code = "No-Problem"; },
       "must be 1-40 of a-z"},
      {"duplicate", [](ResultCategorySet* s) { s->categories[1].code = "no_problem"; },
       "appears twice"},
      {"parent", [](ResultCategorySet* s) { s->categories[2].parent = "corrected"; },
       "has no group corrected"},
      {"empty name", [](ResultCategorySet* s) { s->categories[0].name = " "; }, "is required"},
  };
  for (const Case& c : cases) {
    ResultCategorySet set = NationalResultCategoriesV1();
    c.change(&set);
    const Status s = ValidateCategorySet(set);
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << c.what;
    EXPECT_NE(s.message().find(c.message), std::string::npos) << c.what << ": " << s.message();
  }
}

CheckResult Valid() {
  CheckResult r;
  r.checked_on = D("2026-09-28");
  r.methods = {CheckMethod::kOnSite};
  r.category_set = 1;
  r.category_code = "no_problem";
  r.summary = "现场检查，未发现问题。";
  r.items = {{"SCJG", "SCJG-001", "营业执照公示情况", true, "", ""}};
  return r;
}

TEST(CheckResultTest, ValidatesTheRecord) {
  const ResultCategorySet set = NationalResultCategoriesV1();
  EXPECT_TRUE(ValidateCheckResult(Valid(), set).ok());
  struct Case {
    const char* what;
    std::function<void(CheckResult*)> change;
    const char* message;  // "" = valid
  };
  const std::vector<Case> cases = {
      {"no method", [](CheckResult* r) { r->methods.clear(); }, "at least one check method"},
      {"twice", [](CheckResult* r) { r->methods.push_back(CheckMethod::kOnSite); }, "listed twice"},
      {"unknown category", [](CheckResult* r) { r->category_code = "fine"; },
       "unknown result category"},
      {"group", [](CheckResult* r) { r->category_code = "pending"; }, "sub-categories"},
      {"needs follow-up",
       [](CheckResult* r) {
         r->category_code = "unreachable";
         r->items[0].problems = "住所无人";
       },
       "needs a follow-up measure"},
      {"follow-up given",
       [](CheckResult* r) {
         r->category_code = "unreachable";
         r->follow_up = FollowUp::kAbnormalList;
         r->items[0].problems = "住所无人";
       },
       ""},
      {"other needs a note", [](CheckResult* r) { r->follow_up = FollowUp::kOther; },
       "follow_up_note is required"},
      {"problem but no_problem", [](CheckResult* r) { r->items[0].problems = "未亮照经营"; },
       "does not fit"},
      {"problem and corrected",
       [](CheckResult* r) {
         r->category_code = "corrected";
         r->items[0].problems = "未亮照经营";
         r->items[0].action = "当场责令改正";
       },
       ""},
      {"unchecked with findings",
       [](CheckResult* r) {
         r->category_code = "corrected";
         r->items[0].checked = false;
         r->items[0].problems = "x";
       },
       "not checked has no findings"},
      {"no items", [](CheckResult* r) { r->items.clear(); }, "at least one inspection item"},
      {"too many items",
       [](CheckResult* r) {
         r->items.clear();
         for (int i = 0; i < 201; ++i) {
           r->items.push_back({"SCJG", "I" + std::to_string(i), "n", true, "", ""});
         }
       },
       "at most 200 items"},
      {"duplicate item", [](CheckResult* r) { r->items.push_back(r->items[0]); }, "listed twice"},
      {"overlong summary", [](CheckResult* r) { r->summary = std::string(4001, 'x'); },
       "summary is longer than 4000 bytes"},
      {"control character", [](CheckResult* r) { r->items[0].item_code = "A\x01"; },
       "items[0].item contains a control character"},
      {"multi-line summary", [](CheckResult* r) { r->summary = "第一行\n第二行\t"; }, ""},
      {"bad UTF-8", [](CheckResult* r) { r->summary = "\xC3\x28"; }, "not valid UTF-8"},
      {"HTML and SQL verbatim",
       [](CheckResult* r) { r->summary = "<script>alert(1)</script>'; DROP TABLE checks; --"; },
       ""},
      {"wrong set", [](CheckResult* r) { r->category_set = 2; }, "names category set 2"},
  };
  for (const Case& c : cases) {
    CheckResult r = Valid();
    c.change(&r);
    const Status s = ValidateCheckResult(r, set);
    if (std::string(c.message).empty()) {
      EXPECT_TRUE(s.ok()) << c.what << ": " << s.ToString();
    } else {
      EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << c.what;
      EXPECT_NE(s.message().find(c.message), std::string::npos) << c.what << ": " << s.message();
    }
  }
}

TEST(DeadlineTest, PublicationAcrossNationalDay) {
  // Completed Monday 2026-09-28. Counting from the next day: 29, 30 (2); 1–7 October off;
  // 8, 9 (4); Saturday 10 October is an adjusted working day (5); then 12–16, 19–23, 26–30.
  const Result<Date> due = Builtin().AddWorkingDays(D("2026-09-28"), kPublicationWorkingDays);
  ASSERT_TRUE(due.ok());
  EXPECT_EQ(due->ToString(), "2026-10-30");

  struct Case {
    const char* today;
    int left;
    DeadlineState state;
  };
  const std::vector<Case> cases = {
      {"2026-09-28", 20, DeadlineState::kOnTrack},
      {"2026-10-22", 6, DeadlineState::kOnTrack},
      {"2026-10-23", 5, DeadlineState::kWarning},
      {"2026-10-24", 5, DeadlineState::kWarning},  // Saturday: still five left
      {"2026-10-30", 0, DeadlineState::kWarning},  // due today, not yet overdue
      {"2026-11-02", -1, DeadlineState::kOverdue},
      {"2026-11-03", -2, DeadlineState::kOverdue},
  };
  for (const Case& c : cases) {
    const Result<DeadlineView> v =
        AssessDeadline(Builtin(), *due, D(c.today), kPublicationWarningWorkingDays);
    ASSERT_TRUE(v.ok()) << c.today;
    EXPECT_EQ(v->working_days_left, c.left) << c.today;
    EXPECT_EQ(v->state, c.state) << c.today;
  }
}

TEST(DeadlineTest, AYearWithoutCalendarIsAnErrorNotAGuess) {
  // 2026-12-15 + 20 working days reaches 2027, which has no schedule.
  const Result<Date> due = Builtin().AddWorkingDays(D("2026-12-15"), kPublicationWorkingDays);
  ASSERT_FALSE(due.ok());
  EXPECT_EQ(due.status().code(), StatusCode::kOutOfRange);
  EXPECT_NE(due.status().message().find("2027"), std::string::npos) << due.status().message();
  const Result<DeadlineView> v =
      AssessDeadline(Builtin(), D("2026-12-30"), D("2027-01-05"), kPublicationWarningWorkingDays);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().code(), StatusCode::kOutOfRange);
}

TEST(DeadlineTest, AddYears) {
  EXPECT_EQ(AddYears(D("2023-03-15"), 3).ToString(), "2026-03-15");
  EXPECT_EQ(AddYears(D("2024-02-29"), 3).ToString(), "2027-02-28");
  EXPECT_EQ(AddYears(D("2024-02-29"), 4).ToString(), "2028-02-29");
}

TEST(EnumNamesTest, RoundTrip) {
  for (const CheckMethod m :
       {CheckMethod::kOnSite, CheckMethod::kDocuments, CheckMethod::kOnline, CheckMethod::kAgency,
        CheckMethod::kTesting, CheckMethod::kOtherResults}) {
    CheckMethod back;
    ASSERT_TRUE(ParseCheckMethod(WireName(m), &back));
    EXPECT_EQ(back, m);
    ASSERT_TRUE(ParseCheckMethod(ChineseName(m), &back));
    EXPECT_EQ(back, m);
  }
  for (const FollowUp f : {FollowUp::kNone, FollowUp::kOrderCorrection, FollowUp::kCaseFiled,
                           FollowUp::kReferred, FollowUp::kAbnormalList, FollowUp::kOther}) {
    FollowUp back;
    ASSERT_TRUE(ParseFollowUp(WireName(f), &back));
    EXPECT_EQ(back, f);
  }
  CheckMethod m;
  EXPECT_FALSE(ParseCheckMethod("telepathy", &m));
  FollowUp f;
  EXPECT_FALSE(ParseFollowUp("", &f));
  CreditList l;
  EXPECT_TRUE(ParseCreditList("经营异常名录", &l));
  EXPECT_EQ(l, CreditList::kAbnormal);
  EXPECT_FALSE(ParseCreditList("blacklist", &l));
}

TEST(TextRulesTest, Utf8AndLimits) {
  EXPECT_TRUE(IsValidUtf8("湘潭 <b>&amp;</b> 'x'"));
  EXPECT_FALSE(IsValidUtf8("\xC0\x80"));          // overlong NUL
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xE6\xB9"));          // cut off
  TextRule rule;
  rule.required = true;
  EXPECT_EQ(ValidateText("reason", "\xE3\x80\x80 ", rule).message(), "reason is required");
  EXPECT_TRUE(ValidateText("reason", "已补报", rule).ok());
  rule.max_bytes = 3;
  EXPECT_EQ(ValidateText("reason", "已补", rule).message(), "reason is longer than 3 bytes");
  rule.max_bytes = 100;
  EXPECT_EQ(ValidateText("reason", "a\nb", rule).message(), "reason contains a control character");
  rule.multiline = true;
  EXPECT_TRUE(ValidateText("reason", "a\nb", rule).ok());
  EXPECT_FALSE(ValidateText("reason", std::string("a\0b", 3), rule).ok());
}

}  // namespace
}  // namespace sunlit::core
