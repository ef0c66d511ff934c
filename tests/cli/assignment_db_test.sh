#!/usr/bin/env bash
# `sunlit verify assignment --task NUMBER --db URL`: the database mode of the assignment
# verifier. Runs exist only through the assignment use case (app/assignment_service.h, whose
# tests re-check stored runs, tampered ones included); here: the command's surface.
source "$(dirname "$0")/lib.sh"

db="sqlite:$WORK/var/sunlit.db"
expect_status "log key creates the database" 0 "$SUNLIT" log key --db "$db"
expect_status "unknown task" 1 "$SUNLIT" verify assignment --task XT-2026-0001 --db "$db"
expect_contains "says there is no such task" err "there is no task XT-2026-0001"
expect_status "files and a task are exclusive" 2 "$SUNLIT" verify assignment --task XT-2026-0001 \
  --input in.json --result out.json --db "$db"
expect_contains "usage names both forms" err "verify assignment --task NUMBER [--db URL]"
expect_status "neither files nor a task" 2 "$SUNLIT" verify assignment --db "$db"
finish
