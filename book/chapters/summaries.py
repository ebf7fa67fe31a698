"""Computations the chapters share: each takes the validated Evidence and
returns a tidy DataFrame ready to show, chart or glue."""

from __future__ import annotations

import pandas as pd

from ..data.evidence import Evidence


def headline_counts(ev: Evidence) -> dict[str, int]:
    """Counts quoted in the prose across the book."""
    included = ev.included_sources
    published = [int(ev.bib[k].year) for k in included["key"] if ev.bib[k].year.isdigit()]
    return {
        "n_sources": len(included),
        "n_findings": len(ev.findings),
        "n_review_findings": len(ev.review_findings),
        "n_functions": len(ev.functions),
        # Reviews spanning several countries are not a health system of their own.
        "n_systems": ev.findings.loc[ev.findings["system"] != "multi_country", "system"].nunique(),
        "n_models": ev.findings["model"].nunique(),
        "n_events": len(ev.events),
        # Years of publication (undated web pages, 'n.d.', are left out).
        "first_year": min(published),
        "last_year": max(published),
    }


def coverage_by_function(ev: Evidence) -> pd.DataFrame:
    """Findings and distinct sources per commissioning function, in cycle order."""
    counts = ev.findings.groupby("function").agg(findings=("finding_id", "size"), sources=("source", "nunique"))
    out = ev.functions.set_index("function")[["label", "order"]].join(counts).fillna(0)
    out[["findings", "sources"]] = out[["findings", "sources"]].astype(int)
    return (
        out.sort_values("order")
        .reset_index()
        .rename(columns={"label": "Function"})[["function", "Function", "findings", "sources"]]
    )


def least_covered(coverage: pd.DataFrame) -> pd.Series:
    """The function with the fewest findings (the earliest in the cycle on ties)."""
    return coverage.sort_values("findings", kind="stable").iloc[0]
