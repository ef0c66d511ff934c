#!/usr/bin/env bash
# The product on PostgreSQL through the binary: a throw-away server (scripts/pg-sandbox),
# a bulk import and a re-import, the demo, freeze → randomness → exec of a draw, `sunlit
# serve` with a login, and the transparency log verified — all with --db postgresql://….
source "$(dirname "$0")/lib.sh"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
chmod 755 "$WORK"  # as root the server runs as postgres, which must reach its data
server=$("$SRC/scripts/pg-sandbox" start "$WORK/pg" "$port")
serve_pid=
cleanup() {
  [ -n "$serve_pid" ] && kill "$serve_pid" 2>/dev/null || true
  "$SRC/scripts/pg-sandbox" stop "$WORK/pg" || true
  rm -rf "$WORK"
}
trap cleanup EXIT
psql -q "$server" -c "CREATE DATABASE imports" -c "CREATE DATABASE demo"
imports="postgresql://postgres@127.0.0.1:$port/imports"
db="postgresql://postgres@127.0.0.1:$port/demo"
# A database server has no directory of ours: the signing key and evidence live here.
export SUNLIT_KEY_FILE="$WORK/ledger-ed25519.key" SUNLIT_FILES_DIR="$WORK/files"

# Import into an empty table (COPY, index rebuilt at commit), then a re-import (upserts).
expect_status "gen" 0 "$SUNLIT" gen entities --count 3000 --seed 7 --out "$WORK/e.csv"
expect_status "import (bulk)" 0 "$SUNLIT" import entities "$WORK/e.csv" --db "$imports"
expect_contains "all rows created" out "3000"
expect_eq "rows in PostgreSQL" 3000 "$(psql -tA "$imports" -c 'SELECT COUNT(*) FROM entities')"
expect_eq "code index rebuilt" 1 \
  "$(psql -tA "$imports" -c "SELECT COUNT(*) FROM pg_indexes WHERE indexname = 'entities_code'")"
expect_status "re-import (upserts)" 0 "$SUNLIT" import entities "$WORK/e.csv" --db "$imports"
expect_eq "still 3000 rows" 3000 "$(psql -tA "$imports" -c 'SELECT COUNT(*) FROM entities')"
expect_status "unknown database is refused" 1 "$SUNLIT" import entities "$WORK/e.csv" \
  --db "postgresql://postgres:pw@127.0.0.1:$port/nope"
expect_contains "says it cannot reach it" err "cannot"
if grep -q "pw@" "$WORK/err"; then echo "FAIL: the password is printed"; failures=$((failures + 1)); fi

# The demo directory, then a draw of its own.
expect_status "demo" 0 "$SUNLIT" demo --db "$db" --entities 3000 --today 2026-11-23 --no-year
at=$(date -u -d '+4 seconds' +%Y-%m-%dT%H:%M:%SZ)
src1="福彩3D|2026301期|3个开奖号码，按开奖顺序|$at"
expect_status "freeze" 0 "$SUNLIT" draw freeze --db "$db" --key-file "$SUNLIT_KEY_FILE" \
  --draw-id XT-2026-0901 --region 4303 --risk-strata --quota A:count:2 --quota B:bp:100 \
  --quota C:bp:1000 --quota D:count:5 --reserve 2 --actor 张三 --source "$src1"
expect_contains "frozen" out "draw_id XT-2026-0901"
while [ "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \< "$at" ]; do sleep 0.5; done
expect_status "randomness" 0 "$SUNLIT" draw randomness XT-2026-0901 --db "$db" \
  --key-file "$SUNLIT_KEY_FILE" --source "3 7 1"
expect_status "exec" 0 "$SUNLIT" draw exec XT-2026-0901 --db "$db" --key-file "$SUNLIT_KEY_FILE"
cp out exec1
expect_contains "selected entities" exec1 "selected C "
expect_status "exec again gives the stored draw" 0 "$SUNLIT" draw exec XT-2026-0901 --db "$db" \
  --key-file "$SUNLIT_KEY_FILE"
expect_eq "same record" "$(cat exec1)" "$(cat out)"
expect_eq "entries stored" "$(grep -c '^selected\|^alternate' exec1)" \
  "$(psql -tA "$db" -c 'SELECT COUNT(*) FROM draw_entries')"
expect_status "frozen pools refuse raw UPDATE" 1 psql -v ON_ERROR_STOP=1 -q "$db" \
  -c "UPDATE draw_pools SET params = 'x'"

# Serve it and log in.
sport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
"$SUNLIT" serve --db "$db" --listen "127.0.0.1:$sport" --quiet >"$WORK/serve.out" 2>"$WORK/serve.err" &
serve_pid=$!
for _ in $(seq 100); do
  curl -s "http://127.0.0.1:$sport/api/v1/health" >/dev/null 2>&1 && break
  sleep 0.1
done
status() { curl -s -o "$WORK/body" -w '%{http_code}' "$@"; }
expect_eq "health" 200 "$(status "http://127.0.0.1:$sport/api/v1/health")"
expect_eq "login" 200 "$(status -c "$WORK/jar" -H 'Content-Type: application/json' \
  -d '{"username":"scjg.admin","password":"sunlit-demo-2026"}' \
  "http://127.0.0.1:$sport/api/v1/session")"
expect_eq "wrong password" 401 "$(status -H 'Content-Type: application/json' \
  -d '{"username":"scjg.admin","password":"nope nope nope"}' \
  "http://127.0.0.1:$sport/api/v1/session")"
expect_eq "public checkpoint" 200 "$(status "http://127.0.0.1:$sport/api/v1/public/ledger/checkpoint")"
kill -TERM "$serve_pid"
wait "$serve_pid" || true
serve_pid=

expect_status "verify log" 0 "$SUNLIT" verify log --db "$db"
expect_contains "the log verifies" out "verified "
finish
