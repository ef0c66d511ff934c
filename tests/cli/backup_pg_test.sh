#!/usr/bin/env bash
# `sunlit migrate`, `backup` and `restore` on PostgreSQL through the real binary, on the
# server of the ctest fixture `pg` (SUNLIT_TEST_PG_URL_FILE): the demo installation (its
# 2026 year: tasks, draws, results, publications, the log) moved sqlite → postgresql, backed
# up there with pg_dump and restored into a fresh database, moved back postgresql → sqlite;
# after each step `sunlit verify log` and a draw re-computed from the exported pool by
# `sunlit draw verify`, and every table compared outside Sunlit (psql COPY, Python sqlite3).
# A password in the URL never reaches the output, the manifest or the process list. Also
# `sunlit demo` and `sunlit user` on PostgreSQL with --key-file (no SUNLIT_KEY_FILE).
source "$(dirname "$0")/lib.sh"
if [ -z "${SUNLIT_TEST_PG_URL_FILE:-}" ]; then echo "FAIL: needs SUNLIT_TEST_PG_URL_FILE"; exit 1; fi
unset SUNLIT_KEY_FILE SUNLIT_FILES_DIR
server=$(head -1 "$SUNLIT_TEST_PG_URL_FILE")
dbs=()
cleanup() {
  for d in "${dbs[@]}"; do psql -q "$server" -c "DROP DATABASE IF EXISTS $d WITH (FORCE)" >/dev/null 2>&1 || true; done
  psql -q "$server" -c "DROP ROLE IF EXISTS sunlit_pw_$$" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
# fresh NAME: a new empty database; prints its URL.
fresh() {
  local name="$1_$$"
  dbs+=("$name")
  PGOPTIONS='-c client_min_messages=warning' psql -q -v ON_ERROR_STOP=1 "$server" \
    -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" -c "CREATE DATABASE $name" >&2
}
url_of() { echo "${server%/*}/$1_$$"; }
# Every table of a PostgreSQL database as text, rows in a fixed order (schema_migrations
# aside: each database has its own).
pg_tables() {
  psql -tA "$1" -c "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations' ORDER BY 1"
}
pg_dump_rows() {
  local t
  for t in $(pg_tables "$1"); do
    echo "== $t"
    psql -tA "$1" -c "COPY (SELECT * FROM \"$t\" ORDER BY 1, 2) TO STDOUT"
  done
}
# Row-by-row comparison of every table of two SQLite files (as backup_test.sh).
sqlite_same() {
  python3 - "$1" "$2" <<'PY'
import sqlite3, sys
a, b = sqlite3.connect(sys.argv[1]), sqlite3.connect(sys.argv[2])
names = lambda db: sorted(r[0] for r in db.execute(
    "SELECT name FROM sqlite_schema WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations'"))
if names(a) != names(b): print("tables differ"); sys.exit()
for t in names(a):
    cols = [r[1] for r in a.execute("SELECT * FROM pragma_table_info(?)", (t,))]
    q = "SELECT %s FROM \"%s\" ORDER BY %s" % (",".join('"%s"' % c for c in cols), t, ",".join(str(i + 1) for i in range(len(cols))))
    if list(a.execute(q)) != list(b.execute(q)): print("table %s differs" % t); sys.exit()
print("same")
PY
}
# draw_verifies NAME URL: the demo's first draw re-computed from the database's exported pool.
draw_verifies() {
  rm -f "$WORK/pool.csv" "$WORK/record.json"
  expect_status "$1: export pool" 0 "$SUNLIT" draw export-pool XT-2026-0001 --db "$2" --key-file "$key" --out "$WORK/pool.csv"
  expect_status "$1: export record" 0 "$SUNLIT" draw export-record XT-2026-0001 --db "$2" --key-file "$key" --out "$WORK/record.json"
  expect_status "$1: the draw verifies" 0 "$SUNLIT" draw verify "$WORK/record.json" --pool "$WORK/pool.csv"
  expect_contains "$1: verified" "$WORK/out" "verified"
}

# The demo on SQLite, as a county runs it.
src="$WORK/county/sunlit.db"
key="$WORK/county/ledger-ed25519.key"
expect_status "demo (sqlite)" 0 "$SUNLIT" demo --db "sqlite:$src" --entities 3000 --today 2026-11-23
expect_status "demo log verifies" 0 "$SUNLIT" verify log --db "sqlite:$src"
root=$(grep -o 'root [0-9a-f]*' "$WORK/out")

# sqlite → postgresql.
fresh province
province=$(url_of province)
expect_status "migrate sqlite → postgresql" 0 "$SUNLIT" migrate --from "sqlite:$src" --to "$province"
expect_contains "migrate verified" out "verified: every table's row count and content hash equal the source's"
expect_status "postgresql log verifies" 0 "$SUNLIT" verify log --db "$province"
expect_eq "same log root" "$root" "$(grep -o 'root [0-9a-f]*' "$WORK/out")"
draw_verifies "on postgresql" "$province"
expect_eq "frozen pools refuse raw UPDATE after the copy" 1 \
  "$(psql -q "$province" -c "UPDATE draw_pools SET params = 'x'" >/dev/null 2>&1; echo $?)"
expect_status "migrate into a non-empty postgresql database" 1 "$SUNLIT" migrate --from "sqlite:$src" --to "$province"
expect_contains "names the refusal" err "the target database is not empty"

# Backup with pg_dump (through a role with a password), restore into a fresh database.
psql -q "$server" -c "CREATE ROLE sunlit_pw_$$ LOGIN SUPERUSER PASSWORD 'Pw-$$-secret'"
hostport=${server#*@}; hostport=${hostport%%/*}
with_pw="postgresql://sunlit_pw_$$:Pw-$$-secret@$hostport/province_$$"
# pg_dump and pg_restore as sunlit finds them first (PATH): wrappers that record their
# arguments and whether PGPASSWORD is set, then run the real ones.
mkdir -p "$WORK/bin"
for tool in pg_dump pg_restore; do
  real=$(command -v "$tool" || ls -d /usr/lib/postgresql/*/bin/"$tool" | sort -V | tail -1)
  printf '#!/bin/sh\necho "%s $* PGPASSWORD=${PGPASSWORD:+set}" >> "%s"\nexec "%s" "$@"\n' \
    "$tool" "$WORK/tools.log" "$real" > "$WORK/bin/$tool"
  chmod +x "$WORK/bin/$tool"
done
PATH="$WORK/bin:$PATH" expect_status "backup of postgresql" 0 "$SUNLIT" backup --db "$with_pw" --out "$WORK/p.sunlit-backup"
expect_contains "ran pg_dump" err "pg_dump of"
expect_eq "pg_dump ran once, the password in its environment" 1 "$(grep -c '^pg_dump .*PGPASSWORD=set$' "$WORK/tools.log")"
expect_eq "the password in no tool's arguments" 0 "$(grep -c "secret" "$WORK/tools.log" || true)"
expect_eq "nor in the output" 0 "$(cat "$WORK/out" "$WORK/err" | grep -c "secret" || true)"
expect_eq "nor in the manifest" 0 "$(sed -n 2p "$WORK/p.sunlit-backup" | grep -c "secret" || true)"
expect_eq "manifest: postgresql" 1 "$(sed -n 2p "$WORK/p.sunlit-backup" | grep -c '"backend":"postgresql"')"
expect_eq "backup file mode" 600 "$(stat -c %a "$WORK/p.sunlit-backup")"
fresh drill
drill=$(url_of drill)
PATH="$WORK/bin:$PATH" expect_status "restore into a fresh postgresql database" 0 "$SUNLIT" \
  restore "$WORK/p.sunlit-backup" --db "${with_pw%/*}/drill_$$"
expect_eq "pg_restore ran, the password in its environment" 1 "$(grep -c '^pg_restore .*PGPASSWORD=set$' "$WORK/tools.log")"
expect_eq "still no password in any tool's arguments" 0 "$(grep -c "secret" "$WORK/tools.log" || true)"
expect_eq "nor in restore's output" 0 "$(cat "$WORK/out" "$WORK/err" | grep -c "secret" || true)"
expect_contains "restore verified the log" out "(as in the backup)"
expect_contains "restore checked the tables" out "tables match the backup's row counts and content hashes"
expect_status "restored log verifies" 0 "$SUNLIT" verify log --db "$drill"
expect_eq "restored = backed up, every table (psql)" "$(pg_dump_rows "$province" | sha256sum)" \
  "$(pg_dump_rows "$drill" | sha256sum)"
draw_verifies "restored" "$drill"
expect_status "restore into it again" 1 "$SUNLIT" restore "$WORK/p.sunlit-backup" --db "${with_pw%/*}/drill_$$"
expect_contains "says --force" err "only with --force"
expect_eq "no password in the refusal" 0 "$(cat "$WORK/out" "$WORK/err" | grep -c "secret" || true)"
expect_status "backup of an unknown database" 1 "$SUNLIT" backup --db "${with_pw%/*}/nope_$$" --out "$WORK/n.b"
expect_eq "no password in that error" 0 "$(cat "$WORK/out" "$WORK/err" | grep -c "secret" || true)"
expect_status "a postgresql backup into sqlite" 1 "$SUNLIT" restore "$WORK/p.sunlit-backup" --db "sqlite:$WORK/x.db"
expect_contains "points to migrate" err "sunlit migrate"

# postgresql → sqlite: the county's database again, row for row.
expect_status "migrate postgresql → sqlite" 0 "$SUNLIT" migrate --from "$drill" --to "sqlite:$WORK/back/sunlit.db"
expect_contains "migrate back verified" out "verified: every table's row count and content hash"
expect_status "sqlite log verifies" 0 "$SUNLIT" verify log --db "sqlite:$WORK/back/sunlit.db"
expect_eq "same log root again" "$root" "$(grep -o 'root [0-9a-f]*' "$WORK/out")"
expect_eq "sqlite → postgresql → sqlite = the original, every table" same \
  "$(sqlite_same "$src" "$WORK/back/sunlit.db")"
draw_verifies "back on sqlite" "sqlite:$WORK/back/sunlit.db"

# demo and user on PostgreSQL take --key-file (no SUNLIT_KEY_FILE in the environment).
fresh demo
demo=$(url_of demo)
expect_status "demo on postgresql without a key" 2 "$SUNLIT" demo --db "$demo" --entities 500 --no-year
expect_contains "names --key-file" err "--key-file"
expect_status "demo on postgresql with --key-file" 0 "$SUNLIT" demo --db "$demo" --entities 500 \
  --no-year --key-file "$WORK/pg.key" --files-dir "$WORK/files"
expect_eq "the key file written" 1 "$([ -s "$WORK/pg.key" ] && echo 1 || echo 0)"
expect_status "user add without a key" 1 "$SUNLIT" user add --db "$demo" --username li.na \
  --department SCJG --role inspector
expect_contains "names --key-file" err "--key-file"
expect_status "user add with --key-file" 0 "$SUNLIT" user add --db "$demo" --username li.na \
  --department SCJG --role inspector --key-file "$WORK/pg.key" --files-dir "$WORK/files"
expect_contains "created" out "created user li.na"
expect_status "user list with --key-file" 0 "$SUNLIT" user list --db "$demo" --key-file "$WORK/pg.key" \
  --files-dir "$WORK/files"
expect_contains "listed" out "li.na"
expect_status "log key: the same key" 0 "$SUNLIT" log key --db "$demo" --key-file "$WORK/pg.key"
expect_eq "one key registered" 1 "$(psql -tA "$demo" -c 'SELECT COUNT(*) FROM ledger_keys')"
expect_status "demo's log verifies" 0 "$SUNLIT" verify log --db "$demo"
finish
