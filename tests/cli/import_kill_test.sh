#!/usr/bin/env bash
# A killed import changes nothing: `sunlit import entities` into an empty table (the bulk
# load, which runs in a rollback journal) is sent SIGKILL at several moments — as soon as it
# has started, while it commits (pages are being appended to the file) and at fixed delays —
# and each time the database must afterwards pass PRAGMA integrity_check and hold either
# exactly what it held before or, when the kill came after the commit, all of the file.
source "$(dirname "$0")/lib.sh"
command -v sqlite3 >/dev/null || { echo "sqlite3 not installed (scripts/bootstrap installs it)"; exit 1; }
db=t.db
rows=150000

"$SUNLIT" gen entities --count "$rows" --seed 11 --out big.csv --today 2026-11-23
# The database before: the reference data every import loads first (a refused file writes
# nothing else).
head -3 big.csv > bad.csv
sed -i '3s/^\(.\{17\}\)./\1#/' bad.csv
expect_status "refused file" 1 "$SUNLIT" import entities bad.csv --db "sqlite:$db" --today 2026-11-23
before=$(sqlite3 "$db" .dump | sha256sum)

# check NAME: the database is whole, and as before or complete.
check() {
  expect_eq "$1: integrity" "ok" "$(sqlite3 "$db" 'PRAGMA integrity_check')"
  local n
  n=$(sqlite3 "$db" 'SELECT COUNT(*) FROM entities')
  if [ "$n" = "$rows" ]; then
    echo "ok: $1: killed after the commit, all $rows rows there"
    expect_eq "$1: code index" "1" \
      "$(sqlite3 "$db" "SELECT COUNT(*) FROM sqlite_master WHERE name = 'entities_code'")"
    # Back to the state before for the next round.
    rm -f "$db" "$db"-*
    expect_status "$1: re-create" 1 "$SUNLIT" import entities bad.csv --db "sqlite:$db" --today 2026-11-23
  else
    expect_eq "$1: as before" "$before" "$(sqlite3 "$db" .dump | sha256sum)"
  fi
  expect_status "$1: sunlit opens it" 0 "$SUNLIT" export entities --format csv --out e.csv --db "sqlite:$db"
  expect_eq "$1: back in WAL mode" "wal" "$(sqlite3 "$db" 'PRAGMA journal_mode')"
}

# kill_when NAME CONDITION: starts an import, kills it once CONDITION holds (polled). On a
# loaded machine the poller may not run while a short moment lasts (the import then
# finishes): such a round is checked like any other and tried again, up to 5 times.
kill_when() {
  local name=$1 condition=$2 attempt
  for attempt in 1 2 3 4 5; do
    "$SUNLIT" import entities big.csv --db "sqlite:$db" --today 2026-11-23 --quiet >/dev/null 2>&1 &
    local pid=$!
    local met=no
    for _ in $(seq 20000); do
      if eval "$condition"; then met=yes; break; fi
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.001
    done
    local killed=no
    kill -KILL "$pid" 2>/dev/null && killed=yes
    wait "$pid" 2>/dev/null || true
    check "$name (attempt $attempt)"
    [ "$met $killed" = "yes yes" ] && return 0
    echo "note: $name: attempt $attempt missed the moment (met=$met killed=$killed); again"
  done
  expect_eq "$name: killed when the moment came" "yes yes" "$met $killed"
}

size() { stat -c %s "$db" 2>/dev/null || echo 0; }
start_size=$(size)
kill_when "killed as the load starts" "[ -e $db-journal ]"
# With the default 256 MiB page cache, 150 000 rows stay in memory until COMMIT writes them:
# a growing file with a journal beside it means pages are being appended, not yet committed.
kill_when "killed while committing" "[ -e $db-journal ] && [ \$(size) -gt $((start_size + 4000000)) ]"
for delay in 0.1 0.3 0.6 1.0; do
  "$SUNLIT" import entities big.csv --db "sqlite:$db" --today 2026-11-23 --quiet >/dev/null 2>&1 &
  pid=$!
  sleep "$delay"
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  check "killed after ${delay} s"
done

finish
