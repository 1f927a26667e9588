#!/usr/bin/env bash
# The test command (README, CI): install prerequisites, build everything
# once (one selection, one profile: --workspace --release), regenerate the
# non-committed model files, then run every test (tests/header.rs is the
# header drift check: it regenerates include/dualrec.h and fails on any
# difference or duplicated declaration).
set -euo pipefail
cd "$(dirname "$0")/../.."
bash scripts/dev/setup.sh
cargo build --workspace --release
bash scripts/dev/models.sh
cargo test --workspace --release --no-fail-fast
# The `cuda` feature's compile check (no GPU needed; docs/gpu.md).
bash scripts/gpu/cuda-compile-check.sh
