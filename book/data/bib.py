"""Reading and checking references.bib. Every entry must be a complete,
well-formed reference: author, title, year and url, plus what its type needs
(journal, institution, publisher)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import bibtexparser
from bibtexparser import model
from bibtexparser.middlewares import MonthLongStringMiddleware

from . import paths
from .errors import Problem, decode_utf8

# Entry types the bibliography style (pybtex, via sphinxcontrib-bibtex) can render.
REQUIRED_BY_TYPE = {
    "article": ["journal"],
    "book": ["publisher"],
    "incollection": ["booktitle", "publisher"],
    "inproceedings": ["booktitle"],
    "techreport": ["institution"],
    "phdthesis": ["school"],
    "misc": [],
}
REQUIRED_ALWAYS = ["author", "title", "year", "url"]
KEY_PATTERN = r"[a-z][a-z0-9_]*"
DOI_PATTERN = r"10\.\d{4,9}/\S+"
# Undated web pages keep "n.d." rather than a guessed year; urldate says when we read them.
YEAR_PATTERN = r"\d{4}|n\.d\."


@dataclass(frozen=True)
class BibEntry:
    key: str
    entry_type: str
    line: int
    fields: dict[str, str]

    @property
    def year(self) -> str:
        return self.fields["year"]

    @property
    def title(self) -> str:
        return re.sub(r"[{}]", "", self.fields.get("title", ""))


def _failed_block_problem(block, file: str) -> Problem:
    """What bibtexparser could not read: a repeated key or field, or a malformed entry."""
    line = block.start_line + 1
    if isinstance(block, model.DuplicateBlockKeyBlock):
        expected = "a key used only once (it is already defined earlier)"
        return Problem(file, f"entry '{block.key}' (line {line})", "key", block.key, expected, "duplicate_bib_key")
    first = block.raw.strip().split("\n", 1)[0]
    if isinstance(block, model.DuplicateFieldKeyBlock):
        return Problem(
            file, f"entry at line {line}", None, first, "each field only once per entry", "duplicate_bib_field"
        )
    expected = "a well-formed BibTeX entry (check braces, quotes and the commas between fields)"
    return Problem(file, f"entry at line {line}", None, first, expected, "malformed_bib")


# Field rules: (field, pattern its value must match, what was expected, kind).
FIELD_RULES = [
    ("key", KEY_PATTERN, "a key of lower-case letters, digits and underscores", "bad_bib_key"),
    ("year", YEAR_PATTERN, "a four-digit year, or n.d. for an undated web page", "bad_bib_year"),
    ("url", r"https?://\S+", "an http(s) URL", "bad_bib_url"),
    ("doi", DOI_PATTERN, "a bare DOI such as 10.1136/bmj.317.7153.256", "bad_bib_doi"),
]


def _entry_problems(key: str, etype: str, fields: dict[str, str], file: str, where: str) -> list[Problem]:
    problems = []
    if etype not in REQUIRED_BY_TYPE:
        expected = "one of: " + ", ".join(REQUIRED_BY_TYPE)
        problems.append(Problem(file, where, "entry type", etype, expected, "bad_bib_type"))
    for name in REQUIRED_ALWAYS + REQUIRED_BY_TYPE.get(etype, []):
        if not fields.get(name):
            expected = f"a '{name}' field (required for @{etype})"
            problems.append(Problem(file, where, name, None, expected, "missing_bib_field"))
    values = {**fields, "key": key}
    for name, pattern, expected, kind in FIELD_RULES:
        if values.get(name) and not re.fullmatch(pattern, values[name]):
            problems.append(Problem(file, where, name, values[name], expected, kind))
    return problems


def _bib_text(path: Path, file: str) -> tuple[str | None, list[Problem]]:
    if not path.exists():
        return None, [Problem(file, "file", None, None, "the bibliography to exist", "missing_file")]
    text, problems = decode_utf8(path.read_bytes(), file)
    if text is None:
        return None, problems
    if text.strip() == "":
        expected = "at least one bibliography entry (the file is empty)"
        return None, [Problem(file, "line 1", None, "", expected, "empty_file")]
    return text, []


def read_bib(root: Path = paths.ROOT) -> tuple[dict[str, BibEntry], list[Problem]]:
    """Every entry of references.bib, and every problem with the file or its entries."""
    path = paths.bib_path(root)
    file = paths.relative(path, root)
    text, problems = _bib_text(path, file)
    if text is None:
        return {}, problems
    library = bibtexparser.parse_string(text)
    problems = [_failed_block_problem(block, file) for block in library.failed_blocks]
    entries: dict[str, BibEntry] = {}
    for entry in library.entries:
        line = entry.start_line + 1
        fields = {k.lower(): str(f.value).strip() for k, f in entry.fields_dict.items()}
        etype = entry.entry_type.lower()
        problems += _entry_problems(entry.key, etype, fields, file, f"entry '{entry.key}' (line {line})")
        entries[entry.key] = BibEntry(entry.key, etype, line, fields)
    return entries, problems


CITE_ROLE = re.compile(r"\{cite(?::[a-z]+)?\}`([^`]+)`")


def cited_keys(text: str) -> list[str]:
    """Keys cited with MyST cite roles in a piece of markdown."""
    keys = []
    for group in CITE_ROLE.findall(text):
        keys += [k.strip() for k in group.split(",") if k.strip()]
    return keys


# -- telling apart works with the same author-year label ---------------------------


def split_authors(field: str) -> list[str]:
    """The names in an author field, split at "and" outside braces ({King's Fund and Partners} is one name)."""
    names, depth, current = [], 0, ""
    for token in re.split(r"(\s+and\s+|[{}])", field):
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
        if depth == 0 and re.fullmatch(r"\s+and\s+", token or ""):
            names.append(current)
            current = ""
        else:
            current += token or ""
    names.append(current)
    return [n.strip() for n in names if n.strip()]


def surname(name: str) -> str:
    name = name.strip()
    if name.startswith("{") and name.endswith("}"):
        return name[1:-1]  # an organisation, written as one braced name
    return name.split(",")[0].strip() if "," in name else name.split()[-1]


def label_key(entry: BibEntry) -> tuple:
    """What an author-year citation shows: one surname, two, or the first et al., and the year."""
    names = [surname(a).lower() for a in split_authors(entry.fields.get("author", ""))]
    shown = tuple(names) if len(names) <= 2 else (names[0], "et al.")
    return shown, entry.year


def year_suffixes(entries: dict[str, BibEntry]) -> dict[str, str]:
    """Letters that tell apart works sharing an author-year label (2018a, 2018b; n.d.-a),
    assigned in order of title, as author-date styles do."""
    groups: dict[tuple, list[BibEntry]] = {}
    for entry in entries.values():
        groups.setdefault(label_key(entry), []).append(entry)
    years = {}
    for (_, year), members in groups.items():
        if len(members) < 2:
            continue
        for letter, entry in zip(
            "abcdefghijklmnopqrstuvwxyz", sorted(members, key=lambda e: e.fields.get("title", "").lower()), strict=False
        ):
            years[entry.key] = f"{year}-{letter}" if year == "n.d." else f"{year}{letter}"
    return years


def citable_copy(text: str, keys: set[str], years: dict[str, str]) -> str:
    """The bibliography reduced to ``keys``, with each ambiguous entry's year replaced by
    its lettered year (``years``, from year_suffixes)."""
    # Month macros (month = oct) are written out (October): the copy is written with braced values.
    library = bibtexparser.parse_string(text, append_middleware=[MonthLongStringMiddleware()])
    kept = [entry for entry in library.entries if entry.key in keys]
    for entry in kept:
        if entry.key in years:
            entry.set_field(model.Field("year", years[entry.key]))
    return bibtexparser.write_string(bibtexparser.Library(kept))
