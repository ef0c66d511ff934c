// Migration 6: results, evidence, review and publication, credit lists, referrals — owned by
// the results repositories (results_repo.h, credit_repo.h, portal_repo.h). docs/results.md
// explains the states and deadlines.
//
// Notes:
// - The state of a check (assigned → entered ⇄ returned → reviewed → published) and its
//   optimistic-concurrency `version` live in checks (migration 5); the tables here hold what
//   each step recorded. Every state change is `UPDATE checks … WHERE id = ? AND version = ?`.
// - Result categories are versioned data: a result keeps the set version it was entered
//   under, so a later list never changes what an old result meant.
// - check_result_revisions and check_reviews are append-only history (尽职照单免责: what was
//   entered, by whom, when; every return opinion).
// - publications holds the published document as frozen JSON (public_json): the public
//   lookup by credit code is one index range read returning those bytes (docs/benchmarks.md).
// - Evidence bytes live outside the database in a directory named by SHA-256; the row holds
//   the metadata. The original file name is shown, never used as a path.
// - Dates are 'YYYY-MM-DD' (China), times UTC 'YYYY-MM-DDTHH:MM:SSZ'; '' = not (yet) set.
// - Partial unique indexes (supported by SQLite and PostgreSQL) keep one open credit entry
//   per entity, list and reason.
#include "store/repo/schema.h"

