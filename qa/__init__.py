"""Turns a question (plus chat history) into an `Answer` with verified citations.

    >>> from qa import ask
    >>> answer = ask("Which areas did Warrington get outstanding for?")
    >>> print(answer.text); [c.source for c in answer.citations]
"""
from __future__ import annotations

import threading
from typing import Iterator

from .errors import LLMUnavailableError, QAError, QuestionError, UnknownBackendError
from .types import Answer, Citation, Source

__all__ = ["Answer", "Citation", "LLMUnavailableError", "Pipeline", "QAError", "QuestionError", "Source",
           "UnknownBackendError", "ask", "ask_stream", "get_backend", "get_pipeline", "BACKENDS", "STAGES"]

_pipelines: dict = {}
_lock = threading.Lock()


def __getattr__(name):  # heavy modules load on first use, not on `import qa`
    if name in ("Pipeline", "STAGES"):
        from . import pipeline

        return getattr(pipeline, name)
    if name in ("BACKENDS", "get_backend"):
        from . import llm

        return getattr(llm, name)
    raise AttributeError(name)


def get_pipeline(settings=None):
    """The shared, warm pipeline for `settings` (default: `Settings.from_env()`)."""
    from settings import Settings

    from .pipeline import Pipeline

    settings = settings or Settings.from_env()
    with _lock:
        if settings not in _pipelines:
            _pipelines[settings] = Pipeline(settings)
        return _pipelines[settings]


def ask(question: str, history: list[dict] | None = None, council: str | None = None, *, settings=None) -> Answer:
    """Answer a question from the articles, with citations.

    Args:
        question: the user's question.
        history: earlier turns, [{"role": "user"|"assistant", "content": str}, ...]; used to
            understand follow-ups such as "What did she say about demand?".
        council: only use articles about this council (e.g. "Warrington").
        settings: a `settings.Settings`; default read from the environment.

    Returns:
        An `Answer`: `.text` with markers [1], [2] into `.citations` (verbatim passages). When the
        articles do not contain the answer, `.refused` is True and `.citations` is empty.

    Raises:
        QuestionError: empty or over-long question, unknown council.
        LLMUnavailableError: the model server cannot be started or reached.

    Example:
        >>> a = ask("Who is the director of children's services in Cheshire West?")
        >>> a.citations[0].council
        'Cheshire West and Chester'
    """
    return get_pipeline(settings).ask(question, history, council)


def ask_stream(question: str, history: list[dict] | None = None, council: str | None = None, *,
               settings=None) -> Iterator[str | Answer]:
    """Like `ask`, but yields text pieces as they are generated, then the final `Answer`.

    The final `Answer.text` is the verified text (citations renumbered, unsupported sentences
    removed); show it in place of the streamed draft.
    """
    yield from get_pipeline(settings).stream(question, history, council)
