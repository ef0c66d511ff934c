// Review and publication: the state machine (approve / return / re-enter / publish), who may
// take each step, the publication deadline with warnings and the overdue list across
// holidays, late publication, the public document, and the credit proposal a publication
// makes.
#include "app/review.h"

#include <gtest/gtest.h>

#include "app/credit.h"
#include "app/results_fixture.h"
#include "store/repo/results_repo.h"

namespace sunlit::app {
namespace {

using testing::ResultsFixture;

core::Date D(std::string_view text) { return *core::Date::Parse(text); }

core::CheckResult Record(std::string_view category, std::string_view on = "2026-09-28") {
  core::CheckResult r;
  r.checked_on = D(on);
  r.methods = {core::CheckMethod::kOnSite};
  r.category_code = std::string(category);
  r.items = {{"SCJG", "SCJG-001", "", true, "", ""}};
  if (category == "unreachable") {
    r.follow_up = core::FollowUp::kAbnormalList;
    r.items[0].problems = "住所无法联系";
  }
  return r;
}

class ReviewTest : public ResultsFixture {
 protected:
  void SetUp() override {
    ResultsFixture::SetUp();
    task_ = AddTask("XT-2026-0001", "SCJG", false, "2026-09-01", "2026-11-30");
    check_ = AddCheck(task_, 1, {{"I-001", "SCJG"}, {"I-002", "SCJG"}});
  }

  int64_t Enter(int64_t check, int64_t version, std::string_view category = "no_problem",
                std::string_view on = "2026-09-28") {
    EnterResultRequest req;
    req.check_id = check;
    req.version = version;
    req.result = Record(category, on);
    auto v = EnterResult(*s_, inspector_a_, req);
    EXPECT_TRUE(v.ok()) << v.status().ToString();
    return v.ok() ? v->version : 0;
  }

