#!/usr/bin/env bash
# Sets up the Python reference of the DUALRec recommend call
# (scripts/qa/python_reference.py: PyTorch LSTM + transformers LLM from the GGUF
# + sentence-transformers re-ranking), used only to time it beside the engine.
#
#   scripts/qa/python-reference.sh [VENV]        (default /tmp/pyref-venv)
#
# Creates the virtualenv VENV (outside the repository: refused inside it) and
# installs a fully pinned set from PyPI with --no-deps, so pip resolves nothing.
# PyPI only carries CUDA builds of torch for Linux x86_64, and `import torch`
# needs the CUDA runtime libraries its shared objects link to (libtorch_cpu.so
# alone links libcudart and libcupti), even on a machine without a GPU. The set
# below is those libraries and no more: the GPU-only extras torch's metadata
# also pulls (triton, cuda-bindings, cuda-pathfinder, cuda-toolkit, cuda-cccl,
# nvtx, cusolver: dlopen'ed only by CUDA linear algebra) are left out. Nothing
# here runs on a GPU. The smoke check, afterwards:
#   VENV/bin/python scripts/qa/python_reference.py --models models \
#       --minilm .cache/minilm --calls 3 --out /tmp/pyref.json
set -euo pipefail
abs=$(realpath -m "${1:-/tmp/pyref-venv}")
cd "$(dirname "$0")/../.."
repo=$(pwd -P)
case "$abs/" in "$repo"/*) echo "refusing to create the virtualenv inside the repository: $abs" >&2; exit 2;; esac

PY=${PYTHON:-python3}
"$PY" -c 'import sys; assert sys.version_info[:2] >= (3, 10), sys.version' \
  || { echo "needs Python >= 3.10" >&2; exit 2; }

t0=$(date +%s)
[ -x "$abs/bin/python" ] || "$PY" -m venv "$abs"
"$abs/bin/python" -m pip install -q --disable-pip-version-check --no-deps -r /dev/stdin <<'EOF'
# top level
torch==2.15.0
transformers==5.23.0
sentence-transformers==6.2.0
gguf==0.19.0
onnx==1.23.2
numpy==2.4.6
accelerate==1.15.0
psutil==7.2.2
# CUDA runtime libraries `import torch` links to (no GPU is used)
nvidia-cublas==13.4.1.3
nvidia-cuda-cupti==13.2.86
nvidia-cuda-nvrtc==13.2.86
nvidia-cuda-runtime==13.2.86
nvidia-cudnn-cu13==9.26.0.51
nvidia-cufft==12.2.0.57
nvidia-cufile==1.17.1.22
nvidia-cusparse==12.7.10.12
nvidia-cusparselt-cu13==0.8.1
nvidia-nccl-cu13==2.30.7
nvidia-nvjitlink==13.5.37
nvidia-nvshmem-cu13==3.7.2
# pure-Python / small dependencies of the above
filelock==4.3.1
fsspec==2026.9.0
Jinja2==3.1.6
MarkupSafe==3.0.4
mpmath==1.3.0
networkx==3.6.1
setuptools==84.2.1
sympy==1.14.0
typing_extensions==4.16.0
huggingface_hub==2.4.0
hf-xet==1.8.0
httpx2==2.16.2
httpcore2==2.16.2
h11==0.16.0
anyio==4.16.0
idna==3.20
certifi==2026.10.19.post1
truststore==0.10.5
packaging==26.4
PyYAML==6.0.4
regex==2026.11.19
requests==2.34.2
charset-normalizer==3.5.3
urllib3==2.8.0
safetensors==0.8.0
tokenizers==0.23.3
tqdm==4.70.1
typer==0.29.2
click==8.5.1
shellingham==1.5.4
rich==15.0.0
Pygments==2.21.0
markdown-it-py==4.3.0
mdurl==0.1.2
annotated-doc==0.0.7
annotated-types==0.8.0
pydantic==2.14.4
pydantic_core==2.50.5
typing-inspection==0.4.5
scikit-learn==1.9.1
scipy==1.17.1
joblib==1.6.0
threadpoolctl==3.8.0
narwhals==2.29.0
cloudpickle==3.1.3
ml_dtypes==0.7.0
protobuf==7.36.2
EOF
"$abs/bin/python" - <<'EOF'
import torch, transformers, sentence_transformers, gguf, onnx, accelerate  # noqa: F401
torch.ones(2) @ torch.ones(2)
print("torch", torch.__version__, "transformers", transformers.__version__,
      "sentence-transformers", sentence_transformers.__version__, "(CPU import ok)")
EOF
echo "installed in $(( $(date +%s) - t0 )) s; $(du -sh "$abs" | cut -f1) at $abs" >&2
