// The public portal: published results by code and name (paged, HTML-safe), plans, task
// announcements, drawn lists hidden for a confidential task until after its check period,
// draw records and pools, ledger checkpoints and proofs that verify.
#include "app/public_portal.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "app/results_fixture.h"
#include "app/results_gen.h"
#include "app/review.h"
#include "ledger/ledger_json.h"

namespace sunlit::app {
namespace {

using Json = nlohmann::json;
using testing::ResultsFixture;
using testing::TestCode;

Json Parse(const Result<std::string>& body) {
  EXPECT_TRUE(body.ok()) << body.status().ToString();
  if (!body.ok()) return Json();
  Json j = Json::parse(*body, nullptr, false);
  EXPECT_FALSE(j.is_discarded()) << *body;
  return j;
}

class PublicPortalTest : public ResultsFixture {
 protected:
  // Enters, approves and publishes a result for the check.
  void PublishResult(int64_t check, std::string problems = "") {
    EnterResultRequest req;
    req.check_id = check;
    req.version = 1;
    req.result.checked_on = *core::Date::Parse("2026-09-28");
    req.result.methods = {core::CheckMethod::kOnSite};
    req.result.category_code = problems.empty() ? "no_problem" : "corrected";
    req.result.items = {{"SCJG", "SCJG-001", "", true, problems, problems.empty() ? "" : "改正"}};
    auto v = EnterResult(*s_, inspector_a_, req);
    ASSERT_TRUE(v.ok()) << v.status().ToString();
    auto a = Approve(*s_, reviewer_, {check, v->version, ""});
    ASSERT_TRUE(a.ok()) << a.status().ToString();
    auto p = Publish(*s_, reviewer_, {check, a->version});
    ASSERT_TRUE(p.ok()) << p.status().ToString();
  }
};

TEST_F(PublicPortalTest, ResultsByCodeAndName) {
  const int64_t t1 = AddTask("XT-2026-0001", "SCJG", false, "2026-09-01", "2026-11-30");
  const int64_t t2 = AddTask("XT-2026-0002", "SCJG", false, "2026-09-01", "2026-11-30");
  PublishResult(AddCheck(t1, 1, {{"I-001", "SCJG"}}), "<script>alert(1)</script>&");
  clock_.SetDay("2026-09-29");
  PublishResult(AddCheck(t2, 1, {{"I-001", "SCJG"}}));
  PublishResult(AddCheck(t1, 12, {{"I-001", "SCJG"}}));
  AddCheck(t1, 13, {{"I-001", "SCJG"}});  // not published: never shown

  auto body = PublicResultsByCode(*s_, TestCode(1), {20, 0});
  RESULTS_ASSERT_OK(body);
  EXPECT_EQ(body->find("<script>"), std::string::npos) << "HTML is escaped";
  EXPECT_NE(body->find("\\u003cscript\\u003e"), std::string::npos);
  Json j = Parse(body);
  EXPECT_EQ(j["code"], TestCode(1));
  EXPECT_EQ(j["total"], 2);
  ASSERT_EQ(j["items"].size(), 2u);
  EXPECT_EQ(j["items"][0]["task"], "XT-2026-0002");                                // newest first
  EXPECT_EQ(j["items"][1]["items"][0]["problems"], "<script>alert(1)</script>&");  // verbatim
  EXPECT_EQ(j["items"][1]["category_name"], "发现问题经责令已改正");
  j = Parse(PublicResultsByCode(*s_, TestCode(1), {1, 1}));
  ASSERT_EQ(j["items"].size(), 1u);
  EXPECT_EQ(j["items"][0]["task"], "XT-2026-0001");
  j = Parse(PublicResultsByCode(*s_, TestCode(1), {1, 2}));
  EXPECT_TRUE(j["items"].empty());
  EXPECT_EQ(j["total"], 2);
  std::string lower = TestCode(1);
  for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  EXPECT_EQ(Parse(PublicResultsByCode(*s_, lower, {20, 0}))["total"], 2);
  EXPECT_EQ(Parse(PublicResultsByCode(*s_, TestCode(13), {20, 0}))["total"], 0);
  for (const char* bad : {"", "91430302MA4L00001X", "' OR 1=1 --", "../../etc/passwd"}) {
    RESULTS_EXPECT_CODE(PublicResultsByCode(*s_, bad, {20, 0}), StatusCode::kInvalidArgument);
  }
  RESULTS_EXPECT_CODE(PublicResultsByCode(*s_, TestCode(1), {0, 0}), StatusCode::kInvalidArgument);
  RESULTS_EXPECT_CODE(PublicResultsByCode(*s_, TestCode(1), {101, 0}),
                      StatusCode::kInvalidArgument);

  // By name prefix: 公司1 matches 1 and 12, not 13 (unpublished).
  j = Parse(PublicResultsByName(*s_, "湘潭测试商贸有限公司1", {20, 0}));
  ASSERT_EQ(j["items"].size(), 3u);
  EXPECT_EQ(j["total"], 3);
  j = Parse(PublicResultsByName(*s_, "湘潭测试商贸有限公司1", {2, 0}));
  EXPECT_EQ(j["items"].size(), 2u);
  EXPECT_EQ(j["total"], 3);
  j = Parse(PublicResultsByName(*s_, "湘潭测试商贸有限公司12", {20, 0}));
  EXPECT_EQ(j["items"].size(), 1u);
  RESULTS_EXPECT_CODE(PublicResultsByName(*s_, "x", {20, 0}), StatusCode::kInvalidArgument);
  RESULTS_EXPECT_CODE(PublicResultsByName(*s_, std::string(101, 'x'), {20, 0}),
                      StatusCode::kInvalidArgument);
  // LIKE metacharacters are plain text here.
  EXPECT_TRUE(Parse(PublicResultsByName(*s_, "%%", {20, 0}))["items"].empty());
}

TEST_F(PublicPortalTest, PlansAndTasks) {
  {
    auto tx = s_->store->Begin();
    RESULTS_ASSERT_OK(tx);
    for (const char* state : {"published", "draft"}) {
      RESULTS_ASSERT_OK((*tx)->sql().Exec(
          "INSERT INTO plans (kind, year, department_code, region, title, body, due_date, "
          "state, published_at, created_at, created_by) VALUES ('department_annual', 2026, "
          "'SCJG', ?, ?, '[{\"title\":\"<b>食品</b>\"}]', '2025-12-31', ?, "
          "'2026-01-05T00:00:00Z', '2025-12-01T00:00:00Z', 'test')",
          {int64_t{state[0] == 'p' ? 430300 : 430302}, std::string_view("2026年度抽查计划"),
           std::string_view(state)}));
    }
    RESULTS_ASSERT_OK((*tx)->Commit());
  }
  Json plans = Parse(PublicPlans(*s_, 2026, {}));
  ASSERT_EQ(plans["items"].size(), 1u);
  EXPECT_EQ(plans["items"][0]["department_name"], "湘潭市市场监督管理局");
  EXPECT_EQ(plans["items"][0]["body"][0]["title"], "<b>食品</b>");
  EXPECT_EQ(Parse(PublicPlans(*s_, 2025, {}))["plans"].size(), 0u);

  AddTask("XT-2026-0001", "SCJG", false, "2026-09-01", "2026-09-30", "draft");
  AddTask("XT-2026-0002", "SCJG", false, "2026-09-01", "2026-09-30", "frozen");
  const int64_t open = AddTask("XT-2026-0003", "SCJG", false, "2026-10-08", "2026-10-30");
  const int64_t secret = AddTask("XT-2026-0004", "SCJG", true, "2026-10-08", "2026-10-30");
  AddCheck(open, 1, {{"I-001", "SCJG"}});
  AddCheck(open, 2, {{"I-001", "SCJG"}}, "cancelled");
  AddCheck(secret, 3, {{"I-001", "SCJG"}});
  Json tasks = Parse(PublicTasks(*s_, 0, {}));
  ASSERT_EQ(tasks["items"].size(), 3u);  // not the draft
  EXPECT_EQ(tasks["items"][0]["number"], "XT-2026-0004");
  EXPECT_EQ(tasks["items"][0]["list_public"], false);
  EXPECT_EQ(tasks["items"][0]["list_public_from"], "2026-10-31");
  EXPECT_EQ(tasks["items"][1]["checks"], 1);
  RESULTS_EXPECT_CODE(PublicTask(*s_, "XT-2026-0001"), StatusCode::kNotFound);
  RESULTS_EXPECT_CODE(PublicDrawnList(*s_, "XT-2026-0001"), StatusCode::kNotFound);
  RESULTS_EXPECT_CODE(PublicDrawnList(*s_, "XT-2026-0002"), StatusCode::kFailedPrecondition);

  Json list = Parse(PublicDrawnList(*s_, "XT-2026-0003"));
  ASSERT_EQ(list["checks"].size(), 1u);
  EXPECT_EQ(list["checks"][0]["entity_code"], TestCode(1));

  // The confidential list: hidden through the last day of the check period.
  clock_.SetDay("2026-10-30");
  auto hidden = PublicDrawnList(*s_, "XT-2026-0004");
  RESULTS_EXPECT_CODE(hidden, StatusCode::kPermissionDenied);
  EXPECT_NE(hidden.status().message().find("2026-10-31"), std::string::npos);
  EXPECT_EQ(Parse(PublicTask(*s_, "XT-2026-0004"))["list_public"], false);
  clock_.SetDay("2026-10-31");
  list = Parse(PublicDrawnList(*s_, "XT-2026-0004"));
  ASSERT_EQ(list["checks"].size(), 1u);
  EXPECT_EQ(list["checks"][0]["entity_code"], TestCode(3));
}

TEST_F(PublicPortalTest, DrawRecordOfAConfidentialTaskWaitsForTheCheckPeriodToEnd) {
  RESULTS_ASSERT_OK(s_->directory->Load(*s_->store));
  AddTask("XT-2026-0009", "SCJG", true, "2026-10-08", "2026-10-30");
  FreezeRequest f;
  f.draw_id = "XT-2026-0009";
  f.scope.region_prefixes = {"4303"};
  f.quotas = {{"", draw::Quota::Kind::kCount, 3}};
  f.sources = {{"中国福利彩票 福彩3D", "2026260期", "3个开奖号码", "2026-09-28T13:30:00Z"}};
  f.actor = "test";
  RESULTS_ASSERT_OK(s_->draws->Freeze(f));
  Json draw = Parse(PublicDraw(*s_, "XT-2026-0009"));
  EXPECT_EQ(draw["stage"], "frozen");
  EXPECT_EQ(draw["pool_size"], 20);
  RESULTS_EXPECT_CODE(PublicDrawRecord(*s_, "XT-2026-0009"), StatusCode::kFailedPrecondition);
  clock_.SetDay("2026-09-29");
  RESULTS_ASSERT_OK(s_->draws->EnterRandomness("XT-2026-0009", {{3, 1, 4}}, "test"));
  RESULTS_ASSERT_OK(s_->draws->Draw("XT-2026-0009", "test"));

  draw = Parse(PublicDraw(*s_, "XT-2026-0009"));
  EXPECT_EQ(draw["stage"], "drawn");
  EXPECT_EQ(draw["record_public"], false);
  EXPECT_FALSE(draw.contains("alternates_used"));
  EXPECT_EQ(draw["record_hash"].get<std::string>().size(), 64u);
  RESULTS_EXPECT_CODE(PublicDrawRecord(*s_, "XT-2026-0009"), StatusCode::kPermissionDenied);
  // The pool is public from the freeze: it says who could be drawn, not who was.
  std::string csv;
  RESULTS_ASSERT_OK(PublicDrawPool(*s_, "XT-2026-0009", [&](std::string_view piece) {
    csv.append(piece);
    return true;
  }));
  EXPECT_EQ(csv.rfind("code,stratum\n", 0), 0u);
  EXPECT_NE(csv.find(TestCode(20)), std::string::npos);

  clock_.SetDay("2026-10-31");
  auto record = PublicDrawRecord(*s_, "XT-2026-0009");
  RESULTS_ASSERT_OK(record);
  EXPECT_EQ(draw::ToHex(draw::Sha256Of(*record)), draw["record_hash"]);
  EXPECT_EQ(Parse(PublicDraw(*s_, "XT-2026-0009"))["record_public"], true);
  RESULTS_EXPECT_CODE(PublicDraw(*s_, "XT-0000"), StatusCode::kNotFound);
}

TEST_F(PublicPortalTest, LedgerCheckpointsAndProofs) {
  RESULTS_EXPECT_CODE(PublicCheckpoint(*s_), StatusCode::kNotFound);
  const int64_t t = AddTask("XT-2026-0001", "SCJG", false, "2026-09-01", "2026-11-30");
  PublishResult(AddCheck(t, 1, {{"I-001", "SCJG"}}));
  Json cp = Parse(PublicCheckpoint(*s_));
  EXPECT_EQ(cp["size"], 3);  // entered, approved, published
  EXPECT_EQ(cp["public_key"], s_->ledger->public_key_hex());
  Json events = Parse(PublicLedgerEvents(*s_, 1, 10));
  ASSERT_EQ(events["events"].size(), 2u);
  EXPECT_EQ(events["events"][0]["kind"], "result_approved");
  EXPECT_EQ(events["next"], 3);
  RESULTS_EXPECT_CODE(PublicLedgerEvents(*s_, -1, 10), StatusCode::kInvalidArgument);
  RESULTS_EXPECT_CODE(PublicLedgerEvents(*s_, 0, 101), StatusCode::kInvalidArgument);

  auto proof = PublicLedgerProof(*s_, 2);
  RESULTS_ASSERT_OK(proof);
  auto doc = ledger::ProofFromJson(*proof);
  RESULTS_ASSERT_OK(doc);
  EXPECT_TRUE(ledger::VerifyProofDocument(*doc, s_->ledger->public_key()).ok());
  ASSERT_TRUE(doc->event.has_value());
  EXPECT_EQ(doc->event->event.kind, "result_published");
  RESULTS_EXPECT_CODE(PublicLedgerProof(*s_, 3), StatusCode::kNotFound);
}

TEST_F(PublicPortalTest, SyntheticResultsAreDeterministicAndServed) {
  ResultsGenOptions o;
  o.share = 0.5;
  o.second_share = 0.5;
  o.checks_per_task = 4;
  o.codes_out = dir_ + "/codes.txt";
  auto report = GeneratePublishedResults(*s_, o);
  RESULTS_ASSERT_OK(report);
  EXPECT_EQ(report->entities, 20);
  EXPECT_GT(report->published, 5);
  RESULTS_EXPECT_CODE(GeneratePublishedResults(*s_, o), StatusCode::kFailedPrecondition);
  std::ifstream codes(o.codes_out);
  std::string code;
  int64_t total = 0;
  int n = 0;
  while (std::getline(codes, code)) {
    ++n;
    Json j = Parse(PublicResultsByCode(*s_, code, {20, 0}));
    EXPECT_GE(j["total"].get<int64_t>(), 1) << code;
    total += j["total"].get<int64_t>();
    EXPECT_EQ(j["items"][0]["entity_code"], code);
  }
  EXPECT_EQ(total, report->published);
  EXPECT_LT(n, report->published);  // some got a second result
}

}  // namespace
}  // namespace sunlit::app
