"""What the international chapter shows: a matrix of system attributes
(system_attributes.csv), who performs each function in each system (allocation.csv)
and what the evidence says per system (findings.csv, review_findings.csv).
Every stated value carries its citation."""

from __future__ import annotations

import altair as alt
import pandas as pd
from IPython.display import Markdown

from ..data.evidence import Evidence
from ..render import figures
from ..render.links import rf_ref
from ..render.sources import source_columns
from ..render.text import cited, list_table, text
from ..vocab.labels import SYSTEM_ORDER, confidence_label
from .samples import direction_counts

ATTRIBUTES = [
    ("purchaser_provider_split", "Purchaser–provider split"),
    ("split_period", "When"),
    ("planning_bodies", "Who plans"),
    ("n_planning_bodies", "How many planning bodies"),
    ("population_per_planning_body", "People per planning body"),
    ("social_care_integration", "Integration with social care"),
    ("main_payment_model", "Main payment model"),
    ("accountability_route", "Accountability"),
]


def international_findings(ev: Evidence) -> pd.DataFrame:
    """The findings the comparator chapter rests on: every system but England's."""
    return ev.findings[ev.findings["system"] != "england"]


def systems_in_order(ev: Evidence) -> list[str]:
    present = set(ev.system_attributes["system"])
    return [s for s in SYSTEM_ORDER if s in present]


def comparator_matrix(ev: Evidence) -> Markdown:
    """One row per system, one column per attribute; every value cited."""
    labels = ev.systems.set_index("system")["label"]
    rows = []
    for system in systems_in_order(ev):
        values = ev.system_attributes[ev.system_attributes["system"] == system]
        rows.append([text(labels[system])] + [cited(values[values["attribute"] == a]) for a, _ in ATTRIBUTES])
    return Markdown(
        list_table(
            ["System"] + [label for _, label in ATTRIBUTES],
            rows,
            [10, 7, 12, 14, 11, 11, 8, 13, 14],
            "comparator-table",
        )
    )


def split_and_integration(ev: Evidence) -> pd.DataFrame:
    """The two categorical attributes every system reports, for the chart."""
    labels = ev.systems.set_index("system")["label"]
    wanted = {
        "purchaser_provider_split": "Purchaser–provider split",
        "social_care_integration": "Integration with social care",
    }
    rows = ev.system_attributes[ev.system_attributes["attribute"].isin(wanted)]
    rows = rows[rows["system"].isin(systems_in_order(ev))].drop_duplicates(["system", "attribute"])
    return pd.DataFrame(
        {
            "System": rows["system"].map(labels),
            "Attribute": rows["attribute"].map(wanted),
            "Value": rows["value"],
            **source_columns(ev, rows["source"]),
        }
    ).reset_index(drop=True)


def split_chart(frame: pd.DataFrame, order: list[str]) -> alt.Chart:
    values = ["no", "yes", "partial", "structural"]
    return alt.Chart(frame).mark_rect(stroke="white", strokeWidth=2).encode(
        x=alt.X("Attribute:N", title=None, axis=alt.Axis(labelAngle=0, labelLimit=220, orient="top")),
        y=alt.Y("System:N", sort=order, title=None),
        color=alt.Color(
            "Value:N",
            scale=alt.Scale(
                domain=values, range=[figures.PALETTE[2], figures.PALETTE[5], figures.PALETTE[4], figures.PALETTE[0]]
            ),
            title="Answer",
        ),
        tooltip=["System:N", "Attribute:N", "Value:N", "Source:N"],
    ).properties(width=420, height=alt.Step(32)) + alt.Chart(frame).mark_text(fontSize=12).encode(
        x="Attribute:N", y=alt.Y("System:N", sort=order), text="Value:N"
    )


def function_by_system(ev: Evidence) -> Markdown:
    """For each function, the body that performs it under each non-English model (allocation.csv)."""
    models = ev.models.set_index("model")
    labels = ev.systems.set_index("system")["label"]
    allocation = ev.allocation.merge(ev.models[["model", "system"]], on="model")
    allocation = allocation[allocation["system"] != "england"]
    systems = [s for s in SYSTEM_ORDER if s in set(allocation["system"])]
    rows = []
    for function, label in zip(
        ev.functions.sort_values("order")["function"], ev.functions.sort_values("order")["label"], strict=False
    ):
        cells = []
        for system in systems:
            here = allocation[(allocation["function"] == function) & (allocation["system"] == system)]
            cells.append(
                "; ".join(
                    f"*{text(models.loc[a.model, 'label'])}*: {text(a.body)} {{cite:p}}`{a.source}`"
                    for a in here.itertuples(index=False)
                )
            )
        rows.append([text(label)] + cells)
    return Markdown(
        list_table(
            ["Function"] + [text(labels[s]) for s in systems],
            rows,
            [10] + [90 // len(systems)] * len(systems),
            "function-system-table",
        )
    )


def system_evidence(ev: Evidence, systems: list[str]) -> Markdown:
    """Per system and function: findings by direction and the review findings they support."""
    labels = ev.systems.set_index("system")["label"]
    function_labels = ev.functions.set_index("function")["label"]
    reviews = ev.review_findings.set_index("review_id")
    rows = []
    for system in systems:
        findings = ev.findings[ev.findings["system"] == system]
        for function in ev.functions.sort_values("order")["function"]:
            here = findings[findings["function"] == function]
            if here.empty:
                continue
            directions = direction_counts(here)
            supported = sorted(here["review_finding"].dropna().unique())
            links = "; ".join(f"{rf_ref(r)} ({confidence_label(reviews.loc[r, 'confidence'])})" for r in supported)
            rows.append([text(labels[system]), text(function_labels[function]), directions, links])
    return Markdown(
        list_table(
            ["System", "Function", "Findings by direction", "Review findings (confidence)"],
            rows,
            [14, 20, 30, 36],
            "system-evidence-table",
        )
    )


def evidence_by_system(ev: Evidence, systems: list[str]) -> pd.DataFrame:
    labels = ev.systems.set_index("system")["label"]
    findings = ev.findings[ev.findings["system"].isin(systems)]
    counts = findings.groupby(["system", "direction"]).size().rename("Findings").reset_index()
    counts["System"] = counts["system"].map(labels)
    return counts.rename(columns={"direction": "Direction"})[["System", "Direction", "Findings"]]


def planning_body_counts(ev: Evidence) -> dict[str, str]:
    """Counts of planning bodies and people per body, named sys_<system>_<attribute>
    for glueing (the first value listed, as the source states it)."""
    wanted = ev.system_attributes[
        ev.system_attributes["attribute"].isin(["n_planning_bodies", "population_per_planning_body"])
    ]
    out: dict[str, str] = {}
    for row in wanted.itertuples(index=False):
        out.setdefault(f"sys_{row.system}_{row.attribute}", row.value)
    return out
