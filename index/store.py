"""The searchable store: Chroma (embedded or server) for vectors, BM25 for keywords.

Owns building and syncing the index from a corpus folder (incremental, idempotent, resumable),
the record of how it was built (embedder, chunking, schema), and the two searches. Knows
nothing about questions, prompts or answers.
"""
from __future__ import annotations

import logging
import re
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from langchain_core.documents import Document

from settings import Settings

from .chunking import by_part, chunk_documents, embedding_text
from .corpus import load_corpus
from .embeddings import get_embeddings
from .errors import EmptyCorpusError, IndexMismatchError, StoreUnavailableError
from .records import RECORDS_VERSION, InspectionRecord, read_records

log = logging.getLogger(__name__)
logging.getLogger("bm25s").setLevel(logging.WARNING)  # it logs every index build at DEBUG

SCHEMA_VERSION = 3  # 2: chunks carry their file's sha (file-level skip on re-ingest); 3: inspection records
BATCH = 1024  # chunks embedded and written per step: bounded memory (~2 MB of vectors), visible
# progress; the embedder sorts a step by length, so bigger steps pad less (128 was ~15% slower)
REBUILD_HINT = "python -m index build --rebuild"


@dataclass
class BuildReport:
    """What one `build` did."""

    documents: int = 0
    chunks: int = 0
    added: int = 0
    deleted: int = 0
    unchanged: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0


@dataclass
class IndexStats:
    """What is in the store."""

    location: str
    chunks: int
    documents: list[dict]
    embedder: str
    chunk_size: int
    chunk_overlap: int
    schema: int


_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
# Function words carry no topic; removing them keeps BM25 scores about content.
STOPWORDS = frozenset(
    "a an and are as at be been being but by can could did do does for from had has have he her "
    "hers him his how i if in into is it its me my no not of on or our she so than that the their "
    "them then there these they this those to us was we were what when where which who whom why "
    "will with would you your about after also any been before both each few more most other over "
    "same some such only own very just says said say get got".split()
)


def tokenize(text: str) -> list[str]:
    """Lower-case content words, light plural folding; shared by BM25 and evidence scoring."""
    text = text.lower().replace("’", "'").replace("‘", "'")
    out = []
    for tok in _TOKEN.findall(text):
        tok = tok.removesuffix("'s")
        if tok in STOPWORDS or len(tok) < 2 and not tok.isdigit():
            continue
        if len(tok) > 4 and tok.endswith("s") and not tok.endswith("ss"):
            tok = tok[:-1]
        out.append(tok)
    return out


class BM25:
    """Keyword index over chunk texts (bm25s: sparse matrices, fast past 100k chunks)."""

    def __init__(self, ids: list[str], texts: list[str]):
        import bm25s

        self.ids = ids
        self.retriever = bm25s.BM25()
        tokens = [tokenize(t) for t in texts]
        vocab: dict[str, int] = {}
        corpus_ids = [[vocab.setdefault(t, len(vocab)) for t in doc] for doc in tokens]
        self.vocab = vocab
        # Inverse document frequency per term: how much a shared word says about a match.
        import math
        from collections import Counter

        df = Counter(t for doc in tokens for t in set(doc))
        n = max(len(ids), 1)
        self.idf = {t: math.log(1 + (n - c + 0.5) / (c + 0.5)) for t, c in df.items()}
        if ids:
            self.retriever.index(bm25s.tokenization.Tokenized(ids=corpus_ids, vocab=vocab), show_progress=False)

    def search(self, query: str, k: int) -> list[tuple[str, float]]:
        q = [self.vocab[t] for t in tokenize(query) if t in self.vocab]
        if not q or not self.ids:
            return []
        scores = self.retriever.get_scores(q)
        k = min(k, len(self.ids))
        import numpy as np

        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top])]
        return [(self.ids[i], float(scores[i])) for i in top if scores[i] > 0]


