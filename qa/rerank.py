"""Optional cross-encoder reranking of evidence sentences, as LangChain `BaseCrossEncoder`s.

Off by default: no cross-encoder ships offline here, and the default scorer (bundled MiniLM
cosine + idf-weighted lexical overlap + answer types, see evidence.py) is tuned on this corpus.
Name a sentence-transformers `CrossEncoder` by folder or hub name (`OFSTED_QA_RERANKER`, e.g.
`cross-encoder/ms-marco-MiniLM-L6-v2` on a machine that reaches the hub) and it replaces the
bi-encoder cosine for the best `policy.RERANK_CANDIDATES` sentences.
"""
from __future__ import annotations

from pathlib import Path

from langchain_core.cross_encoders import BaseCrossEncoder

from .errors import UnknownRerankerError

_cache: dict[str, BaseCrossEncoder] = {}


class SentenceTransformerCrossEncoder(BaseCrossEncoder):
    """A sentence-transformers `CrossEncoder`; scores in 0..1 (its default sigmoid activation)."""

    def __init__(self, model_name_or_path: str, device: str = "cpu"):
        from sentence_transformers import CrossEncoder

        self.name = model_name_or_path
        try:
            self.model = CrossEncoder(model_name_or_path, device=device)
        except (OSError, ValueError) as exc:
            raise UnknownRerankerError(
                f"Cannot load cross-encoder {model_name_or_path!r}: {exc}. Give a local CrossEncoder folder, or "
                "a hub name on a machine that reaches the hub; unset OFSTED_QA_RERANKER to use the default scorer."
            ) from exc

    def score(self, text_pairs: list[tuple[str, str]]) -> list[float]:
        if not text_pairs:
            return []
        return [float(s) for s in self.model.predict(list(text_pairs), show_progress_bar=False)]


def get_reranker(name: str | None) -> BaseCrossEncoder | None:
    """The cross-encoder `name` (a folder or hub name), loaded once per process; None when off."""
    if not name or name.lower() in ("none", "off"):
        return None
    key = str(Path(name).expanduser()) if Path(name).expanduser().exists() else name
    if key not in _cache:
        _cache[key] = SentenceTransformerCrossEncoder(key)
    return _cache[key]
