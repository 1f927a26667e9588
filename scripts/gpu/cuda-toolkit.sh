#!/usr/bin/env bash
# Assembles a CUDA 13.0 toolkit (nvcc, cicc, ptxas, headers, cudart, cuBLAS) from
# NVIDIA's PyPI wheels into .cache/cuda-13.0, in the layout CMake's
# FindCUDAToolkit and nvcc.profile expect (targets/x86_64-linux/{include,lib}).
# No network beyond PyPI is needed; nothing is installed system-wide.
# Only for compiling the `cuda` feature: the CUDA *driver* (libcuda.so) and the
# GPU come from the machine the program runs on.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=${CUDA_ROOT:-$PWD/.cache/cuda-13.0}
if [ -x "$root/bin/nvcc" ] && "$root/bin/nvcc" --version >/dev/null 2>&1; then
  echo "$root"; exit 0
fi
wheels=.cache/cuda-wheels
mkdir -p "$wheels"
# Versions match the driver/toolkit of the GPU machines we test on (CUDA 13.0).
pkgs=(nvidia-cuda-nvcc==13.0.88 nvidia-nvvm==13.0.88 nvidia-cuda-crt==13.0.88
      nvidia-cuda-runtime==13.0.96 nvidia-cuda-cccl==13.0.85 nvidia-cublas==13.0.2.14)
python3 -m pip download -q --no-deps --only-binary=:all: --python-version 3.12 \
  --platform manylinux_2_27_x86_64 --platform manylinux_2_17_x86_64 \
  --platform manylinux2014_x86_64 --platform manylinux_2_12_x86_64 -d "$wheels" "${pkgs[@]}" >&2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for w in "$wheels"/*.whl; do unzip -qo "$w" 'nvidia/cu13/*' -d "$tmp"; done
t="$tmp/nvidia/cu13"
rm -rf "$root.part"; mkdir -p "$root.part/targets/x86_64-linux"
mv "$t/bin" "$t/nvvm" "$root.part/"
mv "$t/include" "$t/lib" "$root.part/targets/x86_64-linux/"
ln -s targets/x86_64-linux/include "$root.part/include"
ln -s targets/x86_64-linux/lib "$root.part/lib64"
# Link-time names (the wheels ship only the versioned sonames).
( cd "$root.part/targets/x86_64-linux/lib"
  for l in cudart cublas cublasLt; do ln -sf "lib$l.so.13" "lib$l.so"; done )
rm -rf "$root"; mv "$root.part" "$root"
"$root/bin/nvcc" --version >&2
echo "$root"
