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

}  // namespace sunlit::cli

#endif  // SUNLIT_CLI_COMMANDS_H_
