"""What the synthesis shows: summary-of-findings tables per function and who
performs each function under each model (the evidence-and-gap map is in gap_map.py).
Counts are derived from the findings, never typed."""

from __future__ import annotations

import altair as alt
import pandas as pd
from IPython.display import Markdown

from ..data.evidence import Evidence
from ..render import figures
from ..render.links import rf_ref
from ..render.sources import source_columns
from ..render.text import list_table, text
from ..vocab.labels import ERA_LABELS, confidence_label
from .evidence_pages import page_ref


def soqf_table(ev: Evidence, functions: list[str]) -> Markdown:
    """Summary of qualitative findings (GRADE-CERQual style) for some functions."""
    summary = ev.review_summary
    summary = summary[summary["function"].isin(functions)].sort_values("review_id")
    rows = [
        [
            f"{rf_ref(r.review_id)} {text(r.statement)}",
            confidence_label(r.confidence),
            text(r.confidence_explanation),
            str(r.n_findings),
            str(r.n_sources),
        ]
        for r in summary.itertuples(index=False)
    ]
    pages = " and ".join(page_ref(ev, "function", f) for f in functions)
    return Markdown(
        list_table(
            ["Review finding", "Confidence", "Why", "Findings", "Sources"], rows, [52, 10, 26, 6, 6], "soqf-table"
        )
        + f"\nAll the evidence, with its figures and findings over time: {pages}.\n"
    )


def who_does_what(ev: Evidence) -> pd.DataFrame:
    models = ev.models.set_index("model")
    functions = ev.functions.set_index("function")["label"]
    a = ev.allocation
    return pd.DataFrame(
        {
            "Model": a["model"].map(models["label"]),
            "Era": a["model"].map(models["era"]).map(ERA_LABELS),
            "Function": a["function"].map(functions),
            "Body": a["body"],
            **source_columns(ev, a["source"]),
        }
    )


def who_does_what_chart(frame: pd.DataFrame, models: list[str], functions: list[str]) -> alt.Chart:
    return (
        alt.Chart(frame)
        .mark_square(size=170)
        .encode(
            x=alt.X(
                "Function:N", sort=functions, title=None, axis=alt.Axis(labelAngle=-40, labelLimit=180, orient="top")
            ),
            y=alt.Y("Model:N", sort=models, title=None, axis=alt.Axis(labelLimit=260)),
            color=alt.Color(
                "Era:N",
                title="Era",
                sort=list(ERA_LABELS.values()),
                scale=alt.Scale(range=figures.PALETTE),
                legend=alt.Legend(orient="top", direction="horizontal", columns=2, labelLimit=200),
            ),
            tooltip=["Model:N", "Function:N", "Body:N", "Source:N"],
        )
        .properties(width=alt.Step(30), height=alt.Step(18))
    )


def who_does_what_table(ev: Evidence, models: list[str]) -> Markdown:
    labels = ev.models.set_index("model")["label"]
    functions = ev.functions.sort_values("order")
    rows = []
    for model in models:
        here = ev.allocation[ev.allocation["model"] == model]
        for function, label in zip(functions["function"], functions["label"], strict=False):
            for a in here[here["function"] == function].itertuples(index=False):
                rows.append([text(labels[model]), text(label), f"{text(a.body)} {{cite:p}}`{a.source}`"])
    return Markdown(list_table(["Model", "Function", "Who performs it"], rows, [22, 18, 60], "who-table"))


def ordered_models(ev: Evidence) -> list[str]:
    """Models with allocations, England first in date order, then the other systems."""
    years = ev.model_years.set_index("model")
    used = [m for m in ev.models["model"] if m in set(ev.allocation["model"])]
    era_order = {"english_1991_2013": 0, "english_since_2013": 1, "cross_era": 2, "international": 3}
    return sorted(
        used,
        key=lambda m: (
            era_order[years.loc[m, "era"]],
            years.loc[m, "system"],
            years.loc[m, "start_year"] if pd.notna(years.loc[m, "start_year"]) else 9999,
            m,
        ),
    )
