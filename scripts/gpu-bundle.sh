#!/usr/bin/env bash
# Packs what a lent GPU machine needs for scripts/gpu-check.sh into .gpu/
# (ignored by git; carried by the device tool): the CUDA build's bench binary
# and llama.cpp shared libraries, llama.cpp's own greedy decoder, ONNX
# Runtime, and models/lm.gguf split into parts that fit one transfer each.
# Run scripts/build-cuda.sh first.
set -euo pipefail
cd "$(dirname "$0")/.."
part=${PART_SIZE:-40M}
out=$(ls -td target-cuda/release/build/llama-cpp-sys-2-*/out | while read -r d; do
  [ -e "$d/lib/libllama.so" ] && { echo "$d"; break; }; done)
[ -n "$out" ] || { echo "no CUDA llama.cpp build: run scripts/build-cuda.sh" >&2; exit 1; }
rm -rf .gpu && mkdir -p .gpu/stage/bin .gpu/stage/runtime
cp target-cuda/release/dualrec-train .gpu/stage/bin/
cp -P "$out"/lib/lib*.so* .gpu/stage/bin/
TARGET_DIR=target-cuda bash scripts/llama-baseline.sh >/dev/null
cp target-cuda/release/llama_decode .gpu/stage/bin/
strip .gpu/stage/bin/dualrec-train .gpu/stage/bin/llama_decode
cp runtime/libonnxruntime.so.1.32.0 .gpu/stage/runtime/libonnxruntime.so
cp models/tokenizer.json .gpu/stage/
tar -C .gpu/stage -cf - . | zstd -q -19 -T0 > .gpu/bundle.tar.zst
rm -rf .gpu/stage
split -b "$part" -d models/lm.gguf .gpu/lm.gguf.part-
ls -la .gpu
