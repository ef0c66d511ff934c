// Results repository: portable SQL for migration 6 and the check state it drives.
#include "store/repo/results_repo.h"

#include <utility>

namespace sunlit::store::repo {
namespace {

std::string JoinMethods(const std::vector<core::CheckMethod>& methods) {
  std::string out;
  for (const core::CheckMethod m : methods) {
    if (!out.empty()) out += ',';
    out += core::WireName(m);
  }
  return out;
}

Status Damaged(std::string detail) { return DataLoss("stored data is damaged", std::move(detail)); }

Result<std::vector<core::CheckMethod>> SplitMethods(std::string_view text) {
  std::vector<core::CheckMethod> out;
  while (!text.empty()) {
    const size_t comma = text.find(',');
    const std::string_view word = text.substr(0, comma);
    core::CheckMethod m;
    if (!core::ParseCheckMethod(word, &m)) return Damaged("unknown check method stored");
    out.push_back(m);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

constexpr std::string_view kCheckColumns =
    "c.id, c.task_id, t.number, t.title, t.kind, t.lead_department, t.confidential, "
    "t.window_start, t.window_end, t.year, c.entity_code, c.entity_name, c.region, "
    "c.unit_code, c.state, c.version, t.departments, t.items";

CheckView ReadCheck(const SqlRow& r) {
  CheckView v;
  v.id = r.Int(0);
  v.task_id = r.Int(1);
  v.task_number = r.String(2);
  v.task_title = r.String(3);
  v.task_kind = r.String(4);
  v.lead_department = r.String(5);
  v.confidential = r.Flag(6);
  v.window_start = r.String(7);
  v.window_end = r.String(8);
  v.task_year = static_cast<int32_t>(r.Int(9));
  v.entity_code = r.String(10);
  v.entity_name = r.String(11);
  v.region = static_cast<int32_t>(r.Int(12));
  v.unit_code = r.String(13);
  v.state = r.String(14);
  v.version = r.Int(15);
  v.task_departments = r.String(16);
  v.task_items = r.String(17);
  return v;
}

}  // namespace

// ---- checks ------------------------------------------------------------------------------

Result<std::optional<CheckView>> FindCheck(Sql& sql, int64_t check_id) {
  static const std::string kSql = "SELECT " + std::string(kCheckColumns) +
                                  " FROM checks c JOIN tasks t ON t.id = c.task_id WHERE c.id = ?";
  std::optional<CheckView> out;
  SUNLIT_RETURN_IF_ERROR(sql.Query(kSql, {check_id}, [&](const SqlRow& r) {
    out = ReadCheck(r);
    return false;
  }));
  return out;
}

Result<std::vector<CheckInspector>> CheckInspectors(Sql& sql, int64_t check_id) {
  std::vector<CheckInspector> out;
  SUNLIT_RETURN_IF_ERROR(
      sql.Query("SELECT inspector_code, department_code FROM check_inspectors WHERE check_id = ? "
                "ORDER BY inspector_code",
                {check_id}, [&](const SqlRow& r) {
                  out.push_back({r.String(0), r.String(1)});
                  return true;
                }));
  return out;
}

Result<int64_t> SetCheckState(Sql& sql, int64_t check_id, int64_t expected_version,
                              std::string_view state) {
  SUNLIT_ASSIGN_OR_RETURN(
      int64_t changed,
      sql.Exec("UPDATE checks SET state = ?, version = version + 1 WHERE id = ? AND version = ?",
               {state, check_id, expected_version}));
  if (changed == 0) {
    return Aborted("the check was changed by someone else; reload it and try again",
                   "check " + std::to_string(check_id) + " is no longer at version " +
                       std::to_string(expected_version));
  }
  return expected_version + 1;
}

Result<std::optional<ItemRef>> FindItem(Sql& sql, std::string_view department_code,
                                        std::string_view item_code) {
  std::optional<ItemRef> out;
  SUNLIT_RETURN_IF_ERROR(
      sql.Query("SELECT name, valid FROM items WHERE department_code = ? AND code = ?",
                {department_code, item_code}, [&](const SqlRow& r) {
                  out = ItemRef{r.String(0), r.Flag(1)};
                  return false;
                }));
  return out;
}

// ---- categories ----------------------------------------------------------------------------

Result<std::vector<int>> CategorySetVersions(Sql& sql) {
  std::vector<int> out;
  SUNLIT_RETURN_IF_ERROR(sql.Query("SELECT version FROM result_category_sets ORDER BY version", {},
                                   [&](const SqlRow& r) {
                                     out.push_back(static_cast<int>(r.Int(0)));
                                     return true;
                                   }));
  return out;
}

Status InsertCategorySet(Sql& sql, const core::ResultCategorySet& set,
                         std::string_view created_at) {
  const std::string from = set.effective_from.ToString();
  SUNLIT_RETURN_IF_ERROR(
      sql.Exec("INSERT INTO result_category_sets (version, name, source, effective_from, "
               "created_at) VALUES (?, ?, ?, ?, ?)",
               {int64_t{set.version}, set.name, set.source, from, created_at})
          .status());
  for (const core::ResultCategory& c : set.categories) {
    SUNLIT_RETURN_IF_ERROR(
        sql.Exec(
               "INSERT INTO result_categories (set_version, code, name, parent_code, "
               "selectable, problem, needs_follow_up, credit_action, position) "
               "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
               {int64_t{set.version}, c.code, c.name, c.parent, Bool(c.selectable), Bool(c.problem),
                Bool(c.needs_follow_up), core::WireName(c.credit), int64_t{c.position}})
            .status());
  }
  return Status::Ok();
}

Result<std::optional<core::ResultCategorySet>> LoadCategorySet(Sql& sql, int version) {
  std::optional<core::ResultCategorySet> set;
  Status bad;
  SUNLIT_RETURN_IF_ERROR(sql.Query(
      "SELECT version, name, source, effective_from FROM result_category_sets WHERE version = ?",
      {int64_t{version}}, [&](const SqlRow& r) {
        core::ResultCategorySet s;
        s.version = static_cast<int>(r.Int(0));
        s.name = r.String(1);
        s.source = r.String(2);
        Result<core::Date> from = core::Date::Parse(r.Text(3));
        if (!from.ok()) {
          bad = Damaged("category set effective_from");
          return false;
        }
        s.effective_from = *from;
        set = std::move(s);
        return false;
      }));
  SUNLIT_RETURN_IF_ERROR(bad);
  if (!set) return set;
  SUNLIT_RETURN_IF_ERROR(sql.Query(
      "SELECT code, name, parent_code, selectable, problem, needs_follow_up, credit_action, "
      "position FROM result_categories WHERE set_version = ? ORDER BY position, code",
      {int64_t{version}}, [&](const SqlRow& r) {
        core::ResultCategory c;
        c.code = r.String(0);
        c.name = r.String(1);
        c.parent = r.String(2);
        c.selectable = r.Flag(3);
        c.problem = r.Flag(4);
        c.needs_follow_up = r.Flag(5);
        if (!core::ParseCreditAction(r.Text(6), &c.credit)) {
          bad = Damaged("category credit_action");
          return false;
        }
        c.position = static_cast<int>(r.Int(7));
        set->categories.push_back(std::move(c));
        return true;
      }));
  SUNLIT_RETURN_IF_ERROR(bad);
  return set;
}

Result<std::optional<core::ResultCategorySet>> CategorySetOn(Sql& sql, core::Date day) {
  const std::string d = day.ToString();
  SUNLIT_ASSIGN_OR_RETURN(
      std::optional<int64_t> version,
      sql.QueryInt("SELECT max(version) FROM result_category_sets WHERE effective_from <= ?", {d}));
  if (!version) return std::optional<core::ResultCategorySet>();
  return LoadCategorySet(sql, static_cast<int>(*version));
}

// ---- results -------------------------------------------------------------------------------

Result<std::optional<StoredResult>> FindResult(Sql& sql, int64_t check_id) {
  std::optional<StoredResult> out;
  Status bad;
  SUNLIT_RETURN_IF_ERROR(sql.Query(
      "SELECT checked_on, methods, category_set, category_code, summary, follow_up, "
      "follow_up_note, closure, closed_on, closure_note, publish_due, revision, content_sha256, "
      "entered_by, entered_at FROM check_results WHERE check_id = ?",
      {check_id}, [&](const SqlRow& r) {
        StoredResult s;
        s.check_id = check_id;
        Result<core::Date> on = core::Date::Parse(r.Text(0));
        Result<std::vector<core::CheckMethod>> methods = SplitMethods(r.Text(1));
        if (!on.ok() || !methods.ok() || !core::ParseFollowUp(r.Text(5), &s.result.follow_up)) {
          bad = Damaged("check result " + std::to_string(check_id));
          return false;
        }
        s.result.checked_on = *on;
        s.result.methods = std::move(methods).value();
        s.result.category_set = static_cast<int>(r.Int(2));
        s.result.category_code = r.String(3);
        s.result.summary = r.String(4);
        s.result.follow_up_note = r.String(6);
        s.closed = r.Text(7) == "closed";
        s.closed_on = r.String(8);
        s.closure_note = r.String(9);
        s.publish_due = r.String(10);
        s.revision = r.Int(11);
        s.content_sha256 = r.String(12);
        s.entered_by = r.String(13);
        s.entered_at = r.String(14);
        out = std::move(s);
        return false;
      }));
  SUNLIT_RETURN_IF_ERROR(bad);
  if (!out) return out;
  SUNLIT_RETURN_IF_ERROR(
      sql.Query("SELECT department_code, item_code, item_name, checked, problems, action "
                "FROM check_item_results WHERE check_id = ? ORDER BY position",
                {check_id}, [&](const SqlRow& r) {
                  out->result.items.push_back(
                      {r.String(0), r.String(1), r.String(2), r.Flag(3), r.String(4), r.String(5)});
                  return true;
                }));
  return out;
}

Status SaveResult(Sql& sql, const StoredResult& r, std::string_view content) {
  const core::CheckResult& x = r.result;
  const std::string checked_on = x.checked_on.ToString();
  const std::string methods = JoinMethods(x.methods);
  const std::string_view closure = r.closed ? "closed" : "open";
  SUNLIT_RETURN_IF_ERROR(
      sql.Exec("INSERT INTO check_result_revisions (check_id, revision, content, content_sha256, "
               "entered_by, at) VALUES (?, ?, ?, ?, ?, ?)",
               {r.check_id, r.revision, content, r.content_sha256, r.entered_by, r.entered_at})
          .status());
  SUNLIT_RETURN_IF_ERROR(
      sql.Exec("DELETE FROM check_item_results WHERE check_id = ?", {r.check_id}).status());
  SUNLIT_RETURN_IF_ERROR(
      sql.Exec("DELETE FROM check_results WHERE check_id = ?", {r.check_id}).status());
  SUNLIT_RETURN_IF_ERROR(
      sql.Exec(
             "INSERT INTO check_results (check_id, checked_on, methods, category_set, "
             "category_code, summary, follow_up, follow_up_note, closure, closed_on, "
             "closure_note, publish_due, revision, content_sha256, entered_by, entered_at) "
             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
             {r.check_id, checked_on, methods, int64_t{x.category_set}, x.category_code, x.summary,
              core::WireName(x.follow_up), x.follow_up_note, closure, r.closed_on, r.closure_note,
              r.publish_due, r.revision, r.content_sha256, r.entered_by, r.entered_at})
          .status());
  int64_t position = 0;
  for (const core::ItemResult& it : x.items) {
    SUNLIT_RETURN_IF_ERROR(
        sql.Exec("INSERT INTO check_item_results (check_id, position, department_code, "
                 "item_code, item_name, checked, problems, action) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                 {r.check_id, position++, it.department_code, it.item_code, it.item_name,
                  Bool(it.checked), it.problems, it.action})
            .status());
  }
  return Status::Ok();
}

Status SetClosure(Sql& sql, int64_t check_id, bool closed, std::string_view closed_on,
                  std::string_view note) {
  const std::string_view closure = closed ? "closed" : "open";
  SUNLIT_ASSIGN_OR_RETURN(
      int64_t n, sql.Exec("UPDATE check_results SET closure = ?, closed_on = ?, closure_note = ? "
                          "WHERE check_id = ?",
                          {closure, closed_on, note, check_id}));
  if (n == 0) return NotFound("the check has no result");
  return Status::Ok();
}

// ---- evidence ------------------------------------------------------------------------------

namespace {

constexpr std::string_view kEvidenceColumns =
    "id, check_id, sha256, size, content_type, original_name, note, uploaded_by, uploaded_at";

EvidenceRow ReadEvidence(const SqlRow& r) {
  return {r.Int(0),    r.Int(1),    r.String(2), r.Int(3),   r.String(4),
          r.String(5), r.String(6), r.String(7), r.String(8)};
}

}  // namespace

Result<int64_t> InsertEvidence(Sql& sql, const EvidenceRow& e) {
  return sql.InsertReturningId(
      "INSERT INTO evidence (check_id, sha256, size, content_type, original_name, note, "
      "uploaded_by, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {e.check_id, e.sha256, e.size, e.content_type, e.original_name, e.note, e.uploaded_by,
       e.uploaded_at});
}

Result<std::optional<EvidenceRow>> FindEvidence(Sql& sql, int64_t id) {
  static const std::string kSql =
      "SELECT " + std::string(kEvidenceColumns) + " FROM evidence WHERE id = ?";
  std::optional<EvidenceRow> out;
  SUNLIT_RETURN_IF_ERROR(sql.Query(kSql, {id}, [&](const SqlRow& r) {
    out = ReadEvidence(r);
    return false;
  }));
  return out;
}

Result<std::vector<EvidenceRow>> ListEvidence(Sql& sql, int64_t check_id) {
  static const std::string kSql =
      "SELECT " + std::string(kEvidenceColumns) + " FROM evidence WHERE check_id = ? ORDER BY id";
  std::vector<EvidenceRow> out;
  SUNLIT_RETURN_IF_ERROR(sql.Query(kSql, {check_id}, [&](const SqlRow& r) {
    out.push_back(ReadEvidence(r));
    return true;
  }));
  return out;
}

// ---- reviews -------------------------------------------------------------------------------

Result<int64_t> InsertReview(Sql& sql, const ReviewRow& row) {
  const std::string_view decision = row.approve ? "approve" : "return";
  return sql.InsertReturningId(
      "INSERT INTO check_reviews (check_id, decision, opinion, revision, reviewer, "
      "department_code, at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {row.check_id, decision, row.opinion, row.revision, row.reviewer, row.department_code,
       row.at});
}

