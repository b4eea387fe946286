"""The one settings module: every model name, path, URL and default lives here.

`Settings` is a frozen dataclass passed down as an argument; `Settings.from_env()` is the only
place in the project that reads environment variables (the "edge"). Library code never reads
`os.environ` itself.
"""
from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent
ENV_PREFIX = "OFSTED_QA_"


@dataclass(frozen=True)
class Settings:
    # --- corpus and index -------------------------------------------------------------
    corpus_dir: Path = ROOT / "corpus"
    data_dir: Path = ROOT / "data"  # persistent Chroma store + caches; git-ignored
    collection: str = "ofsted_articles"
    # Registry name ("minilm": the bundled all-MiniLM-L6-v2, "hash": deterministic fake)
    # or any sentence-transformers model path / hub name.
    embedder: str = "minilm"
    # Short news articles (2-4k characters): ~600-character chunks hold 3-5 sentences, so a
    # chunk is about one point of the article; 100 characters of overlap keep a sentence that
    # straddles a boundary whole in at least one chunk.
    chunk_size: int = 600
    chunk_overlap: int = 100
    chroma_url: str | None = None  # e.g. http://127.0.0.1:8000 -> chromadb.HttpClient
    # A sentence-transformers CrossEncoder (folder or hub name) to rerank evidence sentences;
    # None: the offline default scorer (bundled MiniLM + lexical overlap). None ships offline.
    reranker: str | None = None
    # --- language model -----------------------------------------------------------------
    # Registry name: "bundled" (Qwen2.5-Coder-0.5B via llama-server), "bundled-1.5b",
    # "openai" (any OpenAI-compatible server by URL), "ollama", "fake".
    llm: str = "bundled"
    llm_url: str | None = None  # base URL for "openai" (…/v1) or "ollama"
    llm_model: str | None = None  # model name on that server; a GGUF path for "bundled"
    llm_api_key: str | None = None  # never logged; only read from the environment
    llm_threads: int = 2
    llm_timeout: float = 120.0
    cache_dir: Path = Path.home() / ".cache" / "ofsted-qa"  # assembled GGUF files
    # --- app ----------------------------------------------------------------------------
    host: str = "127.0.0.1"
    port: int = 7860
    auth: tuple[str, str] | None = None  # (user, password) for exposing the app
    feedback_path: Path = ROOT / "data" / "feedback.jsonl"

    def __post_init__(self) -> None:
        for name in ("corpus_dir", "data_dir", "cache_dir", "feedback_path"):
            value = getattr(self, name)
            if not isinstance(value, Path):
                object.__setattr__(self, name, Path(value).expanduser())

    def replace(self, **changes) -> "Settings":
        return dataclasses.replace(self, **changes)

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides) -> "Settings":
        """Read OFSTED_QA_* variables (and OPENAI_API_KEY); keyword overrides win."""
        env = os.environ if environ is None else environ
        values: dict = {}
        for field in dataclasses.fields(cls):
            raw = env.get(ENV_PREFIX + field.name.upper())
            if raw is None or raw == "":
                continue
            if field.name == "auth":
                user, _, password = raw.partition(":")
                if not user or not password:
                    raise ValueError(f"{ENV_PREFIX}AUTH must look like user:password")
                values["auth"] = (user, password)
            elif field.type in ("int",):
                values[field.name] = int(raw)
            elif field.type in ("float",):
                values[field.name] = float(raw)
            elif "Path" in str(field.type):
                values[field.name] = Path(raw).expanduser()
            else:
                values[field.name] = raw
        if "llm_api_key" not in values and env.get("OPENAI_API_KEY"):
            values["llm_api_key"] = env["OPENAI_API_KEY"]
        if "feedback_path" not in values and "data_dir" in values:
            values["feedback_path"] = values["data_dir"] / "feedback.jsonl"
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def __repr__(self) -> str:  # keep the API key out of logs and tracebacks
        shown = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        if shown["llm_api_key"]:
            shown["llm_api_key"] = "***"
        if shown["auth"]:
            shown["auth"] = (shown["auth"][0], "***")
        return "Settings(" + ", ".join(f"{k}={v!r}" for k, v in shown.items()) + ")"
