// sunlit: the one executable; dispatches to the subcommands.
#include <cstdio>
#include <cstring>
#include <string_view>

#include "cli/commands.h"

namespace {

constexpr char kUsage[] =
    "sunlit (阳光监管) — fair, verifiable market-supervision inspections\n"
    "\n"
    "usage: sunlit COMMAND [ARGS] [--db URL]\n"
    "\n"
    "  import KIND FILE   import entities|inspectors|items|units|regions|industries|holidays\n"
    "                     from CSV (UTF-8 or GBK) or XLSX; all rows valid or nothing written\n"
    "  export KIND        export entities|inspectors|items --format csv|xlsx [--out FILE]\n"
    "  gen KIND           synthetic entities|inspectors --count N --seed S --out FILE.csv\n"
    "  check uscc CODE... validate unified social credit codes (GB 32100 / GB 11714)\n"
    "  check workdays add DATE N | count FROM TO\n"
    "  demo               build the Xiangtan demo database and print a summary\n"
    "\n"
    "The database is --db URL, default sqlite:var/sunlit.db. Docs: README.md, docs/.\n";

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "help") == 0 ||
      std::strcmp(argv[1], "-h") == 0) {
    std::fputs(kUsage, argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  const std::string_view cmd = argv[1];
  if (cmd == "import") return sunlit::cli::RunImport(argc, argv);
  if (cmd == "export") return sunlit::cli::RunExport(argc, argv);
  if (cmd == "gen") return sunlit::cli::RunGen(argc, argv);
  if (cmd == "check") return sunlit::cli::RunCheck(argc, argv);
  if (cmd == "demo") return sunlit::cli::RunDemo(argc, argv);
  std::fprintf(stderr, "sunlit: unknown command \"%s\"\n\n%s", argv[1], kUsage);
  return 2;
}
