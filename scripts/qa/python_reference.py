#!/usr/bin/env python3
"""Python reference of the DUALRec recommend call (arXiv 2507.13957), for timing only.

It runs the paper's pipeline with the usual Python stack, on CPU, to time it
side by side with the Rust engine (dualrec-train bench). It is NOT a
recommender: the LSTM has RANDOM weights (only its shapes are the project's),
so its pick, and therefore the prompt, differ from the engine's. Timings are
what it is for.

Per call, on one viewer history (30 distinct catalogue movies):
  1. LSTM (torch.nn; embedding, LSTM and output layer shaped like the
     initializers of MODELS/lstm-fp32.onnx, read with `onnx`; random weights,
     seeded) over the last <= 30 watched ids; the pick is the argmax over the
     catalogue with the watched movies excluded.
  2. The LLM (MODELS/lm.gguf, llama architecture, loaded by transformers' GGUF
     support and dequantized to fp32) is prompted through the tokenizer's chat
     template with the last 5 watched titles and the LSTM's pick, and greedily
     generates up to --max-new-tokens (40) new tokens, stopping at end of turn
     or once --stop-lines (3) non-empty lines are complete (as the engine's
     free generation does).
  3. Sentence-BERT (sentence-transformers, all-MiniLM-L6-v2 from --minilm)
     embeds every generated line and the pick's title, and re-ranks the lines
     by cosine similarity to the pick; each line is also grounded to the
     catalogue movie whose title embedding (computed once at load) is nearest.

Histories: --calls seeded random histories, each 30 distinct uniformly random
catalogue rows, drawn with the same SplitMix64 generator and rule as the Rust
bench (train/src/bench/engine.rs `histories`), so --seed 13 gives the bench's
LLM-call histories and --seed 7 its per-mode ones.

Measures: load time (s, with its parts), per-call wall time p50/p90/p99 in ms
(first call excluded as warm-up; percentiles as the Rust bench takes them),
per-stage means, mean generated tokens, peak RSS (ru_maxrss, MiB), versions,
threads. Writes JSON to --out and prints it.

Setup: scripts/qa/python-reference.sh [VENV] (default /tmp/pyref-venv), then
  VENV/bin/python scripts/qa/python_reference.py --models models \
      --minilm .cache/minilm --calls 20 --threads 2 --out /tmp/pyref.json
"""

import argparse
import json
import os
import platform
import resource
import sys
import time

# Nothing is fetched from a hub: every model is a local file.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
# The tokenizers' own thread pool would use cores beyond --threads.
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

SYSTEM_PROMPT = (
    "You are a movie recommendation assistant. Answer with movie titles and their "
    "release years, one per line, nothing else."
)
USER_LEAD = (
    "Recommend 3 more movies I will enjoy, with their release years. "
    "I have watched these movies, oldest first:\n"
)
# --prompt engine: the Rust engine's own prompt (src/stages/language/prompt.rs), the
# format lm.gguf's LoRA was trained on: titles without years, the pick after "Next:".
ENGINE_SYSTEM_PROMPT = "You are a movie recommendation assistant. Answer with movie titles, one per line, nothing else."
ENGINE_USER_LEAD = (
    "Recommend 3 more movies I will enjoy. Below are the movies I have watched, oldest first, "
    "then after \"Next:\" the movie a sequence model predicts I will watch next.\n"
)
HISTORY_LEN = 30
PROMPT_WATCHED = 5
MASK64 = (1 << 64) - 1


