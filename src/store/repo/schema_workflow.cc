// Migration 5: plans, tasks, checks and their inspectors, industry checklists, declared
// conflicts of interest and assignments — owned by the workflow repository
// (workflow_repo.h). docs/workflow.md explains the states and what each step checks.
//
// Notes:
// - Entity and inspector codes carry no foreign key: the directories are re-imported in bulk
//   (store/sqlite drops the entities code index while loading an empty table), and a check
//   keeps what it was drawn and staffed with even if the directory row changes later; the
//   name, location and address of the entity at the draw are copied into the check.
// - JSON columns hold canonical JSON written by app/ (opaque to the store).
// - `version` columns implement optimistic concurrency: every update is
//   `… SET …, version = version + 1 WHERE id = ? AND version = ?`; 0 rows changed = conflict.
// - tasks.departments (JSON) and task_departments (rows) say the same thing: the JSON is what
//   a reader of one task needs, the rows are what "tasks visible to department X" queries.
// - Tasks of kind 'targeted' (complaints, reports, referrals: seed 004 §七) are never frozen
//   or drawn: draft → assigned → closed; their checks have origin 'targeted'.
#include "store/repo/schema.h"

namespace sunlit::store::repo {

extern const std::string_view kSchemaWorkflow = R"sql(
-- 抽查工作计划: a department's annual plan or a county's joint plan (seed 004). `body` is the
-- JSON list of planned tasks; due_date is the filing deadline (31 December of the year
-- before for a department, 31 January of the year for a county).
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
  filed_by TEXT NOT NULL DEFAULT '',
  published_at TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL DEFAULT 1,
  UNIQUE (kind, year, department_code, region)
) STRICT;
CREATE INDEX plans_year ON plans(year, kind);

-- 抽查任务. `number` is the task number, unique per bureau and year ("XT-2026-0003"), and is
-- also the draw id of its frozen pool (draw_pools.draw_id). JSON columns: departments (every
-- participating department, lead included, sorted), items (the pinned item versions), scope,
-- quotas (stratification, quotas, reserve), exclusions, team, options (cross-unit, workload
-- cap, materials, contact, checklist). cap_exempt: every item is of a category exempt from
-- the 一业一查 one-joint-check-a-year rule (so its checks do not count towards it).
CREATE TABLE tasks (
  id INTEGER PRIMARY KEY,
  number TEXT NOT NULL UNIQUE,
  bureau TEXT NOT NULL,
  year INTEGER NOT NULL,
  seq INTEGER NOT NULL CHECK (seq > 0),
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
  cap_exempt INTEGER NOT NULL DEFAULT 0,
  state TEXT NOT NULL CHECK (state IN ('draft', 'frozen', 'drawn', 'assigned', 'closed')),
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  frozen_at TEXT NOT NULL DEFAULT '',
  drawn_at TEXT NOT NULL DEFAULT '',
  assigned_at TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL DEFAULT 1,
  UNIQUE (bureau, year, seq)
) STRICT;
CREATE INDEX tasks_lead ON tasks(lead_department, year);
CREATE INDEX tasks_year_kind ON tasks(year, kind);

CREATE TABLE task_departments (
  task_id INTEGER NOT NULL REFERENCES tasks(id),
  department_code TEXT NOT NULL REFERENCES departments(code),
  role TEXT NOT NULL CHECK (role IN ('lead', 'partner')),
  PRIMARY KEY (task_id, department_code)
) STRICT;
CREATE INDEX task_departments_department ON task_departments(department_code, task_id);

-- One task's check of one entity (drawn, an alternate that replaced one, or targeted).
-- origin_ref: for 'alternate' the code of the entity it replaced; for 'targeted' the
-- complaint, report or referral it comes from (e.g. "TS-2026-0012"). stratum and rank: as
-- drawn ('' for targeted checks).
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
  entity_address TEXT NOT NULL DEFAULT '',
  stratum TEXT NOT NULL DEFAULT '',
  rank TEXT NOT NULL DEFAULT '',
  UNIQUE (task_id, entity_code)
) STRICT;
CREATE INDEX checks_entity ON checks(entity_code);
CREATE INDEX checks_state ON checks(state);

-- One run of the inspector matching for a task: the canonical input and result JSON (what
-- `sunlit verify assignment --task` re-checks) and their SHA-256 (hex), as logged.
CREATE TABLE assignments (
  id INTEGER PRIMARY KEY,
  task_id INTEGER NOT NULL REFERENCES tasks(id),
  seq INTEGER NOT NULL CHECK (seq > 0),
  input TEXT NOT NULL,
  result TEXT NOT NULL,
  input_hash TEXT NOT NULL,
  result_hash TEXT NOT NULL,
  seed TEXT NOT NULL,
  widening TEXT NOT NULL,
  checks INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  UNIQUE (task_id, seq)
) STRICT;

-- The inspectors of a check (team members), one row each: the current team. How it came to
-- be is in assignments (assignment_id) and assignment_swaps, and in the transparency log.
CREATE TABLE check_inspectors (
  check_id INTEGER NOT NULL REFERENCES checks(id),
  inspector_code TEXT NOT NULL,
  department_code TEXT NOT NULL,
  assigned_at TEXT NOT NULL,
  assignment_id INTEGER REFERENCES assignments(id),
  PRIMARY KEY (check_id, inspector_code)
) STRICT;
CREATE INDEX check_inspectors_inspector ON check_inspectors(inspector_code);

-- 一业一查 industry checklists, versioned: a new version only when the definition or the
-- merged entries change. entries: JSON list of {department, item, version, name, …}.
CREATE TABLE checklists (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version > 0),
  name TEXT NOT NULL,
  industry_prefixes TEXT NOT NULL,
  tags TEXT NOT NULL,
  entries TEXT NOT NULL,
  entries_hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  UNIQUE (code, version)
) STRICT;

-- Declared conflicts of interest (回避): the inspector is never assigned to the entity.
CREATE TABLE inspector_conflicts (
  inspector_code TEXT NOT NULL,
  entity_code TEXT NOT NULL,
  reason TEXT NOT NULL CHECK (reason <> ''),
  declared_at TEXT NOT NULL,
  declared_by TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (inspector_code, entity_code)
) STRICT;
CREATE INDEX inspector_conflicts_entity ON inspector_conflicts(entity_code);

-- Declared widening of a task's inspector pool (跨区域随机匹配, seed 004): to the
-- neighbouring counties' inspectors or to the city pool, with a reason.
CREATE TABLE assignment_widenings (
  id INTEGER PRIMARY KEY,
  task_id INTEGER NOT NULL REFERENCES tasks(id),
  scope TEXT NOT NULL CHECK (scope IN ('neighbour_county', 'city_pool')),
  regions TEXT NOT NULL,
  reason TEXT NOT NULL CHECK (reason <> ''),
  at TEXT NOT NULL,
  actor TEXT NOT NULL
) STRICT;
CREATE INDEX assignment_widenings_task ON assignment_widenings(task_id);

-- Manual changes of a team, each with its reason.
CREATE TABLE assignment_swaps (
  id INTEGER PRIMARY KEY,
  check_id INTEGER NOT NULL REFERENCES checks(id),
  removed_inspector TEXT NOT NULL,
  added_inspector TEXT NOT NULL,
  reason TEXT NOT NULL CHECK (reason <> ''),
  at TEXT NOT NULL,
  actor TEXT NOT NULL
) STRICT;
CREATE INDEX assignment_swaps_check ON assignment_swaps(check_id);
)sql";

}  // namespace sunlit::store::repo
