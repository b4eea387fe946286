"""Load test: N concurrent `gradio_client` users × M questions against the running app, on loopback.

    python -m bench.load                       # starts `python app.py` on a free loopback port
    python -m bench.load --url http://127.0.0.1:7860/ --clients 16 --questions 10

Every answer must be cited or a plain refusal; errors, p50/p95 latency and the app's peak
memory (its process tree, when this command started it) are printed. Bounded in count and time.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field

from settings import ROOT

from qa.llm import free_port

from .common import pct, write
from .procmem import PeakMemory

QUESTIONS = [  # a mix of answerable and unanswerable questions; none is in the evaluation set
    "What did Ofsted say about Warrington's social workers?",
    "How was Cheshire West and Chester rated?",
    "What did Telford & Wrekin's councillor say about the judgement?",
    "Which Warrington areas were judged outstanding?",
    "What is the Family Safeguarding model?",
    "Who won the 2022 Eurovision Song Contest?",
    "How much did Warrington spend on agency staff?",
    "What changed between the two Cheshire West inspections?",
    "Which council moved from requires improvement to outstanding?",
    "What did inspectors say about care leavers?",
]


@dataclass
class LoadReport:
    answers: int = 0
    cited: int = 0
    refused: int = 0
    errors: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    seconds: float = 0.0
    peak_mb: float = 0.0

    def summary(self) -> str:
        return (f"{self.answers} answers in {self.seconds:.0f}s: {self.cited} cited, {self.refused} refused, "
                f"{len(self.errors)} errors; latency p50 {statistics.median(self.latencies or [0]):.1f}s "
                f"p95 {pct(self.latencies, 0.95):.1f}s; peak memory {self.peak_mb:.0f} MB")


def _judge(chat: list[dict]) -> str:
    """'cited', 'refused' or an error description, from the chat the app returned."""
    last = chat[-1] if chat else {}
    content = str(last.get("content", ""))
    if content.startswith("⚠️"):
        return f"error message: {content[:120]}"
    if any(str((m.get("metadata") or {}).get("title", "")).startswith("[") for m in chat):
        return "cited"
    if "articles don't" in content or "articles do not" in content:
        return "refused"
    return f"neither cited nor refused: {content[:120]}"


def run_load(url: str, clients: int = 16, questions: int = 10, time_limit: float = 1800,
             pid: int | None = None) -> LoadReport:
    from gradio_client import Client

    report, lock = LoadReport(), threading.Lock()
    deadline = time.monotonic() + time_limit

    def user(n: int):
        client = Client(url, verbose=False)
        for i in range(questions):
            if time.monotonic() > deadline:
                with lock:
                    report.errors.append("time limit reached")
                return
            q = QUESTIONS[(n + i) % len(QUESTIONS)]
            t = time.perf_counter()
            try:
                chat, _, _ = client.predict(q, [], "All councils", api_name="/ask")
                verdict = _judge(chat)
            except Exception as exc:  # any failure counts; the run goes on
                verdict = f"exception: {type(exc).__name__}: {exc}"
            with lock:
                report.answers += 1
                report.latencies.append(time.perf_counter() - t)
                if verdict in ("cited", "refused"):
                    setattr(report, verdict, getattr(report, verdict) + 1)
                else:
                    report.errors.append(f"{q!r}: {verdict}")

    t0 = time.perf_counter()
    with PeakMemory(pid) as mem:
        threads = [threading.Thread(target=user, args=(n,)) for n in range(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(time_limit + 60)
    report.seconds, report.peak_mb = time.perf_counter() - t0, mem.peak_mb
    return report


def start_app(timeout: float = 600, env: dict | None = None) -> tuple[subprocess.Popen, str]:
    """`python app.py` on a free loopback port; returns (process, url) once it answers HTTP."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "app.py", "--host", "127.0.0.1", "--port", str(port)], cwd=ROOT,
                            env={**os.environ, "OFSTED_QA_AUTH": "", **(env or {})})
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"app.py exited with code {proc.returncode}")
        try:
            urllib.request.urlopen(url, timeout=2)
            return proc, url
        except OSError:
            time.sleep(1)
    proc.kill()
    raise RuntimeError(f"app.py did not answer on {url} within {timeout:.0f}s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.split("\n\n")[0],
                                     epilog=__doc__.split("\n\n", 1)[1], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="a running app (default: start one on loopback)")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--questions", type=int, default=10, help="questions per client")
    parser.add_argument("--time-limit", type=float, default=1800, help="seconds before the run stops")
    args = parser.parse_args(argv)
    if args.url and not args.url.startswith(("http://127.0.0.1", "http://localhost")):
        parser.error("the load test only runs against loopback")
    proc, url = (None, args.url) if args.url else start_app()
    try:
        report = run_load(url, args.clients, args.questions, args.time_limit, pid=proc.pid if proc else None)
    finally:
        if proc:
            proc.terminate()
            proc.wait(30)
    line = f"{args.clients} clients × {args.questions} questions: {report.summary()}"
    print(line)
    write("load", f"# Load\n\n{line}")
    for e in report.errors[:20]:
        print("  error:", e)
    return 1 if report.errors else 0


if __name__ == "__main__":
    sys.exit(main())
