#!/usr/bin/env bash
# The test command (README, CI): install prerequisites, build everything
# once (one selection, one profile: --workspace --release), regenerate the
# non-committed model files, check the generated C header has not drifted,
# then run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cargo build --workspace --release
bash scripts/models.sh
if ! git diff --exit-code -- include/dualrec.h; then
  echo "include/dualrec.h differs from what cbindgen generates: commit the regenerated header" >&2
  exit 1
fi
cargo test --workspace --release --no-fail-fast
# The `cuda` feature's compile check (no GPU needed; docs/gpu.md).
bash scripts/cuda-compile-check.sh
