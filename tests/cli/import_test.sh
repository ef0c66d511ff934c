#!/usr/bin/env bash
# gen → import → export → re-import through the real binary and a real SQLite file.
source "$(dirname "$0")/lib.sh"
db="sqlite:$WORK/t.db"

"$SUNLIT" gen entities --count 3000 --seed 7 --out a.csv --today 2026-11-23
"$SUNLIT" gen entities --count 3000 --seed 7 --out b.csv --today 2026-11-23
expect_eq "same seed, same file" "$(sha256sum < a.csv)" "$(sha256sum < b.csv)"
expect_eq "header" "code,name,type,region,industry,risk,last_inspected" \
  "$(head -1 a.csv | cut -d, -f1-7)"
expect_eq "row count" "3001" "$(wc -l < a.csv)"

expect_status "import" 0 "$SUNLIT" import entities a.csv --db "$db" --today 2026-11-23
expect_contains "created" out "3000 created"
expect_status "re-import is a no-op" 0 "$SUNLIT" import entities a.csv --db "$db" --today 2026-11-23
expect_contains "unchanged" out "3000 unchanged"

# A bad row refuses the whole file and changes nothing.
cp a.csv bad.csv
sed -i '5s/^\(.\{17\}\)./\1#/' bad.csv
expect_status "bad file refused" 1 "$SUNLIT" import entities bad.csv --db "$db" --report rep.csv --today 2026-11-23
expect_contains "row and column" err "row 5, column 1 (code)"
expect_contains "report file" rep.csv "5,1,code"
expect_status "skip-invalid" 0 "$SUNLIT" import entities bad.csv --db "$db" --skip-invalid --today 2026-11-23
expect_contains "rejected" out "1 rejected"

expect_status "export csv" 0 "$SUNLIT" export entities --format csv --out e.csv --db "$db"
expect_eq "exported rows" "3001" "$(wc -l < e.csv)"
expect_status "export xlsx" 0 "$SUNLIT" export entities --format xlsx --out e.xlsx --db "$db"
expect_status "xlsx re-import" 0 "$SUNLIT" import entities e.xlsx --db "$db" --today 2026-11-23
expect_contains "xlsx unchanged" out "3000 unchanged"

"$SUNLIT" gen inspectors --count 200 --seed 3 --out p.csv --today 2026-11-23
expect_eq "inspector rows" "201" "$(wc -l < p.csv)"

expect_status "unknown kind" 2 "$SUNLIT" import nonsense a.csv --db "$db"
expect_status "missing file" 1 "$SUNLIT" import entities nope.csv --db "$db"
expect_status "unknown option" 2 "$SUNLIT" import entities a.csv --frobnicate
finish
