"""The quantities a piece of text states: digits that are not a date, a year, a financial
year, a section of an Act, an id or part of a name. Every quantity a finding states must be
a result in data/results.csv (rules.py checks it)."""

from __future__ import annotations

import re

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_NOT_QUANTITIES = re.compile(
    "|".join(
        [
            rf"\b\d{{1,2}} (?:{_MONTHS})\b|\b(?:{_MONTHS}) \d{{4}}\b",  # dates
            # years, spans and financial years (not the whole part of a decimal such as 2005.8)
            r"\b(?:1[89]\d\d|20\d\d)s?(?:[-/–](?:1[89]\d\d|20\d\d|\d{1,2}))?\b(?!\.\d)",
            r"\b(?:[Ss]ection|[Rr]egulation|Area|[Ww]ave|[Pp]hase|[Qq]uarter|Q|HC) ?\d+[A-Z]?\b",  # names of parts
            r"\bMEL\([^)]*\)|\b[A-Z]{2}-\d{3}\b|\bRF-\d{2}\b|\bCOVID-19\b|\bCovid-19\b|\bNHS 111\b",  # ids, names
            r"\b(?:10|Ten|Five) Year\b",  # plan names
            r"\bper \d{1,3}(?:[, ]\d{3})*\b",  # the denominator of a rate
            r"\b95 ?% (?:CI|confidence interval)\b",  # the name of an interval, not a result
        ]
    )
)
_NUMBER = re.compile(r"\d+(?:[, ]\d{3})*(?:\.\d+)?")
# A stated figure matches a recorded value at the scale its words give (2.6 million, 6p).
SCALES = (1, 1e3, 1e6, 1e9, 0.01)


def stated_numbers(text: str) -> list[float]:
    if not any(c.isdigit() for c in text):
        return []
    text = _NOT_QUANTITIES.sub(" ", text)
    return [float(n.replace(",", "").replace(" ", "")) for n in _NUMBER.findall(text)]


def recorded(number: float, values: list[float]) -> bool:
    """Whether a stated figure is among the recorded values, at some scale of its words."""
    if number == 0:
        return 0 in values
    return any(abs(abs(v) / number - scale) < 1e-6 * scale for v in values if v for scale in SCALES)
