#!/usr/bin/env bash
# `sunlit backup`, `sunlit restore` and `sunlit migrate` on the demo database: a backup
# taken while another process keeps writing, restored into a fresh database and compared
# row by row outside Sunlit (Python's sqlite3); a verified migration compared the same way;
# damaged and truncated backups and a non-empty target refused with the target untouched.
source "$(dirname "$0")/lib.sh"

src="sqlite:$WORK/live/sunlit.db"
"$SUNLIT" demo --db "$src" >/dev/null 2>&1
expect_status "log of the demo verifies" 0 "$SUNLIT" verify log --db "$src"

# Row-by-row comparison of every table (schema_migrations aside) of two SQLite files,
# independent of Sunlit's own digests. Prints "same" or the first difference.
compare() {
  python3 - "$1" "$2" "${3:-}" <<'PY'
import sqlite3, sys
a, b, skip = sqlite3.connect(sys.argv[1]), sqlite3.connect(sys.argv[2]), set(sys.argv[3].split(",")) - {""}
names = lambda db: sorted(r[0] for r in db.execute(
    "SELECT name FROM sqlite_schema WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations'"))
if names(a) != names(b): print("tables differ"); sys.exit()
for t in names(a):
    if t in skip: continue
    cols = [r[1] for r in a.execute("SELECT * FROM pragma_table_info(?)", (t,))]
    q = "SELECT %s FROM \"%s\" ORDER BY %s" % (",".join('"%s"' % c for c in cols), t, ",".join(str(i + 1) for i in range(len(cols))))
    if list(a.execute(q)) != list(b.execute(q)): print("table %s differs" % t); sys.exit()
print("same")
PY
}

# A writer in another process: a new user every few milliseconds (users, user_roles).
( i=0; while [ ! -f "$WORK/stop" ]; do
    "$SUNLIT" user add --username "w.$i" --department SCJG --role inspector --db "$src" >/dev/null 2>&1 || exit 1
    i=$((i + 1)); done; echo "$i" > "$WORK/writes" ) &
writer=$!
sleep 0.5
expect_status "backup while a writer runs" 0 "$SUNLIT" backup --db "$src" --out "$WORK/b.sunlit-backup"
expect_contains "summary names the log" out "events, root"
expect_contains "progress on stderr" err "copying pages"
cp err "$WORK/backup.err"
touch "$WORK/stop"; wait "$writer"
expect_eq "the writer went on writing" 1 "$([ "$(cat "$WORK/writes")" -gt 0 ] && echo 1 || echo 0)"
expect_eq "backup file mode" 600 "$(stat -c %a "$WORK/b.sunlit-backup")"
expect_eq "manifest line" 1 "$(sed -n 2p "$WORK/b.sunlit-backup" | grep -c '"format":"sunlit-backup-v1"')"

expect_status "restore into a fresh database" 0 "$SUNLIT" restore "$WORK/b.sunlit-backup" --db "sqlite:$WORK/r/sunlit.db"
expect_contains "restore verified the log against the manifest" out "(as in the backup)"
expect_contains "restore checked the tables" out "tables match the backup's row counts and content hashes"
expect_status "restored log verifies" 0 "$SUNLIT" verify log --db "sqlite:$WORK/r/sunlit.db"
users_backed_up=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from users').fetchone()[0])" "$WORK/r/sunlit.db")
users_live=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from users').fetchone()[0])" "$WORK/live/sunlit.db")
expect_eq "the backup is a snapshot: fewer users than now" 1 "$([ "$users_backed_up" -lt "$users_live" ] && echo 1 || echo 0)"
# The writer adds users, their roles and log events (and moves the log's frontier).
written=users,user_roles,ledger_events,ledger_checkpoints,ledger_frontier
expect_eq "restored = source outside the written tables" same "$(compare "$WORK/live/sunlit.db" "$WORK/r/sunlit.db" "$written")"
expect_eq "restored written tables are a prefix of the source's" same "$(python3 - "$WORK/live/sunlit.db" "$WORK/r/sunlit.db" <<'PY'
import sqlite3, sys
a, b = sqlite3.connect(sys.argv[1]), sqlite3.connect(sys.argv[2])
for t in ("users", "user_roles", "ledger_events", "ledger_checkpoints"):
    rb = list(b.execute('SELECT * FROM "%s" ORDER BY 1, 2' % t))
    ra = list(a.execute('SELECT * FROM "%s" ORDER BY 1, 2 LIMIT ?' % t, (len(rb),)))
    if ra != rb: print("%s differs" % t); sys.exit()
