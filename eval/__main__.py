"""`python -m eval`: run the evaluation set through `qa.ask()` and a baseline, side by side."""
from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from qa import STAGES
from settings import ROOT

from .metrics import JUDGE_METRICS, METRICS, SHAPE_METRICS, score, summarise

HERE = Path(__file__).resolve().parent
CONFIGS = ["project", "baseline"] + [f"no-{s}" for s in STAGES]
# The order kinds are reported in; kinds a set adds beyond these follow, in order of appearance.
KINDS = ["single", "list", "cross", "followup", "unanswerable", "yesno", "summary", "compare", "best",
         "imperative", "out_of_scope"]
DEVCORPUS = HERE / "devcorpus"


@dataclass(frozen=True)
class Corpus:
    """An article folder, its question set, and the index folder used when --data-dir is not given
    (None: the settings' default data dir)."""

    articles: Path
    questions: Path
    data_dir: Path | None


# seed: the five shipped articles. dev/test: the development corpus, split by article (and so by
# council): each half is indexed alone, since its cross-article questions ("which councils were
# rated inadequate?") are about its own councils; rules are tuned on dev and measured on test.
CORPORA = {
    "seed": Corpus(ROOT / "corpus", HERE / "questions.jsonl", None),
    "dev": Corpus(DEVCORPUS / "dev", DEVCORPUS / "dev.jsonl", ROOT / "data" / "eval-dev"),
    "test": Corpus(DEVCORPUS / "test", DEVCORPUS / "test.jsonl", ROOT / "data" / "eval-test"),
}
EPILOG = f"""corpora: seed (./corpus, eval/questions.jsonl), dev and test (the articles of eval/devcorpus/dev or
  eval/devcorpus/test, each indexed alone, with eval/devcorpus/dev.jsonl or test.jsonl; index in data/eval-dev|test)

configurations: {', '.join(CONFIGS)}
  project   the full pipeline (qa.ask)
  baseline  plain LangChain recipe: dense top-4 chunks, stuffed prompt, same LLM
  no-STAGE  the pipeline with one stage switched off (ablation)

examples:
  python -m eval                                   # project vs baseline, seed set
  python -m eval --corpus dev                      # the development corpus's dev half
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


def kinds_of(rows: list[dict]) -> list[str]:
    """The kinds present in `rows`: the known ones in their order, then others as they appear."""
    present = list(dict.fromkeys(r["kind"] for r in rows))
    return [k for k in KINDS if k in present] + [k for k in present if k not in KINDS]


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


def run(configs: list[str], records: list[dict], settings, progress: bool = True, judge=None,
        sync: bool = False) -> dict:
    """Answer every record under every configuration; returns {config: {rows, summary}}.

    The index is built if missing; with `sync`, it is first brought up to date with
    `settings.corpus_dir`, and rebuilt when its build settings are out of date (only for an
    index the evaluation owns: syncing deletes what the folder no longer holds)."""
    from index import Index, IndexMismatchError
    from qa import Pipeline, get_backend

    index = Index(settings)
    if sync:
        try:
            index.build(progress=progress)  # incremental: embeds only new or changed articles
        except IndexMismatchError:  # built by an older schema or another embedder
            index.build(rebuild=True, progress=progress)
    Pipeline(settings, index=index, llm=get_backend(settings.replace(llm="fake"))).prepare()  # build if missing
    backend = get_backend(settings)
    results = {}
    from tqdm import tqdm

    bar = tqdm(total=len(configs) * len(records), disable=not progress, unit="q", desc="evaluating")
    for name in configs:
        runner = make_runner(name, settings, index, backend)
        runner.ask("What did Ofsted find?")  # warm-up: load models and caches first
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
        summary["by_kind"] = {k: summarise([r for r in rows if r["kind"] == k]) for k in kinds_of(rows)}
        results[name] = {"summary": summary, "rows": rows}
    bar.close()
    backend.close()
    return results


SPEED = ["latency_p50", "latency_p95", "first_token_p50", "prompt_tokens"]
COLUMNS = METRICS + SHAPE_METRICS + SPEED


def columns(results: dict) -> list[str]:
    """The standard columns, plus the judge's when it ran."""
    return COLUMNS + judge_columns(results)


def judge_columns(results: dict) -> list[str]:
    return [m for m in JUDGE_METRICS if any(m in r["summary"] for r in results.values())]


def _cell(value) -> str:
    return "–" if value is None else str(value)


def _grid(first: str, rows: list[tuple[str, list]], cols: list[str]) -> str:
    """A plain-text table, each column as wide as its header or widest value."""
    cells = [[_cell(v) for v in vals] for _, vals in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(cols)]
    left = max([len(first)] + [len(name) for name, _ in rows])
    head = first.ljust(left) + "".join(f"  {c:>{w}}" for c, w in zip(cols, widths))
    lines = [head, "-" * len(head)]
    for (name, _), row in zip(rows, cells):
        lines.append(name.ljust(left) + "".join(f"  {v:>{w}}" for v, w in zip(row, widths)))
    return "\n".join(lines)


def table(results: dict) -> str:
    """Three tables for the terminal: quality; answer shape and speed; fully right by kind."""
    def per_config(cols):
        return [(name, [res["summary"].get(c) for c in cols]) for name, res in results.items()]

    quality, shape = METRICS + judge_columns(results), SHAPE_METRICS + SPEED
    kinds = list(dict.fromkeys(k for res in results.values() for k in res["summary"]["by_kind"]))
    by_kind = [(k, [res["summary"]["by_kind"].get(k, {}).get("fully_right") for res in results.values()])
               for k in kinds]
    return "\n\n".join([_grid("config", per_config(quality), quality),
                         _grid("config", per_config(shape), shape),
                         "fully_right by kind\n" + _grid("kind", by_kind, list(results))])