class Index:
    """A corpus index: a Chroma collection plus a BM25 index over the same chunks.

    Args:
        settings: where the store lives, which embedder and chunking to use.
        embeddings: inject an `Embeddings` (tests); default from `settings.embedder`.
        client: inject a chromadb client; default persistent at `settings.data_dir`, or
            `HttpClient` when `settings.chroma_url` is set.
    """

    def __init__(self, settings: Settings | None = None, embeddings=None, client=None):
        self.settings = settings or Settings()
        self._embeddings = embeddings
        self._client = client
        self._collection = None
        self._bm25: BM25 | None = None
        self._bm25_key = None
        self._chunks: dict[str, Document] = {}
        self._documents: tuple[dict, list[dict]] | None = None
        self._inspections: tuple[int, list[InspectionRecord]] | None = None
        self._lock = threading.RLock()

    # ----- plumbing --------------------------------------------------------------------
    @property
    def location(self) -> str:
        return self.settings.chroma_url or str(self.settings.data_dir / "chroma")

    @property
    def embeddings(self):
        if self._embeddings is None:
            self._embeddings = get_embeddings(self.settings.embedder, self.settings.cache_dir)
        return self._embeddings

    @property
    def client(self):
        if self._client is None:
            self._client = make_client(self.settings)
        return self._client

    def expected_record(self) -> dict:
        return {
            "schema": SCHEMA_VERSION,
            "records": RECORDS_VERSION,  # how articles are read: a new reader needs the records read again
            "embedder": self.settings.embedder,
            "chunk_size": self.settings.chunk_size,
            "chunk_overlap": self.settings.chunk_overlap,
        }

    def exists(self) -> bool:
        """True if the collection exists and holds chunks."""
        try:
            col = self.client.get_collection(self.settings.collection)
        except StoreUnavailableError:
            raise
        except Exception:  # chromadb raises NotFoundError / ValueError by version
            return False
        return col.count() > 0

    def collection(self, create: bool = False):
        """The Chroma collection, checked against the settings it was built with."""
        if self._collection is not None:
            return self._collection
        try:
            if create:
                col = self.client.get_or_create_collection(
                    self.settings.collection, metadata={**self.expected_record(), "hnsw:space": "cosine"})
            else:
                col = self.client.get_collection(self.settings.collection)
        except Exception as exc:
            if _is_connection_error(exc):
                raise unreachable(self.settings.chroma_url, exc) from exc
            raise IndexMismatchError(f"No index at {self.location}: run `python -m index build`") from exc
        self._check_record(col)
        self._collection = col
        return col

    def _check_record(self, col) -> None:
        have = {k: v for k, v in (col.metadata or {}).items() if k != "hnsw:space"}
        want = self.expected_record()
        diff = {k: (have.get(k), v) for k, v in want.items() if have.get(k) != v}
        if diff and col.count() > 0:
            detail = "; ".join(f"{k}: index has {a!r}, settings ask for {b!r}" for k, (a, b) in diff.items())
            raise IndexMismatchError(
                f"The index at {self.location} was built with other settings ({detail}). "
                f"Rebuild it with `{REBUILD_HINT}`, or use the settings it was built with."
            )

    # ----- building --------------------------------------------------------------------
    def build(self, corpus: str | Path | None = None, rebuild: bool = False, progress: bool = False) -> BuildReport:
        """Sync the store with the corpus folder: add new chunks, delete vanished ones.

        Chunk ids are content hashes, so re-running on an unchanged corpus embeds nothing, and
        a build interrupted part-way resumes without duplicates. New chunks are written before
        old ones are deleted, so the index keeps answering throughout. A record per file (its
        sha and chunk ids, written after its chunks) lets unchanged files skip parsing.
        """
        start = time.perf_counter()
        corpus = Path(corpus or self.settings.corpus_dir)
        with self._lock, server_errors(self.settings.chroma_url):
            if rebuild:
                self.drop()
            self._ensure_writable()
            existing = set(self._all_ids(self.collection())) if self.exists() else set()
            records = self._file_records(existing)
            loaded = load_corpus(corpus, known={f: {r["file_sha"]: r["doc_hash"]} for f, r in records.items()})
            report = BuildReport(documents=len(loaded.documents) + len(loaded.reused), skipped=loaded.skipped,
                                 warnings=loaded.warnings)
            if not report.documents:
                raise EmptyCorpusError(
                    f"No readable articles in {corpus}"
                    + (f" (skipped: {', '.join(f'{n} — {r}' for n, r in loaded.skipped)})" if loaded.skipped else "")
                    + ": add .txt, .md or .html files")
            col = self.collection(create=True)
            stored = self._stored_records()
            known = tuple(sorted({r.council.value for r in stored.values() if r.council}))
            new_records = read_records(loaded.documents, known, progress=progress)
            chunks = by_part(chunk_documents(loaded.documents, self.settings.chunk_size, self.settings.chunk_overlap),
                             new_records)
            wanted = {c.id: c for c in chunks}
            kept = {cid for f in loaded.reused for cid in records[f]["ids"]}
            new = [c for cid, c in wanted.items() if cid not in existing]
            stale = [cid for cid in existing if cid not in wanted and cid not in kept]
            report.chunks = len(wanted) + len(kept)
            report.unchanged = report.chunks - len(new)
            bar = _progress(len(new), progress, "Embedding chunks")
            for i in range(0, len(new), BATCH):
                batch = new[i:i + BATCH]
                vectors = self.embeddings.embed_documents([embedding_text(c) for c in batch])
                col.upsert(ids=[c.id for c in batch], embeddings=vectors,
                           documents=[c.page_content for c in batch],
                           metadatas=[_chroma_meta(c.metadata) for c in batch])
                report.added += len(batch)
                bar.update(len(batch))
            bar.close()
            self._write_inspection_records(new_records)
            self._write_file_records(loaded.documents, chunks)
            for i in range(0, len(stale), 5000):
                col.delete(ids=stale[i:i + 5000])
            present = set(loaded.reused) | {d.metadata["source"] for d in loaded.documents}
            gone = [f for f in records if f not in present]
            if gone:
                self._files().delete(ids=gone)
            # (and the parts of an article read again that its new reading no longer has)
            read, again = {r.key for r in new_records}, {d.metadata["source"] for d in loaded.documents}
            gone_records = [key for key, r in stored.items() if r.source not in present
                            or r.source in again and key not in read]
            if gone_records:
                self._records_collection().delete(ids=gone_records)
            report.deleted = len(stale)
            self._bm25 = None
            self._chunks = {}
        report.seconds = time.perf_counter() - start
        return report

    # One record per indexed file in a side collection (`<collection>-files`): its sha, its
    # cleaned text's hash and its chunk ids. Chroma wants a vector per record; a constant
    # 1-d vector stands in (the records are only ever read by id).
    def _files(self):
        return self.client.get_or_create_collection(f"{self.settings.collection}-files", embedding_function=None)

    def _file_records(self, existing: set[str]) -> dict[str, dict]:
        """file -> {file_sha, doc_hash, ids} for files whose chunks are all in the store."""
        if not existing:
            return {}
        got = self._files().get(include=["metadatas"])
        out = {}
        for name, m in zip(got["ids"], got["metadatas"]):
            ids = [i for i in (m or {}).get("ids", "").split(",") if i]
            if ids and all(i in existing for i in ids):
                out[name] = {"file_sha": m.get("file_sha", ""), "doc_hash": m.get("doc_hash", ""), "ids": ids}
        return out

    def _write_file_records(self, documents: list[Document], chunks: list[Document]) -> None:
        by_file: dict[str, list[str]] = {}
        for c in chunks:
            by_file.setdefault(c.metadata["source"], []).append(c.id)
        docs = [d for d in documents if d.metadata["source"] in by_file]
        files = self._files()
        for i in range(0, len(docs), 5000):
            part = docs[i:i + 5000]
            files.upsert(ids=[d.metadata["source"] for d in part], embeddings=[[1.0]] * len(part),
                         metadatas=[{"file_sha": d.metadata["file_sha"], "doc_hash": d.metadata["doc_hash"],
                                     "ids": ",".join(by_file[d.metadata["source"]])} for d in part])

    # One inspection record per article (`<collection>-records`), read at ingest
    # (index/records.py); stored in Chroma so a Chroma server holds them too.
    def _records_collection(self):
        return self.client.get_or_create_collection(f"{self.settings.collection}-records", embedding_function=None)

    def _stored_records(self) -> dict[str, InspectionRecord]:
        got = self._records_collection().get(include=["metadatas"])
        return {name: InspectionRecord.from_json(m["record"]) for name, m in zip(got["ids"], got["metadatas"])
                if m and m.get("record")}

    def _write_inspection_records(self, records: list[InspectionRecord]) -> None:
        if not records:
            return
        col = self._records_collection()
        for i in range(0, len(records), 1000):
            part = records[i:i + 1000]
            col.upsert(ids=[r.key for r in part], embeddings=[[1.0]] * len(part),
                       metadatas=[{"council": r.council.value if r.council else "", "when": r.when,
                                   "overall": r.overall.value if r.overall else "", "record": r.to_json()}
                                  for r in part])
        self._inspections = None

    def records(self) -> list[InspectionRecord]:
        """The inspection record of every article in the store, by council then date."""
        with self._lock, server_errors(self.settings.chroma_url):
            key = self.collection().count()
            if self._inspections is None or self._inspections[0] != key:
                recs = sorted(self._stored_records().values(),
                              key=lambda r: (r.council.value if r.council else "~", r.when, r.source))
                self._inspections = (key, recs)
            return self._inspections[1]

    def drop(self) -> None:
        """Delete the collection and its file and inspection records (for `--rebuild`)."""
        with self._lock:
            self._inspections = None
            for name in (self.settings.collection, f"{self.settings.collection}-files",
                         f"{self.settings.collection}-records"):
                try:
                    self.client.delete_collection(name)
                except Exception as exc:
                    if _is_connection_error(exc):
                        raise unreachable(self.settings.chroma_url, exc) from exc
            self._collection = None
            self._bm25 = None
            self._chunks = {}

    def _ensure_writable(self) -> None:
        if self.settings.chroma_url:
            return
        path = self.settings.data_dir
        try:
            path.mkdir(parents=True, exist_ok=True)
            probe = path / ".write-test"
            probe.write_text("ok")
            probe.unlink()
        except OSError as exc:
            raise StoreUnavailableError(
                f"Cannot write the index to {path} ({exc.strerror or exc}): "
                "set OFSTED_QA_DATA_DIR to a writable folder") from exc

    @staticmethod
    def _all_ids(col) -> list[str]:
        ids: list[str] = []
        offset, page = 0, 10000
        while True:
            got = col.get(include=[], limit=page, offset=offset)["ids"]
            ids.extend(got)
            if len(got) < page:
                return ids
            offset += page

    # ----- reading ---------------------------------------------------------------------
    def chunks(self) -> dict[str, Document]:
        """Every chunk in the store by id (cached until the store changes)."""
        with self._lock, server_errors(self.settings.chroma_url):
            col = self.collection()
            count = col.count()
            if self._chunks and len(self._chunks) == count:
                return self._chunks
            chunks: dict[str, Document] = {}
            offset, page = 0, 5000
            while True:
                got = col.get(include=["documents", "metadatas"], limit=page, offset=offset)
                for cid, text, meta in zip(got["ids"], got["documents"], got["metadatas"]):
                    chunks[cid] = Document(page_content=text, metadata=dict(meta or {}), id=cid)
                if len(got["ids"]) < page:
                    break
                offset += page
            self._chunks = chunks
            return chunks

    def documents(self) -> list[dict]:
        """One metadata record per article in the store (title, council, dates…); cached with
        the chunks, since retrieval asks for it on every dated question."""
        chunks = self.chunks()
        if self._documents is not None and self._documents[0] is chunks:
            return self._documents[1]
        docs: dict[str, dict] = {}
        for c in chunks.values():
            m = c.metadata
            docs.setdefault(m.get("source", ""), {k: m.get(k, "") for k in (
                "source", "title", "council", "inspection", "rating", "published", "date_note",
                "sort_date", "sort_date_inferred")})
        out = sorted(docs.values(), key=lambda d: (d["council"], d["sort_date"], d["source"]))
        self._documents = (chunks, out)
        return out

    def dense_search(self, query: str, k: int = 8, where: dict | None = None) -> list[tuple[Document, float]]:
        """Top-k chunks by embedding similarity (cosine, higher is closer)."""
        vector = self.embeddings.embed_query(query)
        with server_errors(self.settings.chroma_url):
            col = self.collection()
            n = col.count()
            if n == 0:
                return []
            got = col.query(query_embeddings=[vector], n_results=min(k, n), where=where or None,
                            include=["documents", "metadatas", "distances"])
        out = []
        for cid, text, meta, dist in zip(got["ids"][0], got["documents"][0], got["metadatas"][0], got["distances"][0]):
            out.append((Document(page_content=text, metadata=dict(meta or {}), id=cid), 1.0 - float(dist)))
        return out

    def _keyword_index(self) -> BM25:
        chunks = self.chunks()
        with self._lock:
            key = (len(chunks), next(iter(chunks), None))
            if self._bm25 is None or self._bm25_key != key:
                ids = list(chunks)
                self._bm25 = BM25(ids, [embedding_text(chunks[i]) for i in ids])
                self._bm25_key = key
            return self._bm25

    def term_weights(self) -> dict[str, float]:
        """IDF of every term in the corpus (terms as `tokenize` makes them)."""
        return self._keyword_index().idf

    def keyword_search(self, query: str, k: int = 8, where: dict | None = None) -> list[tuple[Document, float]]:
        """Top-k chunks by BM25 over chunk text, title and council."""
        chunks = self.chunks()
        bm25 = self._keyword_index()
        want = k if not where else max(k * 5, 50)
        hits = [(chunks[cid], score) for cid, score in bm25.search(query, want)]
        if where:
            hits = [h for h in hits if _matches(h[0].metadata, where)]
        return hits[:k]

    def stats(self) -> IndexStats:
        col = self.collection()
        rec = col.metadata or {}
        return IndexStats(location=self.location, chunks=col.count(), documents=self.documents(),
                          embedder=str(rec.get("embedder")), chunk_size=int(rec.get("chunk_size", 0)),
                          chunk_overlap=int(rec.get("chunk_overlap", 0)), schema=int(rec.get("schema", 0)))


