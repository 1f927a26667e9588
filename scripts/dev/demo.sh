#!/usr/bin/env bash
# The main job on a fresh machine: install, build, then a real recommendation
# from the default models, showing each stage's contribution.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash scripts/dev/setup.sh
cargo build --workspace --release
bash scripts/dev/models.sh
./target/release/dualrec-cli demo "$@"
