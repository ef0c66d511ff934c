// Notices: gather the check, its task, its team and the directory's names; render escaped HTML.
#include "app/notices.h"

#include "app/reference.h"
#include "app/task_internal.h"
#include "store/repo/workflow_repo.h"

namespace sunlit::app {

std::string HtmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

Result<Notice> BuildNotice(Services& s, const Caller& caller, std::string_view number,
                           std::string_view entity_code) {
  const core::Date today = internal::Today(*s.clock);
  SUNLIT_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, s.store->BeginRead());
  internal::Reach reach = internal::Reach::kNone;
  SUNLIT_ASSIGN_OR_RETURN(Task task, internal::LoadReadable(*tx, caller, number, &reach));
  SUNLIT_ASSIGN_OR_RETURN(std::optional<store::CheckRow> check,
                          store::FindCheck(tx->sql(), task.id, entity_code));
  const Status unknown =
      NotFound(std::string(entity_code) + " is not checked in task " + task.number);
  if (!check.has_value()) return unknown;
  SUNLIT_ASSIGN_OR_RETURN(std::vector<store::CheckInspectorRow> team,
                          store::CheckInspectors(tx->sql(), check->id));
  bool on_team = false;
  for (const store::CheckInspectorRow& m : team) {
    on_team =
        on_team || (!caller.inspector_code.empty() && m.inspector_code == caller.inspector_code);
  }
  const bool may =
      on_team || (reach == internal::Reach::kFull && internal::MaySeeList(caller, task, today));
  if (!may) return unknown;
  if (check->state == "cancelled") {
    return FailedPrecondition("the check of " + check->entity_code + " was cancelled (" +
                              check->cancel_reason + ")");
  }
  if (team.empty()) {
    return FailedPrecondition("the check of " + check->entity_code + " has no inspectors yet");
  }
  SUNLIT_ASSIGN_OR_RETURN(ReferenceData ref, LoadReferenceData(*tx));
  const auto department_name = [&](const std::string& code) {
    auto it = ref.departments.find(code);
    return it == ref.departments.end() ? code : it->second.name;
  };
  Notice n;
  n.task_number = task.number;
  n.task_title = task.draft.title;
  n.issuer = department_name(task.draft.lead_department);
  n.entity_code = check->entity_code;
  n.entity_name = check->entity_name;
  n.entity_address = check->entity_address;
  for (const TaskItem& i : task.draft.items) {
    n.items.push_back({department_name(i.department_code), i.name, i.legal_basis, i.method});
  }
  for (const store::CheckInspectorRow& m : team) {
    SUNLIT_ASSIGN_OR_RETURN(std::optional<core::Inspector> who,
                            tx->FindInspector(m.inspector_code));
    NoticeInspector ni;
    ni.department_name = department_name(m.department_code);
    if (who.has_value()) {
      ni.name = who->name;
      ni.certificate_no = who->certificate_no;
    } else {
      ni.name = m.inspector_code;
    }
    n.inspectors.push_back(std::move(ni));
  }
  n.window_start = task.draft.window_start.ToString();
  n.window_end = task.draft.window_end.ToString();
  n.materials = task.draft.materials;
  n.contact = task.draft.contact;
  n.issued_on = today.ToString();
  n.drawn = check->origin != "targeted";
  return n;
}

std::string RenderNoticeHtml(const Notice& n) {
  const auto e = [](std::string_view t) { return HtmlEscape(t); };
  std::string h;
  h += "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n";
  h += "<title>检查通知书 " + e(n.task_number) + " " + e(n.entity_name) + "</title>\n";
  h += "<style>\n"
       "@page { size: A4; margin: 20mm; }\n"
       "body { font-family: \"SimSun\", \"Songti SC\", serif; font-size: 12pt; "
       "line-height: 1.7; max-width: 170mm; margin: 0 auto; }\n"
       "h1 { text-align: center; font-size: 20pt; letter-spacing: 0.3em; margin-bottom: 0; }\n"
       ".no { text-align: center; margin-top: 0; }\n"
       "table { border-collapse: collapse; width: 100%; margin: 0.5em 0; }\n"
       "th, td { border: 1px solid #000; padding: 2pt 4pt; vertical-align: top; }\n"
       ".sign { text-align: right; margin-top: 2em; }\n"
       "@media print { .noprint { display: none; } }\n"
       "</style>\n</head>\n<body>\n";
  h += "<h1>检查通知书</h1>\n<p class=\"no\">" + e(n.task_number) + "</p>\n";
  h += "<p>" + e(n.entity_name) + "（统一社会信用代码：" + e(n.entity_code) + "）：</p>\n";
  h += "<p>根据" + e(n.task_title) + "安排，";
  h += n.drawn ? "你单位经公开随机抽取被确定为检查对象。" : "现依法对你单位实施检查。";
  h += "我们将于 " + e(n.window_start) + " 至 " + e(n.window_end) +
       " 期间对你单位开展检查，请予以配合。</p>\n";
  if (!n.entity_address.empty()) h += "<p>检查地点：" + e(n.entity_address) + "</p>\n";
  h += "<h2>检查事项</h2>\n<table>\n<tr><th>序号</th><th>检查部门</th><th>检查事项</th>"
       "<th>检查依据</th><th>检查方式</th></tr>\n";
  for (size_t i = 0; i < n.items.size(); ++i) {
    const NoticeItem& it = n.items[i];
    h += "<tr><td>" + std::to_string(i + 1) + "</td><td>" + e(it.department_name) + "</td><td>" +
         e(it.name) + "</td><td>" + e(it.legal_basis) + "</td><td>" + e(it.method) + "</td></tr>\n";
  }
  h += "</table>\n<h2>执法检查人员</h2>\n<table>\n<tr><th>姓名</th><th>单位</th>"
       "<th>执法证号</th></tr>\n";
  for (const NoticeInspector& m : n.inspectors) {
    h += "<tr><td>" + e(m.name) + "</td><td>" + e(m.department_name) + "</td><td>" +
         e(m.certificate_no) + "</td></tr>\n";
  }
  h += "</"
       "table>\n<p>"
       "执法人员将主动出示执法证件；执法人员少于两人或者未出示执法证件的，你单位有权拒绝检查。"
       "如认为执法人员与你单位有利害关系，可以申请回避。</p>\n";
  if (!n.materials.empty()) {
    h += "<h2>请准备以下材料</h2>\n<ol>\n";
    for (const std::string& m : n.materials) h += "<li>" + e(m) + "</li>\n";
    h += "</ol>\n";
  }
  if (!n.contact.name.empty() || !n.contact.phone.empty() || !n.contact.address.empty()) {
    h += "<p>联系人：" + e(n.contact.name) + "　联系电话：" + e(n.contact.phone);
    if (!n.contact.address.empty()) h += "　地址：" + e(n.contact.address);
    h += "</p>\n";
  }
  if (n.drawn) {
    h += "<p>本次抽取过程及结果可在“阳光监管”平台按任务编号 " + e(n.task_number) +
         " 公开核验。</p>\n";
  }
  h += "<p class=\"sign\">" + e(n.issuer) + "<br>" + e(n.issued_on) + "</p>\n";
  h += "</body>\n</html>\n";
  return h;
}

}  // namespace sunlit::app
