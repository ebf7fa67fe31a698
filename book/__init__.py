"""The report's Python package, in layers (see book/README.md): data, vocabulary,
rendering, chapter builders and the site, each importing only those before it."""

from .data import DataError, Evidence, Problem, load

__all__ = ["DataError", "Problem", "Evidence", "load"]
