"""Result dataclasses of the public API; serialisable with `dataclasses.asdict`."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class Citation:
    """A passage an answer cites as [number]; `text` is verbatim from the article."""

    number: int
    text: str
    source: str  # the article's file in the corpus
    title: str
    council: str
    date: str  # "2016-02-19", "~2019-07 (inferred)" or ""
    score: float  # how strongly the passage supports the sentence(s) citing it, 0..1


@dataclass
class Source:
    """A chunk retrieval returned for the question, with its fused retrieval score."""

    text: str
    source: str
    title: str
    council: str
    date: str
    score: float
    chunk_id: str = ""


@dataclass
class Answer:
    """What `ask()` returns."""

    question: str
    text: str  # with inline markers [1], [2] … into `citations`
    citations: list[Citation] = field(default_factory=list)
    refused: bool = False  # True when the articles do not contain the answer
    sources: list[Source] = field(default_factory=list)  # retrieved passages, best first
    search_query: str = ""  # the question as rewritten from the chat history
    extractive: bool = False  # True when the text was built from evidence, not the LLM
    prompt_tokens: int = 0  # tokens sent to the LLM (0 if it was not called)
    timings: dict = field(default_factory=dict)  # seconds per stage

    def to_dict(self) -> dict:
        return asdict(self)

    def format(self) -> str:
        """The answer and its numbered sources, as the CLI prints them."""
        lines = [self.text]
        if self.citations:
            lines.append("")
            for c in self.citations:
                when = f", {c.date}" if c.date else ""
                lines.append(f"[{c.number}] {c.title} ({c.council}{when}) — {c.source}")
                lines.append(f"    {c.text}" if c.text.startswith(("“", '"')) else f"    “{c.text}”")
        return "\n".join(lines)
