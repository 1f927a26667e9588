#!/usr/bin/env bash
# CI's CUDA compile check (no GPU needed, nothing is run): assembles the CUDA
# 13.0 toolkit from PyPI (scripts/gpu/cuda-toolkit.sh), configures the llama.cpp
# that llama-cpp-sys-2 vendors with the options of scripts/gpu/build-cuda.sh, and
# compiles the CUDA backend's main translation unit plus one quantized
# matrix-multiplication kernel instance for sm_90. The full build of the
# `cuda` feature (all 144 CUDA sources) takes over an hour on a 2-core box,
# too long for CI's budget: run scripts/gpu/build-cuda.sh for it, or set
# DUALREC_CI_CUDA_FULL=1 to have this script run it.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(bash scripts/gpu/cuda-toolkit.sh | tail -1)
if [ "${DUALREC_CI_CUDA_FULL:-0}" = 1 ]; then exec bash scripts/gpu/build-cuda.sh; fi
sys=$(cargo metadata --format-version 1 --locked 2>/dev/null | python3 -c '
import json, sys, os
for p in json.load(sys.stdin)["packages"]:
    if p["name"] == "llama-cpp-sys-2":
        print(os.path.dirname(p["manifest_path"]))')
src="$sys/llama.cpp"
build=target/cuda-compile-check
cmake -S "$src" -B "$build" -DGGML_CUDA=ON -DGGML_CUDA_FA=OFF -DGGML_CUDA_NO_VMM=ON -DGGML_CUDA_NCCL=OFF \
  -DCMAKE_CUDA_ARCHITECTURES=90 -DCMAKE_CUDA_COMPILER="$root/bin/nvcc" -DCUDAToolkit_ROOT="$root" \
  -DBUILD_SHARED_LIBS=ON -DGGML_NATIVE=OFF -DLLAMA_CURL=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF \
  -DLLAMA_BUILD_SERVER=OFF -DLLAMA_BUILD_TOOLS=OFF -DLLAMA_BUILD_APP=OFF -DCMAKE_BUILD_TYPE=Release >/dev/null
for obj in ggml-cuda.cu.o template-instances/mmq-instance-q4_1.cu.o; do
  echo "nvcc: $obj"
  make -s -C "$build/ggml/src/ggml-cuda" "$obj"
done
echo "CUDA compile check passed ($("$root/bin/nvcc" --version | tail -1))"