  int64_t task_ = 0;
  int64_t check_ = 0;
};

TEST_F(ReviewTest, EnteredReturnedReEnteredApprovedPublished) {
  int64_t v = Enter(check_, 1);
  // A return needs an opinion.
  RESULTS_EXPECT_CODE(Return(*s_, reviewer_, {check_, v, ""}), StatusCode::kInvalidArgument);
  auto returned = Return(*s_, reviewer_, {check_, v, "请补充<b>检查情况</b>"});
  RESULTS_ASSERT_OK(returned);
  EXPECT_EQ(returned->state, "returned");
  ASSERT_EQ(returned->reviews.size(), 1u);
  EXPECT_FALSE(returned->reviews[0].approve);
  EXPECT_EQ(returned->reviews[0].opinion, "请补充<b>检查情况</b>");
  // Returned results are neither approved nor published.
  RESULTS_EXPECT_CODE(Approve(*s_, reviewer_, {check_, returned->version, ""}),
                      StatusCode::kFailedPrecondition);
  RESULTS_EXPECT_CODE(Publish(*s_, reviewer_, {check_, returned->version}),
                      StatusCode::kFailedPrecondition);
  v = Enter(check_, returned->version);
  auto approved = Approve(*s_, reviewer_, {check_, v, ""});
  RESULTS_ASSERT_OK(approved);
  EXPECT_EQ(approved->state, "reviewed");
  EXPECT_EQ(approved->reviews.back().revision, 2);
  // Once reviewed, the inspector can no longer change it.
  EnterResultRequest late;
  late.check_id = check_;
  late.version = approved->version;
  late.result = Record("no_problem");
  RESULTS_EXPECT_CODE(EnterResult(*s_, inspector_a_, late), StatusCode::kFailedPrecondition);
  clock_.SetDay("2026-10-09");
  auto published = Publish(*s_, reviewer_, {check_, approved->version});
  RESULTS_ASSERT_OK(published);
  EXPECT_EQ(published->state, "published");
  ASSERT_TRUE(published->publication.has_value());
  EXPECT_EQ(published->publication->published_on, "2026-10-09");
  EXPECT_TRUE(published->publication->on_time);
  EXPECT_FALSE(published->deadline.has_value());
  RESULTS_EXPECT_CODE(Publish(*s_, reviewer_, {check_, published->version}),
                      StatusCode::kFailedPrecondition);
  EXPECT_EQ(LedgerKinds(),
            (std::vector<std::string>{"result_entered", "result_returned", "result_entered",
                                      "result_approved", "result_published"}));
  EXPECT_TRUE(ledger::Ledger::Verify(*s_->store).ok());
  // The public document: what the portal serves, HTML-safe.
  auto tx = s_->store->BeginRead();
  RESULTS_ASSERT_OK(tx);
  auto pub = store::repo::FindPublication((*tx)->sql(), check_);
  RESULTS_ASSERT_OK(pub);
  ASSERT_TRUE(pub->has_value());
  const std::string& doc = (*pub)->public_json;
  EXPECT_NE(doc.find("\"category_name\":\"未发现问题\""), std::string::npos) << doc;
  EXPECT_NE(doc.find("\"departments\":[\"湘潭市市场监督管理局\"]"), std::string::npos) << doc;
  EXPECT_NE(doc.find("\"closure\":\"已完结\""), std::string::npos) << doc;
  EXPECT_EQ(doc.find("insp_a"), std::string::npos) << "no inspector in the public document";
}

TEST_F(ReviewTest, WhoMayReviewAndPublish) {
  const int64_t v = Enter(check_, 1);
  // An inspector may not review; nor may someone on the team who also holds check.review.
  RESULTS_EXPECT_CODE(Approve(*s_, inspector_b_, {check_, v, ""}), StatusCode::kPermissionDenied);
  Caller both = inspector_b_;
  both.scopes[std::string(perm::kCheckReview)] = Scope::kDepartment;
  auto self = Approve(*s_, both, {check_, v, ""});
  RESULTS_EXPECT_CODE(self, StatusCode::kPermissionDenied);
  EXPECT_NE(self.status().message().find("someone else"), std::string::npos);
  // A reviewer of a department not taking part: the check is not revealed (404).
  RESULTS_EXPECT_CODE(Approve(*s_, other_reviewer_, {check_, v, ""}), StatusCode::kNotFound);
  RESULTS_EXPECT_CODE(Approve(*s_, Caller::Anonymous(), {check_, v, ""}),
                      StatusCode::kUnauthenticated);
  // A stale version.
  RESULTS_EXPECT_CODE(Approve(*s_, reviewer_, {check_, v - 1, ""}), StatusCode::kAborted);
  auto ok = Approve(*s_, reviewer_, {check_, v, "同意"});
  RESULTS_ASSERT_OK(ok);
  RESULTS_EXPECT_CODE(Publish(*s_, other_reviewer_, {check_, ok->version}), StatusCode::kNotFound);
  RESULTS_EXPECT_CODE(Publish(*s_, inspector_a_, {check_, ok->version}),
                      StatusCode::kPermissionDenied);
  RESULTS_ASSERT_OK(Publish(*s_, reviewer_, {check_, ok->version}));
}

TEST_F(ReviewTest, DeadlinesWarnAndListTheOverdue) {
  // Two checks completed on 2026-09-28 (due 2026-10-30) and one on 2026-10-12 (due
  // 2026-11-09: 13–16, 19–23, 26–30, 2–6, 9).
  const int64_t a = check_;
  const int64_t b = AddCheck(task_, 2, {{"I-001", "SCJG"}});
  const int64_t c = AddCheck(task_, 3, {{"I-001", "SCJG"}});
  Enter(a, 1);
  Enter(b, 1);
  clock_.SetDay("2026-10-12");
  Enter(c, 1, "no_problem", "2026-10-12");

  clock_.SetDay("2026-10-22");  // 6 working days before 30 October
  auto all = Deadlines(*s_, reviewer_, DeadlineFilter::kAll);
  RESULTS_ASSERT_OK(all);
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].deadline.due.ToString(), "2026-10-30");
  EXPECT_EQ((*all)[2].deadline.due.ToString(), "2026-11-09");
  EXPECT_EQ((*all)[0].deadline.state, core::DeadlineState::kOnTrack);
  auto warn = Deadlines(*s_, reviewer_, DeadlineFilter::kWarning);
  RESULTS_ASSERT_OK(warn);
  EXPECT_TRUE(warn->empty());

  clock_.SetDay("2026-10-23");  // 5 left: warning
  warn = Deadlines(*s_, reviewer_, DeadlineFilter::kWarning);
  RESULTS_ASSERT_OK(warn);
  ASSERT_EQ(warn->size(), 2u);
  EXPECT_EQ((*warn)[0].deadline.working_days_left, 5);

  clock_.SetDay("2026-11-02");  // past 30 October
  auto overdue = Deadlines(*s_, reviewer_, DeadlineFilter::kOverdue);
  RESULTS_ASSERT_OK(overdue);
  ASSERT_EQ(overdue->size(), 2u);
  EXPECT_EQ((*overdue)[0].deadline.working_days_left, -1);
  EXPECT_EQ((*overdue)[0].entity_code, testing::TestCode(1));
  // c is due 9 November: 5 working days left on 2 November → warning.
  warn = Deadlines(*s_, reviewer_, DeadlineFilter::kWarning);
  RESULTS_ASSERT_OK(warn);
  ASSERT_EQ(warn->size(), 1u);
  EXPECT_EQ((*warn)[0].check_id, c);

