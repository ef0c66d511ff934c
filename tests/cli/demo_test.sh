#!/usr/bin/env bash
# `sunlit demo` builds a small Xiangtan demo, walks it through 2026 (simulated timestamps) and
# summarises it; the year's workflow data is there over the API and the log verifies.
source "$(dirname "$0")/lib.sh"
db="sqlite:$WORK/demo.db"
expect_status "demo" 0 "$SUNLIT" demo --db "$db" --entities 3000 --today 2026-11-23
expect_contains "entities" out "检查对象名录库 (entities): 3000"
expect_contains "Yuhu district" out "雨湖区 430302"
expect_contains "Shaoshan" out "韶山市 430382"
expect_contains "checklist" out "一业一查"
expect_contains "calendar" out "2024 2025 2026"
expect_contains "demo logins" out "scjg.inspector"
expect_status "demo twice is refused" 1 "$SUNLIT" demo --db "$db" --entities 10
expect_status "summary" 0 "$SUNLIT" demo --db "$db" --summary
expect_contains "summary entities" out "3000"
expect_status "logins again are left alone" 0 "$SUNLIT" demo --db "$db" --logins
expect_contains "logins listed" out "sunlit-demo-2026"
expect_status "the demo's log verifies" 0 "$SUNLIT" verify log --db "$db"
expect_contains "log verified" out "verified"

# The living year, over the API.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
"$SUNLIT" serve --db "$db" --listen "127.0.0.1:$port" >"$WORK/serve.out" 2>"$WORK/serve.err" &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 50); do
  curl -s "http://127.0.0.1:$port/api/v1/health" >/dev/null 2>&1 && break
  sleep 0.1
done
base="http://127.0.0.1:$port"
status() { curl -s -o "$WORK/body" -w '%{http_code}' "$@"; }
expect_eq "login" 200 "$(status -c "$WORK/jar" -H 'Content-Type: application/json' \
  -d '{"username":"scjg.admin","password":"sunlit-demo-2026"}' "$base/api/v1/session")"
expect_eq "tasks" 200 "$(status -b "$WORK/jar" "$base/api/v1/tasks")"
expect_contains "the fuel-station task" "$WORK/body" "2026年全市加油站一业一查部门联合抽查"
expect_contains "the second task" "$WORK/body" "2026年雨湖区企业公示信息双随机抽查"
expect_contains "assigned" "$WORK/body" '"state":"assigned"'
expect_eq "fuel task" 200 "$(status -b "$WORK/jar" "$base/api/v1/tasks/XT-2026-0001")"
expect_contains "with its partners" "$WORK/body" '"partner_departments":["SW","XFJY","YJGL"]'
expect_eq "plans" 200 "$(status -b "$WORK/jar" "$base/api/v1/plans")"
expect_contains "the county joint plan" "$WORK/body" "county_joint"
expect_eq "overdue results" 200 "$(status -b "$WORK/jar" "$base/api/v1/results/deadlines?filter=overdue")"
expect_contains "three overdue" "$WORK/body" '"total":3'
expect_eq "results due soon" 200 "$(status -b "$WORK/jar" "$base/api/v1/results/deadlines?filter=warning")"
expect_contains "one close to its deadline" "$WORK/body" '"task_number":"XT-2026-0002"'
expect_eq "abnormal list" 200 "$(status -b "$WORK/jar" "$base/api/v1/credit/entries")"
expect_contains "a proposal" "$WORK/body" '"entity_code"'
expect_eq "referrals" 200 "$(status -b "$WORK/jar" "$base/api/v1/referrals")"
expect_contains "to the fire brigade" "$WORK/body" "XFJY"
expect_eq "checks" 200 "$(status -b "$WORK/jar" "$base/api/v1/tasks/XT-2026-0001/checks")"
published=$(python3 -c 'import json,sys; print(next(c["entity_code"] for c in json.load(open(sys.argv[1]))["items"] if c["state"]=="published"))' "$WORK/body")
expect_eq "public results" 200 "$(status "$base/api/v1/public/results?code=$published")"
expect_contains "a published result" "$WORK/body" '"total":1'
expect_eq "public plans" 200 "$(status "$base/api/v1/public/plans")"
expect_contains "the published plan" "$WORK/body" '"total":1'
kill $pid
wait $pid 2>/dev/null || true
finish