print("same")
PY
)"

# A quiet copy of the source to compare whole databases with.
expect_status "backup again (quiet source)" 0 "$SUNLIT" backup --db "$src" --out "$WORK/c.sunlit-backup" --quiet
expect_status "restore it" 0 "$SUNLIT" restore "$WORK/c.sunlit-backup" --db "sqlite:$WORK/c/sunlit.db" --quiet
expect_eq "restored = source, every table" same "$(compare "$WORK/live/sunlit.db" "$WORK/c/sunlit.db")"

# Migrate: verified by Sunlit and compared row by row here.
expect_status "migrate sqlite → sqlite" 0 "$SUNLIT" migrate --from "$src" --to "sqlite:$WORK/m/sunlit.db"
expect_contains "migrate verified" out "verified: every table's row count and content hash equal the source's"
expect_eq "migrated = source, every table" same "$(compare "$WORK/live/sunlit.db" "$WORK/m/sunlit.db")"
expect_status "migrated log verifies" 0 "$SUNLIT" verify log --db "sqlite:$WORK/m/sunlit.db"
expect_status "migrate into a non-empty target" 1 "$SUNLIT" migrate --from "$src" --to "sqlite:$WORK/m/sunlit.db"
expect_contains "names the refusal" err "the target database is not empty"

# Refusals: the target is a restored database holding data; none of these may change it.
target="$WORK/r/sunlit.db"
before=$(sha256sum "$target" | cut -d' ' -f1)
head -c 5000000 "$WORK/b.sunlit-backup" > "$WORK/truncated"
expect_status "truncated backup refused" 1 "$SUNLIT" restore "$WORK/truncated" --db "sqlite:$target" --force
expect_contains "says truncated" err "is truncated"
python3 -c "
import sys; p=sys.argv[1]; b=bytearray(open(p,'rb').read()); b[len(b)//2]^=1; open(sys.argv[2],'wb').write(b)" \
  "$WORK/b.sunlit-backup" "$WORK/flipped"
expect_status "corrupted backup refused" 1 "$SUNLIT" restore "$WORK/flipped" --db "sqlite:$target" --force
expect_contains "says damaged" err "does not match the SHA-256 in its manifest"
expect_status "not a backup" 1 "$SUNLIT" restore "$WORK/live/sunlit.db" --db "sqlite:$target" --force
expect_contains "says not a backup" err "is not a Sunlit backup file"
expect_status "non-empty target refused" 1 "$SUNLIT" restore "$WORK/c.sunlit-backup" --db "sqlite:$target"
expect_contains "says --force" err "only with --force"
expect_eq "target untouched by every refusal" "$before" "$(sha256sum "$target" | cut -d' ' -f1)"
expect_status "a refused restore creates nothing" 1 "$SUNLIT" restore "$WORK/truncated" --db "sqlite:$WORK/none/x.db"
expect_eq "no target file" 0 "$(ls "$WORK/none" 2>/dev/null | wc -l)"
expect_status "--force replaces" 0 "$SUNLIT" restore "$WORK/c.sunlit-backup" --db "sqlite:$target" --force
expect_eq "forced restore = source" same "$(compare "$WORK/live/sunlit.db" "$target")"

# Usage and other errors.
expect_status "backup without --out" 2 "$SUNLIT" backup --db "$src"
expect_status "backup over an existing file" 1 "$SUNLIT" backup --db "$src" --out "$WORK/b.sunlit-backup"
expect_contains "says exists" err "already exists"
expect_status "backup of a missing database" 1 "$SUNLIT" backup --db "sqlite:$WORK/nothing.db" --out "$WORK/n.b"
expect_contains "says no database" err "there is no database"
expect_status "restore without --db" 2 "$SUNLIT" restore "$WORK/b.sunlit-backup"
expect_status "migrate without --to" 2 "$SUNLIT" migrate --from "$src"
expect_status "migrate onto itself" 2 "$SUNLIT" migrate --from "$src" --to "$src"
expect_status "sqlite backup into postgresql" 1 "$SUNLIT" restore "$WORK/c.sunlit-backup" --db postgresql://127.0.0.1/x
expect_contains "points to migrate" err "sunlit migrate"
finish
