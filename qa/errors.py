"""Errors `ask()` raises; each message says what to do next. Boundaries (CLI, UI) turn them
into exit codes or readable chat messages."""
from index.errors import EmptyCorpusError, IndexMismatchError, StoreUnavailableError  # noqa: F401


class QAError(Exception):
    """Base class for question-answering errors."""


class QuestionError(QAError, ValueError):
    """The question cannot be answered as given (empty, too long…)."""


class LLMUnavailableError(QAError):
    """The language model server cannot be started or reached."""


class UnknownBackendError(QAError, KeyError):
    """An LLM backend name that is not registered."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0])


class UnknownRerankerError(QAError):
    """The cross-encoder named in the settings cannot be loaded."""
