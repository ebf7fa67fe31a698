"""Checks on the authored prose of a chapter: how much of it there is, what it
cites, and that it types no numbers that should have been glued from data."""

from __future__ import annotations

import json
import re
from pathlib import Path

from ..data.bib import cited_keys

_ROLE = re.compile(r"\{[a-z:]+\}`[^`]*`")
_COMMENT = re.compile(r"^%.*$", re.M)
_TARGET = re.compile(r"^\(.*\)=\s*$", re.M)
_LIST_NUMBER = re.compile(r"^\s*\d+\.\s", re.M)
_FENCE = re.compile(r"^(```|:::).*?^\1\s*$", re.M | re.S)
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
# Numbers that are names, not quantities: dates, years, year ranges and
# financial years, the numbered sections of an Act, and the ids of findings.
_ALLOWED_NUMBER = re.compile(
    rf"\b\d{{1,2}} (?={_MONTHS})"
    r"|\b(1[89]\d\d|20\d\d)s?([/–-](1[89]\d\d|20\d\d|\d\d)\b)?"
    r"|\b([Ss]ection|[Rr]egulation|Area) \d+\b|\b[A-Z]{2}-\d{3}\b|\bRF-\d{2}\b"
    r"|\bCOVID-19\b|\b10 Year Health Plan\b"
)
_NUMBER = re.compile(r"\d+")
# Quantities written out in words are typed numbers too.
_QUANTITY_WORDS = re.compile(
    r"\b(one|two|three|four|five|six|seven|eight|nine) in (three|four|five|ten)\b|\b(hundreds|thousands|dozens)\b"
    r"|\bper ?cent\b|\b(a|one) (third|quarter|fifth|tenth)\b|\btwo-thirds\b|\bthree-quarters\b|\bhalf of\b",
    re.IGNORECASE,
)


def markdown_cells(notebook: Path) -> str:
    cells = json.loads(Path(notebook).read_text(encoding="utf-8"))["cells"]
    return "\n\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def prose(markdown: str) -> str:
    """What a reader reads of the authored text: no comments, roles, targets or fences."""
    text = _COMMENT.sub("", markdown)
    text = _FENCE.sub("", text)
    text = _TARGET.sub("", text)
    text = _LIST_NUMBER.sub("", text)
    return _ROLE.sub("", text)


def words(markdown: str) -> int:
    body = "\n".join(line for line in prose(markdown).splitlines() if not line.lstrip().startswith("#"))
    return len(re.findall(r"[A-Za-z][A-Za-z'’-]*", body))


def typed_numbers(markdown: str) -> list[str]:
    """Numbers typed into the prose that are not dates, years, section numbers or ids."""
    found = []
    for line in prose(markdown).splitlines():
        stripped = _ALLOWED_NUMBER.sub("", line)
        found += [f"{n!r} in: {line.strip()[:120]}" for n in _NUMBER.findall(stripped)]
        found += [f"{m.group(0)!r} in: {line.strip()[:120]}" for m in _QUANTITY_WORDS.finditer(stripped)]
    return found


def citations(markdown: str) -> set[str]:
    return set(cited_keys(_COMMENT.sub("", markdown)))
