"""Errors the index raises; each message says what to do next."""


class IndexError_(Exception):
    """Base class for index errors (named so it does not shadow the builtin)."""


class IndexMismatchError(IndexError_):
    """The store was built with another embedder, chunking or schema version."""


class StoreUnavailableError(IndexError_):
    """The Chroma server cannot be reached, or the data directory cannot be written."""


class UnknownEmbedderError(IndexError_):
    """An embedder name that is neither registered nor a loadable model path."""


class EmptyCorpusError(IndexError_):
    """The corpus folder holds no readable articles."""
