"""Rules that no single table's schema can state: keys across tables, rules joining
several fields of a row, and the bibliography against the data and the chapters."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import paths
from .bib import BibEntry, cited_keys
from .errors import Problem
from .tables import Table


def blank(value) -> bool:
    """True for an empty optional cell (None or NaN once in a DataFrame)."""
    return value is None or (not isinstance(value, str) and pd.isna(value)) or value == ""


@dataclass(frozen=True)
class RowRule:
    """A rule joining several fields of one row: when ``broken(row)``, the row's ``field``
    is reported with the value ``found(row)`` and what was ``expected(row)``."""

    table: str
    field: str
    broken: Callable
    found: Callable
    expected: Callable
    kind: str


def _reversed_period(row) -> bool:
    return not pd.isna(row.period_start) and not pd.isna(row.period_end) and row.period_start > row.period_end


ROW_RULES = [
    RowRule(
        "sources",
        "exclusion_reason",
        lambda r: r.status == "excluded" and blank(r.exclusion_reason),
        lambda r: None,
        lambda r: "a reason, because status is 'excluded'",
        "missing_value",
    ),
    RowRule(
        "sources",
        "exclusion_reason",
        lambda r: r.status == "included" and not blank(r.exclusion_reason),
        lambda r: r.exclusion_reason,
        lambda r: "no reason, because status is 'included'",
        "inconsistent",
    ),
    RowRule(
        "sources",
        "period_end",
        _reversed_period,
        lambda r: str(r.period_end),
        lambda r: f"a year not before period_start ({r.period_start})",
        "out_of_range",
    ),
    RowRule(
        "screening",
        "reason",
        lambda r: r.decision != "included" and blank(r.reason),
        lambda r: None,
        lambda r: f"a reason, because decision is '{r.decision}'",
        "missing_value",
    ),
    RowRule(
        "screening",
        "key",
        lambda r: r.decision in ("included", "excluded_full_text") and blank(r.key),
        lambda r: None,
        lambda r: f"the bibtex key of the source read in full (decision '{r.decision}')",
        "missing_value",
    ),
    RowRule(
        "screening",
        "search_id",
        lambda r: r.route == "search" and blank(r.search_id),
        lambda r: None,
        lambda r: "the search that found it, because route is 'search'",
        "missing_value",
    ),
]


def _model_period_problems(tables: dict[str, Table]) -> list[Problem]:
    """A model's end event may not come before its start event."""
    models, events = tables.get("models"), tables.get("events")
    if models is None or events is None:
        return []
    dates = dict(zip(events.frame["event_id"], events.frame["date"], strict=True))
    problems = []
    for i, row in enumerate(models.frame.itertuples(index=False)):
        start, end = dates.get(row.start_event), dates.get(row.end_event)
        if start and end and end[:4] < start[:4]:
            expected = f"an event dated no earlier than start_event {row.start_event} ({start}), not {end}"
            problems.append(
                Problem(models.file, f"line {models.line_of(i)}", "end_event", row.end_event, expected, "out_of_range")
            )
    return problems


def row_rules(tables: dict[str, Table]) -> list[Problem]:
    """Rules that join several fields of one row."""
    problems = _model_period_problems(tables)
    for rule in ROW_RULES:
        table = tables.get(rule.table)
        for i, row in enumerate(table.frame.itertuples(index=False) if table is not None else []):
            if rule.broken(row):
                problems.append(
                    Problem(
                        table.file,
                        f"line {table.line_of(i)}",
                        rule.field,
                        rule.found(row),
                        rule.expected(row),
                        rule.kind,
                    )
                )
    return problems


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


def cross_table_rules(tables: dict[str, Table], bib: dict[str, BibEntry], root: Path) -> list[Problem]:
    """Rules across tables and the bibliography, each run when the tables it reads were read."""
    sources, findings = tables.get("sources"), tables.get("findings")
    reviews, screening = tables.get("review_findings"), tables.get("screening")
    problems = []
    if sources is not None and bib:
        problems += _bibliography_problems(sources, bib, root)
    if sources is not None and findings is not None:
        problems += _excluded_source_problems(sources, findings)
    if reviews is not None and findings is not None:
        problems += _unsupported_review_problems(reviews, findings)
    if screening is not None and sources is not None:
        problems += _screening_problems(screening, sources)
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


def citation_problems(bib: dict[str, BibEntry], tables: dict[str, Table], root: Path) -> list[Problem]:
    """Citations of works missing from the bibliography, and {rf} roles naming review
    findings missing from the data, in the chapters' authored text."""
    reviews = tables.get("review_findings")
    known = set(reviews.frame["review_id"]) if reviews is not None else None
    problems = []
    for path, text in chapter_texts(root):
        where = paths.relative(path, root)
        for key in cited_keys(text):
            if key not in bib:
                problems.append(
                    Problem(where, "citation", "cite", key, "a key defined in references.bib", "unknown_citation")
                )
        for review_id in REVIEW_FINDING_ROLE.findall(text):
            if known is not None and review_id.strip() not in known:
                problems.append(
                    Problem(
                        where,
                        "{rf} role",
                        "review_id",
                        review_id,
                        "a review finding listed in data/review_findings.csv",
                        "unknown_review_finding",
                    )
                )
    return problems
