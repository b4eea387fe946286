"""Sentence-aware chunking of cleaned articles, each chunk carrying its document's metadata."""
from __future__ import annotations

import hashlib
import json
import re

from langchain_core.documents import Document

# Split on paragraphs, then lines, then sentence ends (keeping the punctuation with the
# sentence), then words: a chunk boundary falls between sentences whenever one can.
SEPARATORS = ["\n\n", "\n", r"(?<=[.!?…][”\"’'])\s+", r"(?<=[.!?…])\s+", r"(?<=[;:])\s+", " ", ""]

# What joins pieces split at a separator back into a chunk: a regex's pattern is no text (a
# sentence end was matched at a space)
_JOINS = dict.fromkeys(SEPARATORS[2:5], " ")

_SENTENCE_END = re.compile(r"(?<=[.!?…])[”\"’']?\s+(?=[“\"‘'(A-Z0-9•])")


def split_sentences(text: str) -> list[str]:
    """Sentences (and bullet lines) of a passage, verbatim, in order."""
    out: list[str] = []
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        start = 0
        for m in _SENTENCE_END.finditer(line):
            end = m.start() + len(m.group(0).rstrip())
            piece = line[start:end].strip()
            if piece:
                out.append(piece)
            start = m.end()
        tail = line[start:].strip()
        if tail:
            out.append(tail)
    return out


def chunk_id(chunk: Document) -> str:
    """Content hash of a chunk and its metadata: equal content gives an equal id."""
    payload = json.dumps([chunk.page_content, chunk.metadata], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()[:32]


def chunk_documents(docs: list[Document], chunk_size: int = 600, chunk_overlap: int = 100) -> list[Document]:
    """Split articles into sentence-aligned chunks; metadata gains chunk index and offset."""
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    class Splitter(RecursiveCharacterTextSplitter):
        def _merge_splits(self, splits, separator):
            return super()._merge_splits(splits, _JOINS.get(separator, separator))

    splitter = Splitter(
        chunk_size=chunk_size,
        chunk_overlap=chunk_overlap,
        separators=SEPARATORS,
        is_separator_regex=True,
        keep_separator=False,
        add_start_index=True,
        strip_whitespace=True,
    )
    chunks: list[Document] = []
    for doc in docs:
        pieces = splitter.split_documents([Document(page_content=doc.page_content, metadata=dict(doc.metadata))])
        for i, piece in enumerate(pieces):
            piece.metadata["chunk"] = i
            piece.metadata["chunks"] = len(pieces)
            piece.id = chunk_id(piece)
            chunks.append(piece)
    return chunks


def by_part(chunks: list[Document], records: list) -> list[Document]:
    """A chunk inside another council's part of an article (a round-up's) is about that council."""
    sides: dict[str, list] = {}
    for r in records:
        if r.side and r.spans:
            sides.setdefault(r.source, []).append(r)
    for c in chunks:
        middle = c.metadata.get("start_index", 0) + len(c.page_content) // 2
        part = next((r for r in sides.get(c.metadata["source"], ()) if any(a <= middle < b for a, b in r.spans)), None)
        if part is not None:
            c.metadata["council"] = part.council.value
            c.id = chunk_id(c)
    return chunks


def embedding_text(chunk: Document) -> str:
    """What gets embedded and keyword-indexed: the chunk with its title and council, so a
    chunk that only says "she said…" still matches questions about its council."""
    m = chunk.metadata
    head = " — ".join(x for x in (m.get("council", ""), m.get("title", "")) if x)
    return f"{head}\n{chunk.page_content}" if head else chunk.page_content
