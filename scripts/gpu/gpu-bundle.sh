#!/usr/bin/env bash
# Packs what a lent GPU machine needs for scripts/gpu/gpu-check.sh into .gpu/
# (ignored by git; carried by the device tool): the CUDA build's bench binary
# and llama.cpp shared libraries, llama.cpp's own greedy decoder, ONNX
# Runtime and models/lm.gguf, as one zstd stream split into parts that fit
# one transfer each.
# Run scripts/gpu/build-cuda.sh first.
set -euo pipefail
cd "$(dirname "$0")/../.."
part=${PART_SIZE:-46500000}
out=$(ls -td target-cuda/release/build/llama-cpp-sys-2-*/out | while read -r d; do
  [ -e "$d/lib/libllama.so" ] && { echo "$d"; break; }; done)
[ -n "$out" ] || { echo "no CUDA llama.cpp build: run scripts/gpu/build-cuda.sh" >&2; exit 1; }
rm -rf .gpu && mkdir -p .gpu/stage/bin .gpu/stage/runtime
cp target-cuda/release/dualrec-train .gpu/stage/bin/
cp -P "$out"/lib/lib*.so* .gpu/stage/bin/
rm -f .gpu/stage/bin/libllama-common.so*  # the SDK links llama.cpp's common wrapper statically
TARGET_DIR=target-cuda bash scripts/qa/llama-baseline.sh >/dev/null
cp target-cuda/release/llama_decode .gpu/stage/bin/
strip .gpu/stage/bin/dualrec-train .gpu/stage/bin/llama_decode .gpu/stage/bin/*.so.*.*
cp runtime/libonnxruntime.so.1.32.0 .gpu/stage/runtime/libonnxruntime.so
cp models/tokenizer.json .gpu/stage/
cp models/lm.gguf .gpu/stage/
# One xz stream (Python can always unpack it), split into parts that each fit one transfer beside
# the tracked tree (64 MiB per call in all).
tar -C .gpu/stage -cf - . | xz -9 -T2 | split -b "$part" -d - .gpu/bundle.tar.xz.part-
rm -rf .gpu/stage
ls -la .gpu
