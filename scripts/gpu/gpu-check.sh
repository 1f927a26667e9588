#!/usr/bin/env bash
# The GPU check, run once on a lent GPU machine (docs/gpu.md). Expects .gpu/
# from scripts/gpu/gpu-bundle.sh (its parts may arrive in separate transfers).
# Writes bench/<name>.json reports and logs into $OUT.
set -uo pipefail
cd "$(dirname "$0")/../.."
OUT=${OUT:-/tmp/gpu-out}; mkdir -p "$OUT"
exec > >(tee "$OUT/gpu-check.log") 2>&1
nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm --format=csv
nproc; grep -m1 'model name' /proc/cpuinfo
# Parts carried by earlier calls were saved in /tmp/gpu-parts (a carried path
# that a later call does not carry is removed there).
mkdir -p /tmp/gpu-parts && cp .gpu*/bundle.tar.xz.part-* /tmp/gpu-parts/ 2>/dev/null
mkdir -p .gpu/run && cat /tmp/gpu-parts/bundle.tar.xz.part-* | python3 -c "import lzma, shutil, sys; shutil.copyfileobj(lzma.open(sys.stdin.buffer), sys.stdout.buffer)" | tar -C .gpu/run -xf - || exit 1
mv .gpu/run/lm.gguf models/lm.gguf
want=$(python3 -c "import json;print(next(a['sha256'] for a in json.load(open('models/manifest.json'))['artifacts'] if a['name']=='lm'))")
got=$(sha256sum models/lm.gguf | cut -d' ' -f1)
[ "$want" = "$got" ] || { echo "lm.gguf sha256 $got != manifest $want"; exit 1; }
cp .gpu/run/tokenizer.json models/
# The Sentence-BERT encoders are verified at open but only loaded for
# free-text grounding, which recommend never needs: same-size placeholders
# with size-only verification (the GGUF was checked by sha256 above).
python3 - <<'PY'
import json, os
for a in json.load(open('models/manifest.json'))['artifacts']:
    p = os.path.join('models', a['file'])
    if not os.path.exists(p):
        with open(p, 'wb') as f: f.truncate(a['size'])
        print('placeholder', p, a['size'])
PY
libs=$(dirname "$(find /opt /usr/local /usr/lib /usr/lib64 -name 'libcublasLt.so.13*' 2>/dev/null | head -1)")
rt=$(dirname "$(find /opt /usr/local /usr/lib /usr/lib64 -name 'libcudart.so.13*' 2>/dev/null | head -1)")
export LD_LIBRARY_PATH="$PWD/.gpu/run/bin:$libs:$rt:${LD_LIBRARY_PATH:-}"
export DUALREC_ONNXRUNTIME="$PWD/.gpu/run/runtime/libonnxruntime.so"
echo "cuBLAS from $libs, cudart from $rt"
bin=.gpu/run/bin/dualrec-train
common=(bench --models models --out "$OUT" --verify size --llama-decode "$PWD/.gpu/run/bin/llama_decode")
timeout 240 $bin "${common[@]}" --gpu-layers -1 --modes language-1,full --llm-calls "${LLM_CALLS:-40}" --name gpu
cp "$OUT/bench/gpu.json" "$OUT/gpu.json" 2>/dev/null
# The same modes on this machine's CPU (1 thread per call), for the ratio.
timeout 150 $bin "${common[@]}" --gpu-layers 0 --modes language-1,full --llm-calls 20 --name gpu-host-cpu
cp "$OUT/bench/gpu-host-cpu.json" "$OUT/gpu-host-cpu.json" 2>/dev/null
nvidia-smi --query-gpu=memory.used --format=csv
