// Migration 5: plans, tasks, checks and their inspectors — owned by the workflow
// repository (workflow_repo.h). docs/workflow.md explains the states.
//
// Notes:
// - Entity and inspector codes carry no foreign key: the directories are re-imported in bulk
//   (store/sqlite drops the entities code index while loading an empty table), and a check
//   keeps what it was drawn and staffed with even if the directory row changes later; the
//   name and location of the entity at the draw are copied into the check.
// - JSON columns hold canonical JSON written by app/ (opaque to the store).
// - `version` columns implement optimistic concurrency: every update is
//   `… SET …, version = version + 1 WHERE id = ? AND version = ?`; 0 rows changed = conflict.
#include "store/repo/schema.h"

namespace sunlit::store::repo {

extern const std::string_view kSchemaWorkflow = R"sql(
-- 抽查工作计划: a department's annual plan or a county's joint plan (seed 004).
CREATE TABLE plans (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('department_annual', 'county_joint')),
  year INTEGER NOT NULL,
  department_code TEXT NOT NULL REFERENCES departments(code),
  region INTEGER NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  due_date TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('draft', 'filed', 'published')),
  filed_at TEXT NOT NULL DEFAULT '',
  published_at TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  UNIQUE (kind, year, department_code, region)
) STRICT;

-- 抽查任务. `number` is the task number, unique per bureau and year, and is also the draw id
-- of its frozen pool (draw_pools.draw_id).
CREATE TABLE tasks (
  id INTEGER PRIMARY KEY,
  number TEXT NOT NULL UNIQUE,
  bureau TEXT NOT NULL,
  year INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  plan_id INTEGER REFERENCES plans(id),
  title TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('random', 'joint_industry', 'targeted')),
  lead_department TEXT NOT NULL REFERENCES departments(code),
  departments TEXT NOT NULL,
  items TEXT NOT NULL,
  scope TEXT NOT NULL,
  quotas TEXT NOT NULL,
  exclusions TEXT NOT NULL,
  team TEXT NOT NULL,
  options TEXT NOT NULL,
  window_start TEXT NOT NULL,
  window_end TEXT NOT NULL,
  confidential INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('draft', 'frozen', 'drawn', 'assigned', 'closed')),
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  UNIQUE (bureau, year, seq)
) STRICT;
CREATE INDEX tasks_lead ON tasks(lead_department, year);

-- One task's check of one entity (drawn, an alternate that replaced one, or targeted).
CREATE TABLE checks (
  id INTEGER PRIMARY KEY,
  task_id INTEGER NOT NULL REFERENCES tasks(id),
  entity_code TEXT NOT NULL,
  entity_name TEXT NOT NULL,
  region INTEGER NOT NULL,
  unit_code TEXT NOT NULL,
  origin TEXT NOT NULL CHECK (origin IN ('drawn', 'alternate', 'targeted')),
  origin_ref TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL CHECK (state IN ('pending', 'assigned', 'entered', 'returned',
                                       'reviewed', 'published', 'cancelled')),
  cancel_reason TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  UNIQUE (task_id, entity_code)
) STRICT;
CREATE INDEX checks_entity ON checks(entity_code);
CREATE INDEX checks_state ON checks(state);

-- The inspectors of a check (team members), one row each.
CREATE TABLE check_inspectors (
  check_id INTEGER NOT NULL REFERENCES checks(id),
  inspector_code TEXT NOT NULL,
  department_code TEXT NOT NULL,
  assigned_at TEXT NOT NULL,
  PRIMARY KEY (check_id, inspector_code)
) STRICT;
CREATE INDEX check_inspectors_inspector ON check_inspectors(inspector_code);
)sql";

}  // namespace sunlit::store::repo
