"""Answer latency, first-token latency and memory with the bundled model: project vs the plain recipe.

    python -m bench.answer                  # each question of bench.load.QUESTIONS, 3 rounds
    python -m bench.answer --rounds 1

Warm numbers: models load and the LLM server starts before timing. Baseline: dense top-4
chunks stuffed into the classic prompt (eval/baseline.py), streamed through the same server.
Memory: peak resident memory of this process and its children (embedder, Chroma, llama-server),
i.e. what the running app holds.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time

from qa import Answer, get_pipeline
from settings import Settings

from .common import pct, table, write
from .load import QUESTIONS
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
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    from langchain_core.prompts import ChatPromptTemplate

    from eval.baseline import PROMPT

    with PeakMemory() as mem:
        pipeline = get_pipeline(Settings.from_env())
        pipeline.prepare()
        chain = ChatPromptTemplate.from_template(PROMPT) | pipeline.llm.chat_model()

        def baseline(q):
            hits = pipeline.index.dense_search(q, 4)
            return chain.stream({"context": "\n\n".join(d.page_content for d, _ in hits), "question": q})

        stages: dict[str, list[float]] = {}

        def project(q):
            for item in pipeline.stream(q):
                if isinstance(item, Answer):
                    for k, v in item.timings.items():
                        stages.setdefault(k, []).append(v)
                yield item

        stream_times(project("warm-up: what did Ofsted rate Warrington?"))
        stream_times(baseline("warm-up: what did Ofsted rate Warrington?"))
        stages.clear()
        runs = {"baseline: plain recipe": ([], []), "project: ask_stream": ([], [])}
        for _ in range(args.rounds):
            for q in QUESTIONS:
                for name, fn in (("baseline: plain recipe", baseline), ("project: ask_stream", project)):
                    first, total = stream_times(fn(q))
                    runs[name][0].append(first or total)
                    runs[name][1].append(total)
        pipeline.llm.close()
    rows = [[name, statistics.median(f), pct(f, 0.95), statistics.median(t), pct(t, 0.95), len(t)]
            for name, (f, t) in runs.items()]
    text = (f"# Answer latency, warm, bundled model ({args.rounds} rounds × {len(QUESTIONS)} questions, seconds)\n\n"
            + table(["path", "first text p50", "first text p95", "answer p50", "answer p95", "n"], rows)
            + "\n\nproject stages (median s): "
            + ", ".join(f"{k} {statistics.median(v):.2f}" for k, v in stages.items())
            + f"\n\npeak memory (process + llama-server): {mem.peak_mb:.0f} MB")
    print(text)
    write("answer", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
