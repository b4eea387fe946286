"""Ingest throughput and re-ingest time: the project's index build against plain LangChain.

    python -m bench.ingest                     # 300 synthetic articles, median of 3 runs
    python -m bench.ingest --articles 2000 --runs 1

Baseline: the plain recipe, `RecursiveCharacterTextSplitter` then `Chroma.from_documents` with
the same bundled MiniLM embedder. Project: `Index.build` with the "minilm" (torch) and
"minilm-int8" (int8 ONNX) embedders. Models are loaded before timing starts. The corpus is
made from the articles' own sentences (bench/synthetic.py). Also checks int8 against fp32.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np

from index import Index, get_embeddings
from index.chunking import chunk_documents, embedding_text
from index.corpus import load_corpus
from settings import Settings

from .common import table, timed, write
from .synthetic import write_corpus


def baseline_ingest(corpus: Path, store: Path, embeddings) -> int:
    from langchain_chroma import Chroma
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    docs = load_corpus(corpus).documents
    chunks = RecursiveCharacterTextSplitter(chunk_size=600, chunk_overlap=100).split_documents(docs)
    Chroma.from_documents(chunks, embeddings, persist_directory=str(store), collection_name="baseline")
    return len(chunks)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.ingest", description=__doc__.split("\n\n")[0],
                                     epilog=__doc__.split("\n\n", 1)[1], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="bench-ingest-"))
    try:
        corpus = write_corpus(work / "corpus", args.articles)
        cache = Settings.from_env().cache_dir
        embedders = {name: get_embeddings(name, cache) for name in ("minilm", "minilm-int8")}
        rows, n, fresh = [], 0, iter(range(10**6))
        # every run gets a fresh folder: Chroma keeps a client per path open for the process

        def base():
            return baseline_ingest(corpus, work / f"base-{next(fresh)}", embedders["minilm"])

        sec, _, n_base = timed(base, args.runs)
        rows.append(["baseline: Chroma.from_documents (minilm)", n_base, sec, n_base / sec, "—", "re-embeds all"])
        base_rate = n_base / sec
        for name, emb in embedders.items():
            settings = Settings(corpus_dir=corpus, data_dir=work / name, embedder=name, cache_dir=cache)

            def build():
                return Index(settings.replace(data_dir=work / f"{name}-{next(fresh)}"), embeddings=emb).build()

            sec, _, report = timed(build, args.runs)
            Index(settings, embeddings=emb).build()  # the store the re-ingest runs against
            n = report.chunks
            re_sec, _, again = timed(lambda: Index(settings, embeddings=emb).build(), args.runs)
            assert again.added == 0
            rows.append([f"project: Index.build ({name})", n, sec, n / sec, f"{(n / sec) / base_rate:.2f}x",
                         f"{re_sec:.2f}s ({re_sec / args.articles * 1000:.2f}s per 1000 docs)"])

        # int8 against fp32 on the same chunks
        texts = [embedding_text(c) for c in chunk_documents(load_corpus(corpus).documents, 600, 100)][:1000]
        a, b = (np.array(embedders[k].embed_documents(texts)) for k in ("minilm", "minilm-int8"))
        cos = (a * b).sum(1)
        headers = ["configuration", "chunks", "median s", "chunks/s", "vs baseline", "re-ingest unchanged"]
        text = (f"# Ingest: {args.articles} synthetic articles, median of {args.runs} runs\n\n"
                + table(headers, rows)
                + f"\n\nint8 vs fp32 vectors on {len(texts)} chunks: cosine mean {cos.mean():.4f}, "
                  f"min {cos.min():.4f}, 5th percentile {np.percentile(cos, 5):.4f}")
        print(text)
        print(f"\nwritten to {write('ingest', text)}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
