"""Chart builders. Each takes a tidy DataFrame (aggregated before embedding,
so pages stay light as the evidence grows) and returns an Altair chart."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ..vocab.labels import event_kinds
from . import figures


def coverage_bar(coverage: pd.DataFrame) -> alt.Chart:
    order = list(coverage["Function"])
    return (
        alt.Chart(coverage)
        .mark_bar(color=figures.PALETTE[0])
        .encode(
            x=alt.X("findings:Q", title="Findings extracted"),
            y=alt.Y("Function:N", sort=order, title=None, axis=alt.Axis(labelLimit=260)),
            tooltip=[
                alt.Tooltip("Function:N"),
                alt.Tooltip("findings:Q", title="Findings"),
                alt.Tooltip("sources:Q", title="Sources"),
            ],
        )
        .properties(width=480, height=alt.Step(22))
    )


def timeline(events: pd.DataFrame) -> alt.Chart:
    """Reform events on a time axis, one row per kind; drag to pan, scroll to zoom."""
    kinds = list(event_kinds())
    return (
        alt.Chart(events)
        .mark_point(filled=True, size=90, opacity=0.85)
        .encode(
            x=alt.X("Date:T", title=None, axis=alt.Axis(format="%Y", labelAngle=0)),
            y=alt.Y("Kind:N", sort=kinds, title=None),
            color=alt.Color("Kind:N", sort=kinds, legend=None),
            shape=alt.Shape("Kind:N", sort=kinds, legend=None),
            tooltip=[
                alt.Tooltip("Date given:N", title="Date"),
                alt.Tooltip("System:N"),
                alt.Tooltip("Event:N"),
                alt.Tooltip("Source:N"),
            ],
        )
        .properties(width=620, height=alt.Step(40))
        .interactive(bind_y=False)
    )


def bodies_over_time(bodies: pd.DataFrame) -> alt.Chart:
    """Number of commissioning and planning bodies of each type at each sourced date."""
    base = alt.Chart(bodies).encode(
        x=alt.X("Date:T", title=None, axis=alt.Axis(format="%Y", labelAngle=0)),
        y=alt.Y("Number:Q", title="Number of bodies"),
        color=alt.Color("Body:N", title=None, legend=alt.Legend(orient="bottom", columns=2, labelLimit=320)),
        tooltip=[
            alt.Tooltip("Body:N"),
            alt.Tooltip("Date given:N", title="Date"),
            alt.Tooltip("Number:Q"),
            alt.Tooltip("Source:N"),
        ],
    )
    return (base.mark_line(strokeWidth=1.5) + base.mark_point(filled=True, size=60).encode(shape="Body:N")).properties(
        width=620, height=300
    )