Result<std::vector<ReviewRow>> ListReviews(Sql& sql, int64_t check_id) {
  std::vector<ReviewRow> out;
  SUNLIT_RETURN_IF_ERROR(
      sql.Query("SELECT id, decision, opinion, revision, reviewer, department_code, at "
                "FROM check_reviews WHERE check_id = ? ORDER BY id",
                {check_id}, [&](const SqlRow& r) {
                  ReviewRow v;
                  v.id = r.Int(0);
                  v.check_id = check_id;
                  v.approve = r.Text(1) == "approve";
                  v.opinion = r.String(2);
                  v.revision = r.Int(3);
                  v.reviewer = r.String(4);
                  v.department_code = r.String(5);
                  v.at = r.String(6);
                  out.push_back(std::move(v));
                  return true;
                }));
  return out;
}

// ---- publications --------------------------------------------------------------------------

Status InsertPublication(Sql& sql, const PublicationRow& p) {
  return sql
      .Exec(
          "INSERT INTO publications (check_id, entity_code, entity_name, task_id, "
          "department_code, category_code, checked_on, due_on, published_on, published_at, "
          "published_by, on_time, public_json, updated_at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          {p.check_id, p.entity_code, p.entity_name, p.task_id, p.department_code, p.category_code,
           p.checked_on, p.due_on, p.published_on, p.published_at, p.published_by, Bool(p.on_time),
           p.public_json, p.published_at})
      .status();
}

