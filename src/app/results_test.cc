// Result entry against a real SQLite store and ledger: only assigned inspectors, the version
// check (HTTP 409), auto-closure for 无需后续处置, revisions, deadlines across holidays and
// into a year without a calendar, evidence (hash, limits, content sniffing, path safety),
// text stored verbatim.
#include "app/results.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "app/results_fixture.h"
#include "app/results_internal.h"
#include "draw/sha256.h"
#include "store/repo/results_repo.h"

namespace sunlit::app {
namespace {

using testing::ResultsFixture;

core::Date D(std::string_view text) { return *core::Date::Parse(text); }

core::CheckResult NoProblem(std::string_view on = "2026-09-28") {
  core::CheckResult r;
  r.checked_on = D(on);
  r.methods = {core::CheckMethod::kOnSite, core::CheckMethod::kDocuments};
  r.category_code = "no_problem";
  r.summary = "现场检查，营业执照悬挂规范。";
  r.items = {{"SCJG", "SCJG-001", "", true, "", ""}, {"SCJG", "SCJG-002", "", true, "", ""}};
  return r;
}

core::CheckResult Unreachable(std::string_view on = "2026-09-28") {
  core::CheckResult r = NoProblem(on);
  r.methods = {core::CheckMethod::kOnSite};
  r.category_code = "unreachable";
  r.follow_up = core::FollowUp::kAbnormalList;
  r.follow_up_note = "拟列入经营异常名录";
  r.items[0].problems = "登记住所无该企业经营，电话无人接听";
  return r;
}

class ResultsTest : public ResultsFixture {
 protected:
  void SetUp() override {
    ResultsFixture::SetUp();
    task_ = AddTask("XT-2026-0001", "SCJG", false, "2026-09-01", "2026-11-30");
    check_ = AddCheck(task_, 1, {{"I-001", "SCJG"}, {"I-002", "SCJG"}});
  }

  Result<ResultView> Enter(const Caller& c, core::CheckResult r, int64_t version = 1) {
    EnterResultRequest req;
    req.check_id = check_;
    req.version = version;
    req.result = std::move(r);
    return EnterResult(*s_, c, req);
  }

