"""What the methods appendix shows, computed from the search and screening
records: a PRISMA 2020-style flow (its arithmetic is checked by
evidence.check), the searches by corpus and the appraisal of sources."""

from __future__ import annotations

import pandas as pd
from IPython.display import HTML

from ..data.evidence import Evidence
from ..data.row_rules import COPIED_RUN
from ..render.figures import csv_data_uri, escape, html_table
from ..vocab.labels import ROUTE_LABELS

VERIFICATION_STATES = {
    "excerpt_matched": "Passage found: its words are kept as the finding's excerpt, with the copy read",
    "locator_only": "A copy of the source was found again, but not the passage (the copy stops early or is partial)",
    "not_recoverable": "No copy of the source could be found again",
}


def verification_glue(ev: Evidence) -> dict[str, object]:
    """How the findings were checked against their sources, for the prose."""
    f = ev.findings
    counts = f["verification"].value_counts()
    dates = f["verified_on"].dropna()
    return {
        **{f"n_{state}": int(counts.get(state, 0)) for state in VERIFICATION_STATES},
        "verified_first": str(dates.min()),
        "verified_last": str(dates.max()),
        "copied_run_words": COPIED_RUN,
    }


def verification_table(ev: Evidence) -> pd.DataFrame:
    """Findings and sources by the state of their last check against the source."""
    f = ev.findings
    rows = [
        {
            "State": state.replace("_", " "),
            "What it means": meaning,
            "Findings": int((f["verification"] == state).sum()),
            "Sources": int(f.loc[f["verification"] == state, "source"].nunique()),
        }
        for state, meaning in VERIFICATION_STATES.items()
    ]
    return pd.DataFrame(rows)


def prisma_glue(ev: Evidence) -> dict[str, object]:
    searches = ev.searches
    return {
        **{f"prisma_{k}": int(v) for k, v in ev.prisma.items()},
        "n_searches": len(searches),
        "search_first_date": str(searches["date"].min()),
        "search_last_date": str(searches["date"].max()),
        "n_secondary_copies": int((ev.included_sources["seen_copy"] != "original").sum()),
    }


def exclusion_reasons(ev: Evidence, decision: str, top: int = 6) -> pd.DataFrame:
    reasons = ev.screening.loc[ev.screening["decision"] == decision, "reason"].fillna("no reason recorded")
    counts = reasons.str.strip().str.lower().value_counts()
    return counts.head(top).rename_axis("Reason").reset_index(name="Records")


def _prisma_rows(ev: Evidence) -> str:
    """The diagram's rows: each stage's main box and, to its right, what left the flow there."""
    p = ev.prisma
    full_text = exclusion_reasons(ev, "excluded_full_text")
    full_text_list = "".join(f"<li>{escape(r.Reason)}: {r.Records}</li>" for r in full_text.itertuples(index=False))
    routes = ev.screening.loc[ev.screening["route"] != "search", "route"].value_counts()
    other_routes = ", ".join(ROUTE_LABELS.get(r, r) for r in routes.index) or "none"
    box = '<div class="prisma-box{extra}"><strong>{title}</strong><br>{body}</div>'
    rows = [
        (
            "Identification",
            box.format(
                extra="",
                title="Records identified",
                body=f"from searches: {p['from_searches']}<br>from other methods ({other_routes}): "
                f"{p['from_other_methods']}",
            ),
            box.format(
                extra=" prisma-out", title="Removed before screening", body=f"duplicate records: {p['duplicates']}"
            ),
        ),
        (
            "Screening",
            box.format(extra="", title="Records screened", body=str(p["screened"])),
            box.format(extra=" prisma-out", title="Excluded at screening", body=str(p["excluded_screening"])),
        ),
        (
            "Eligibility",
            box.format(extra="", title="Documents assessed in full", body=str(p["assessed"])),
            box.format(
                extra=" prisma-out",
                title="Excluded after full reading",
                body=f"{p['excluded_full_text']}<ul>{full_text_list}</ul>",
            ),
        ),
        (
            "Included",
            box.format(
                extra=" prisma-in",
                title="Sources included",
                body=f"{p['included']}, yielding {len(ev.findings)} findings and "
                f"{len(ev.review_findings)} review findings",
            ),
            "",
        ),
    ]
    return "".join(
        f'<div class="prisma-row"><div class="prisma-stage">{stage}</div>{main}'
        f"{'<div class=prisma-arrow>→</div>' + side if side else ''}</div>"
        for stage, main, side in rows
    )


