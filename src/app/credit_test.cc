// Credit lists: proposals and their 10-working-day decision, listing and removal, the
// restriction query any department may ask, and the 3-year proposal for the serious list.
#include "app/credit.h"

#include <gtest/gtest.h>

#include "app/results_fixture.h"

namespace sunlit::app {
namespace {

using testing::ResultsFixture;
using testing::TestCode;

class CreditTest : public ResultsFixture {
 protected:
  Result<CreditEntry> ProposeAbnormal(int n, std::string reason = "annual_report") {
    ProposeRequest req;
    req.list = core::CreditList::kAbnormal;
    req.entity_code = TestCode(n);
    req.reason_code = std::move(reason);
    return Propose(*s_, credit_officer_, req);
  }

  Result<CreditEntry> List(const CreditEntry& e) {
    DecideRequest d;
    d.entry_id = e.id;
    d.version = e.version;
    d.list = true;
    d.decision_ref = "潭市监异列字〔2026〕第1号";
    return Decide(*s_, credit_officer_, d);
  }

  void AddCalendar2027() {
    auto tx = s_->store->Begin();
    ASSERT_TRUE(tx.ok());
    core::HolidayYear y;
    y.year = 2027;
    y.notice = "测试用2027年安排";
    y.days = {{core::Date::FromYmd(2027, 1, 1), core::DayKind::kHolidayOff, "元旦"}};
    ASSERT_TRUE((*tx)->ReplaceCalendarYears({y}).ok());
    ASSERT_TRUE((*tx)->Commit().ok());
  }
};

TEST_F(CreditTest, ProposeChecksItsInput) {
  auto e = ProposeAbnormal(3);
  RESULTS_ASSERT_OK(e);
  EXPECT_EQ(e->state, core::CreditState::kProposed);
  EXPECT_EQ(e->reason, "未按照规定的期限公示年度报告");
  EXPECT_EQ(e->proposed_on, "2026-09-28");
  EXPECT_EQ(e->decision_due, "2026-10-16");  // 29, 30 Sep; 8, 9, 10 (adjusted), 12–16 Oct
  EXPECT_EQ(e->department_code, "SCJG");
  EXPECT_EQ(e->entity_name, "湘潭测试商贸有限公司3");
  RESULTS_EXPECT_CODE(ProposeAbnormal(3), StatusCode::kAlreadyExists);
  RESULTS_ASSERT_OK(ProposeAbnormal(3, "unreachable"));  // another ground
  RESULTS_EXPECT_CODE(ProposeAbnormal(3, "three_years"), StatusCode::kInvalidArgument);
  ProposeRequest bad;
  bad.entity_code = "91430302MA4L00001X";
  bad.reason_code = "annual_report";
  RESULTS_EXPECT_CODE(Propose(*s_, credit_officer_, bad), StatusCode::kInvalidArgument);
  bad.entity_code = TestCode(999);  // valid, not in the directory
  RESULTS_EXPECT_CODE(Propose(*s_, credit_officer_, bad), StatusCode::kNotFound);
  bad.entity_code = TestCode(4);
  RESULTS_EXPECT_CODE(Propose(*s_, inspector_a_, bad), StatusCode::kPermissionDenied);
  RESULTS_EXPECT_CODE(Propose(*s_, Caller::Anonymous(), bad), StatusCode::kUnauthenticated);
  // Lower case and full-width input is normalised, not refused.
  std::string lower = TestCode(4);
  for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  bad.entity_code = "  " + lower;
  auto normalised = Propose(*s_, credit_officer_, bad);
  RESULTS_ASSERT_OK(normalised);
  EXPECT_EQ(normalised->entity_code, TestCode(4));
}

TEST_F(CreditTest, DecideListRestrictRemove) {
  auto e = ProposeAbnormal(5, "unreachable");
  RESULTS_ASSERT_OK(e);
  DecideRequest d;
  d.entry_id = e->id;
  d.version = e->version;
  d.list = true;
  RESULTS_EXPECT_CODE(Decide(*s_, credit_officer_, d), StatusCode::kInvalidArgument);  // no ref
  d.decision_ref = "潭市监异列字〔2026〕第8号";
  const Caller other =
      testing::MakeCaller("xf_credit", "XF", "", {{perm::kCreditDecide, Scope::kDepartment}});
  RESULTS_EXPECT_CODE(Decide(*s_, other, d), StatusCode::kNotFound);
  RESULTS_EXPECT_CODE(Decide(*s_, reviewer_, d), StatusCode::kPermissionDenied);
  d.version = e->version + 1;
  RESULTS_EXPECT_CODE(Decide(*s_, credit_officer_, d), StatusCode::kAborted);
  d.version = e->version;
  clock_.SetDay("2026-10-09");
  auto listed = Decide(*s_, credit_officer_, d);
  RESULTS_ASSERT_OK(listed);
  EXPECT_EQ(listed->state, core::CreditState::kListed);
  EXPECT_EQ(listed->decided_on, "2026-10-09");
  RESULTS_EXPECT_CODE(Decide(*s_, credit_officer_, {e->id, listed->version, true, "x", ""}),
                      StatusCode::kFailedPrecondition);

  // Any department may ask (联合惩戒), e.g. the fire brigade before a licence.
  auto r = Restrictions(*s_, fire_, TestCode(5));
  RESULTS_ASSERT_OK(r);
  EXPECT_TRUE(r->restricted);
  ASSERT_EQ(r->restrictions.size(), 1u);
  EXPECT_EQ(r->restrictions[0].list, core::CreditList::kAbnormal);
  EXPECT_EQ(r->restrictions[0].since, "2026-10-09");
  EXPECT_EQ(r->restrictions[0].reason, "通过登记的住所或者经营场所无法联系");
  EXPECT_EQ(r->restrictions[0].department_name, "湘潭市市场监督管理局");
  EXPECT_EQ(r->restrictions[0].decision_ref, "潭市监异列字〔2026〕第8号");
  EXPECT_EQ(r->entity_name, "湘潭测试商贸有限公司5");
  auto clean = Restrictions(*s_, fire_, TestCode(6));
  RESULTS_ASSERT_OK(clean);
  EXPECT_FALSE(clean->restricted);
  RESULTS_EXPECT_CODE(Restrictions(*s_, Caller::Anonymous(), TestCode(5)),
                      StatusCode::kUnauthenticated);
  RESULTS_EXPECT_CODE(Restrictions(*s_, fire_, "'; DROP TABLE credit_entries; --"),
                      StatusCode::kInvalidArgument);
  // A proposal alone restricts nobody.
  RESULTS_ASSERT_OK(ProposeAbnormal(6));
  clean = Restrictions(*s_, fire_, TestCode(6));
  RESULTS_ASSERT_OK(clean);
  EXPECT_FALSE(clean->restricted);

  RemoveRequest rm;
  rm.entry_id = e->id;
  rm.version = listed->version;
  RESULTS_EXPECT_CODE(Remove(*s_, credit_officer_, rm), StatusCode::kInvalidArgument);
  rm.reason = "已依法办理住所变更登记";
  RESULTS_EXPECT_CODE(Remove(*s_, other, rm), StatusCode::kNotFound);
  clock_.SetDay("2026-11-02");
  auto removed = Remove(*s_, credit_officer_, rm);
  RESULTS_ASSERT_OK(removed);
  EXPECT_EQ(removed->state, core::CreditState::kRemoved);
  EXPECT_EQ(removed->removed_on, "2026-11-02");
  r = Restrictions(*s_, fire_, TestCode(5));
  RESULTS_ASSERT_OK(r);
  EXPECT_FALSE(r->restricted);
  EXPECT_EQ(LedgerKinds(), (std::vector<std::string>{"credit_proposed", "credit_listed",
                                                     "credit_proposed", "credit_removed"}));
}

TEST_F(CreditTest, RejectNeedsANoteAndOverdueProposalsAreListed) {
  auto a = ProposeAbnormal(7);
  auto b = ProposeAbnormal(8);
  RESULTS_ASSERT_OK(a);
  RESULTS_ASSERT_OK(b);
  DecideRequest d;
  d.entry_id = b->id;
  d.version = b->version;
  d.list = false;
  RESULTS_EXPECT_CODE(Decide(*s_, credit_officer_, d), StatusCode::kInvalidArgument);
  d.note = "经核查已按期公示年报";
  auto rejected = Decide(*s_, credit_officer_, d);
  RESULTS_ASSERT_OK(rejected);
  EXPECT_EQ(rejected->state, core::CreditState::kRejected);

  CreditFilter overdue;
  overdue.overdue_only = true;
  clock_.SetDay("2026-10-16");  // the due day itself: not yet overdue
  auto none = ListCredit(*s_, credit_officer_, overdue);
  RESULTS_ASSERT_OK(none);
  EXPECT_TRUE(none->empty());
  clock_.SetDay("2026-10-19");
  auto late = ListCredit(*s_, credit_officer_, overdue);
  RESULTS_ASSERT_OK(late);
  ASSERT_EQ(late->size(), 1u);
  EXPECT_EQ((*late)[0].id, a->id);
  // Other departments see none of SCJG's entries; a user without credit permissions, none.
  const Caller xf =
      testing::MakeCaller("xf_credit", "XF", "", {{perm::kCreditPropose, Scope::kDepartment}});
  auto theirs = ListCredit(*s_, xf, {});
  RESULTS_ASSERT_OK(theirs);
  EXPECT_TRUE(theirs->empty());
  RESULTS_EXPECT_CODE(ListCredit(*s_, inspector_a_, {}), StatusCode::kPermissionDenied);
}

TEST_F(CreditTest, ThreeYearsOnTheAbnormalListProposesTheSeriousList) {
  clock_.SetDay("2024-01-10");
  auto a = ProposeAbnormal(9);
  RESULTS_ASSERT_OK(a);
  RESULTS_ASSERT_OK(List(*a));
  auto b = ProposeAbnormal(10, "unreachable");
  RESULTS_ASSERT_OK(b);
  auto listed_b = List(*b);
  RESULTS_ASSERT_OK(listed_b);
  clock_.SetDay("2024-06-03");
  RemoveRequest rm{b->id, listed_b->version, "已补正"};
  RESULTS_ASSERT_OK(Remove(*s_, credit_officer_, rm));  // removed before 3 years

  clock_.SetDay("2027-01-09");  // one day short of 3 years
  auto early = ProposeSeriousAfterThreeYears(*s_, credit_officer_);
  RESULTS_ASSERT_OK(early);
  EXPECT_TRUE(early->empty());

  clock_.SetDay("2027-01-11");
  // The decision due day lies in 2027, which has no calendar yet: an error, not a guess.
  RESULTS_EXPECT_CODE(ProposeSeriousAfterThreeYears(*s_, credit_officer_), StatusCode::kOutOfRange);
  AddCalendar2027();
  RESULTS_EXPECT_CODE(ProposeSeriousAfterThreeYears(*s_, inspector_a_),
                      StatusCode::kPermissionDenied);
  auto serious = ProposeSeriousAfterThreeYears(*s_, credit_officer_);
  RESULTS_ASSERT_OK(serious);
  ASSERT_EQ(serious->size(), 1u);
  const CreditEntry& s = (*serious)[0];
  EXPECT_EQ(s.list, core::CreditList::kSerious);
  EXPECT_EQ(s.entity_code, TestCode(9));
  EXPECT_EQ(s.source_entry_id, a->id);
  EXPECT_EQ(s.reason_code, "three_years");
  EXPECT_NE(s.reason.find("2024-01-10"), std::string::npos) << s.reason;
  EXPECT_EQ(s.decision_due, "2027-01-25");  // 10 working days in the test calendar
  // Once only.
  auto again = ProposeSeriousAfterThreeYears(*s_, credit_officer_);
  RESULTS_ASSERT_OK(again);
  EXPECT_TRUE(again->empty());
  // Listed on both lists: both restrict.
  DecideRequest d{s.id, s.version, true, "潭市监失信字〔2027〕第1号", ""};
  RESULTS_ASSERT_OK(Decide(*s_, credit_officer_, d));
  auto r = Restrictions(*s_, fire_, TestCode(9));
  RESULTS_ASSERT_OK(r);
  ASSERT_EQ(r->restrictions.size(), 2u);
  EXPECT_EQ(r->restrictions[1].list, core::CreditList::kSerious);
}

}  // namespace
}  // namespace sunlit::app
