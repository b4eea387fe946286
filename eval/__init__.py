"""Evaluation set and runner over the public `qa.ask()` (see `python -m eval --help`)."""
