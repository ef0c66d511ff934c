// Referrals (抄告/移送): sending from a check or for an entity, the feedback deadline in
// working days, answering by the receiving department only, overdue lists, versions.
#include "app/referrals.h"

#include <gtest/gtest.h>

#include "app/results_fixture.h"

namespace sunlit::app {
namespace {

using testing::ResultsFixture;
using testing::TestCode;

class ReferralsTest : public ResultsFixture {
 protected:
  void SetUp() override {
    ResultsFixture::SetUp();
    task_ = AddTask("XT-2026-0001", "SCJG", false, "2026-09-01", "2026-11-30");
    check_ = AddCheck(task_, 1, {{"I-001", "SCJG"}});
  }
  int64_t task_ = 0;
  int64_t check_ = 0;
};

TEST_F(ReferralsTest, SendAnswerAndDeadlines) {
  SendReferralRequest req;
  req.check_id = check_;
  req.to_department = "XF";
  req.kind = ReferralKind::kNotify;
  req.subject = "发现疏散通道堵塞";
  req.body = "检查中发现<b>安全出口</b>锁闭，请依法处理并反馈。";
  auto r = SendReferral(*s_, credit_officer_, req);
  RESULTS_ASSERT_OK(r);
  EXPECT_EQ(r->entity_code, TestCode(1));
  EXPECT_EQ(r->from_department, "SCJG");
  EXPECT_EQ(r->sent_on, "2026-09-28");
  // 15 working days: 29, 30 Sep; 8, 9, 10, 12–16, 19–23 Oct.
  EXPECT_EQ(r->feedback_due, "2026-10-23");
  ASSERT_TRUE(r->deadline.has_value());
  EXPECT_EQ(r->deadline->working_days_left, 15);
  EXPECT_EQ(r->body, req.body);

  // Only the receiving department answers, with feedback, at the current version.
  AnswerReferralRequest ans{r->id, r->version, ""};
  RESULTS_EXPECT_CODE(AnswerReferral(*s_, fire_, ans), StatusCode::kInvalidArgument);
  ans.feedback = "已责令整改，复查合格";
  RESULTS_EXPECT_CODE(AnswerReferral(*s_, credit_officer_, ans), StatusCode::kPermissionDenied);
  ans.version = r->version + 1;
  RESULTS_EXPECT_CODE(AnswerReferral(*s_, fire_, ans), StatusCode::kAborted);
  ans.version = r->version;

  ReferralFilter overdue;
  overdue.overdue_only = true;
  clock_.SetDay("2026-10-26");
  auto late = ListReferrals(*s_, fire_, overdue);
  RESULTS_ASSERT_OK(late);
  ASSERT_EQ(late->size(), 1u);
  EXPECT_EQ((*late)[0].deadline->state, core::DeadlineState::kOverdue);

  auto answered = AnswerReferral(*s_, fire_, ans);
  RESULTS_ASSERT_OK(answered);
  EXPECT_TRUE(answered->answered);
  EXPECT_EQ(answered->feedback_on, "2026-10-26");
  EXPECT_FALSE(answered->deadline.has_value());
  RESULTS_EXPECT_CODE(AnswerReferral(*s_, fire_, {r->id, answered->version, "again"}),
                      StatusCode::kFailedPrecondition);
  late = ListReferrals(*s_, fire_, overdue);
  RESULTS_ASSERT_OK(late);
  EXPECT_TRUE(late->empty());

  ReferralFilter incoming;
  incoming.direction = ReferralFilter::Direction::kIncoming;
  auto in = ListReferrals(*s_, fire_, incoming);
  RESULTS_ASSERT_OK(in);
  EXPECT_EQ(in->size(), 1u);
  in = ListReferrals(*s_, credit_officer_, incoming);
  RESULTS_ASSERT_OK(in);
  EXPECT_TRUE(in->empty());
  const Caller jy =
      testing::MakeCaller("jy_ref", "JY", "", {{perm::kReferralWrite, Scope::kDepartment}});
  auto none = ListReferrals(*s_, jy, {});
  RESULTS_ASSERT_OK(none);
  EXPECT_TRUE(none->empty());
  EXPECT_EQ(LedgerKinds(), (std::vector<std::string>{"referral_sent", "referral_answered"}));
}

TEST_F(ReferralsTest, RefusesBadReferrals) {
  SendReferralRequest req;
  req.entity_code = TestCode(2);
  req.to_department = "XF";
  req.subject = "线索移送";
  req.feedback_days = 61;
  RESULTS_EXPECT_CODE(SendReferral(*s_, credit_officer_, req), StatusCode::kInvalidArgument);
  req.feedback_days = 5;
  req.to_department = "SCJG";
  RESULTS_EXPECT_CODE(SendReferral(*s_, credit_officer_, req), StatusCode::kInvalidArgument);
  req.to_department = "NOPE";
  RESULTS_EXPECT_CODE(SendReferral(*s_, credit_officer_, req), StatusCode::kInvalidArgument);
  req.to_department = "XF";
  req.subject = "";
  RESULTS_EXPECT_CODE(SendReferral(*s_, credit_officer_, req), StatusCode::kInvalidArgument);
  req.subject = std::string(201, 'x');
  RESULTS_EXPECT_CODE(SendReferral(*s_, credit_officer_, req), StatusCode::kInvalidArgument);
  req.subject = "线索移送";
  RESULTS_EXPECT_CODE(SendReferral(*s_, inspector_a_, req), StatusCode::kPermissionDenied);
  // A check of a task the sender's department takes no part in.
  const Caller jy =
      testing::MakeCaller("jy_ref", "JY", "", {{perm::kReferralWrite, Scope::kDepartment}});
  SendReferralRequest from_check = req;
  from_check.check_id = check_;
  from_check.entity_code.clear();
  RESULTS_EXPECT_CODE(SendReferral(*s_, jy, from_check), StatusCode::kNotFound);
  from_check.entity_code = TestCode(3);
  RESULTS_EXPECT_CODE(SendReferral(*s_, credit_officer_, from_check), StatusCode::kInvalidArgument);
  req.kind = ReferralKind::kTransfer;
  auto ok = SendReferral(*s_, credit_officer_, req);
  RESULTS_ASSERT_OK(ok);
  EXPECT_EQ(ok->kind, ReferralKind::kTransfer);
  EXPECT_EQ(ok->feedback_due, "2026-10-10");  // 29, 30 Sep; 8, 9 and Saturday 10 (adjusted)
}

}  // namespace
}  // namespace sunlit::app
