#!/usr/bin/env bash
# Builds the SDK and the tools with the `cuda` feature (compile check; no GPU
# needed) into target-cuda/, separate from the CPU build in target/ so neither
# invalidates the other's llama.cpp build.
#   CUDA_ARCHS   CMake CUDA architectures (default 90 = H100/H200; e.g. "80;86;89;90")
#   CUDA_ROOT    an existing toolkit; default: assembled from PyPI by cuda-toolkit.sh
# llama.cpp is built as shared libraries here (libggml-cuda.so links cuBLAS and
# cudart dynamically: the PyPI toolkit has no static cuBLAS, and a static one
# would add ~500 MB to every binary). Flash-attention kernels are left out
# (GGML_CUDA_FA=OFF) to keep the compile inside CI's budget.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=${CUDA_ROOT:-$(bash scripts/gpu/cuda-toolkit.sh | tail -1)}
export CUDA_PATH="$root" CUDAToolkit_ROOT="$root" CUDACXX="$root/bin/nvcc" PATH="$root/bin:$PATH"
export CMAKE_CUDA_ARCHITECTURES="${CUDA_ARCHS:-90}" GGML_CUDA_FA=OFF LLAMA_BUILD_SHARED_LIBS=1
export CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)}"
feature=${CUDA_FEATURE:-cuda-no-vmm}
cargo build --release --target-dir target-cuda -p dualrec -p dualrec-train -p dualrec-cli --features "dualrec/$feature" "$@"
ls -la target-cuda/release/*.so* 2>/dev/null || true