namespace sunlit::store::repo {

extern const std::string_view kSchemaResults = R"sql(
-- 抽查结果类别: each version of the category list, seeded by the app (national list v1).
CREATE TABLE result_category_sets (
  version INTEGER PRIMARY KEY CHECK (version > 0),
  name TEXT NOT NULL,
  source TEXT NOT NULL,
  effective_from TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE result_categories (
  set_version INTEGER NOT NULL REFERENCES result_category_sets(version),
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  parent_code TEXT NOT NULL,
  selectable INTEGER NOT NULL CHECK (selectable IN (0, 1)),
  problem INTEGER NOT NULL CHECK (problem IN (0, 1)),
  needs_follow_up INTEGER NOT NULL CHECK (needs_follow_up IN (0, 1)),
  credit_action TEXT NOT NULL CHECK (credit_action IN ('none', 'abnormal_list')),
  position INTEGER NOT NULL,
  PRIMARY KEY (set_version, code)
) STRICT;

-- 市场监管领域随机抽查情况记录表: the current result of one check.
CREATE TABLE check_results (
  check_id INTEGER PRIMARY KEY REFERENCES checks(id),
  checked_on TEXT NOT NULL,
  methods TEXT NOT NULL,
  category_set INTEGER NOT NULL,
  category_code TEXT NOT NULL,
  summary TEXT NOT NULL,
  follow_up TEXT NOT NULL CHECK (follow_up IN ('none', 'order_correction', 'case_filed',
                                               'referred', 'abnormal_list', 'other')),
  follow_up_note TEXT NOT NULL,
  closure TEXT NOT NULL CHECK (closure IN ('open', 'closed')),
  closed_on TEXT NOT NULL,
  closure_note TEXT NOT NULL,
  publish_due TEXT NOT NULL,
  revision INTEGER NOT NULL CHECK (revision > 0),
  content_sha256 TEXT NOT NULL,
  entered_by TEXT NOT NULL,
  entered_at TEXT NOT NULL,
  FOREIGN KEY (category_set, category_code) REFERENCES result_categories(set_version, code)
) STRICT;
CREATE INDEX check_results_due ON check_results(publish_due);

-- Per item (抽查事项): checked or not, problems found, action taken.
CREATE TABLE check_item_results (
  check_id INTEGER NOT NULL REFERENCES checks(id),
  position INTEGER NOT NULL,
  department_code TEXT NOT NULL,
  item_code TEXT NOT NULL,
  item_name TEXT NOT NULL,
  checked INTEGER NOT NULL CHECK (checked IN (0, 1)),
  problems TEXT NOT NULL,
  action TEXT NOT NULL,
  PRIMARY KEY (check_id, position),
  UNIQUE (check_id, department_code, item_code)
) STRICT;

-- Every revision as entered (canonical JSON), never changed.
CREATE TABLE check_result_revisions (
  check_id INTEGER NOT NULL REFERENCES checks(id),
  revision INTEGER NOT NULL,
  content TEXT NOT NULL,
  content_sha256 TEXT NOT NULL,
  entered_by TEXT NOT NULL,
  at TEXT NOT NULL,
  PRIMARY KEY (check_id, revision)
) STRICT;

-- Evidence (证据材料): metadata; the bytes are files/<sha256> next to the database.
CREATE TABLE evidence (
  id INTEGER PRIMARY KEY,
  check_id INTEGER NOT NULL REFERENCES checks(id),
  sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
  size INTEGER NOT NULL CHECK (size > 0),
  content_type TEXT NOT NULL,
  original_name TEXT NOT NULL,
  note TEXT NOT NULL,
  uploaded_by TEXT NOT NULL,
  uploaded_at TEXT NOT NULL,
  UNIQUE (check_id, sha256)
) STRICT;

-- 审核: approve or return (with an opinion), who and when; append-only.
CREATE TABLE check_reviews (
  id INTEGER PRIMARY KEY,
  check_id INTEGER NOT NULL REFERENCES checks(id),
  decision TEXT NOT NULL CHECK (decision IN ('approve', 'return')),
  opinion TEXT NOT NULL,
  revision INTEGER NOT NULL,
  reviewer TEXT NOT NULL,
  department_code TEXT NOT NULL,
  at TEXT NOT NULL
) STRICT;
CREATE INDEX check_reviews_check ON check_reviews(check_id);

-- 公示: one row per published check, with the published document.
CREATE TABLE publications (
  check_id INTEGER PRIMARY KEY REFERENCES checks(id),
  entity_code TEXT NOT NULL,
  entity_name TEXT NOT NULL,
  task_id INTEGER NOT NULL REFERENCES tasks(id),
  department_code TEXT NOT NULL,
  category_code TEXT NOT NULL,
  checked_on TEXT NOT NULL,
  due_on TEXT NOT NULL,
  published_on TEXT NOT NULL,
  published_at TEXT NOT NULL,
  published_by TEXT NOT NULL,
  on_time INTEGER NOT NULL CHECK (on_time IN (0, 1)),
  public_json TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX publications_entity ON publications(entity_code, published_at, check_id);
CREATE INDEX publications_name ON publications(entity_name, published_at, check_id);

-- 经营异常名录 / 严重违法失信名单: proposals, decisions, removals.
CREATE TABLE credit_entries (
  id INTEGER PRIMARY KEY,
  list TEXT NOT NULL CHECK (list IN ('abnormal', 'serious')),
  entity_code TEXT NOT NULL,
  entity_name TEXT NOT NULL,
  reason_code TEXT NOT NULL,
  reason TEXT NOT NULL,
  source_check_id INTEGER REFERENCES checks(id),
  source_entry_id INTEGER REFERENCES credit_entries(id),
  department_code TEXT NOT NULL REFERENCES departments(code),
  state TEXT NOT NULL CHECK (state IN ('proposed', 'listed', 'rejected', 'removed')),
  proposed_on TEXT NOT NULL,
  proposed_by TEXT NOT NULL,
  decision_due TEXT NOT NULL,
  decided_on TEXT NOT NULL DEFAULT '',
  decided_by TEXT NOT NULL DEFAULT '',
  decision_ref TEXT NOT NULL DEFAULT '',
  decision_note TEXT NOT NULL DEFAULT '',
  removed_on TEXT NOT NULL DEFAULT '',
  removed_by TEXT NOT NULL DEFAULT '',
  removal_reason TEXT NOT NULL DEFAULT '',
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX credit_entries_entity ON credit_entries(entity_code, list, state);
CREATE INDEX credit_entries_state ON credit_entries(list, state, decided_on);
CREATE UNIQUE INDEX credit_entries_open ON credit_entries(list, entity_code, reason_code)
  WHERE state IN ('proposed', 'listed');
CREATE UNIQUE INDEX credit_entries_escalated ON credit_entries(source_entry_id)
  WHERE source_entry_id IS NOT NULL;

-- 抄告/移送 to another department, with a feedback deadline and the feedback.
CREATE TABLE referrals (
  id INTEGER PRIMARY KEY,
  check_id INTEGER REFERENCES checks(id),
  entity_code TEXT NOT NULL,
  entity_name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('notify', 'transfer')),
  from_department TEXT NOT NULL REFERENCES departments(code),
  to_department TEXT NOT NULL REFERENCES departments(code),
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  sent_on TEXT NOT NULL,
  sent_at TEXT NOT NULL,
  sent_by TEXT NOT NULL,
  feedback_due TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('sent', 'answered')),
  feedback TEXT NOT NULL DEFAULT '',
  feedback_on TEXT NOT NULL DEFAULT '',
  feedback_by TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX referrals_to ON referrals(to_department, state);
CREATE INDEX referrals_from ON referrals(from_department, state);
)sql";

}  // namespace sunlit::store::repo
