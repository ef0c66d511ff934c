// The workflow schema: portable migrations 4 and later, shared by every backend.
//
// Migrations 1–3 (directory, ledger, draws) are written per backend in
// store/sqlite/migrations.cc. From 4 on the tables belong to the portable repositories of
// store/repo/ and are written in the common SQL subset of store/sql.h; the only
// SQLite-specific word allowed is the STRICT table option, which a PostgreSQL backend drops.
// `INTEGER PRIMARY KEY` is the row id (BIGSERIAL on PostgreSQL). A released migration is
// never edited: changes go into a new one.
#ifndef SUNLIT_STORE_REPO_SCHEMA_H_
#define SUNLIT_STORE_REPO_SCHEMA_H_

#include <string_view>

namespace sunlit::store::repo {

// 4: users, roles (data, not code paths), sessions, API tokens (schema_access.cc).
extern const std::string_view kSchemaAccess;
// 5: plans, tasks, checks and their inspectors, assignments (schema_workflow.cc).
extern const std::string_view kSchemaWorkflow;
// 6: results, evidence, review and publication, credit lists, referrals (schema_results.cc).
extern const std::string_view kSchemaResults;
// 7: indexes for the console's directory search (schema_directory.cc).
extern const std::string_view kSchemaDirectorySearch;

}  // namespace sunlit::store::repo

#endif  // SUNLIT_STORE_REPO_SCHEMA_H_
