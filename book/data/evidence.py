"""The one door into the data: every notebook and check loads the evidence
through ``load()``, which validates every table against the schema,
cross-checks keys across tables and against references.bib, and derives the
counts that are never typed by hand."""

from __future__ import annotations

import os
import pickle
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

import pandas as pd

from . import paths, project
from .bib import BibEntry, read_bib, year_suffixes
from .errors import DataError, Problem
from .row_rules import row_rules
from .rules import citation_problems, cross_table_rules
from .schema import Package
from .tables import Table, read_table
from .validation import frictionless_problems, start_validation


@dataclass
class Evidence:
    root: Path
    package: Package
    tables: dict[str, Table]
    bib: dict[str, BibEntry]
    prisma: dict[str, int] = field(default_factory=dict)

    def __getattr__(self, name: str) -> pd.DataFrame:
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name].frame
        raise AttributeError(name)

    @property
    def included_sources(self) -> pd.DataFrame:
        return self.sources[self.sources["status"] == "included"]

    @cached_property
    def label_years(self) -> dict[str, str]:
        """Each entry's year as the text cites it (2018a, 2018b), computed once: every page that
        names sources needs it, and it reads the whole bibliography."""
        return year_suffixes(self.bib)

    @property
    def review_summary(self) -> pd.DataFrame:
        """Review findings with their derived support: the number of findings and sources, and
        how many of those findings were checked against their source's own words."""
        supporting = self.findings.dropna(subset=["review_finding"]).assign(
            checked=lambda f: f["verification"] == "excerpt_matched"
        )
        support = supporting.groupby("review_finding").agg(
            n_findings=("finding_id", "size"), n_sources=("source", "nunique"), n_checked=("checked", "sum")
        )
        out = self.review_findings.merge(support, left_on="review_id", right_index=True, how="left")
        counts = ["n_findings", "n_sources", "n_checked"]
        out[counts] = out[counts].fillna(0).astype(int)
        return out

    @property
    def result_sources(self) -> pd.Series:
        """The bibtex key behind each result: that of the finding or event stating it."""
        by_finding = self.results["finding_id"].map(self.findings.set_index("finding_id")["source"])
        by_event = self.results["event_id"].map(self.events.set_index("event_id")["source"])
        return pd.Series(by_finding.fillna(by_event).to_numpy(), index=self.results["result_id"])

    @property
    def model_years(self) -> pd.DataFrame:
        """Models with start and end years derived from the dated, sourced events that bound them."""
        dates = self.events.set_index("event_id")["date"].str[:4]
        out = self.models.copy()
        out["start_year"] = out["start_event"].map(dates).astype("Int64")
        out["end_year"] = out["end_event"].map(dates).astype("Int64")
        return out

    def label(self, vocabulary: str, code: str) -> str:
        table = {"function": "functions", "model": "models", "system": "systems", "site": "sites"}[vocabulary]
        frame = self.tables[table].frame
        return frame.set_index(vocabulary).loc[code, "label"]


def prisma_counts(screening: pd.DataFrame) -> dict[str, int]:
    """The PRISMA 2020 flow, computed from the screening records."""
    d = screening["decision"].value_counts()
    identified = len(screening)
    duplicates = int(d.get("duplicate", 0))
    screened = identified - duplicates
    excluded_screening = int(d.get("excluded_screening", 0))
    assessed = screened - excluded_screening
    excluded_full_text = int(d.get("excluded_full_text", 0))
    included = assessed - excluded_full_text
    return {
        "identified": identified,
        "duplicates": duplicates,
        "screened": screened,
        "excluded_screening": excluded_screening,
        "assessed": assessed,
        "excluded_full_text": excluded_full_text,
        "included": included,
        "from_searches": int((screening["route"] == "search").sum()),
        "from_other_methods": int((screening["route"] != "search").sum()),
    }


def check(root: Path = paths.ROOT) -> Evidence:
    """Validate everything; raise DataError listing every problem found."""
    root = Path(root)
    package = Package(root)
    validation = start_validation(package)
    problems: list[Problem] = []
    tables: dict[str, Table] = {}
    for name in package.resources:
        table, found = read_table(package.resources[name], package.file_of(name), root)
        problems += found
        if table is not None:
            tables[name] = table
    bib, found = read_bib(root)
    problems += found
    problems += row_rules(tables)
    problems += cross_table_rules(tables, bib, root)
    problems += citation_problems(bib, tables, root)
    # Collected last: Frictionless has been validating in its own process all along.
    problems += frictionless_problems(package, tables, set(package.resources) - set(tables), root, validation)
    evidence = Evidence(root, package, tables, bib)
    if "screening" in tables and not problems:
        evidence.prisma = prisma_counts(tables["screening"].frame)
        included = int((tables["sources"].frame["status"] == "included").sum())
        if evidence.prisma["included"] != included:
            problems.append(
                Problem(
                    tables["screening"].file,
                    "file",
                    "decision",
                    str(evidence.prisma["included"]),
                    f"{included} included records, the number of included sources",
                    "prisma_mismatch",
                )
            )
    if problems:
        raise DataError(problems)
    return evidence


CACHE_FOLDER = Path("_build") / "evidence-cache"


def checked(root: Path = paths.ROOT) -> Evidence:
    """check(), remembered on disk for identical inputs: every notebook of a build
    loads the evidence in its own kernel, and checking a large evidence base
    each time would dominate the build."""
    root = Path(root).resolve()
    folder = root / CACHE_FOLDER
    path = folder / f"{project.files_digest(root, project.CHECK_INPUTS)}.pickle"
    if path.exists():
        try:
            return pickle.loads(path.read_bytes())
        except Exception:  # a damaged cache is rebuilt, never trusted
            path.unlink(missing_ok=True)
    evidence = check(root)  # raises on any problem: only valid evidence is remembered
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.pickle"):
        old.unlink(missing_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.tmp")
    partial.write_bytes(pickle.dumps(evidence, protocol=pickle.HIGHEST_PROTOCOL))
    partial.replace(path)
    return evidence


@lru_cache(maxsize=4)
def _load_cached(root: str) -> Evidence:
    return checked(Path(root))


def load(root: Path | None = None) -> Evidence:
    """The validated evidence (cached per process). By default, the data of
    the repository the notebook runs in."""
    return _load_cached(str(Path(root or paths.find_root()).resolve()))