class SplitMix:
    """train/src/rng.rs SplitMix, bit for bit."""

    def __init__(self, seed):
        self.state = seed & MASK64

    def next_u64(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK64
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
        return z ^ (z >> 31)

    def below(self, n):
        return self.next_u64() % n


def histories(n_items, count, length, seed):
    """train/src/bench/engine.rs `histories`: distinct catalogue rows, oldest first."""
    rng = SplitMix(seed)
    out = []
    for _ in range(count):
        h = []
        while len(h) < length:
            i = rng.below(n_items)
            if i not in h:
                h.append(i)
        out.append(h)
    return out


def pct(sorted_vals, p):
    """The Rust bench's percentile: sorted[round((n - 1) * p)]."""
    if not sorted_vals:
        return None
    return sorted_vals[int(round((len(sorted_vals) - 1) * p))]


def load_catalog(path):
    """catalog.tsv: '#' header line, then id, title, year, genres (tab-separated)."""
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            parts = line.rstrip("\n").split("\t")
            movie_id, title = int(parts[0]), parts[1]
            year = parts[2] if len(parts) > 2 else ""
            rows.append((movie_id, title, year))
    return rows


def display(row):
    _, title, year = row
    return f"{title} ({year})" if year else title


def lstm_shapes(onnx_path):
    """Shapes of the LSTM's initializers: item table, LSTM layers, output layer."""
    import onnx

    model = onnx.load(onnx_path, load_external_data=False)
    dims = {t.name: list(t.dims) for t in model.graph.initializer}
    n_items, emb = dims["item_table"]
    layers = sorted(k[: -len(".W")] for k in dims if k.startswith("lstm") and k.endswith(".W"))
    if not layers:
        raise SystemExit(f"{onnx_path}: no LSTM layer initializers (lstm*.W)")
    hidden = dims[layers[0] + ".R"][-1]
    out_rows, out_in = dims["out_w"]
    if out_in != hidden or out_rows != n_items:
        raise SystemExit(f"{onnx_path}: out_w {dims['out_w']} does not fit hidden {hidden}, items {n_items}")
    bidirectional = dims[layers[0] + ".W"][0] == 2
    return {"items": n_items, "embedding": emb, "hidden": hidden, "layers": len(layers),
            "bidirectional": bidirectional}


def build_lstm(torch, shapes):
    nn = torch.nn

    class NextItem(nn.Module):
        def __init__(self):
            super().__init__()
            self.items = nn.Embedding(shapes["items"], shapes["embedding"])
            self.lstm = nn.LSTM(shapes["embedding"], shapes["hidden"], num_layers=shapes["layers"],
                                batch_first=True, bidirectional=shapes["bidirectional"])
            self.out = nn.Linear(shapes["hidden"], shapes["items"])

        def forward(self, ids):
            _, (h, _) = self.lstm(self.items(ids))
            return self.out(h[-1])

    return NextItem().eval()


class StopAfterLines:
    """Stops generation once `lines` non-empty lines are complete (the engine's rule)."""

    def __init__(self, tokenizer, prompt_len, lines):
        self.tok, self.prompt_len, self.lines = tokenizer, prompt_len, lines

    def __call__(self, input_ids, scores, **kwargs):
        import torch

        text = self.tok.decode(input_ids[0, self.prompt_len:], skip_special_tokens=True)
        done = sum(1 for l in text.split("\n")[:-1] if l.strip()) >= self.lines
        return torch.full((input_ids.shape[0],), done, dtype=torch.bool, device=input_ids.device)


def clean_line(line):
    s = line.strip()
    for lead in ("- ", "* ", "• "):
        if s.startswith(lead):
            s = s[len(lead):]
    head, dot, rest = s.partition(". ")
    if dot and head.isdigit():
        s = rest
    return s.strip()


def minilm_dir(path):
    """The all-MiniLM-L6-v2 sentence-transformers directory, checked.

    scripts/dev/models.sh once extracted the wheel's model/ folder flattened,
    leaving 1_Pooling/config.json in place of the BERT config.json; such a
    directory is refused (re-run scripts/dev/models.sh).
    """
    with open(os.path.join(path, "config.json"), encoding="utf-8") as f:
        cfg = json.load(f)
    if "model_type" not in cfg or not os.path.isfile(os.path.join(path, "1_Pooling", "config.json")):
        raise SystemExit(f"{path} is not a sentence-transformers directory (config.json without model_type or no "
                         "1_Pooling/config.json): re-run scripts/dev/models.sh, which keeps the wheel's subfolders")
    return path


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--models", default="models", help="model directory (lstm-fp32.onnx, lm.gguf, catalog.tsv)")
    ap.add_argument("--minilm", default=".cache/minilm", help="all-MiniLM-L6-v2 sentence-transformers directory")
    ap.add_argument("--calls", type=int, default=20, help="recommend calls (the first is warm-up)")
    ap.add_argument("--threads", type=int, default=2, help="torch intra-op threads")
    ap.add_argument("--seed", type=int, default=13, help="history seed (13: the bench's LLM calls)")
    ap.add_argument("--max-new-tokens", type=int, default=40)
    ap.add_argument("--stop-lines", type=int, default=3, help="stop after this many complete lines (0: only EOS/limit)")
    ap.add_argument("--prompt", choices=("paper", "engine"), default="paper",
                    help="paper: the brief's prompt with years (default); engine: the Rust engine's prompt")
    ap.add_argument("--gguf", default="lm.gguf", help="GGUF file name inside --models")
    ap.add_argument("--no-ground", action="store_true", help="skip catalogue embedding and grounding")
    ap.add_argument("--out", default=None, help="JSON report path")
    a = ap.parse_args()
    if a.calls < 1:
        ap.error("--calls must be >= 1")

    t_load = time.perf_counter()
    parts = {}

    t = time.perf_counter()
    import torch
    torch.set_num_threads(a.threads)
    try:
        torch.set_num_interop_threads(1)
    except RuntimeError:
        pass
    import transformers
    import sentence_transformers
    from transformers import AutoModelForCausalLM, AutoTokenizer, StoppingCriteriaList
    from sentence_transformers import SentenceTransformer
    transformers.logging.set_verbosity_error()
    transformers.logging.disable_progress_bar()
    parts["imports_s"] = time.perf_counter() - t

    t = time.perf_counter()
    catalog = load_catalog(os.path.join(a.models, "catalog.tsv"))
    shapes = lstm_shapes(os.path.join(a.models, "lstm-fp32.onnx"))
    if shapes["items"] != len(catalog):
        raise SystemExit(f"LSTM has {shapes['items']} items, catalog.tsv {len(catalog)}")
    torch.manual_seed(a.seed)
    lstm = build_lstm(torch, shapes)
    parts["lstm_s"] = time.perf_counter() - t

    t = time.perf_counter()
    # The GGUF is loaded from a folder holding only a link to it: from models/ itself,
    # AutoTokenizer would take models/tokenizer.json (Sentence-BERT's) over the GGUF's.
    import tempfile
    gguf_dir = tempfile.mkdtemp(prefix="pyref-gguf-")
    os.symlink(os.path.abspath(os.path.join(a.models, a.gguf)), os.path.join(gguf_dir, a.gguf))
    tok = AutoTokenizer.from_pretrained(gguf_dir, gguf_file=a.gguf)
    if not getattr(tok, "chat_template", None):
        # transformers' GGUF tokenizer conversion drops tokenizer.chat_template: read it from the file.
        import gguf
        field = gguf.GGUFReader(os.path.join(a.models, a.gguf)).fields.get("tokenizer.chat_template")
        if field is None:
            raise SystemExit(f"{a.gguf} has no tokenizer.chat_template")
        tok.chat_template = field.contents()
    llm = AutoModelForCausalLM.from_pretrained(gguf_dir, gguf_file=a.gguf, dtype=torch.float32).eval()
    import shutil
    shutil.rmtree(gguf_dir, ignore_errors=True)
    eos_ids = [i for i in {tok.eos_token_id, tok.convert_tokens_to_ids("<|im_end|>")} if isinstance(i, int) and i >= 0]
    pad_id = tok.pad_token_id if tok.pad_token_id is not None else eos_ids[0]
    parts["llm_s"] = time.perf_counter() - t

    t = time.perf_counter()
    sbert = SentenceTransformer(minilm_dir(a.minilm), device="cpu")
    parts["sbert_s"] = time.perf_counter() - t

    cat_emb = None
    if not a.no_ground:
        t = time.perf_counter()
        cat_emb = sbert.encode([display(r) for r in catalog], batch_size=128, convert_to_tensor=True,
                               normalize_embeddings=True)
        parts["catalog_embed_s"] = time.perf_counter() - t
    load_s = time.perf_counter() - t_load

    hs = histories(len(catalog), a.calls, HISTORY_LEN, a.seed)
    walls, stage = [], {"lstm": [], "llm": [], "sbert": []}
    tokens, prompt_tokens, samples = [], [], []
    with torch.inference_mode():
        for n, h in enumerate(hs):
            t0 = time.perf_counter()
            # 1. LSTM: next movie, watched excluded.
            ids = torch.tensor([h[-HISTORY_LEN:]], dtype=torch.long)
            scores = lstm(ids)[0]
            scores[torch.tensor(h, dtype=torch.long)] = float("-inf")
            pick = int(torch.argmax(scores))
            t1 = time.perf_counter()

            # 2. LLM: chat prompt, greedy decoding.
            if a.prompt == "paper":
                system = SYSTEM_PROMPT
                user = USER_LEAD + "".join(f"- {display(catalog[i])}\n" for i in h[-PROMPT_WATCHED:])
                user += f"A sequence model predicts that I will watch {display(catalog[pick])} next."
            else:
                system = ENGINE_SYSTEM_PROMPT
                user = ENGINE_USER_LEAD + "".join(f"- {catalog[i][1]}\n" for i in h[-PROMPT_WATCHED:])
                user += f"Next: {catalog[pick][1]}"
            msgs = [{"role": "system", "content": system}, {"role": "user", "content": user}]
            text = tok.apply_chat_template(msgs, tokenize=False, add_generation_prompt=True)
            enc = tok(text, return_tensors="pt", add_special_tokens=False)
            plen = enc["input_ids"].shape[1]
            stops = StoppingCriteriaList([StopAfterLines(tok, plen, a.stop_lines)]) if a.stop_lines > 0 else None
            out = llm.generate(**enc, max_new_tokens=a.max_new_tokens, do_sample=False, num_beams=1,
                               eos_token_id=eos_ids, pad_token_id=pad_id, stopping_criteria=stops)
            new = out[0, plen:]
            gen_text = tok.decode(new, skip_special_tokens=True)
            t2 = time.perf_counter()

            # 3. Sentence-BERT: re-rank the lines by similarity to the pick; ground them.
            lines = [c for c in (clean_line(l) for l in gen_text.split("\n")) if c]
            ranked = []
            if lines:
                emb = sbert.encode(lines + [display(catalog[pick])], convert_to_tensor=True,
                                   normalize_embeddings=True)
                sims = emb[:-1] @ emb[-1]
                nearest = torch.argmax(emb[:-1] @ cat_emb.T, dim=1).tolist() if cat_emb is not None else [None] * len(lines)
                order = torch.argsort(sims, descending=True).tolist()
                ranked = [(lines[i], float(sims[i]), nearest[i]) for i in order]
            t3 = time.perf_counter()

            if n == 0 or len(samples) < 2:
                samples.append({
                    "watched_last5": [display(catalog[i]) for i in h[-PROMPT_WATCHED:]],
                    "lstm_pick": display(catalog[pick]),
                    "generated": gen_text,
                    "ranked": [{"line": l, "cosine": round(s, 4),
                                "grounded": None if g is None else {"id": catalog[g][0], "title": display(catalog[g])}}
                               for l, s, g in ranked],
                })
            if n == 0:
                warmup_ms = (t3 - t0) * 1e3
                warmup_stage_ms = {"lstm": (t1 - t0) * 1e3, "llm": (t2 - t1) * 1e3, "sbert": (t3 - t2) * 1e3,
                                   "generated_tokens": int(new.shape[0])}
                continue
            walls.append((t3 - t0) * 1e3)
            stage["lstm"].append((t1 - t0) * 1e3)
            stage["llm"].append((t2 - t1) * 1e3)
            stage["sbert"].append((t3 - t2) * 1e3)
            tokens.append(int(new.shape[0]))
            prompt_tokens.append(int(plen))

    walls_sorted = sorted(walls)
    mean = lambda v: (sum(v) / len(v)) if v else None  # noqa: E731
    report = {
        "what": "Python reference of the DUALRec recommend call (LSTM random weights; timing only)",
        "histories": f"seeded random {HISTORY_LEN}-movie histories (SplitMix64, seed {a.seed}, as the Rust bench)",
        "calls": a.calls,
        "measured_calls": len(walls),
        "threads": a.threads,
        "torch_threads": torch.get_num_threads(),
        "load_s": round(load_s, 3),
        "load_parts_s": {k: round(v, 3) for k, v in parts.items()},
        "warmup_call_ms": round(warmup_ms, 1),
        "warmup_stage_ms": {k: round(v, 2) for k, v in warmup_stage_ms.items()},
        "call_ms": {
            "p50": None if not walls else round(pct(walls_sorted, 0.50), 1),
            "p90": None if not walls else round(pct(walls_sorted, 0.90), 1),
            "p99": None if not walls else round(pct(walls_sorted, 0.99), 1),
            "mean": None if not walls else round(mean(walls), 1),
        },
        "stage_mean_ms": {k: None if not v else round(mean(v), 2) for k, v in stage.items()},
        "generated_tokens_mean": None if not tokens else round(mean(tokens), 2),
        "prompt_tokens_mean": None if not prompt_tokens else round(mean(prompt_tokens), 1),
        "ms_per_generated_token": (None if not tokens or not sum(tokens)
                                   else round(sum(stage["llm"]) / sum(tokens), 2)),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "generation": {"prompt": a.prompt, "max_new_tokens": a.max_new_tokens, "stop_lines": a.stop_lines, "greedy": True,
                       "llm_dtype": "float32 (GGUF dequantized by transformers)"},
        "lstm_shapes": shapes,
        "grounding": not a.no_ground,
        "versions": {
            "python": platform.python_version(),
            "torch": torch.__version__,
            "transformers": transformers.__version__,
            "sentence-transformers": sentence_transformers.__version__,
        },
        "cpu": platform.processor() or platform.machine(),
        "samples": samples,
    }
    js = json.dumps(report, indent=2, ensure_ascii=False)
    if a.out:
        with open(a.out, "w", encoding="utf-8") as f:
            f.write(js + "\n")
    print(js)
    return 0


if __name__ == "__main__":
    sys.exit(main())
