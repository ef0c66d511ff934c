// Notices: everything printed is escaped; who may get one; what it says.
#include "app/notices.h"

#include "app/workflow_test_support.h"
#include "store/repo/workflow_repo.h"

namespace sunlit::app::testing {
namespace {

TEST(NoticeHtmlTest, EscapesEveryFieldFromData) {
  Notice n;
  n.task_number = "XT-2026-0001";
  n.task_title = "<b>任务</b>";
  n.issuer = "湘潭市市场监督管理局";
  n.entity_code = "91430302MA4L000000";
  n.entity_name = "<script>alert('x')</script>某某公司";
  n.entity_address = "雨湖区 \"人民路\" 1号 & 2号";
  n.items = {{"市场监管局", "企业公示<信息>", "《条例》'第六条'", "书面检查"}};
  n.inspectors = {{"张三<img src=x onerror=alert(1)>", "市场监管局", "4303022024<0001>"}};
  n.window_start = "2026-03-01";
  n.window_end = "2026-04-30";
  n.materials = {"营业执照</li><li>伪造"};
  n.contact = {"王科长", "0731-\"55550000\"", "<a href=javascript:x>"};
  n.issued_on = "2026-02-01";
  const std::string html = RenderNoticeHtml(n);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_EQ(html.find("<b>"), std::string::npos);
  EXPECT_EQ(html.find("<a href"), std::string::npos);
  EXPECT_EQ(html.find("</li><li>伪造"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;某某公司"),
            std::string::npos);
  EXPECT_NE(html.find("&quot;人民路&quot; 1号 &amp; 2号"), std::string::npos);
  EXPECT_NE(html.find("4303022024&lt;0001&gt;"), std::string::npos);
  EXPECT_NE(html.find("经公开随机抽取"), std::string::npos);
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_EQ(HtmlEscape("a&b<c>d\"e'f"), "a&amp;b&lt;c&gt;d&quot;e&#39;f");
  n.drawn = false;
  EXPECT_EQ(RenderNoticeHtml(n).find("经公开随机抽取"), std::string::npos);
}

class NoticesTest : public WorkflowTest {
 protected:
  int64_t EntityCount() const override { return 600; }

  // Staffs every check of the task with two given inspectors (the assignment step's job).
  void Staff(const std::string& number, const std::string& a, const std::string& b) {
    auto tx = s().store->Begin();
    ASSERT_TRUE(tx.ok());
    auto task = store::FindTask((*tx)->sql(), number);
    ASSERT_TRUE(task.ok() && task->has_value());
    auto checks = store::TaskChecks((*tx)->sql(), (*task)->id);
    ASSERT_TRUE(checks.ok());
    std::vector<store::CheckInspectorRow> rows;
    for (const store::CheckRow& c : *checks) {
      rows.push_back({c.id, a, "SCJG", "2026-01-12T00:00:00Z", 0});
      rows.push_back({c.id, b, "XFJY", "2026-01-12T00:00:00Z", 0});
    }
    WF_ASSERT_OK(store::InsertCheckInspectors((*tx)->sql(), rows));
    WF_ASSERT_OK((*tx)->Commit());
  }
};

TEST_F(NoticesTest, TheTeamAndTheDepartmentsGetTheNoticeOthersDoNot) {
  const Caller lead = Lead();
  auto t = CreateTask(s(), lead, RandomDraft());
  WF_ASSERT_OK(t);
  auto drawn = FreezeAndDraw(t->number, lead);
  WF_ASSERT_OK(drawn);
  auto checks = ListChecks(s(), lead, t->number);
  WF_ASSERT_OK(checks);
  ASSERT_FALSE(checks->checks.empty());
  const Check& first = checks->checks.front();
  WF_EXPECT_ERROR(BuildNotice(s(), lead, t->number, first.entity_code),
                  StatusCode::kFailedPrecondition, "no inspectors");
  Staff(t->number, "SCJG-0001", "XFJY-0001");

  auto notice = BuildNotice(s(), lead, t->number, first.entity_code);
  WF_ASSERT_OK(notice);
  EXPECT_EQ(notice->entity_name, first.entity_name);
  EXPECT_EQ(notice->issuer, "湘潭市市场监督管理局");
  ASSERT_EQ(notice->inspectors.size(), 2u);
  EXPECT_FALSE(notice->inspectors[0].certificate_no.empty());
  EXPECT_EQ(notice->items.size(), 3u);
  EXPECT_EQ(notice->materials, RandomDraft().materials);
  EXPECT_EQ(notice->window_start, "2026-03-01");
  const std::string html = RenderNoticeHtml(*notice);
  EXPECT_NE(html.find(HtmlEscape(notice->inspectors[0].certificate_no)), std::string::npos);
  EXPECT_NE(html.find("单位消防安全职责履行情况检查"), std::string::npos);

  const Caller on_team =
      StaffOf("XFJY", {perm::kTaskRead, perm::kCheckEnter}, Scope::kOwn, "XFJY-0001");
  WF_EXPECT_OK(BuildNotice(s(), on_team, t->number, first.entity_code));
  const Caller not_on_team =
      StaffOf("XFJY", {perm::kTaskRead, perm::kCheckEnter}, Scope::kOwn, "XFJY-0002");
  WF_EXPECT_ERROR(BuildNotice(s(), not_on_team, t->number, first.entity_code),
                  StatusCode::kNotFound, "");
  const Caller outsider = StaffOf("WSJK", {perm::kTaskRead});
  WF_EXPECT_ERROR(BuildNotice(s(), outsider, t->number, first.entity_code), StatusCode::kNotFound,
                  "");
  WF_EXPECT_ERROR(BuildNotice(s(), lead, t->number, "91430302MA4L000000"), StatusCode::kNotFound,
                  "not checked");
  // An inspector lists only the checks they are on.
  auto mine = ListChecks(s(), on_team, t->number);
  WF_ASSERT_OK(mine);
  EXPECT_TRUE(mine->listed);
  EXPECT_EQ(mine->checks.size(), checks->checks.size());
  auto none = ListChecks(s(), not_on_team, t->number);
  WF_EXPECT_ERROR(none, StatusCode::kNotFound, "");
}

TEST_F(NoticesTest, AConfidentialTasksNoticeWaitsForTheWindowExceptForItsOrganisers) {
  const Caller lead = Lead();
  TaskDraft d = RandomDraft();
  d.confidential = true;
  auto t = CreateTask(s(), lead, d);
  WF_ASSERT_OK(t);
  WF_ASSERT_OK(FreezeAndDraw(t->number, lead));
  Staff(t->number, "SCJG-0001", "XFJY-0001");
  auto checks = ListChecks(s(), lead, t->number);
  WF_ASSERT_OK(checks);
  const std::string code = checks->checks.front().entity_code;
  const Caller partner = StaffOf("XFJY", {perm::kTaskRead});
  WF_EXPECT_ERROR(BuildNotice(s(), partner, t->number, code), StatusCode::kNotFound, "");
  WF_EXPECT_OK(BuildNotice(s(), lead, t->number, code));
  clock_.Set("2026-03-01T01:00:00Z");
  WF_EXPECT_OK(BuildNotice(s(), partner, t->number, code));
}

}  // namespace
}  // namespace sunlit::app::testing
