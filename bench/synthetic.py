"""A synthetic corpus made from the articles' own sentences, for benchmarks and fault tests.

Each synthetic article gets a made-up council name and 12-20 sentences sampled (seeded) from
the real articles, so chunk sizes and vocabulary match the real corpus.
"""
from __future__ import annotations

import random
from pathlib import Path

from index.chunking import split_sentences
from index.corpus import load_corpus
from settings import ROOT

PLACES = ["Ashford", "Bramley", "Caldwell", "Dunmore", "Elmsworth", "Fernby", "Greystone", "Holloway",
          "Ivybridge", "Kettering", "Longmead", "Marlow", "Northam", "Oakhurst", "Pendle", "Queensbury",
          "Redmoor", "Stanwick", "Thornbury", "Upton", "Westbury", "Yarrow"]


def sentences(corpus_dir: Path = ROOT / "corpus") -> list[str]:
    out: list[str] = []
    for doc in load_corpus(corpus_dir).documents:
        out.extend(s for s in split_sentences(doc.page_content) if len(s) > 40)
    return out


def write_corpus(out_dir: Path, n_articles: int, seed: int = 0) -> Path:
    """Write `n_articles` .md files into `out_dir` (created) and return it."""
    rng = random.Random(seed)
    pool = sentences()
    out_dir.mkdir(parents=True, exist_ok=True)
    for i in range(n_articles):
        council = f"{rng.choice(PLACES)} {rng.choice(['Borough', 'County', 'City'])} Council"  # ~66 councils, like England's ~150
        body = " ".join(rng.sample(pool, rng.randint(12, 20)))
        (out_dir / f"synthetic-{i:06d}.md").write_text(
            f"---\ncouncil: {council}\ntitle: {council} children's services inspected ({i})\n---\n{body}\n",
            encoding="utf-8")
    return out_dir
