"""Turns a folder of articles into a searchable store (Chroma + BM25). Knows nothing of questions."""
from .chunking import chunk_documents, split_sentences
from .corpus import LoadReport, clean_text, load_corpus
from .embeddings import EMBEDDERS, HashEmbeddings, get_embeddings
from .errors import EmptyCorpusError, IndexMismatchError, StoreUnavailableError, UnknownEmbedderError
from .records import InspectionRecord
from .store import BuildReport, Index, IndexStats, tokenize

__all__ = [
    "BuildReport", "EMBEDDERS", "EmptyCorpusError", "HashEmbeddings", "Index", "IndexMismatchError",
    "IndexStats", "InspectionRecord", "LoadReport", "StoreUnavailableError", "UnknownEmbedderError",
    "chunk_documents", "clean_text", "get_embeddings", "load_corpus", "split_sentences", "tokenize",
]
