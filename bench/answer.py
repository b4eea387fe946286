"""Answer latency, first-token latency and memory with the bundled model: project vs the plain recipe.

    python -m bench.answer                  # 40 distinct questions from the evaluation set
    python -m bench.answer --limit 68

Warm numbers: models load and the LLM server starts before timing. Every question is asked
once per path (a repeated prompt would be served from llama-server's prompt cache). Baseline: dense top-4
chunks stuffed into the classic prompt (eval/baseline.py), streamed through the same server.
Memory: peak resident memory of this process and its children (embedder, Chroma, llama-server),
i.e. what the running app holds.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time

from qa import Answer, get_pipeline
from settings import ROOT, Settings

from .common import pct, table, write
from .procmem import PeakMemory


def stream_times(stream) -> tuple[float | None, float]:
    """(first text at, done at) in seconds for an iterator of text pieces."""
    t0, first = time.perf_counter(), None
    for piece in stream:
        text = piece if isinstance(piece, str) else getattr(piece, "content", "")
        if first is None and isinstance(text, str) and text.strip():
            first = time.perf_counter() - t0
    return first, time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.answer", description=__doc__.split("\n\n")[0],
                                     epilog=__doc__.split("\n\n", 1)[1], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=40, help="questions from eval/questions.jsonl")
    args = parser.parse_args(argv)
    from langchain_core.prompts import ChatPromptTemplate

    from eval.baseline import PROMPT

    rows = [json.loads(line) for line in (ROOT / "eval" / "questions.jsonl").read_text().splitlines() if line.strip()]
    questions = [r["question"] for r in rows if not r.get("history")][: args.limit]
    with PeakMemory() as mem:
        pipeline = get_pipeline(Settings.from_env())
        pipeline.prepare()
        chain = ChatPromptTemplate.from_template(PROMPT) | pipeline.llm.chat_model()

        def baseline(q):
            hits = pipeline.index.dense_search(q, 4)
            return chain.stream({"context": "\n\n".join(d.page_content for d, _ in hits), "question": q})

        stages: dict[str, list[float]] = {}
        answered: list[bool] = []

        def project(q):
            for item in pipeline.stream(q):
                if isinstance(item, Answer):
                    answered.append(not item.refused)
                    for k, v in item.timings.items():
                        stages.setdefault(k, []).append(v)
                yield item

        stream_times(project("warm-up: what did Ofsted rate Warrington?"))
        answered.clear()
        stream_times(baseline("warm-up: what did Ofsted rate Warrington?"))
        stages.clear()
        runs = {"baseline: plain recipe": ([], []), "project: ask_stream": ([], [])}
        for q in questions:
            for name, fn in (("baseline: plain recipe", baseline), ("project: ask_stream", project)):
                first, total = stream_times(fn(q))
                runs[name][0].append(first or total)
                runs[name][1].append(total)
                if name.startswith("project") and not answered[-1]:
                    runs[name][0].pop()  # a refusal's text is instant: first-token stats use answers
        pipeline.llm.close()
    rows = [[name, statistics.median(f), pct(f, 0.95), statistics.median(t), pct(t, 0.95), len(t)]
            for name, (f, t) in runs.items()]
    text = (f"# Answer latency, warm, bundled model ({len(questions)} distinct questions, seconds; "
            "project first text over answered questions)\n\n"
            + table(["path", "first text p50", "first text p95", "answer p50", "answer p95", "n"], rows)
            + "\n\nproject stages (median s): "
            + ", ".join(f"{k} {statistics.median(v):.2f}" for k, v in stages.items())
            + f"\n\npeak memory (process + llama-server): {mem.peak_mb:.0f} MB")
    print(text)
    write("answer", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
