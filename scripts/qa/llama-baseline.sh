#!/usr/bin/env bash
# Builds scripts/qa/llama_decode.c (llama.cpp's own greedy generation through
# llama.h) against the very llama.cpp build the SDK links:
#   target/release (CPU, static)   or   TARGET_DIR=target-cuda (CUDA, shared)
# Prints the path of the binary.
set -euo pipefail
cd "$(dirname "$0")/../.."
dir=${TARGET_DIR:-target}
out=$(ls -td "$dir"/release/build/llama-cpp-sys-2-*/out 2>/dev/null | while read -r d; do
  [ -e "$d/lib/libllama.a" ] || [ -e "$d/lib/libllama.so" ] && { echo "$d"; break; }; done)
[ -n "$out" ] || { echo "no llama.cpp build under $dir (run cargo build --workspace --release first)" >&2; exit 1; }
bin="$dir/release/llama_decode"
if [ -e "$out/lib/libllama.so" ]; then
  gcc -O2 -Wall -Wextra -I"$out/include" scripts/qa/llama_decode.c -o "$bin" -L"$out/lib" -lllama -lggml -lggml-base \
    -Wl,-rpath,'$ORIGIN' -Wl,--allow-shlib-undefined >&2
else
  gcc -O2 -Wall -Wextra -I"$out/include" scripts/qa/llama_decode.c -o "$bin" -L"$out/lib" \
    -lllama -lggml -lggml-cpu -lggml-base -lstdc++ -lm -lpthread -fopenmp >&2
fi
echo "$bin"
