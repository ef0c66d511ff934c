// The subcommands of `sunlit`; each returns the process exit status.
#ifndef SUNLIT_CLI_COMMANDS_H_
#define SUNLIT_CLI_COMMANDS_H_

namespace sunlit::cli {

// argv[0] is "sunlit", argv[1] the subcommand.
int RunImport(int argc, char** argv);
int RunExport(int argc, char** argv);
int RunGen(int argc, char** argv);
int RunCheck(int argc, char** argv);
int RunDemo(int argc, char** argv);
// `draw pool|commit|run|verify|rfc3797` (files only); other draw subcommands go to RunDrawDb.
int RunDraw(int argc, char** argv);
// The database-backed draw: freeze, randomness, exec, alternate, redraw, show, export-*.
int RunDrawDb(int argc, char** argv);
// `verify log|proof` and `log show|key|proof`: the transparency log (cmd_ledger.cc).
int RunVerify(int argc, char** argv);
int RunLog(int argc, char** argv);
// `serve`: the web platform (cmd_serve.cc); `user …`: user administration (cmd_user.cc).
int RunServe(int argc, char** argv);
int RunUser(int argc, char** argv);
// `assign` and `verify assignment`: the inspector assignment on JSON files (cmd_assign.cc).
int RunAssign(int argc, char** argv);
int RunVerifyAssignment(int argc, char** argv);
// `backup`, `restore`, `migrate`: whole-database operations (cmd_backup.cc, ops/).
int RunBackup(int argc, char** argv);
int RunRestore(int argc, char** argv);
int RunMigrate(int argc, char** argv);

}  // namespace sunlit::cli

#endif  // SUNLIT_CLI_COMMANDS_H_
