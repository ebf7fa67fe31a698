"""The one door into the data: every notebook and check loads the evidence
through ``load()``, which validates every table against the schema,
cross-checks keys across tables and against references.bib, and derives the
counts that are never typed by hand."""

from __future__ import annotations

import json
import os
import pickle
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from . import paths
from .bib import BibEntry, cited_keys, read_bib
from .errors import DataError, Problem
from .schema import Package
from .tables import Table, read_table


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

    @property
    def review_summary(self) -> pd.DataFrame:
        """Review findings with their derived support: number of findings and sources."""
        support = self.findings.dropna(subset=["review_finding"]).groupby("review_finding").agg(
            n_findings=("finding_id", "size"), n_sources=("source", "nunique"))
        out = self.review_findings.merge(support, left_on="review_id", right_index=True, how="left")
        out[["n_findings", "n_sources"]] = out[["n_findings", "n_sources"]].fillna(0).astype(int)
        return out

    @property
    def model_years(self) -> pd.DataFrame:
        """Models with start and end years derived from the dated, sourced events that bound them."""
        dates = self.events.set_index("event_id")["date"].str[:4]
        out = self.models.copy()
        out["start_year"] = out["start_event"].map(dates).astype("Int64")
        out["end_year"] = out["end_event"].map(dates).astype("Int64")
        return out

    def label(self, vocabulary: str, code: str) -> str:
        table = {"function": "functions", "model": "models", "system": "jurisdictions", "site": "site_list"}[vocabulary]
        frame = self.tables[table].frame
        return frame.set_index(vocabulary).loc[code, "label"]


def _foreign_key_problems(tables: dict[str, Table]) -> list[Problem]:
    problems = []
    for table in tables.values():
        for fk in table.resource.foreign_keys:
            target = tables.get(fk.resource)
            if target is None:
                continue
            allowed = set(target.frame[fk.ref_field].dropna())
            for i, value in enumerate(table.frame[fk.field]):
                if value is not None and not pd.isna(value) and value not in allowed:
                    problems.append(Problem(table.file, f"line {table.line_of(i)}", fk.field, str(value),
                                            f"a value present in {target.file} (column '{fk.ref_field}')", "unknown_key"))
    return problems


def blank(value) -> bool:
    """True for an empty optional cell (None or NaN once in a DataFrame)."""
    return value is None or (not isinstance(value, str) and pd.isna(value)) or value == ""


def _row_rules(tables: dict[str, Table]) -> list[Problem]:
    """Rules that join several fields of one row."""
    problems = []

    def each(name):
        t = tables.get(name)
        if t is not None:
            for i, row in enumerate(t.frame.itertuples(index=False)):
                yield t, t.line_of(i), row

    for t, line, row in each("sources"):
        if row.status == "excluded" and blank(row.exclusion_reason):
            problems.append(Problem(t.file, f"line {line}", "exclusion_reason", None, "a reason, because status is 'excluded'", "missing_value"))
        if row.status == "included" and not blank(row.exclusion_reason):
            problems.append(Problem(t.file, f"line {line}", "exclusion_reason", row.exclusion_reason, "no reason, because status is 'included'", "inconsistent"))
        if not pd.isna(row.period_start) and not pd.isna(row.period_end) and row.period_start > row.period_end:
            problems.append(Problem(t.file, f"line {line}", "period_end", str(row.period_end), f"a year not before period_start ({row.period_start})", "out_of_range"))
    events = tables.get("events")
    event_dates = dict(zip(events.frame["event_id"], events.frame["date"])) if events is not None else {}
    for t, line, row in each("models"):
        start, end = event_dates.get(row.start_event), event_dates.get(row.end_event)
        if start and end and end[:4] < start[:4]:
            problems.append(Problem(t.file, f"line {line}", "end_event", row.end_event,
                                    f"an event dated no earlier than start_event {row.start_event} ({start}), not {end}", "out_of_range"))
    for t, line, row in each("screening"):
        if row.decision != "included" and blank(row.reason):
            problems.append(Problem(t.file, f"line {line}", "reason", None, f"a reason, because decision is '{row.decision}'", "missing_value"))
        if row.decision in ("included", "excluded_full_text") and blank(row.key):
            problems.append(Problem(t.file, f"line {line}", "key", None, f"the bibtex key of the source read in full (decision '{row.decision}')", "missing_value"))
        if row.route == "search" and blank(row.search_id):
            problems.append(Problem(t.file, f"line {line}", "search_id", None, "the search that found it, because route is 'search'", "missing_value"))
    return problems