def unreachable(url: str | None, exc: Exception) -> StoreUnavailableError:
    return StoreUnavailableError(
        f"Chroma server at {url} is unreachable ({exc.__class__.__name__}): start it with "
        "`chroma run --path data/chroma-server --host 127.0.0.1 --port 8000`, "
        "or unset OFSTED_QA_CHROMA_URL to use the embedded store")


@contextmanager
def server_errors(url: str | None):
    """Turn a Chroma server's connection failure into a StoreUnavailableError naming the URL."""
    try:
        yield
    except StoreUnavailableError:
        raise
    except Exception as exc:
        if url and _is_connection_error(exc):
            raise unreachable(url, exc) from exc
        raise


def make_client(settings: Settings):
    """A chromadb client: HttpClient for `settings.chroma_url`, else persistent on disk."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_url:
        from urllib.parse import urlparse

        url = urlparse(settings.chroma_url if "://" in settings.chroma_url else f"http://{settings.chroma_url}")
        try:
            client = chromadb.HttpClient(host=url.hostname or "127.0.0.1", port=url.port or 8000,
                                         ssl=url.scheme == "https", settings=chroma_settings)
            client.heartbeat()
        except Exception as exc:
            raise unreachable(settings.chroma_url, exc) from exc
        return client
    path = settings.data_dir / "chroma"
    try:
        path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(path), settings=chroma_settings)
    except Exception as exc:
        raise StoreUnavailableError(f"Cannot open the index at {path} ({exc}): "
                                    "set OFSTED_QA_DATA_DIR to a writable folder") from exc


def _chroma_meta(meta: dict) -> dict:
    return {k: (v if isinstance(v, (str, int, float, bool)) else str(v)) for k, v in meta.items() if v is not None}


def _matches(meta: dict, where: dict) -> bool:
    for key, cond in where.items():
        if key == "$and":
            if not all(_matches(meta, c) for c in cond):
                return False
        elif key == "$or":
            if not any(_matches(meta, c) for c in cond):
                return False
        elif isinstance(cond, dict):
            if "$in" in cond and meta.get(key) not in cond["$in"]:
                return False
            if "$eq" in cond and meta.get(key) != cond["$eq"]:
                return False
        elif meta.get(key) != cond:
            return False
    return True


def _is_connection_error(exc: Exception) -> bool:
    text = f"{exc.__class__.__name__} {exc}".lower()
    return any(s in text for s in ("connect", "unreachable", "refused", "timed out", "timeout"))


def _progress(total: int, enabled: bool, desc: str):
    if enabled and total:
        from tqdm import tqdm

        return tqdm(total=total, desc=desc, unit="chunk")

    class _Null:
        def update(self, n):
            pass

        def close(self):
            pass

    return _Null()
