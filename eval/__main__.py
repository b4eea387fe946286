"""`python -m eval`: run the evaluation set through `qa.ask()` and a baseline, side by side."""
from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from pathlib import Path

from qa import STAGES

from .metrics import JUDGE_METRICS, METRICS, score, summarise

HERE = Path(__file__).resolve().parent
CONFIGS = ["project", "baseline"] + [f"no-{s}" for s in STAGES]
KINDS = ["single", "list", "cross", "followup", "unanswerable"]
EPILOG = f"""configurations: {', '.join(CONFIGS)}
  project   the full pipeline (qa.ask)
  baseline  plain LangChain recipe: dense top-4 chunks, stuffed prompt, same LLM
  no-STAGE  the pipeline with one stage switched off (ablation)

examples:
  python -m eval                                   # project vs baseline, all questions
  python -m eval --config project --config no-verify --config no-evidence
  python -m eval --only followup --limit 5
  python -m eval --llm openai --llm-url http://127.0.0.1:8080/v1 --out eval/out/remote
  python -m eval --llm fake --config project --embedder minilm-int8 --data-dir data/int8   # retrieval only
  python -m eval --judge-url http://127.0.0.1:8000/v1 --judge-model Qwen/Qwen2.5-7B-Instruct  # + judge metrics
"""


def load_set(path: Path, only: list[str] | None = None, limit: int | None = None) -> list[dict]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if only:
        rows = [r for r in rows if r["kind"] in only]
    return rows[:limit] if limit else rows


def make_runner(name: str, settings, index, backend):
    """An object with `.ask(question, history, council)` for a configuration name."""
    from qa import Pipeline

    from .baseline import Baseline

    if name == "baseline":
        return Baseline(index, backend)
    if name == "project":
        return Pipeline(settings, index=index, llm=backend)
    if name.startswith("no-") and name[3:] in STAGES:
        return Pipeline(settings, index=index, llm=backend, stages={name[3:]: False})
    raise SystemExit(f"unknown configuration {name!r}; choose from: {', '.join(CONFIGS)}")


def run(configs: list[str], records: list[dict], settings, progress: bool = True, judge=None) -> dict:
    """Answer every record under every configuration; returns {config: {rows, summary}}."""
    from index import Index
    from qa import Pipeline, get_backend

    index = Index(settings)
    Pipeline(settings, index=index, llm=get_backend(settings.replace(llm="fake"))).prepare()  # build if missing
    backend = get_backend(settings)
    results = {}
    from tqdm import tqdm

    bar = tqdm(total=len(configs) * len(records), disable=not progress, unit="q", desc="evaluating")
    for name in configs:
        runner = make_runner(name, settings, index, backend)
        runner.ask("warm-up: what did Ofsted rate Warrington?")  # load models and caches first
        rows = []
        for rec in records:
            bar.set_postfix_str(f"{name} {rec['id']}")
            answer = runner.ask(rec["question"], history=rec.get("history") or None)
            row = score(rec, answer)
            if judge is not None:
                row.update(judge.score(rec["question"], answer))
            row["answer"] = answer.text
            row["citations"] = [c.source for c in answer.citations]
            rows.append(row)
            bar.update(1)
        summary = summarise(rows)
        summary["by_kind"] = {k: summarise([r for r in rows if r["kind"] == k]) for k in KINDS
                              if any(r["kind"] == k for r in rows)}
        results[name] = {"summary": summary, "rows": rows}
    bar.close()
    backend.close()
    return results


COLUMNS = METRICS + ["latency_p50", "latency_p95", "first_token_p50", "prompt_tokens"]


def columns(results: dict) -> list[str]:
    """The standard columns, plus the judge's when it ran."""
    extra = [m for m in JUDGE_METRICS if any(m in r["summary"] for r in results.values())]
    return COLUMNS + extra


def table(results: dict) -> str:
    cols = columns(results)
    head = f"{'config':<13}" + "".join(f"{c:>19}" for c in cols)
    lines = [head, "-" * len(head)]
    for name, res in results.items():
        s = res["summary"]
        lines.append(f"{name:<13}" + "".join(f"{'-' if s.get(c) is None else s[c]:>19}" for c in cols))
    return "\n".join(lines)


