#!/usr/bin/env python3
"""Times `recommend` with every stage (the LLM forced) for two engine builds and
the Python reference stack in one run, alternating, so that this VM's drift
falls on all of them alike (DEVELOPERS.md: compare speed side by side).

    python3 scripts/qa/side-by-side.py --before /tmp/dualrec-train-old \
        --after ./target/release/dualrec-train --models models \
        --python /tmp/pyref-venv/bin/python --rounds 2 --out /tmp/side-by-side.json

Each round runs `BIN bench --models M --mode full-2-threads --calls C --llm-calls C`
for before, then after, then the Python reference (scripts/qa/python_reference.py,
--threads 2, its own seeded histories: the bench's LLM-call seed). The report
has every round's raw figures and, per side, the median over rounds of p50.
Writes only --out (never into docs/ unless asked).
"""
import argparse
import json
import statistics
import subprocess
import sys
import time


def bench(binary, models, calls):
    cmd = [binary, "bench", "--models", models, "--mode", "full-2-threads", "--calls", str(calls), "--llm-calls", str(calls)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    d = json.loads(out)
    keep = ("recommend_p50_ms", "recommend_p99_ms", "peak_rss_one_caller_mib", "peak_rss_mib", "open_ms",
            "llm_prompt_tokens_per_call", "llm_generated_tokens_per_call", "throughput_2_threads_per_s",
            "prepare_p50_ms", "recommend_prepared_p50_ms", "recommend_prepared_p99_ms")
    return {k: d.get(k) for k in keep}


def python_ref(python, models, minilm, calls, out):
    cmd = [python, "scripts/qa/python_reference.py", "--models", models, "--minilm", minilm,
           "--calls", str(calls), "--threads", "2", "--out", out]
    subprocess.run(cmd, check=True, capture_output=True, text=True)
    return json.load(open(out))


def model_hashes(models):
    """The sha256 of every artifact the run used, from the model directory's manifest."""
    with open(models + "/manifest.json") as f:
        return {a["file"]: a["sha256"] for a in json.load(f)["artifacts"]}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--before", required=True, help="dualrec-train binary of the build to compare against")
    ap.add_argument("--after", required=True, help="dualrec-train binary of this build")
    ap.add_argument("--before-label", default="", help="what the before build is (recorded in the report)")
    ap.add_argument("--after-label", default="", help="what the after build is")
    ap.add_argument("--models", default="models")
    ap.add_argument("--python", default=None, help="the reference virtualenv's python (scripts/qa/python-reference.sh); omit to skip")
    ap.add_argument("--minilm", default=".cache/minilm")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--calls", type=int, default=24, help="engine calls per side and round")
    ap.add_argument("--python-calls", type=int, default=13, help="Python reference calls per round (the first is warm-up)")
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    rounds = []
    for r in range(a.rounds):
        row = {"round": r + 1, "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
        row["before"] = bench(a.before, a.models, a.calls)
        row["after"] = bench(a.after, a.models, a.calls)
        if a.python:
            p = python_ref(a.python, a.models, a.minilm, a.python_calls, a.out + f".python{r + 1}.json")
            row["python"] = {"p50_ms": p["call_ms"]["p50"], "p99_ms": p["call_ms"].get("p99"), "peak_rss_mib": p.get("peak_rss_mib"), "load_s": p.get("load_s")}
        print(json.dumps(row), file=sys.stderr)
        rounds.append(row)
    med = lambda side, k: statistics.median(x[side][k] for x in rounds if side in x and x[side].get(k) is not None)
    summary = {"before_p50_ms": med("before", "recommend_p50_ms"), "after_p50_ms": med("after", "recommend_p50_ms"),
               "after_prepared_p50_ms": med("after", "recommend_prepared_p50_ms") if any(x["after"].get("recommend_prepared_p50_ms") for x in rounds) else None,
               "after_prepare_p50_ms": med("after", "prepare_p50_ms") if any(x["after"].get("prepare_p50_ms") for x in rounds) else None,
               "before_peak_rss_one_caller_mib": med("before", "peak_rss_one_caller_mib"), "after_peak_rss_one_caller_mib": med("after", "peak_rss_one_caller_mib"),
               "before_peak_rss_two_callers_mib": med("before", "peak_rss_mib"), "after_peak_rss_two_callers_mib": med("after", "peak_rss_mib")}
    if a.python:
        summary["python_p50_ms"] = med("python", "p50_ms")
        summary["python_over_after_p50"] = summary["python_p50_ms"] / summary["after_p50_ms"]
        summary["target_p50_ms_10x_python"] = summary["python_p50_ms"] / 10
        if summary["after_prepared_p50_ms"]:
            summary["python_over_after_prepared_p50"] = summary["python_p50_ms"] / summary["after_prepared_p50_ms"]
    report = {"what": "recommend with every stage (DUALREC_STAGE_ALL), 2 threads per call, before / after / Python stack alternating in one run",
              "commands": {"engine": "BIN bench --models %s --mode full-2-threads --calls %d --llm-calls %d" % (a.models, a.calls, a.calls),
                           "python": "PYTHON scripts/qa/python_reference.py --models %s --minilm %s --calls %d --threads 2" % (a.models, a.minilm, a.python_calls)},
              "before": {"binary": a.before, "what": a.before_label}, "after": {"binary": a.after, "what": a.after_label},
              "date": time.strftime("%Y-%m-%d", time.gmtime()), "model_sha256": model_hashes(a.models),
              "histories": "seeded random 30-movie histories (speed only: no data set, no split)",
              "rounds": rounds, "summary": summary}
    with open(a.out, "w") as f:
        f.write(json.dumps(report, indent=1) + "\n")
    print(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()