Result<std::optional<PublicationRow>> FindPublication(Sql& sql, int64_t check_id) {
  std::optional<PublicationRow> out;
  SUNLIT_RETURN_IF_ERROR(sql.Query(
      "SELECT entity_code, entity_name, task_id, department_code, category_code, checked_on, "
      "due_on, published_on, published_at, published_by, on_time, public_json "
      "FROM publications WHERE check_id = ?",
      {check_id}, [&](const SqlRow& r) {
        PublicationRow p;
        p.check_id = check_id;
        p.entity_code = r.String(0);
        p.entity_name = r.String(1);
        p.task_id = r.Int(2);
        p.department_code = r.String(3);
        p.category_code = r.String(4);
        p.checked_on = r.String(5);
        p.due_on = r.String(6);
        p.published_on = r.String(7);
        p.published_at = r.String(8);
        p.published_by = r.String(9);
        p.on_time = r.Flag(10);
        p.public_json = r.String(11);
        out = std::move(p);
        return false;
      }));
  return out;
}

Status UpdatePublicationDocument(Sql& sql, int64_t check_id, std::string_view public_json,
                                 std::string_view updated_at) {
  SUNLIT_ASSIGN_OR_RETURN(
      int64_t n,
      sql.Exec("UPDATE publications SET public_json = ?, updated_at = ? WHERE check_id = ?",
               {public_json, updated_at, check_id}));
  if (n == 0) return NotFound("the check is not published");
  return Status::Ok();
}