def write_report(results: dict, out: Path, meta: dict) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps({"meta": meta, "results": results}, indent=2, ensure_ascii=False))
    md = [f"# Evaluation — {meta['when']}", "",
          f"{meta['questions']} questions of the `{meta['corpus']}` set, LLM `{meta['llm']}`.", "",
          "| config | " + " | ".join(columns(results)) + " |", "|---" * (len(columns(results)) + 1) + "|"]
    for name, res in results.items():
        s = res["summary"]
        md.append(f"| {name} | " + " | ".join(_cell(s.get(c)) for c in columns(results)) + " |")
    md += ["", "## By kind of question", ""]
    per_kind = METRICS + SHAPE_METRICS + ["questions"]
    for name, res in results.items():
        md += [f"### {name}", "", "| kind | " + " | ".join(per_kind) + " |", "|---" * (len(per_kind) + 1) + "|"]
        for kind, s in res["summary"]["by_kind"].items():
            md.append(f"| {kind} | " + " | ".join(_cell(s.get(m)) for m in per_kind) + " |")
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
        md += [f"<details><summary>{name}</summary>", "", "| id | kind | right | facts | words | answer |",
               "|---|---|---|---|---|---|"]
        for r in res["rows"]:
            ans = r["answer"].replace("|", "\\|").replace("\n", " ")[:300]
            md.append(f"| {r['id']} | {r['kind']} | {_cell(r.get('fully_right'))} | "
                      f"{r.get('fact_recall', r.get('refusal_accuracy'))} | {r['words']} | {ans} |")
        md += ["", "</details>", ""]
    (out / "report.md").write_text("\n".join(md), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval", description="Evaluate answers against the evaluation set.",
                                     epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", choices=list(CORPORA), default="seed",
                        help="articles and question set: seed (default), dev or test")
    parser.add_argument("--set", type=Path, help="JSONL evaluation set (default: the corpus's)")
    parser.add_argument("--config", action="append", help="configuration to run (repeatable)")
    parser.add_argument("--only", action="append", metavar="KIND",
                        help=f"only this kind of question (repeatable): {', '.join(KINDS)}, or any other in the set")
    parser.add_argument("--limit", type=int, help="only the first N questions")
    parser.add_argument("--out", type=Path,
                        help="folder for results.json, report.md, plots (default: eval/out/CORPUS)")
    parser.add_argument("--llm", help="LLM backend (default: bundled)")
    parser.add_argument("--llm-url", help="server URL for openai/ollama backends")
    parser.add_argument("--llm-model", help="model name on that server")
    parser.add_argument("--embedder", help="embedder for the index (e.g. minilm-int8); use its own --data-dir")
    parser.add_argument("--reranker", help="a sentence-transformers CrossEncoder folder or hub name (default: off)")
    parser.add_argument("--data-dir",
                        help="index folder (default: ./data for seed, data/eval-dev or data/eval-test)")
    parser.add_argument("--judge-url", help="optional: an OpenAI-compatible server for RAGAS-style judge metrics")
    parser.add_argument("--judge-model", help="the judge's model name on that server")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR)

    from settings import Settings

    corpus = CORPORA[args.corpus]
    qset = args.set or corpus.questions
    out = args.out or HERE / "out" / args.corpus
    if not qset.is_file():
        raise SystemExit(f"No question set at {qset}: pass --set FILE, or choose another --corpus")
    if not corpus.articles.is_dir():
        raise SystemExit(f"No articles at {corpus.articles}: add the {args.corpus} corpus's articles there first")
    data_dir = args.data_dir or corpus.data_dir
    settings = Settings.from_env(llm=args.llm, llm_url=args.llm_url, llm_model=args.llm_model,
                                 embedder=args.embedder, data_dir=data_dir, reranker=args.reranker,
                                 corpus_dir=corpus.articles)
    records = load_set(qset)
    if args.only:
        unknown = sorted(set(args.only) - set(kinds_of(records)))
        if unknown:
            raise SystemExit(f"No questions of kind {', '.join(unknown)} in {qset}; "
                             f"its kinds: {', '.join(kinds_of(records))}")
    records = load_set(qset, args.only, args.limit)
    configs = args.config or ["project", "baseline"]
    judge = None
    if args.judge_url:
        from .judge import make_judge

        judge = make_judge(args.judge_url, args.judge_model, settings.llm_api_key, settings.embedder, settings.cache_dir)
    # The dev/test index belongs to the evaluation, so it follows its article folder (still being
    # written to); a --data-dir or the seed's data dir may hold someone's own index: built if missing only.
    sync = args.data_dir is None and corpus.data_dir is not None
    from index import EmptyCorpusError, IndexMismatchError

    try:
        results = run(configs, records, settings, progress=not args.quiet, judge=judge, sync=sync)
    except (EmptyCorpusError, IndexMismatchError) as exc:
        raise SystemExit(f"{exc} (this index: --data-dir {settings.data_dir})") from exc
    print(table(results))
    meta = {"when": time.strftime("%Y-%m-%d %H:%M"), "corpus": args.corpus, "set": str(qset),
            "corpus_dir": str(settings.corpus_dir), "data_dir": str(settings.data_dir), "questions": len(records),
            "llm": settings.llm, "embedder": settings.embedder, "reranker": settings.reranker, "configs": configs}
    write_report(results, out, meta)
    print(f"\nreport: {out / 'report.md'}  data: {out / 'results.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
