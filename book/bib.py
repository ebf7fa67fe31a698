"""Reading and checking references.bib. Every entry must be a complete,
well-formed reference: author, title, year and url, plus what its type needs
(journal, institution, publisher)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import bibtexparser
from bibtexparser import model

from . import paths
from .errors import Problem

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


def read_bib(root: Path = paths.ROOT) -> tuple[dict[str, BibEntry], list[Problem]]:
    path = paths.bib_path(root)
    file = paths.relative(path, root)
    if not path.exists():
        return {}, [Problem(file, "file", None, None, "the bibliography to exist", "missing_file")]
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return {}, [Problem(file, f"line {line}", None, repr(raw[exc.start:exc.start + 4])[2:-1], "UTF-8 text (save the file as UTF-8)", "not_utf8")]
    if text.strip() == "":
        return {}, [Problem(file, "line 1", None, "", "at least one bibliography entry (the file is empty)", "empty_file")]

    library = bibtexparser.parse_string(text)
    problems: list[Problem] = []
    for block in library.failed_blocks:
        line = block.start_line + 1
        if isinstance(block, model.DuplicateBlockKeyBlock):
            problems.append(Problem(file, f"entry '{block.key}' (line {line})", "key", block.key, "a key used only once (it is already defined earlier)", "duplicate_bib_key"))
        elif isinstance(block, model.DuplicateFieldKeyBlock):
            problems.append(Problem(file, f"entry at line {line}", None, block.raw.split("\n", 1)[0], "each field only once per entry", "duplicate_bib_field"))
        else:
            first = block.raw.strip().split("\n", 1)[0]
            problems.append(Problem(file, f"entry at line {line}", None, first, "a well-formed BibTeX entry (check braces, quotes and the commas between fields)", "malformed_bib"))

    entries: dict[str, BibEntry] = {}
    for entry in library.entries:
        line = entry.start_line + 1
        where = f"entry '{entry.key}' (line {line})"
        fields = {k.lower(): str(f.value).strip() for k, f in entry.fields_dict.items()}
        etype = entry.entry_type.lower()
        if not re.fullmatch(KEY_PATTERN, entry.key):
            problems.append(Problem(file, where, "key", entry.key, "a key of lower-case letters, digits and underscores", "bad_bib_key"))
        if etype not in REQUIRED_BY_TYPE:
            problems.append(Problem(file, where, "entry type", etype, "one of: " + ", ".join(REQUIRED_BY_TYPE), "bad_bib_type"))
        for name in REQUIRED_ALWAYS + REQUIRED_BY_TYPE.get(etype, []):
            if not fields.get(name):
                problems.append(Problem(file, where, name, None, f"a '{name}' field (required for @{etype})", "missing_bib_field"))
        if fields.get("year") and not re.fullmatch(YEAR_PATTERN, fields["year"]):
            problems.append(Problem(file, where, "year", fields["year"], "a four-digit year, or n.d. for an undated web page", "bad_bib_year"))
        if fields.get("url") and not re.fullmatch(r"https?://\S+", fields["url"]):
            problems.append(Problem(file, where, "url", fields["url"], "an http(s) URL", "bad_bib_url"))
        if fields.get("doi") and not re.fullmatch(DOI_PATTERN, fields["doi"]):
            problems.append(Problem(file, where, "doi", fields["doi"], "a bare DOI such as 10.1136/bmj.317.7153.256", "bad_bib_doi"))
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


def _surname(name: str) -> str:
    name = name.strip()
    if name.startswith("{") and name.endswith("}"):
        return name[1:-1]  # an organisation, written as one braced name
    return name.split(",")[0].strip() if "," in name else name.split()[-1]


def label_key(entry: BibEntry) -> tuple:
    """What an author-year citation shows: one surname, two, or the first et al., and the year."""
    names = [_surname(a).lower() for a in split_authors(entry.fields.get("author", ""))]
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
        for letter, entry in zip("abcdefghijklmnopqrstuvwxyz", sorted(members, key=lambda e: e.fields.get("title", "").lower())):
            years[entry.key] = f"{year}-{letter}" if year == "n.d." else f"{year}{letter}"
    return years


def with_year_suffixes(text: str, years: dict[str, str]) -> str:
    """The bibliography text with each ambiguous entry's year replaced."""
    def fix(match: re.Match) -> str:
        block = match.group(0)
        key = match.group(1)
        if key not in years:
            return block
        return re.sub(r"(\byear\s*=\s*)(\{[^}]*\}|\"[^\"]*\"|\d+)", lambda m: m.group(1) + "{" + years[key] + "}", block, count=1)
    return re.sub(r"@\w+\s*\{\s*([^,\s]+)\s*,.*?(?=\n@|\Z)", fix, text, flags=re.S)
