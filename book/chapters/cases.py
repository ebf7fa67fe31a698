"""What the case-study chapter shows: site profiles and "from ... to ..."
shifts (site_attributes.csv), findings by commissioning function and site
(findings.csv), and coded enablers, challenges and risks managed."""

from __future__ import annotations

import altair as alt
import pandas as pd
from IPython.display import Markdown

from ..data.evidence import Evidence
from ..render import figures  # noqa: F401 - imported for its side effect: it registers the book's chart theme
from ..render.links import register_anchor
from ..render.sources import source_columns
from ..render.text import cited, list_table, plural, text
from ..vocab.labels import ENGLISH_SITES
from .samples import direction_counts

PROFILE = [
    ("name", "Site"),
    ("population", "Population"),
    ("organisations", "Organisations"),
    ("history", "Local history"),
    ("model", "Model"),
]
CODED = [("enabler", "Enabler"), ("challenge", "Challenge"), ("risk_managed", "Risk managed")]


def site_findings(ev: Evidence, sites: list[str] = ENGLISH_SITES) -> pd.DataFrame:
    """The findings the case-study chapter rests on: those about one of its sites."""
    return ev.findings[ev.findings["site"].isin(sites)]


def _site_label(ev: Evidence) -> pd.Series:
    return ev.sites.set_index("site")["label"]


def site_profiles(ev: Evidence, sites: list[str] = ENGLISH_SITES) -> Markdown:
    labels = _site_label(ev)
    rows = []
    for site in sites:
        values = ev.site_attributes[ev.site_attributes["site"] == site]
        rows.append([text(labels[site])] + [cited(values[values["attribute"] == a]) for a, _ in PROFILE[1:]])
    return Markdown(
        list_table(["Site"] + [label for _, label in PROFILE[1:]], rows, [10, 14, 26, 22, 28], "site-table")
    )


def shifts(ev: Evidence, sites: list[str] = ENGLISH_SITES) -> Markdown:
    labels = _site_label(ev)
    rows = []
    for site in sites:
        values = ev.site_attributes[
            (ev.site_attributes["site"] == site) & (ev.site_attributes["attribute"] == "from_to_shift")
        ]
        rows += [
            [text(labels[site]), f"{text(v.value)} {{cite:p}}`{v.source}`"] for v in values.itertuples(index=False)
        ]
    return Markdown(list_table(["Site", "Shift"], rows, [20, 80], "site-table"))


def cycle_by_site(ev: Evidence, sites: list[str] = ENGLISH_SITES) -> pd.DataFrame:
    """Findings per commissioning function and site, every function shown (zeros are gaps)."""
    labels = _site_label(ev)
    functions = ev.functions.sort_values("order")
    findings = site_findings(ev, sites)
    counts = findings.groupby(["site", "function"]).size()
    rows = [
        {"Site": labels[s], "Function": f_label, "Findings": int(counts.get((s, f), 0))}
        for s in sites
        for f, f_label in zip(functions["function"], functions["label"], strict=False)
    ]
    return pd.DataFrame(rows)


def cycle_chart(frame: pd.DataFrame) -> alt.Chart:
    order = list(dict.fromkeys(frame["Function"]))
    base = alt.Chart(frame).encode(
        x=alt.X("Function:N", sort=order, title=None, axis=alt.Axis(labelAngle=-40, labelLimit=180)),
        y=alt.Y("Site:N", sort=list(dict.fromkeys(frame["Site"])), title=None, axis=alt.Axis(labelLimit=220)),
        tooltip=["Site:N", "Function:N", "Findings:Q"],
    )
    cells = base.mark_rect(stroke="#ddd").encode(
        color=alt.Color("Findings:Q", scale=alt.Scale(scheme="blues", domainMin=0), title="Findings")
    )
    labels = base.mark_text(fontSize=12).encode(
        text=alt.Text("Findings:Q"), color=alt.condition(alt.datum.Findings > 4, alt.value("white"), alt.value("black"))
    )
    return (cells + labels).properties(width=alt.Step(36), height=alt.Step(30))


def coded_factors(ev: Evidence, sites: list[str] = ENGLISH_SITES) -> pd.DataFrame:
    labels = _site_label(ev)
    kinds = dict(CODED)
    rows = ev.site_attributes[ev.site_attributes["site"].isin(sites) & ev.site_attributes["attribute"].isin(kinds)]
    return pd.DataFrame(
        {
            "Site": rows["site"].map(labels),
            "Kind": rows["attribute"].map(kinds),
            "Factor": rows["value"],
            **source_columns(ev, rows["source"]),
        }
    ).reset_index(drop=True)


def coded_factors_table(ev: Evidence, sites: list[str] = ENGLISH_SITES) -> Markdown:
    labels = _site_label(ev)
    rows = []
    for site in sites:
        for attribute, kind in CODED:
            values = ev.site_attributes[
                (ev.site_attributes["site"] == site) & (ev.site_attributes["attribute"] == attribute)
            ]
            rows += [
                [text(labels[site]), kind, f"{text(v.value)} {{cite:p}}`{v.source}`"]
                for v in values.itertuples(index=False)
            ]
    return Markdown(list_table(["Site", "Kind", "What the sources report"], rows, [18, 12, 70], "site-table"))


def coded_chart(frame: pd.DataFrame) -> alt.Chart:
    kinds = [k for _, k in CODED]
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=alt.Y("Site:N", sort=list(dict.fromkeys(frame["Site"])), title=None, axis=alt.Axis(labelLimit=200)),
            x=alt.X("count():Q", title="Coded factors"),
            color=alt.Color("Kind:N", sort=kinds, title=None, legend=alt.Legend(orient="bottom")),
            yOffset=alt.YOffset("Kind:N", sort=kinds),
            tooltip=["Site:N", "Kind:N", alt.Tooltip("count():Q", title="Factors")],
        )
        .properties(width=480, height=alt.Step(12))
    )


def cycle_table(ev: Evidence, sites: list[str] = ENGLISH_SITES) -> Markdown:
    """Changes by stage of the commissioning cycle at each site: how many findings
    lie behind each cell and in which directions, linked to them in the findings
    register (a count, so the table keeps its size as the evidence grows)."""
    labels = _site_label(ev)
    findings = site_findings(ev, sites)
    rows = []
    for function, label in zip(
        ev.functions.sort_values("order")["function"], ev.functions.sort_values("order")["label"], strict=False
    ):
        here = findings[findings["function"] == function]
        cells = []
        for site in sites:
            cell = here[here["site"] == site]
            n = len(cell)
            cells.append(
                f"{register_anchor(plural(n, 'finding'), site=site, function=function)} ({direction_counts(cell)})"
                if n
                else "—"
            )
        rows.append([text(label)] + cells)
    return Markdown(
        list_table(
            ["Stage of the cycle"] + [text(labels[s]) for s in sites],
            rows,
            [16] + [84 // len(sites)] * len(sites),
            "site-table cycle-table",
        )
    )