def prisma_flow(ev: Evidence) -> HTML:
    """The flow of records as an accessible HTML diagram (boxes in reading order)."""
    p, body = ev.prisma, _prisma_rows(ev)
    table = pd.DataFrame([{"Step": k.replace("_", " "), "Records": v} for k, v in p.items()])
    return HTML(
        '<figure class="book-figure" id="fig-prisma-flow">'
        '<figcaption><span class="book-figure-label">Figure.</span> Flow of records through the review '
        "(PRISMA 2020 style), computed from the screening records</figcaption>"
        f'<div class="prisma">{body}</div>'
        '<p class="book-chart-description"><strong>Description:</strong> Records identified by searching and by '
        "other methods pass down the left-hand column (screened, assessed in full, included); records removed at "
        "each stage branch to the right with their numbers and, for full-text exclusions, the reasons.</p>"
        f'<details class="book-chart-data"><summary>The data behind this diagram</summary>{html_table(table)}</details>'
        f'<p class="book-downloads"><a download="prisma-flow.csv" href="{csv_data_uri(table)}">Download the data (CSV)'
        "</a></p></figure>"
    )


def searches_by_corpus(ev: Evidence) -> pd.DataFrame:
    s = ev.searches
    out = (
        s.groupby("corpus")
        .agg(Searches=("search_id", "size"), Results=("n_results", "sum"), First=("date", "min"), Last=("date", "max"))
        .reset_index()
    )
    return out.rename(
        columns={"corpus": "Corpus", "Results": "Results returned", "First": "First search", "Last": "Last search"}
    )


def appraisal_by_design(ev: Evidence) -> pd.DataFrame:
    s = ev.included_sources
    table = pd.crosstab(s["design"].str.replace("_", " "), s["method_concerns"].str.replace("_", " "))
    order = [c for c in ["none or very minor", "minor", "moderate", "serious"] if c in table.columns]
    table = table[order]
    table["All"] = table.sum(axis=1)
    return table.sort_values("All", ascending=False).rename_axis("Design").reset_index()


def sources_by_copy(ev: Evidence) -> pd.DataFrame:
    labels = {
        "original": "the publisher's own copy",
        "secondary": "a third-party copy or summary",
        "seed_text": "the seed document supplied to the project",
    }
    counts = ev.included_sources["seen_copy"].value_counts()
    return pd.DataFrame({"Read in": [labels[k] for k in counts.index], "Sources": counts.values})


def cerqual_patterns(ev: Evidence) -> pd.DataFrame:
    """Overall confidence against the number of CERQual components with at least
    a moderate concern: where the same pattern led to different ratings."""
    components = ["methodological_limitations", "coherence", "adequacy", "relevance"]
    rf = ev.review_findings
    concerns = rf[components].isin(["moderate", "serious"]).sum(axis=1)
    table = pd.crosstab(rf["confidence"].str.replace("_", " "), concerns)
    table = table.reindex(["high", "moderate", "low", "very low"]).fillna(0).astype(int)
    table.columns = [f"{c} of 4 components" for c in table.columns]
    return table.rename_axis("Overall confidence").reset_index()


# The thresholds below which a model or a health system counts as thinly evidenced.
THIN_FINDINGS, THIN_SOURCES = 10, 4
# What the targeted search round of December 2026 (search ids DA- to DH-) set out to fill.
TARGETED_ROUND = {"provider_collaboratives", "northern_ireland_post2022", "health_nz_2022", "australia_phns",
                  "germany_sickness_funds", "valencia_alzira", "usa_acos", "kaiser_permanente",
                  "netherlands_insurers", "nordic_regions", "australia", "germany", "spain", "usa",
                  "netherlands", "denmark", "sweden"}  # fmt: skip


def thin_evidence(ev: Evidence) -> pd.DataFrame:
    """Models and health systems still resting on fewer than THIN_FINDINGS findings or
    THIN_SOURCES sources, and whether the targeted round looked for more."""
    rows = []
    for column in ("model", "system"):
        counts = ev.findings.groupby(column).agg(findings=("finding_id", "size"), sources=("source", "nunique"))
        for code, row in counts.iterrows():
            if code == "commissioning_general" or (row.findings >= THIN_FINDINGS and row.sources >= THIN_SOURCES):
                continue
            rows.append(
                {
                    "Model or health system": ev.label(column, code),
                    "Findings": int(row.findings),
                    "Sources": int(row.sources),
                    "Looked for in the targeted round": "yes" if code in TARGETED_ROUND else "not yet",
                }
            )
    columns = ["Model or health system", "Findings", "Sources", "Looked for in the targeted round"]
    return pd.DataFrame(rows, columns=columns)


def thin_glue(ev: Evidence) -> dict[str, object]:
    table = thin_evidence(ev)
    searched = table["Looked for in the targeted round"] == "yes"
    return {
        "thin_findings": THIN_FINDINGS,
        "thin_sources": THIN_SOURCES,
        "thin_count": len(table),
        "thin_searched": int(searched.sum()),
        "thin_unsearched": int((~searched).sum()),
        "targeted_searches": int(ev.searches["search_id"].str.match(r"D[A-H]-").sum()),
    }