def write_report(results: dict, out: Path, meta: dict) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps({"meta": meta, "results": results}, indent=2, ensure_ascii=False))
    md = [f"# Evaluation — {meta['when']}", "", f"{meta['questions']} questions, LLM `{meta['llm']}`.", "",
          "| config | " + " | ".join(columns(results)) + " |", "|---" * (len(columns(results)) + 1) + "|"]
    for name, res in results.items():
        s = res["summary"]
        md.append(f"| {name} | " + " | ".join("–" if s.get(c) is None else str(s[c]) for c in columns(results)) + " |")
    md += ["", "## By kind of question", ""]
    for name, res in results.items():
        md += [f"### {name}", "", "| kind | " + " | ".join(METRICS) + " |", "|---" * (len(METRICS) + 1) + "|"]
        for kind, s in res["summary"]["by_kind"].items():
            md.append(f"| {kind} | " + " | ".join("–" if s[m] is None else str(s[m]) for m in METRICS) + " |")
        md.append("")
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        names = list(results)
        fig, ax = plt.subplots(figsize=(11, 4.5))
        width = 0.8 / max(len(names), 1)
        for i, name in enumerate(names):
            vals = [results[name]["summary"][m] or 0 for m in METRICS]
            ax.bar([x + i * width for x in range(len(METRICS))], vals, width, label=name)
        ax.set_xticks([x + width * (len(names) - 1) / 2 for x in range(len(METRICS))], METRICS, rotation=20)
        ax.set_ylim(0, 1.05)
        ax.legend(fontsize=8)
        ax.set_title("Quality per configuration")
        fig.tight_layout()
        fig.savefig(out / "metrics.png", dpi=110)
        fig, ax = plt.subplots(figsize=(8, 4))
        ax.boxplot([[r["latency"] for r in results[n]["rows"]] for n in names], tick_labels=names)
        ax.set_ylabel("seconds per answer")
        ax.set_title("Answer latency")
        fig.tight_layout()
        fig.savefig(out / "latency.png", dpi=110)
        md += ["![metrics](metrics.png)", "", "![latency](latency.png)", ""]
    except ImportError:
        md += ["(plots need `pip install -e '.[eval]'`)"]
    md += ["## Answers", ""]
    for name, res in results.items():
        md += [f"<details><summary>{name}</summary>", "", "| id | kind | facts | answer |", "|---|---|---|---|"]
        for r in res["rows"]:
            ans = r["answer"].replace("|", "\\|").replace("\n", " ")[:300]
            md.append(f"| {r['id']} | {r['kind']} | {r.get('fact_recall', r.get('refusal_accuracy'))} | {ans} |")
        md += ["", "</details>", ""]
    (out / "report.md").write_text("\n".join(md), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval", description="Evaluate answers against the evaluation set.",
                                     epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", type=Path, default=HERE / "questions.jsonl", help="JSONL evaluation set")
    parser.add_argument("--config", action="append", help="configuration to run (repeatable)")
    parser.add_argument("--only", action="append", choices=KINDS, help="only this kind of question (repeatable)")
    parser.add_argument("--limit", type=int, help="only the first N questions")
    parser.add_argument("--out", type=Path, default=HERE / "out", help="folder for results.json, report.md, plots")
    parser.add_argument("--llm", help="LLM backend (default: bundled)")
    parser.add_argument("--llm-url", help="server URL for openai/ollama backends")
    parser.add_argument("--llm-model", help="model name on that server")
    parser.add_argument("--embedder", help="embedder for the index (e.g. minilm-int8); use its own --data-dir")
    parser.add_argument("--reranker", help="a sentence-transformers CrossEncoder folder or hub name (default: off)")
    parser.add_argument("--data-dir", help="index folder (default ./data)")
    parser.add_argument("--judge-url", help="optional: an OpenAI-compatible server for RAGAS-style judge metrics")
    parser.add_argument("--judge-model", help="the judge's model name on that server")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR)

    from settings import Settings

    settings = Settings.from_env(llm=args.llm, llm_url=args.llm_url, llm_model=args.llm_model,
                                 embedder=args.embedder, data_dir=args.data_dir, reranker=args.reranker)
    records = load_set(args.set, args.only, args.limit)
    configs = args.config or ["project", "baseline"]
    judge = None
    if args.judge_url:
        from .judge import make_judge

        judge = make_judge(args.judge_url, args.judge_model, settings.llm_api_key, settings.embedder, settings.cache_dir)
    results = run(configs, records, settings, progress=not args.quiet, judge=judge)
    print(table(results))
    meta = {"when": time.strftime("%Y-%m-%d %H:%M"), "questions": len(records), "llm": settings.llm,
            "embedder": settings.embedder, "reranker": settings.reranker, "configs": configs}
    write_report(results, args.out, meta)
    print(f"\nreport: {args.out / 'report.md'}  data: {args.out / 'results.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
