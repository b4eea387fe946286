"""Retrieval latency as the store grows: the project's hybrid path against plain dense search.

    python -m bench.retrieval                         # 1k, 10k and 100k chunks
    python -m bench.retrieval --sizes 1000 10000 --queries 40

Stores are filled with vectors computed once and cached (bench/out/cache): a pool of real
chunks from synthetic articles is embedded with the bundled MiniLM; beyond the pool, chunks are
copies under other titles with their vector nudged by small noise and re-normalised, so dense
search sees distinct vectors and BM25 sees the whole text. Queries are embedded for real.

Project: question analysis + `HybridRetriever.search` (Chroma HNSW + bm25s, fused, weighted by
council and date) + evidence selection. Baseline: `langchain_chroma.Chroma.similarity_search`, k=4.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from index import Index, get_embeddings
from index.chunking import chunk_documents, embedding_text
from index.corpus import load_corpus
from index.store import _chroma_meta
from qa import Pipeline
from qa.evidence import select_evidence
from qa.retrieval import analyse
from settings import Settings

from .common import OUT, pct, table, write
from .load import QUESTIONS
from .procmem import tree_rss_mb
from .synthetic import write_corpus

QUERIES = QUESTIONS + [
    "What did inspectors say about Ashford Borough Council's leaders?",
    "Which council had the latest inspection?",
    "What did Ofsted find in 2019 about early help?",
    "How are children in care doing in Marlow?",
]


def pool(n_articles: int, embedder) -> tuple[list, np.ndarray]:
    """(chunks, vectors) for `n_articles` synthetic articles, vectors cached on disk."""
    work = Path(tempfile.mkdtemp())
    try:
        chunks = chunk_documents(load_corpus(write_corpus(work, n_articles)).documents)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    cache = OUT / "cache" / f"pool-{n_articles}-{len(chunks)}.npy"
    if cache.exists():
        return chunks, np.load(cache)
    print(f"embedding {len(chunks)} pool chunks once (cached in {cache})…", flush=True)
    vectors = np.asarray(embedder.embed_documents([embedding_text(c) for c in chunks]), dtype=np.float32)
    cache.parent.mkdir(parents=True, exist_ok=True)
    np.save(cache, vectors)
    return chunks, vectors


def fill(index: Index, chunks: list, vectors: np.ndarray, size: int, seed: int = 0) -> None:
    rng = np.random.default_rng(seed)
    col = index.collection(create=True)
    for start in range(0, size, 5000):
        ids, docs, metas, vecs = [], [], [], []
        for i in range(start, min(size, start + 5000)):
            copy, base = divmod(i, len(chunks))
            c = chunks[base]
            v = vectors[base]
            if copy:
                v = v + rng.normal(0, 0.02, v.shape).astype(np.float32)
                v = v / np.linalg.norm(v)
            meta = {**c.metadata, "source": f"{c.metadata['source']}#{copy}",
                    "title": f"{c.metadata['title']} ({copy})"}
            ids.append(f"{c.id}-{copy}")
            docs.append(c.page_content)
            metas.append(_chroma_meta(meta))
            vecs.append(v.tolist())
        col.add(ids=ids, embeddings=vecs, documents=docs, metadatas=metas)


def measure(fn, queries: list[str], repeats: int) -> list[float]:
    fn(queries[0])  # warm
    times = []
    for i in range(repeats):
        t = time.perf_counter()
        fn(queries[i % len(queries)])
        times.append(time.perf_counter() - t)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.retrieval", description=__doc__.split("\n\n")[0],
                                     epilog=__doc__.split("\n\n", 1)[1], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--queries", type=int, default=60, help="timed queries per size and path")
    parser.add_argument("--pool-articles", type=int, default=500)
    args = parser.parse_args(argv)
    from langchain_chroma import Chroma

    embedder = get_embeddings("minilm")
    chunks, vectors = pool(args.pool_articles, embedder)
    rows, growth = [], []
    for size in args.sizes:
        work = Path(tempfile.mkdtemp(prefix="bench-retrieval-"))
        try:
            settings = Settings(data_dir=work, llm="fake")
            index = Index(settings, embeddings=embedder)
            t = time.perf_counter()
            fill(index, chunks, vectors, size)
            fill_s = time.perf_counter() - t
            pipeline = Pipeline(settings, index=index)
            t = time.perf_counter()
            pipeline.prepare()
            index.keyword_search("warm", 1)
            warm_s = time.perf_counter() - t
            councils = pipeline.councils()
            retriever, scorer = pipeline.retriever(), pipeline.scorer

            def hybrid(question):
                q = analyse(question, None, councils)
                return retriever.search(q)

            def hybrid_evidence(question):
                q = analyse(question, None, councils)
                return select_evidence(question, q.text, retriever.search(q), scorer, q.councils)

            plain = Chroma(client=index.client, collection_name=settings.collection, embedding_function=embedder)
            results = {
                "baseline: Chroma.similarity_search k=4": measure(lambda q: plain.similarity_search(q, k=4),
                                                                  QUERIES, args.queries),
                "project: hybrid retrieval": measure(hybrid, QUERIES, args.queries),
                "project: hybrid + evidence selection": measure(hybrid_evidence, QUERIES, args.queries),
            }
            for name, times in results.items():
                rows.append([f"{size:,}", name, 1000 * float(np.median(times)), 1000 * pct(times, 0.95)])
            growth.append((size, {k: 1000 * float(np.median(v)) for k, v in results.items()}))
            print(f"{size:,} chunks: filled in {fill_s:.0f}s, keyword index + caches {warm_s:.1f}s, "
                  f"process memory {tree_rss_mb():.0f} MB", flush=True)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    text = (f"# Retrieval latency by store size ({args.queries} queries each, ms)\n\n"
            + table(["chunks", "path", "p50 ms", "p95 ms"], rows))
    print(text)
    write("retrieval", text)
    _plot(growth)
    return 0


def _plot(growth: list[tuple[int, dict]]) -> None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return
    fig, ax = plt.subplots(figsize=(7, 4))
    for name in growth[0][1]:
        ax.plot([s for s, _ in growth], [g[name] for _, g in growth], marker="o", label=name)
    ax.set_xscale("log")
    ax.set_xlabel("chunks in the store")
    ax.set_ylabel("p50 latency (ms)")
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(OUT / "retrieval.png", dpi=120)


if __name__ == "__main__":
    sys.exit(main())
