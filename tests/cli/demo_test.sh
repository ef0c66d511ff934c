#!/usr/bin/env bash
# `sunlit demo` builds a small Xiangtan demo and summarises it.
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
finish
