"""Data: where the inputs live, the one schema, reading and checking the tables and the
bibliography, and the one door into them, ``load()``."""

from .errors import DataError, Problem
from .evidence import Evidence, check, load

__all__ = ["DataError", "Problem", "Evidence", "check", "load"]
