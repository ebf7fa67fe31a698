"""Rules that no single table's schema can state across tables: the bibliography against
the sources and the chapters' citations, findings against their sources and review
findings, screening records against the sources. (Rules within a row: row_rules.py.)"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd

from . import paths
from .bib import BibEntry, cited_keys
from .errors import Problem
from .numbers import recorded, stated_numbers
from .tables import Table


def _bibliography_problems(sources: Table, bib: dict[str, BibEntry], root: Path) -> list[Problem]:
    """Every bib entry is a listed source or a cited methods reference; every source has an entry."""
    bib_file = paths.relative(paths.bib_path(root), root)
    listed, cited = set(sources.frame["key"]), chapter_citations(root)
    problems = [
        Problem(
            bib_file,
            f"entry '{key}' (line {entry.line})",
            "key",
            key,
            f"a row for it in {sources.file}, or a citation of it in the book",
            "unlisted_bib_entry",
        )
        for key, entry in bib.items()
        if key not in listed and key not in cited
    ]
    problems += [
        Problem(
            sources.file,
            f"line {sources.line_of(i)}",
            "key",
            key,
            f"an entry with this key in {bib_file}",
            "unknown_key",
        )
        for i, key in enumerate(sources.frame["key"])
        if key not in bib
    ]
    return problems


def _excluded_source_problems(sources: Table, findings: Table) -> list[Problem]:
    excluded = set(sources.frame.loc[sources.frame["status"] == "excluded", "key"])
    return [
        Problem(
            findings.file,
            f"line {findings.line_of(i)}",
            "source",
            key,
            "an included source (this one is excluded in sources.csv)",
            "excluded_source",
        )
        for i, key in enumerate(findings.frame["source"])
        if key in excluded
    ]


def _unsupported_review_problems(reviews: Table, findings: Table) -> list[Problem]:
    supported = set(findings.frame["review_finding"].dropna())
    expected = f"at least one supporting finding in {findings.file} (column 'review_finding')"
    return [
        Problem(reviews.file, f"line {reviews.line_of(i)}", "review_id", rid, expected, "unsupported_review_finding")
        for i, rid in enumerate(reviews.frame["review_id"])
        if rid not in supported
    ]


def _screening_problems(screening: Table, sources: Table) -> list[Problem]:
    """Included and excluded sources agree with their screening records (the PRISMA flow)."""
    problems = []
    for decision, status in (("included", "included"), ("excluded_full_text", "excluded")):
        recorded = set(screening.frame.loc[screening.frame["decision"] == decision, "key"].dropna())
        listed = set(sources.frame.loc[sources.frame["status"] == status, "key"])
        problems += [
            Problem(
                screening.file,
                "file",
                "key",
                key,
                f"a screening record with decision '{decision}' for this {status} source",
                "prisma_mismatch",
            )
            for key in sorted(listed - recorded)
        ]
        problems += [
            Problem(
                sources.file,
                "file",
                "status",
                key,
                f"'{status}', as its screening record says '{decision}'",
                "prisma_mismatch",
            )
            for key in sorted(recorded - listed)
        ]
    return problems


def _result_problems(results: Table, findings: Table) -> list[Problem]:
    """Every quantity a finding states is a result; a result read in an excerpt has one to be read in."""
    values: dict[str, list[float]] = {}
    for row in results.frame.itertuples(index=False):
        if isinstance(row.finding_id, str):
            values.setdefault(row.finding_id, []).extend(
                float(v) for v in (row.value, row.lower, row.upper) if not pd.isna(v)
            )
    problems = []
    for i, row in enumerate(findings.frame.itertuples(index=False)):
        missing = [n for n in stated_numbers(row.finding or "") if not recorded(n, values.get(row.finding_id, []))]
        if missing:
            expected = f"a row in {results.file} for each figure it states (finding_id {row.finding_id})"
            problems.append(
                Problem(
                    findings.file,
                    f"line {findings.line_of(i)}",
                    "finding",
                    ", ".join(f"{n:g}" for n in missing),
                    expected,
                    "number_without_result",
                )
            )
    with_excerpt = set(findings.frame.loc[findings.frame["excerpt"].notna(), "finding_id"])
    for i, row in enumerate(results.frame.itertuples(index=False)):
        if row.seen_in == "excerpt" and row.finding_id not in with_excerpt:
            problems.append(
                Problem(
                    results.file,
                    f"line {results.line_of(i)}",
                    "seen_in",
                    row.seen_in,
                    "'finding': the finding has no excerpt to read it in",
                    "inconsistent",
                )
            )
    return problems


def _review_id_problems(reviews: Table, retired: Table) -> list[Problem]:
    """Review-finding ids run from RF-01 without a gap that is not explained as retired, and
    a retired id is never in use (ids are not reused, so old links keep their meaning)."""
    used, gone = set(reviews.frame["review_id"]), set(retired.frame["review_id"])
    problems = [
        Problem(retired.file, f"line {retired.line_of(i)}", "review_id", rid, "an id not in use", "retired_id_in_use")
        for i, rid in enumerate(retired.frame["review_id"])
        if rid in used
    ]
    highest = max((int(r[3:]) for r in used | gone), default=0)
    problems += [
        Problem(
            reviews.file,
            "file",
            "review_id",
            rid,
            f"a review finding with this id, or a row in {retired.file} saying why it is not used",
            "unexplained_id_gap",
        )
        for rid in (f"RF-{n:02d}" for n in range(1, highest + 1))
        if rid not in used | gone
    ]
    return problems


def _glossary_source_problems(glossary: Table, bib: dict[str, BibEntry], root: Path) -> list[Problem]:
    bib_file = paths.relative(paths.bib_path(root), root)
    return [
        Problem(glossary.file, f"line {glossary.line_of(i)}", "source", key, f"a key of {bib_file}", "unknown_key")
        for i, keys in enumerate(glossary.frame["source"])
        for key in (keys.split(";") if isinstance(keys, str) else [])
        if key not in bib
    ]


def cross_table_rules(tables: dict[str, Table], bib: dict[str, BibEntry], root: Path) -> list[Problem]:
    """Rules across tables and the bibliography, each run when the tables it reads were read."""
    sources, findings = tables.get("sources"), tables.get("findings")
    reviews, screening, results = tables.get("review_findings"), tables.get("screening"), tables.get("results")
    problems = []
    if sources is not None and bib:
        problems += _bibliography_problems(sources, bib, root)
    if tables.get("glossary") is not None and bib:
        problems += _glossary_source_problems(tables["glossary"], bib, root)
    if sources is not None and findings is not None:
        problems += _excluded_source_problems(sources, findings)
    if reviews is not None and findings is not None:
        problems += _unsupported_review_problems(reviews, findings)
    if reviews is not None and tables.get("retired_review_findings") is not None:
        problems += _review_id_problems(reviews, tables["retired_review_findings"])
    if screening is not None and sources is not None:
        problems += _screening_problems(screening, sources)
    if results is not None and findings is not None:
        problems += _result_problems(results, findings)
    return problems


def chapter_texts(root: Path):
    """The authored Markdown of every chapter (notebook outputs are computed from the data)."""
    chapters = paths.chapters_dir(root)
    for path in sorted(chapters.glob("*.md")) + sorted(chapters.glob("*.ipynb")):
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".ipynb":
            cells = json.loads(text)["cells"]
            text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
        yield path, text


def chapter_citations(root: Path) -> set[str]:
    return {key for _, text in chapter_texts(root) for key in cited_keys(text)}


REVIEW_FINDING_ROLE = re.compile(r"\{rf\}`([^`]+)`")  # the {rf} role of book/site/roles.py
RESULT_ROLE = re.compile(r"\{(?:result|value)\}`([^`]+)`")  # the {result} and {value} roles


# Roles that name a row of the data: (pattern, table, id column, what the problem names, its kind).
DATA_ROLES = [
    (REVIEW_FINDING_ROLE, "review_findings", "review_id", "{rf} role", "unknown_review_finding"),
    (RESULT_ROLE, "results", "result_id", "{result} role", "unknown_result"),
]


def citation_problems(bib: dict[str, BibEntry], tables: dict[str, Table], root: Path) -> list[Problem]:
    """Citations of works missing from the bibliography, and roles ({rf}, {result}, {value})
    naming rows missing from the data, in the chapters' authored text."""
    known = {name: set(tables[name].frame[column]) for _, name, column, _, _ in DATA_ROLES if name in tables}
    problems = []
    for path, text in chapter_texts(root):
        where = paths.relative(path, root)
        for key in cited_keys(text):
            if key not in bib:
                problems.append(
                    Problem(where, "citation", "cite", key, "a key defined in references.bib", "unknown_citation")
                )
        for pattern, name, column, role, kind in DATA_ROLES:
            for value in pattern.findall(text):
                if name in known and value.strip() not in known[name]:
                    expected = f"a row of data/{tables[name].resource.path} with this {column}"
                    problems.append(Problem(where, role, column, value, expected, kind))
    return problems
