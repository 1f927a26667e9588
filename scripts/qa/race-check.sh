#!/usr/bin/env bash
# Race checks of the C API test (tests/c/test_api.c: 4 pthreads on one engine,
# in memory and through the state journal) after `cargo build --workspace --release`:
#   1. ThreadSanitizer build of the C program, on the default models (every stage);
#   2. the same on a fallback-only copy of the models (catalogue + transitions);
#   3. both again with tests/tsan.supp (interceptor calls from the uninstrumented
#      libdualrec and ONNX Runtime suppressed: only the C program's own accesses);
#   4. valgrind --tool=helgrind on the fallback-only copy (the full pipeline under
#      valgrind takes too long).
# Only the C program is instrumented by TSan; libdualrec and the runtimes are not
# (see docs/reliability.md for what that covers). Results go to $OUT (default /tmp/race-check).
set -uo pipefail
cd "$(dirname "$0")/../.."
OUT=${OUT:-/tmp/race-check}
mkdir -p "$OUT"
LIB=$(pwd)/target/release
[ -f "$LIB/libdualrec.so" ] || { echo "build first: cargo build --workspace --release" >&2; exit 2; }
mkdir -p "$OUT/lib" && ln -sf "$LIB/libdualrec.so" "$OUT/lib/libdualrec.so" && ln -sf "$LIB/libdualrec.so" "$OUT/lib/libdualrec.so.0"

# Fallback-only model directory: the committed catalogue and transitions, a manifest listing just them.
FB="$OUT/fallback-models"
mkdir -p "$FB"
cp models/catalog.tsv models/transitions.bin "$FB/"
python3 - "$FB" <<'PY'
import json, sys
m = json.load(open("models/manifest.json"))
m["artifacts"] = [a for a in m["artifacts"] if a["name"] in ("catalog", "transitions")]
json.dump(m, open(sys.argv[1] + "/manifest.json", "w"), indent=2)
PY

cc -std=c11 -Wall -Wextra -Werror -pedantic -g -O1 -fsanitize=thread -Iinclude tests/c/test_api.c \
   -o "$OUT/test_api_tsan" -L"$OUT/lib" -Wl,-rpath,"$OUT/lib" -ldualrec -lpthread || exit 1
cc -std=c11 -Wall -Wextra -Werror -pedantic -g -O1 -Iinclude tests/c/test_api.c \
   -o "$OUT/test_api" -L"$OUT/lib" -Wl,-rpath,"$OUT/lib" -ldualrec -lpthread || exit 1

status=0
run() { # name, command...
  local name=$1; shift
  local t0=$(date +%s)
  "$@" >"$OUT/$name.log" 2>&1
  local rc=$?
  echo "$name: exit $rc, $(( $(date +%s) - t0 )) s, $(grep -c 'WARNING: ThreadSanitizer' "$OUT/$name.log") TSan warnings, $(grep -E -o 'ERROR SUMMARY: [0-9]+ errors' "$OUT/$name.log" | tail -1), $(tail -1 "$OUT/$name.log")" | tee -a "$OUT/summary.txt"
  [ $rc -eq 0 ] || status=1
}
: > "$OUT/summary.txt"
run tsan-full env TSAN_OPTIONS="halt_on_error=0 exitcode=66" "$OUT/test_api_tsan" models
run tsan-fallback env TSAN_OPTIONS="halt_on_error=0 exitcode=66" "$OUT/test_api_tsan" "$FB"
# The same two with the uninstrumented libraries' interceptor calls suppressed:
# what is left are races involving the C program's own memory.
SUPP="halt_on_error=0 exitcode=66 suppressions=$(pwd)/tests/tsan.supp"
run tsan-full-supp env TSAN_OPTIONS="$SUPP" "$OUT/test_api_tsan" models
run tsan-fallback-supp env TSAN_OPTIONS="$SUPP" "$OUT/test_api_tsan" "$FB"
run helgrind-fallback valgrind --tool=helgrind --error-exitcode=99 --suppressions=tests/valgrind.supp "$OUT/test_api" "$FB"
exit $status