Result<std::vector<UnpublishedResult>> UnpublishedResults(Sql& sql, std::string_view department) {
  std::vector<UnpublishedResult> out;
  auto read = [&](const SqlRow& r) {
    out.push_back({r.Int(0), r.Int(1), r.String(2), r.String(3), r.String(4), r.String(5),
                   r.String(6), r.String(7), r.String(8)});
    return true;
  };
  if (department.empty()) {
    SUNLIT_RETURN_IF_ERROR(sql.Query(
        "SELECT c.id, c.task_id, t.number, t.lead_department, c.entity_code, c.entity_name, "
        "c.state, r.checked_on, r.publish_due FROM check_results r "
        "JOIN checks c ON c.id = r.check_id JOIN tasks t ON t.id = c.task_id "
        "WHERE c.state IN ('entered', 'returned', 'reviewed') ORDER BY r.publish_due, c.id",
        {}, read));
  } else {
    SUNLIT_RETURN_IF_ERROR(sql.Query(
        "SELECT c.id, c.task_id, t.number, t.lead_department, c.entity_code, c.entity_name, "
        "c.state, r.checked_on, r.publish_due FROM check_results r "
        "JOIN checks c ON c.id = r.check_id JOIN tasks t ON t.id = c.task_id "
        "WHERE c.state IN ('entered', 'returned', 'reviewed') AND (t.lead_department = ? OR "
        "EXISTS (SELECT 1 FROM check_inspectors ci WHERE ci.check_id = c.id AND "
        "ci.department_code = ?)) ORDER BY r.publish_due, c.id",
        {department, department}, read));
  }
  return out;
}

Result<std::vector<int64_t>> ReviewedChecksOfTask(Sql& sql, int64_t task_id) {
  std::vector<int64_t> out;
  SUNLIT_RETURN_IF_ERROR(
      sql.Query("SELECT id FROM checks WHERE task_id = ? AND state = 'reviewed' ORDER BY id",
                {task_id}, [&](const SqlRow& r) {
                  out.push_back(r.Int(0));
                  return true;
                }));
  return out;
}

}  // namespace sunlit::store::repo
