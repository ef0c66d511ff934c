#!/usr/bin/env bash
# `sunlit check uscc` and `sunlit check workdays`.
source "$(dirname "$0")/lib.sh"

expect_status "valid code" 0 "$SUNLIT" check uscc 91430302NY31NN604U
expect_eq "valid line" "$(printf '91430302NY31NN604U\tok')" "$(cat out)"
expect_status "invalid code" 1 "$SUNLIT" check uscc 91110000600037341N 12345 914403001922038216
expect_contains "check character reason" out "$(printf '91110000600037341N\tinvalid\t')"
expect_contains "length reason" out "$(printf '12345\tinvalid\t')"
expect_contains "valid among invalid" out "$(printf '914403001922038216\tok')"
expect_status "org-code reason" 1 "$SUNLIT" check uscc 91310000631295002H
expect_contains "GB 11714 named" out "GB 11714"

shared="$SRC/../shared/data/uscc_examples.csv"
if [ -f "$shared" ]; then
  tail -n +2 "$shared" | while IFS=, read -r code valid _; do
    set +e; "$SUNLIT" check uscc "$code" >/dev/null; st=$?; set -e
    if [ "$valid" = true ]; then want=0; else want=1; fi
    [ "$st" = "$want" ] || { echo "FAIL: shared example $code valid=$valid got $st"; exit 1; }
  done
  echo "ok: shared uscc examples"
fi

# Spring Festival 2026: 02-15..02-23 off, 02-14 (Sat) and 02-28 (Sat) adjusted working days.
expect_eq "add across Spring Festival" "2026-02-24" "$("$SUNLIT" check workdays add 2026-02-14 1)"
expect_eq "adjusted Saturday counts" "2026-02-14" "$("$SUNLIT" check workdays add 2026-02-13 1)"
expect_eq "count" "2" "$("$SUNLIT" check workdays count 2026-02-13 2026-02-24)"
expect_eq "20 working days after National Day 2025" "2025-11-04" \
  "$("$SUNLIT" check workdays add 2025-09-30 20)"
expect_status "unknown year is an error" 1 "$SUNLIT" check workdays add 2026-12-20 20
expect_contains "names the year" err "2027"
expect_status "bad date" 2 "$SUNLIT" check workdays add 2026-02-30 1
finish