def _cross_table_rules(tables: dict[str, Table], bib: dict[str, BibEntry], root: Path) -> list[Problem]:
    problems = []
    sources = tables.get("sources")
    bib_file = paths.relative(paths.bib_path(root), root)
    if sources is not None and bib:
        listed = set(sources.frame["key"])
        cited = _chapter_citations(root)
        # Evidence sources are listed in sources.csv; a methods reference need only be cited.
        for key, entry in bib.items():
            if key not in listed and key not in cited:
                problems.append(Problem(bib_file, f"entry '{key}' (line {entry.line})", "key", key,
                                        f"a row for it in {sources.file}, or a citation of it in the book", "unlisted_bib_entry"))
        for i, key in enumerate(sources.frame["key"]):
            if key not in bib:
                problems.append(Problem(sources.file, f"line {sources.line_of(i)}", "key", key, f"an entry with this key in {bib_file}", "unknown_key"))
    findings = tables.get("findings")
    if sources is not None and findings is not None:
        excluded = set(sources.frame.loc[sources.frame["status"] == "excluded", "key"])
        for i, key in enumerate(findings.frame["source"]):
            if key in excluded:
                problems.append(Problem(findings.file, f"line {findings.line_of(i)}", "source", key, "an included source (this one is excluded in sources.csv)", "excluded_source"))
    reviews = tables.get("review_findings")
    if reviews is not None and findings is not None:
        supported = set(findings.frame["review_finding"].dropna())
        for i, rid in enumerate(reviews.frame["review_id"]):
            if rid not in supported:
                problems.append(Problem(reviews.file, f"line {reviews.line_of(i)}", "review_id", rid,
                                        f"at least one supporting finding in {findings.file} (column 'review_finding')", "unsupported_review_finding"))
    screening = tables.get("screening")
    if screening is not None and sources is not None:
        for decision, status in (("included", "included"), ("excluded_full_text", "excluded")):
            recorded = set(screening.frame.loc[screening.frame["decision"] == decision, "key"].dropna())
            listed = set(sources.frame.loc[sources.frame["status"] == status, "key"])
            for key in sorted(listed - recorded):
                problems.append(Problem(screening.file, "file", "key", key, f"a screening record with decision '{decision}' for this {status} source", "prisma_mismatch"))
            for key in sorted(recorded - listed):
                problems.append(Problem(sources.file, "file", "status", key, f"'{status}', as its screening record says '{decision}'", "prisma_mismatch"))
    return problems


def _chapter_texts(root: Path):
    """The authored Markdown of every chapter (notebook outputs are computed from the data)."""
    chapters = paths.chapters_dir(root)
    for path in sorted(chapters.glob("*.md")) + sorted(chapters.glob("*.ipynb")):
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".ipynb":
            cells = json.loads(text)["cells"]
            text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
        yield path, text


def _chapter_citations(root: Path) -> set[str]:
    return {key for _, text in _chapter_texts(root) for key in cited_keys(text)}


def _citation_problems(bib: dict[str, BibEntry], root: Path) -> list[Problem]:
    problems = []
    for path, text in _chapter_texts(root):
        for key in cited_keys(text):
            if key not in bib:
                problems.append(Problem(paths.relative(path, root), "citation", "cite", key, "a key defined in references.bib", "unknown_citation"))
    return problems


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
    return {"identified": identified, "duplicates": duplicates, "screened": screened,
            "excluded_screening": excluded_screening, "assessed": assessed,
            "excluded_full_text": excluded_full_text, "included": included,
            "from_searches": int((screening["route"] == "search").sum()),
            "from_other_methods": int((screening["route"] != "search").sum())}


def check(root: Path = paths.ROOT) -> Evidence:
    """Validate everything; raise DataError listing every problem found."""
    root = Path(root)
    package = Package(root)
    problems: list[Problem] = []
    tables: dict[str, Table] = {}
    for name in package.resources:
        table, found = read_table(package.resources[name], package.file_of(name), root)
        problems += found
        if table is not None:
            tables[name] = table
    bib, found = read_bib(root)
    problems += found
    problems += _foreign_key_problems(tables)
    problems += _row_rules(tables)
    problems += _cross_table_rules(tables, bib, root)
    problems += _citation_problems(bib, root)
    evidence = Evidence(root, package, tables, bib)
    if "screening" in tables and not problems:
        evidence.prisma = prisma_counts(tables["screening"].frame)
        included = int((tables["sources"].frame["status"] == "included").sum())
        if evidence.prisma["included"] != included:
            problems.append(Problem(tables["screening"].file, "file", "decision", str(evidence.prisma["included"]),
                                    f"{included} included records, the number of included sources", "prisma_mismatch"))
    if problems:
        raise DataError(problems)
    return evidence


CACHE_FOLDER = Path("_build") / "evidence-cache"
# Everything check() reads: the data, the bibliography, the chapters (for citations) and this package.
CHECKED_INPUTS = ("data/**/*", "references.bib", "chapters/*.ipynb", "chapters/*.md", "book/*.py")


def checked(root: Path = paths.ROOT) -> Evidence:
    """check(), remembered on disk for identical inputs: every notebook of a build
    loads the evidence in its own kernel, and checking a large evidence base
    each time would dominate the build."""
    root = Path(root).resolve()
    folder = root / CACHE_FOLDER
    path = folder / f"{paths.files_digest(root, CHECKED_INPUTS)}.pickle"
    if path.exists():
        try:
            return pickle.loads(path.read_bytes())
        except Exception:  # noqa: BLE001 - a damaged cache is rebuilt, never trusted
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
