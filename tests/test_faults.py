"""Faults with real processes: `kill -9` during ingest, the LLM dying mid-answer."""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time

from bench.synthetic import write_corpus
from index import Index
from index.store import BATCH
from index.chunking import by_part, chunk_documents
from index.corpus import load_corpus
from index.records import read_records
from settings import ROOT, Settings
from qa.types import Answer


def _build(corpus, data_dir, **popen):
    return subprocess.Popen(
        [sys.executable, "-m", "index", "--data-dir", str(data_dir), "--embedder", "hash", "build", str(corpus)],
        cwd=ROOT, stderr=subprocess.PIPE, stdout=subprocess.PIPE, **popen)


def test_kill_9_during_ingest_keeps_the_old_index_and_the_rerun_has_no_duplicates(tmp_path):
    corpus, data = tmp_path / "corpus", tmp_path / "data"
    shutil.copytree(ROOT / "corpus", corpus)
    first = _build(corpus, data)
    assert first.wait(120) == 0, first.stderr.read().decode()
    settings = Settings(corpus_dir=corpus, data_dir=data, embedder="hash", llm="fake")
    before = set(Index(settings).chunks())

    write_corpus(corpus, 300)  # ~1 800 new chunks next to the 5 articles: two embedding steps
    proc = _build(corpus, data)
    seen, done = b"", None
    deadline = time.monotonic() + 240  # each article is read into its record (spaCy) before embedding
    while time.monotonic() < deadline and proc.poll() is None:
        seen += proc.stderr.read1(4096)
        m = re.findall(rb"Embedding chunks:\s+\d+%\|[^|]*\|\s*(\d+)/(\d+)", seen)
        if m and 0 < int(m[-1][0]) < int(m[-1][1]):
            done = int(m[-1][0])
            os.kill(proc.pid, signal.SIGKILL)
            break
    proc.wait(30)
    assert done, f"the build was not caught mid-way: {seen[-500:]!r}"
    assert proc.returncode == -signal.SIGKILL

    # the previous index still answers
    index = Index(settings)
    after_kill = set(index.chunks())
    assert before <= after_kill
    hits = index.keyword_search("Warrington outstanding children in care", k=3)
    assert hits and hits[0][0].metadata["council"] == "Warrington"

    # the re-run finishes the job: every chunk exactly once
    rerun = _build(corpus, data)
    assert rerun.wait(300) == 0, rerun.stderr.read().decode()
    docs = load_corpus(corpus).documents
    records = read_records(docs)  # the records fill each article's council and dates before it is chunked
    wanted = {c.id for c in by_part(chunk_documents(docs, settings.chunk_size, settings.chunk_overlap), records)}
    ids = Index(settings).collection().get(include=[])["ids"]
    assert len(ids) == len(set(ids)) == len(wanted) and set(ids) == wanted
    assert len(after_kill) - len(before) >= done - BATCH  # what was written before the kill was kept


def test_llm_dying_mid_answer_gives_an_answer_and_the_next_question_works(real_pipeline):
    server = real_pipeline.llm.server
    server.ensure_running()
    items, killed = [], False
    for item in real_pipeline.stream("What did inspectors say about Warrington's leadership?"):
        items.append(item)
        if isinstance(item, str) and not killed:
            server.proc.send_signal(signal.SIGKILL)
            server.proc.wait()
            killed = True
    answer = items[-1]
    assert killed and isinstance(answer, Answer)
    assert answer.citations or answer.refused  # the extractive fallback, cited (or a plain refusal)
    assert any("stopped responding" in i for i in items if isinstance(i, str))
    # the next question the model answers restarts it (a question the records answer would not)
    again = real_pipeline.ask("What did inspectors say about Warrington's leadership?")
    assert again.citations and server.healthy()


def test_the_app_stops_its_model_server_on_sigterm(tmp_path, real_settings):
    from bench.load import start_app
    from bench.procmem import _children

    proc, url = start_app(env={"OFSTED_QA_DATA_DIR": str(tmp_path), "OFSTED_QA_CORPUS_DIR": str(real_settings.corpus_dir)})
    try:
        children = _children(proc.pid)
        assert children, "app.py starts the bundled llama-server before serving"
    finally:
        proc.terminate()
        assert proc.wait(60) == 0
    time.sleep(1)
    assert not [c for c in children if os.path.exists(f"/proc/{c}") and
                "zombie" not in open(f"/proc/{c}/status").read().lower()]
