#!/usr/bin/env bash
# The draw of a task in the database, through the binary: freeze → randomness → exec →
# alternate → export → independent verification → re-draw → the transparency log verifies.
source "$(dirname "$0")/lib.sh"
db="sqlite:$WORK/demo.db"
expect_status "demo" 0 "$SUNLIT" demo --db "$db" --entities 3000 --today 2026-11-23 --no-year

# A pool must be frozen before its randomness exists: a source already public is refused.
past="福彩3D|2026300期|3个开奖号码，按开奖顺序|2026-01-01T13:30:00Z"
expect_status "freeze with a public source is refused" 1 "$SUNLIT" draw freeze --db "$db" \
  --draw-id XT-2026-0001 --region 4303 --quota :count:20 --reserve 2 --source "$past"
expect_contains "says why" err "before its randomness exists"

# The announced source becomes public a few seconds from now (the test waits for it).
at=$(date -u -d '+6 seconds' +%Y-%m-%dT%H:%M:%SZ)
source1="福彩3D|2026301期|3个开奖号码，按开奖顺序|$at"
expect_status "freeze" 0 "$SUNLIT" draw freeze --db "$db" --draw-id XT-2026-0001 \
  --region 4303 --risk-strata --quota A:count:2 --quota B:bp:100 --quota C:bp:1000 \
  --quota D:count:5 --reserve 2 --cooldown-days 365 --annual-cap --actor 张三 \
  --source "$source1"
expect_contains "draw id" out "draw_id XT-2026-0001"
expect_contains "params" out "params A:count:2;B:bp:100;C:bp:1000;D:count:5;#2"
expect_contains "commitment" out "commitment "
expect_contains "source" out "source 1 福彩3D | 2026301期 | 3个开奖号码，按开奖顺序 | $at"
root=$(sed -n 's/^pool_root //p' out)
commitment=$(sed -n 's/^commitment //p' out)
expect_status "same draw id again is refused" 1 "$SUNLIT" draw freeze --db "$db" \
  --draw-id XT-2026-0001 --region 4303 --quota :count:20 --source "$source1"

expect_status "exec before randomness is refused" 1 "$SUNLIT" draw exec XT-2026-0001 --db "$db"
expect_status "randomness too early is refused" 1 "$SUNLIT" draw randomness XT-2026-0001 \
  --db "$db" --source "3 7 1"
expect_contains "says when" err "randomness can be entered after $at"
while [ "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \< "$at" ]; do sleep 0.5; done
expect_status "wrong number of sources" 1 "$SUNLIT" draw randomness XT-2026-0001 --db "$db" \
  --source "3 7 1" --source "1"
expect_status "randomness" 0 "$SUNLIT" draw randomness XT-2026-0001 --db "$db" --source "3 7 1"
expect_eq "K" "randomness 1.3.7./" "$(cat out)"
expect_status "randomness twice is refused" 1 "$SUNLIT" draw randomness XT-2026-0001 \
  --db "$db" --source "3 7 1"

expect_status "exec" 0 "$SUNLIT" draw exec XT-2026-0001 --db "$db"
cp out exec1
expect_contains "selected lines" exec1 "selected C "
expect_contains "alternate lines" exec1 "alternate C "
expect_status "exec again" 0 "$SUNLIT" draw exec XT-2026-0001 --db "$db"
expect_eq "exec again gives the stored draw" "$(cat exec1)" "$(cat out)"

# An alternate replaces a selected entity of stratum C, in rank order.
replaced=$(awk '$1 == "selected" && $2 == "C" {print $3; exit}' exec1)
first_alternate=$(awk '$1 == "alternate" && $2 == "C" {print $3; exit}' exec1)
expect_status "alternate without a reason is refused" 2 "$SUNLIT" draw alternate XT-2026-0001 \
  --db "$db" --replace "$replaced"
expect_status "alternate" 0 "$SUNLIT" draw alternate XT-2026-0001 --db "$db" \
  --replace "$replaced" --reason 已注销
expect_contains "takes the first alternate" out "by $first_alternate"
expect_status "show" 0 "$SUNLIT" draw show XT-2026-0001 --db "$db"
expect_contains "state" out "state drawn"
expect_contains "replacement shown" out "replaced_by $first_alternate"
expect_contains "reason shown" out "reason 已注销"
expect_contains "root shown" out "pool_root $root"

# Anyone can check the draw with the exported pool and record.
expect_status "export-pool" 0 "$SUNLIT" draw export-pool XT-2026-0001 --db "$db" --out pool.csv
expect_status "export-record" 0 "$SUNLIT" draw export-record XT-2026-0001 --db "$db" \
  --out record.json
expect_eq "pool header" "code,stratum" "$(head -1 pool.csv)"
expect_contains "record carries the commitment published at freezing" record.json "$commitment"
expect_status "verify" 0 "$SUNLIT" draw verify record.json --pool pool.csv
expect_eq "verified" "verified" "$(cat out)"
expect_status "pool root matches" 0 "$SUNLIT" draw pool pool.csv
expect_contains "same root" out "root $root"

# A re-draw is a new frozen pool chained to the first, which stays as it was.
at2=$(date -u -d '+1 day' +%Y-%m-%dT%H:%M:%SZ)
expect_status "redraw" 0 "$SUNLIT" draw redraw XT-2026-0001 --db "$db" \
  --reason "抽取范围错误" --region 430302 --quota :count:10 --reserve 1 \
  --source "福彩3D|2026302期|3个开奖号码，按开奖顺序|$at2"
expect_contains "new id" out "draw_id XT-2026-0001-R1"
expect_contains "chained" out "redraws XT-2026-0001"
expect_status "show the first" 0 "$SUNLIT" draw show XT-2026-0001 --db "$db"
expect_contains "superseded" out "superseded_by XT-2026-0001-R1"
expect_status "export-record again" 0 "$SUNLIT" draw export-record XT-2026-0001 --db "$db" \
  --out record2.json
expect_eq "the first record is untouched" "$(cat record.json)" "$(cat record2.json)"
expect_status "the first cannot go on" 1 "$SUNLIT" draw alternate XT-2026-0001 --db "$db" \
  --replace "$first_alternate" --reason 停业
expect_status "export-record before the draw is refused" 1 "$SUNLIT" draw export-record \
  XT-2026-0001-R1 --db "$db" --out record3.json

expect_status "verify log" 0 "$SUNLIT" verify log --db "$db"
expect_status "unknown draw" 1 "$SUNLIT" draw show XT-9999 --db "$db"
finish
