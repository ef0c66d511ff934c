#!/usr/bin/env bash
# Crash points through the real binary (docs/robustness.md): `sunlit import`, `draw freeze` and
# `draw exec` run with SUNLIT_CRASH_AT naming a moment inside their transaction and die there
# of SIGKILL (exit status 137); afterwards nothing of the step is visible, the transparency
# log verifies, and the step run again succeeds — the draw with one record that anyone can
# verify against the exported pool, logged once.
# The database: SUNLIT_TEST_DB_URL (an empty database); else, when SUNLIT_TEST_PG_URL_FILE
# names a server (ctest: cli_crash_points_pg), a fresh PostgreSQL database on it; else a new
# SQLite file.
source "$(dirname "$0")/lib.sh"
if [ -n "${SUNLIT_TEST_DB_URL:-}" ]; then
  db=$SUNLIT_TEST_DB_URL
elif [ -n "${SUNLIT_TEST_PG_URL_FILE:-}" ]; then
  fresh_pg_db sunlit_crash_points
  db=$PG_DB
else
  db=sqlite:$WORK/crash.db
fi
key="$WORK/ledger.key"
# A server database has no directory of ours: every command signs with this key.
case $db in postgres*) export SUNLIT_KEY_FILE="$key" SUNLIT_FILES_DIR="$WORK/files" ;; esac
echo "database: ${db%%:*}"
id=XT-2026-0001

# killed NAME POINT CMD...: CMD dies at crash point POINT.
killed() {
  local name=$1 point=$2; shift 2
  set +e; SUNLIT_CRASH_AT="$point" "$@" >"$WORK/out" 2>"$WORK/err"; local got=$?; set -e
  expect_eq "$name: killed at $point" "137" "$got"
  expect_contains "$name: says where" "$WORK/err" "crash point ${point%%#*} reached"
}
log_ok() { expect_status "$1: the log verifies" 0 "$SUNLIT" verify log --db "$db"; }
entities() {
  "$SUNLIT" export entities --format csv --out "$WORK/e.csv" --db "$db" >/dev/null
  echo $(($(wc -l < "$WORK/e.csv") - 1))
}

"$SUNLIT" gen entities --count 20000 --seed 3 --region 4303 --out big.csv --today 2026-11-23
killed "import" import.after_chunk#2 "$SUNLIT" import entities big.csv --db "$db" --today 2026-11-23 --quiet
expect_eq "import killed after two chunks: no entity" 0 "$(entities)"
killed "import" import.before_commit "$SUNLIT" import entities big.csv --db "$db" --today 2026-11-23 --quiet
expect_eq "import killed before its commit: no entity" 0 "$(entities)"
log_ok "import"
expect_status "import again" 0 "$SUNLIT" import entities big.csv --db "$db" --today 2026-11-23 --quiet
expect_eq "every entity" 20000 "$(entities)"

at=$(date -u -d '+4 seconds' +%Y-%m-%dT%H:%M:%SZ)
freeze=("$SUNLIT" draw freeze --db "$db" --key-file "$key" --draw-id "$id" --region 4303
        --risk-strata --quota A:count:2 --quota B:bp:100 --quota C:bp:500 --quota D:count:5
        --reserve 2 --source "福彩3D|2026301期|3个开奖号码，按开奖顺序|$at")
for point in freeze.after_pool ledger.after_event; do
  killed "freeze" "$point" "${freeze[@]}"
  expect_status "freeze killed at $point: no pool" 1 "$SUNLIT" draw show "$id" --db "$db"
  log_ok "freeze killed at $point"
done
expect_status "freeze again" 0 "${freeze[@]}"

while [ "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \< "$at" ]; do sleep 0.5; done
expect_status "randomness" 0 "$SUNLIT" draw randomness "$id" --db "$db" --key-file "$key" \
  --source "3 7 1"
for point in draw.after_entries ledger.after_event; do
  killed "draw" "$point" "$SUNLIT" draw exec "$id" --db "$db" --key-file "$key"
  expect_status "draw killed at $point: show" 0 "$SUNLIT" draw show "$id" --db "$db"
  expect_contains "draw killed at $point: not drawn" "$WORK/out" "state randomness_entered"
  log_ok "draw killed at $point"
done
expect_status "draw again" 0 "$SUNLIT" draw exec "$id" --db "$db" --key-file "$key"
cp "$WORK/out" exec1
expect_status "and again: the stored draw" 0 "$SUNLIT" draw exec "$id" --db "$db" --key-file "$key"
expect_eq "the same record" "$(cat exec1)" "$(cat "$WORK/out")"
expect_status "export pool" 0 "$SUNLIT" draw export-pool "$id" --db "$db" --out pool.csv
expect_status "export record" 0 "$SUNLIT" draw export-record "$id" --db "$db" --out record.json
expect_status "anyone verifies it" 0 "$SUNLIT" draw verify record.json --pool pool.csv
expect_contains "verified" "$WORK/out" "verified"
expect_status "log show" 0 "$SUNLIT" log show --db "$db"
expect_eq "one pool_frozen" 1 "$(grep -c '"kind":"pool_frozen"' "$WORK/out")"
expect_eq "one draw_done" 1 "$(grep -c '"kind":"draw_done"' "$WORK/out")"
log_ok "after the draw"

finish
