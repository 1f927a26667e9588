#!/usr/bin/env bash
# Regenerates the model files that are not committed (third-party weights
# converted deterministically; their sha256 is pinned in models/manifest.json).
# Needs a built workspace (cargo build --workspace --release) and scripts/setup.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "models: nothing to regenerate yet"
