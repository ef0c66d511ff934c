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
    "  demo               the Xiangtan demo: directory, logins, its 2026 [--summary] [--logins] "
    "[--no-year]\n"
    "  serve              the platform: JSON API, web UI [--listen HOST:PORT] [--web DIR]\n"
    "  user add|passwd|disable|enable|roles|list|token   users, roles and API tokens\n"
    "  draw pool POOL.csv                      root, size and strata of a pool\n"
    "  draw commit                             a fresh secret and its commitment\n"
    "  draw run --pool POOL.csv --draw-id ID --quota L:count:N|L:bp:B ... --reserve R\n"
    "           --source \"N N N\" ... --secret HEX --out RECORD.json   draw protocol v1\n"
    "  draw verify RECORD.json --pool POOL.csv re-compute a draw; 'verified' or the mismatch\n"
    "  draw rfc3797 --pool-size P --count K --source \"N N N\" ...   RFC 3797 selection\n"
    "  draw freeze|randomness|exec|alternate|redraw|show|export-pool|export-record …\n"
    "                     the draw of a task in the database (docs/draw.md)\n"
    "  assign --input INPUT.json --out RESULT.json   match inspectors to drawn entities\n"
    "  verify assignment --input INPUT.json --result RESULT.json   'verified' or the mismatch\n"
    "  verify assignment --task NUMBER [--db URL]   every stored run of a task, from the database\n"
    "  verify log         check the whole transparency log and its signed checkpoints\n"
    "  verify proof FILE  check an inclusion proof of one event [--key PUBLIC_KEY_HEX]\n"
    "  log show           events as JSON lines [--from N] [--limit N]\n"
    "  log key            the log's public key to publish [--key-file PATH]\n"
    "  log proof --event SEQ   inclusion proof of one event as JSON [--out FILE]\n"
    "  backup --out FILE  a consistent backup of the database, with a manifest (docs/operations.md)\n"
    "  restore FILE --db URL   restore a backup into an empty database [--force], verify it\n"
    "  migrate --from URL --to URL   copy a whole installation to another database, verify it\n"
    "\n"
    "The database is --db URL, default sqlite:var/sunlit.db. On a server database (PostgreSQL)\n"
    "serve, demo, user, draw and log take the log's signing key with --key-file PATH (or\n"
    "SUNLIT_KEY_FILE). Docs: README.md, docs/.\n";

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
  if (cmd == "draw") return sunlit::cli::RunDraw(argc, argv);
  if (cmd == "verify") return sunlit::cli::RunVerify(argc, argv);
  if (cmd == "log") return sunlit::cli::RunLog(argc, argv);
  if (cmd == "serve") return sunlit::cli::RunServe(argc, argv);
  if (cmd == "user") return sunlit::cli::RunUser(argc, argv);
  if (cmd == "assign") return sunlit::cli::RunAssign(argc, argv);
  if (cmd == "backup") return sunlit::cli::RunBackup(argc, argv);
  if (cmd == "restore") return sunlit::cli::RunRestore(argc, argv);
  if (cmd == "migrate") return sunlit::cli::RunMigrate(argc, argv);
  std::fprintf(stderr, "sunlit: unknown command \"%s\"\n\n%s", argv[1], kUsage);
  return 2;
}
