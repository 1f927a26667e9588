#!/usr/bin/env bash
# Runs every cargo-fuzz target in fuzz/ for RUNS executions each (default 1,000,000),
# one at a time, on the stable toolchain without a sanitizer (-s none: libFuzzer's
# coverage guidance, Rust's own bounds/overflow checks and debug assertions).
# The first build compiles llama.cpp into fuzz/target (10-15 min on 2 cores).
# Usage: scripts/qa/fuzz.sh [RUNS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/../../fuzz"
RUNS=${1:-1000000}
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(catalog interactions journal capi)
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
for t in "${TARGETS[@]}"; do
  mkdir -p "corpus/$t"
  log=$(mktemp)
  if cargo fuzz run -s none "$t" "corpus/$t" -- -runs="$RUNS" -print_final_stats=1 >"$log" 2>&1; then
    echo "$t: $(grep -E '^Done' "$log")"
  else
    echo "$t: FAILED (artifact in fuzz/artifacts/$t); log: $log" >&2
    grep -A5 panicked "$log" >&2 || tail -20 "$log" >&2
    exit 1
  fi
done