  // Published late: recorded as not on time, and gone from the lists.
  auto r = GetResult(*s_, reviewer_, a);
  RESULTS_ASSERT_OK(r);
  auto ok = Approve(*s_, reviewer_, {a, r->version, ""});
  RESULTS_ASSERT_OK(ok);
  auto pub = Publish(*s_, reviewer_, {a, ok->version});
  RESULTS_ASSERT_OK(pub);
  EXPECT_FALSE(pub->publication->on_time);
  overdue = Deadlines(*s_, reviewer_, DeadlineFilter::kOverdue);
  RESULTS_ASSERT_OK(overdue);
  EXPECT_EQ(overdue->size(), 1u);

  // Scope: another department sees none of these; nobody without the permissions sees any.
  auto other = Deadlines(*s_, other_reviewer_, DeadlineFilter::kAll);
  RESULTS_ASSERT_OK(other);
  EXPECT_TRUE(other->empty());
  RESULTS_EXPECT_CODE(Deadlines(*s_, inspector_a_, DeadlineFilter::kAll),
                      StatusCode::kPermissionDenied);

  // Into a year without a calendar: the calendar's error, not a guess.
  clock_.SetDay("2027-01-04");
  RESULTS_EXPECT_CODE(Deadlines(*s_, reviewer_, DeadlineFilter::kAll), StatusCode::kOutOfRange);
}

TEST_F(ReviewTest, PublishingUnreachableProposesAnAbnormalListEntry) {
  const int64_t v = Enter(check_, 1, "unreachable");
  auto ok = Approve(*s_, reviewer_, {check_, v, ""});
  RESULTS_ASSERT_OK(ok);
  clock_.SetDay("2026-09-30");
  RESULTS_ASSERT_OK(Publish(*s_, reviewer_, {check_, ok->version}));
  auto entries = ListCredit(*s_, credit_officer_, {});
  RESULTS_ASSERT_OK(entries);
  ASSERT_EQ(entries->size(), 1u);
  const CreditEntry& e = (*entries)[0];
  EXPECT_EQ(e.list, core::CreditList::kAbnormal);
  EXPECT_EQ(e.state, core::CreditState::kProposed);
  EXPECT_EQ(e.reason_code, "unreachable");
  EXPECT_EQ(e.source_check_id, check_);
  EXPECT_EQ(e.department_code, "SCJG");
  // 10 working days from 30 September: 8, 9, 10 (Saturday, adjusted), 12–16, 19, 20.
  EXPECT_EQ(e.decision_due, "2026-10-20");
  EXPECT_EQ(LedgerKinds().back(), "credit_proposed");

  // A second finding of the same kind adds no second open proposal.
  const int64_t other = AddCheck(AddTask("XT-2026-0002", "SCJG", false, "2026-09-01", "2026-11-30"),
                                 1, {{"I-001", "SCJG"}});
  const int64_t v2 = Enter(other, 1, "unreachable", "2026-09-29");
  auto ok2 = Approve(*s_, reviewer_, {other, v2, ""});
  RESULTS_ASSERT_OK(ok2);
  RESULTS_ASSERT_OK(Publish(*s_, reviewer_, {other, ok2->version}));
  entries = ListCredit(*s_, credit_officer_, {});
  RESULTS_ASSERT_OK(entries);
  EXPECT_EQ(entries->size(), 1u);
}

TEST_F(ReviewTest, PublishTaskPublishesEveryReviewedCheck) {
  const int64_t b = AddCheck(task_, 2, {{"I-001", "SCJG"}});
  const int64_t c = AddCheck(task_, 3, {{"I-001", "SCJG"}});
  for (const int64_t id : {check_, b}) {
    const int64_t v = Enter(id, 1);
    RESULTS_ASSERT_OK(Approve(*s_, reviewer_, {id, v, ""}));
  }
  Enter(c, 1);  // entered, not reviewed
  RESULTS_EXPECT_CODE(PublishTask(*s_, other_reviewer_, task_), StatusCode::kPermissionDenied);
  auto out = PublishTask(*s_, reviewer_, task_);
  RESULTS_ASSERT_OK(out);
  EXPECT_EQ(out->published, (std::vector<int64_t>{check_, b}));
  RESULTS_EXPECT_CODE(PublishTask(*s_, reviewer_, task_), StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace sunlit::app