  int64_t task_ = 0;
  int64_t check_ = 0;
};

TEST_F(ResultsTest, AnAssignedInspectorEntersAndTheResultClosesItself) {
  auto v = Enter(inspector_a_, NoProblem());
  RESULTS_ASSERT_OK(v);
  EXPECT_EQ(v->state, "entered");
  EXPECT_EQ(v->version, 2);
  EXPECT_TRUE(v->has_result);
  EXPECT_EQ(v->result.category_set, 1);
  EXPECT_EQ(v->category_name, "未发现问题");
  EXPECT_EQ(v->result.items[0].item_name, "营业执照（登记证）规范使用情况的检查");  // filled in
  // 无需后续处置: closed on the day of the check.
  EXPECT_TRUE(v->closed);
  EXPECT_EQ(v->closed_on, "2026-09-28");
  // 20 working days across the National Day holiday.
  EXPECT_EQ(v->publish_due, "2026-10-30");
  ASSERT_TRUE(v->deadline.has_value());
  EXPECT_EQ(v->deadline->working_days_left, 20);
  EXPECT_EQ(v->revision, 1);
  EXPECT_EQ(v->entered_by, "insp_a");
  EXPECT_EQ(v->content_sha256,
            internal::Sha256Hex(internal::CanonicalResultJson(check_, v->result)));
  EXPECT_EQ(LedgerKinds(), std::vector<std::string>{"result_entered"});
  auto events = ledger::Ledger::Events(*s_->store, 0, 1);
  RESULTS_ASSERT_OK(events);
  EXPECT_NE((*events)[0].event.body.find(v->content_sha256), std::string::npos);
  EXPECT_EQ((*events)[0].event.subject, "XT-2026-0001");
  EXPECT_TRUE(ledger::Ledger::Verify(*s_->store).ok());
}

TEST_F(ResultsTest, OnlyAssignedInspectorsEnter) {
  RESULTS_EXPECT_CODE(Enter(inspector_x_, NoProblem()), StatusCode::kPermissionDenied);
  RESULTS_EXPECT_CODE(Enter(reviewer_, NoProblem()), StatusCode::kPermissionDenied);
  RESULTS_EXPECT_CODE(Enter(Caller::Anonymous(), NoProblem()), StatusCode::kUnauthenticated);
  // An inspector code alone is not enough: the permission is needed too.
  Caller no_perm = inspector_a_;
  no_perm.scopes.clear();
  RESULTS_EXPECT_CODE(Enter(no_perm, NoProblem()), StatusCode::kPermissionDenied);
  // Even the widest scope does not make someone a team member.
  RESULTS_EXPECT_CODE(Enter(Caller::System(), NoProblem()), StatusCode::kPermissionDenied);
  EXPECT_TRUE(LedgerKinds().empty());
  // Same department, not on the team: refused (403); another department: not revealed (404).
  RESULTS_EXPECT_CODE(GetResult(*s_, inspector_x_, check_), StatusCode::kPermissionDenied);
  RESULTS_EXPECT_CODE(GetResult(*s_, education_, check_), StatusCode::kNotFound);
  RESULTS_ASSERT_OK(GetResult(*s_, inspector_a_, check_));
  RESULTS_ASSERT_OK(GetResult(*s_, reviewer_, check_));
  RESULTS_EXPECT_CODE(GetResult(*s_, reviewer_, 999), StatusCode::kNotFound);
}

TEST_F(ResultsTest, ConcurrentEditsAreDetectedNeverOverwritten) {
  // A and B both opened version 1.
  auto a = Enter(inspector_a_, NoProblem(), 1);
  RESULTS_ASSERT_OK(a);
  core::CheckResult theirs = NoProblem();
  theirs.summary = "B 的记录";
  auto b = Enter(inspector_b_, theirs, 1);
  RESULTS_EXPECT_CODE(b, StatusCode::kAborted);
  auto now = GetResult(*s_, inspector_b_, check_);
  RESULTS_ASSERT_OK(now);
  EXPECT_EQ(now->result.summary, NoProblem().summary);  // A's entry stands
  // B reloads and enters on top of version 2: revision 2, both kept.
  auto b2 = Enter(inspector_b_, theirs, now->version);
  RESULTS_ASSERT_OK(b2);
  EXPECT_EQ(b2->revision, 2);
  EXPECT_EQ(b2->result.summary, "B 的记录");
  auto tx = s_->store->BeginRead();
  RESULTS_ASSERT_OK(tx);
  auto n = (*tx)->sql().QueryInt("SELECT count(*) FROM check_result_revisions WHERE check_id = ?",
                                 {check_});
  RESULTS_ASSERT_OK(n);
  EXPECT_EQ(n->value_or(0), 2);
  // The version check also guards the UPDATE itself (a race between read and write).
  auto wtx = s_->store->Begin();
  RESULTS_ASSERT_OK(wtx);
  RESULTS_EXPECT_CODE(store::repo::SetCheckState((*wtx)->sql(), check_, 1, "entered"),
                      StatusCode::kAborted);
}

TEST_F(ResultsTest, SimultaneousEntriesFromOneVersionLetExactlyOneWin) {
  // Two inspectors press "save" at the same moment, both from version 1, many times over.
  for (int round = 0; round < 10; ++round) {
    const int64_t check = AddCheck(task_, 100 + round, {{"I-001", "SCJG"}, {"I-002", "SCJG"}});
    std::atomic<int> ok{0};
    std::atomic<int> aborted{0};
    auto enter = [&](const Caller& who, std::string summary) {
      EnterResultRequest req;
      req.check_id = check;
      req.version = 1;
      req.result = NoProblem();
      req.result.summary = std::move(summary);
      auto v = EnterResult(*s_, who, req);
      if (v.ok()) {
        ++ok;
      } else if (v.status().code() == StatusCode::kAborted) {
        ++aborted;
      }
    };
    std::thread a(enter, inspector_a_, "A");
    std::thread b(enter, inspector_b_, "B");
    a.join();
    b.join();
    EXPECT_EQ(ok.load(), 1) << round;
    EXPECT_EQ(aborted.load(), 1) << round;
    auto v = GetResult(*s_, reviewer_, check);
    RESULTS_ASSERT_OK(v);
    EXPECT_EQ(v->revision, 1);
    EXPECT_EQ(v->version, 2);
  }
}

TEST_F(ResultsTest, StatesThatAllowNoEntry) {
  const int64_t pending = AddCheck(task_, 2, {{"I-001", "SCJG"}}, "pending");
  EnterResultRequest req;
  req.check_id = pending;
  req.version = 1;
  req.result = NoProblem();
  auto r = EnterResult(*s_, inspector_a_, req);
  RESULTS_EXPECT_CODE(r, StatusCode::kFailedPrecondition);
  EXPECT_NE(r.status().message().find("no inspectors assigned"), std::string::npos);
  for (const char* state : {"reviewed", "published", "cancelled"}) {
    const int64_t id = AddCheck(task_,
                                state[0] == 'r'   ? 3
                                : state[0] == 'p' ? 4
                                                  : 5,
                                {{"I-001", "SCJG"}}, state);
    req.check_id = id;
    RESULTS_EXPECT_CODE(EnterResult(*s_, inspector_a_, req), StatusCode::kFailedPrecondition);
  }
  req.check_id = 12345;
  RESULTS_EXPECT_CODE(EnterResult(*s_, inspector_a_, req), StatusCode::kNotFound);
}

TEST_F(ResultsTest, RefusesBadRecords) {
  struct Case {
    const char* what;
    core::CheckResult r;
    const char* message;
  };
  std::vector<Case> cases;
  cases.push_back({"future", NoProblem("2026-09-29"), "in the future"});
  cases.push_back({"before the period", NoProblem("2026-08-31"), "starts on 2026-09-01"});
  core::CheckResult unknown_item = NoProblem();
  unknown_item.items[1].item_code = "SCJG-999";
  cases.push_back({"unknown item", unknown_item, "has no item SCJG-999"});
  core::CheckResult other_dept = NoProblem();
  other_dept.items[1].department_code = "JY";
  cases.push_back({"item of another list", other_dept, "JY has no item"});
  core::CheckResult bad_category = NoProblem();
  bad_category.category_code = "excellent";
  cases.push_back({"unknown category", bad_category, "unknown result category"});
  core::CheckResult bad_set = NoProblem();
  bad_set.category_set = 7;
  cases.push_back({"unknown set", bad_set, "no such category list"});
  core::CheckResult needs = Unreachable();
  needs.follow_up = core::FollowUp::kNone;
  cases.push_back({"needs follow-up", needs, "needs a follow-up measure"});
  for (const Case& c : cases) {
    auto v = Enter(inspector_a_, c.r);
    RESULTS_EXPECT_CODE(v, StatusCode::kInvalidArgument);
    EXPECT_NE(v.status().message().find(c.message), std::string::npos)
        << c.what << ": " << v.status().message();
  }
  EXPECT_TRUE(LedgerKinds().empty());
}

TEST_F(ResultsTest, APinnedItemListIsFollowedExactly) {
  const int64_t task = AddTask(
      "XT-2026-0003", "SCJG", false, "2026-09-01", "2026-11-30", "assigned", R"(["JY","SCJG"])",
      R"([{"department":"SCJG","code":"SCJG-001","version":1,"name":"执照（固定于任务时的名称）"},)"
      R"({"department":"XF","code":"XF-001","version":1,"name":"消防安全"}])");
  const int64_t check = AddCheck(task, 7, {{"I-001", "SCJG"}});
  EnterResultRequest req;
  req.check_id = check;
  req.version = 1;
  req.result = NoProblem();  // SCJG-001 and SCJG-002
  auto v = EnterResult(*s_, inspector_a_, req);
  RESULTS_EXPECT_CODE(v, StatusCode::kInvalidArgument);
  EXPECT_NE(v.status().message().find("the task has no item SCJG-002"), std::string::npos)
      << v.status().message();
  req.result.items.pop_back();
  v = EnterResult(*s_, inspector_a_, req);
  RESULTS_EXPECT_CODE(v, StatusCode::kInvalidArgument);
  EXPECT_NE(v.status().message().find("XF-001 of XF is missing"), std::string::npos)
      << v.status().message();
  req.result.items.push_back({"XF", "XF-001", "", false, "", ""});  // not checked: entered so
  v = EnterResult(*s_, inspector_a_, req);
  RESULTS_ASSERT_OK(v);
  EXPECT_EQ(v->result.items[0].item_name, "执照（固定于任务时的名称）");
  EXPECT_FALSE(v->result.items[1].checked);
  // JY is a partner department of the task: its reviewers take part.
  EXPECT_EQ(v->departments, (std::vector<std::string>{"JY", "SCJG"}));
  RESULTS_ASSERT_OK(GetResult(*s_, other_reviewer_, check));
  RESULTS_EXPECT_CODE(GetResult(*s_, other_reviewer_, check_), StatusCode::kNotFound);
}

TEST_F(ResultsTest, HtmlAndSqlAreStoredVerbatim) {
  core::CheckResult r = Unreachable();
  r.summary = "<script>alert('x')</script>\"; DROP TABLE checks; --";
  r.items[0].problems = "<img src=x onerror=alert(1)> ' OR 1=1 --";
  r.follow_up_note = "& &amp; <b>";
  auto v = Enter(inspector_a_, r);
  RESULTS_ASSERT_OK(v);
  auto back = GetResult(*s_, reviewer_, check_);
  RESULTS_ASSERT_OK(back);
  EXPECT_EQ(back->result.summary, r.summary);
  EXPECT_EQ(back->result.items[0].problems, r.items[0].problems);
  EXPECT_EQ(back->result.follow_up_note, r.follow_up_note);
  auto tx = s_->store->BeginRead();
  RESULTS_ASSERT_OK(tx);
  RESULTS_ASSERT_OK((*tx)->sql().QueryInt("SELECT count(*) FROM checks"));
  // The HTML-safe JSON writer escapes what a browser would interpret, and nothing else.
  EXPECT_EQ(internal::JsonString("<b>&'\"\n"), "\"\\u003cb\\u003e\\u0026'\\\"\\n\"");
}

TEST_F(ResultsTest, FollowUpStaysOpenUntilClosed) {
  auto v = Enter(inspector_a_, Unreachable());
  RESULTS_ASSERT_OK(v);
  EXPECT_FALSE(v->closed);
  CloseFollowUpRequest close;
  close.check_id = check_;
  close.version = v->version;
  close.closed_on = D("2026-09-29");
  close.note = "已列入经营异常名录";
  RESULTS_EXPECT_CODE(CloseFollowUp(*s_, inspector_a_, close), StatusCode::kInvalidArgument);
  clock_.SetDay("2026-10-09");
  RESULTS_EXPECT_CODE(CloseFollowUp(*s_, inspector_x_, close), StatusCode::kPermissionDenied);
  RESULTS_EXPECT_CODE(CloseFollowUp(*s_, other_reviewer_, close), StatusCode::kNotFound);
  close.note = " ";
  RESULTS_EXPECT_CODE(CloseFollowUp(*s_, inspector_a_, close), StatusCode::kInvalidArgument);
  close.note = "已列入经营异常名录";
  close.closed_on = D("2026-09-27");
  RESULTS_EXPECT_CODE(CloseFollowUp(*s_, inspector_a_, close), StatusCode::kInvalidArgument);
  close.closed_on = D("2026-09-29");
  auto closed = CloseFollowUp(*s_, inspector_a_, close);
  RESULTS_ASSERT_OK(closed);
  EXPECT_TRUE(closed->closed);
  EXPECT_EQ(closed->closed_on, "2026-09-29");
  EXPECT_EQ(closed->version, v->version + 1);
  close.version = closed->version;
  RESULTS_EXPECT_CODE(CloseFollowUp(*s_, reviewer_, close), StatusCode::kFailedPrecondition);
  close.version = v->version;  // stale
  RESULTS_EXPECT_CODE(CloseFollowUp(*s_, reviewer_, close), StatusCode::kAborted);
  EXPECT_EQ(LedgerKinds(), (std::vector<std::string>{"result_entered", "follow_up_closed"}));
}

TEST_F(ResultsTest, ADeadlineIntoAYearWithoutCalendarIsRefusedNotGuessed) {
  clock_.SetDay("2026-12-16");
  const int64_t task = AddTask("XT-2026-0002", "SCJG", false, "2026-12-01", "2026-12-31");
  const int64_t check = AddCheck(task, 6, {{"I-001", "SCJG"}});
  EnterResultRequest req;
  req.check_id = check;
  req.version = 1;
  req.result = NoProblem("2026-12-15");
  auto v = EnterResult(*s_, inspector_a_, req);
  RESULTS_EXPECT_CODE(v, StatusCode::kOutOfRange);
  EXPECT_NE(v.status().message().find("2027"), std::string::npos) << v.status().message();
  // Nothing was written.
  auto again = GetResult(*s_, inspector_a_, check);
  RESULTS_ASSERT_OK(again);
  EXPECT_FALSE(again->has_result);
  EXPECT_EQ(again->state, "assigned");
}

TEST_F(ResultsTest, ReadingAResultWhoseDeadlineCannotBeAssessedSaysWhy) {
  RESULTS_ASSERT_OK(Enter(inspector_a_, NoProblem()));
  clock_.SetDay("2027-01-05");  // no 2027 calendar
  auto v = GetResult(*s_, reviewer_, check_);
  RESULTS_ASSERT_OK(v);
  EXPECT_FALSE(v->deadline.has_value());
  EXPECT_NE(v->deadline_error.find("2027"), std::string::npos) << v->deadline_error;
}

// ---- evidence -----------------------------------------------------------------------------

std::string Png(std::string_view tail) {
  return std::string("\x89PNG\r\n\x1A\n", 8) + std::string(tail);
}

TEST_F(ResultsTest, EvidenceIsStoredByItsHash) {
  AddEvidenceRequest req;
  req.check_id = check_;
  req.content_type = "image/png";
  req.original_name = "../../../etc/passwd<script>.png";
  req.note = "营业执照照片";
  const std::string bytes = Png("photo-1");
  req.bytes = bytes;
  auto e = AddEvidence(*s_, inspector_a_, req);
  RESULTS_ASSERT_OK(e);
  const std::string sha = draw::ToHex(draw::Sha256Of(bytes));
  EXPECT_EQ(e->sha256, sha);
  EXPECT_EQ(e->size, static_cast<int64_t>(bytes.size()));
  EXPECT_EQ(e->original_name, req.original_name);  // verbatim, only shown
  // The file is named by its hash under the files directory, nowhere else.
  const std::string path = dir_ + "/files/" + sha.substr(0, 2) + "/" + sha;
  ASSERT_TRUE(std::filesystem::exists(path));
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/etc"));
  EXPECT_FALSE(std::filesystem::exists("/tmp/etc/passwd<script>.png"));
  auto f = GetEvidence(*s_, reviewer_, e->id);
  RESULTS_ASSERT_OK(f);
  EXPECT_EQ(f->bytes, bytes);
  EXPECT_EQ(f->info.original_name, req.original_name);
  RESULTS_EXPECT_CODE(GetEvidence(*s_, education_, e->id), StatusCode::kNotFound);
  RESULTS_EXPECT_CODE(GetEvidence(*s_, reviewer_, e->id + 100), StatusCode::kNotFound);
  // The same bytes twice on one check.
  RESULTS_EXPECT_CODE(AddEvidence(*s_, inspector_b_, req), StatusCode::kAlreadyExists);
  // A damaged file is reported, not served.
  { std::ofstream(path, std::ios::binary | std::ios::trunc) << "tampered"; }
  RESULTS_EXPECT_CODE(GetEvidence(*s_, reviewer_, e->id), StatusCode::kDataLoss);
  auto v = GetResult(*s_, reviewer_, check_);
  RESULTS_ASSERT_OK(v);
  ASSERT_EQ(v->evidence.size(), 1u);
  EXPECT_EQ(LedgerKinds(), std::vector<std::string>{"evidence_added"});
}

TEST_F(ResultsTest, EvidenceLimits) {
  struct Case {
    const char* what;
    std::string type;
    std::string bytes;
    StatusCode code;
    const char* message;
  };
  const std::vector<Case> cases = {
      {"empty", "image/png", "", StatusCode::kInvalidArgument, "empty"},
      {"too large", "application/pdf", "%PDF-" + std::string(kMaxEvidenceBytes, 'x'),
       StatusCode::kResourceExhausted, "larger than 20 MiB"},  // core::TooLarge: 413
      {"type not allowed", "text/html", "<html>", StatusCode::kInvalidArgument, "accepted are"},
      {"executable", "application/x-sharedlib",
       "\x7F"
       "ELF",
       StatusCode::kInvalidArgument, "accepted are"},
      {"type does not match", "image/jpeg", Png("x"), StatusCode::kInvalidArgument,
       "not image/jpeg"},
      {"HTML as PDF", "application/pdf", "<script>", StatusCode::kInvalidArgument,
       "not application/pdf"},
  };
  for (const Case& c : cases) {
    AddEvidenceRequest req;
    req.check_id = check_;
    req.content_type = c.type;
    req.bytes = c.bytes;
    auto e = AddEvidence(*s_, inspector_a_, req);
    RESULTS_EXPECT_CODE(e, c.code);
    EXPECT_NE(e.status().message().find(c.message), std::string::npos)
        << c.what << ": " << e.status().message();
  }
  AddEvidenceRequest req;
  req.check_id = check_;
  req.content_type = "image/jpeg";
  const std::string jpeg = "\xFF\xD8\xFF\xE0 jpeg";
  req.bytes = jpeg;
  req.original_name = std::string(256, 'a');
  RESULTS_EXPECT_CODE(AddEvidence(*s_, inspector_a_, req), StatusCode::kInvalidArgument);
  req.original_name = "a\x01.jpg";
  RESULTS_EXPECT_CODE(AddEvidence(*s_, inspector_a_, req), StatusCode::kInvalidArgument);
  req.original_name = "现场.jpg";
  RESULTS_EXPECT_CODE(AddEvidence(*s_, inspector_x_, req), StatusCode::kPermissionDenied);
  RESULTS_ASSERT_OK(AddEvidence(*s_, inspector_a_, req));
  // At most 50 files a check.
  for (int i = 1; i < kMaxEvidencePerCheck; ++i) {
    const std::string b = Png(std::to_string(i));
    req.bytes = b;
    req.content_type = "image/png";
    RESULTS_ASSERT_OK(AddEvidence(*s_, inspector_a_, req));
  }
  const std::string one_more = Png("one more");
  req.bytes = one_more;
  RESULTS_EXPECT_CODE(AddEvidence(*s_, inspector_a_, req), StatusCode::kFailedPrecondition);
}

TEST(FileStoreTest, NamesAreHashesOnly) {
  MemoryFileStore m;
  auto name = m.Put("abc");
  ASSERT_TRUE(name.ok());
  EXPECT_EQ(*name, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(*m.Get(*name), "abc");
  for (const char* bad :
       {"../../etc/passwd", "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD", "",
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a/"}) {
    EXPECT_EQ(m.Get(bad).status().code(), StatusCode::kInvalidArgument) << bad;
  }
  m.Corrupt(*name, "abd");
  EXPECT_EQ(m.Get(*name).status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(*DefaultFilesDir("sqlite:var/sunlit.db"), "var/files");
  EXPECT_EQ(DefaultFilesDir("postgresql://x/y").status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace sunlit::app
