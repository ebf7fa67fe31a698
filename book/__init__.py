"""The report's Python package: one door into the evidence data, and the
helpers the chapters use to compute, draw and glue from it."""

from .errors import DataError, Problem
from .evidence import Evidence, load

__all__ = ["DataError", "Problem", "Evidence", "load"]
