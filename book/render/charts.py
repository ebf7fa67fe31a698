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
    """Reform events on a time axis, one row per kind, each across the year, month or day its
    date is given to; drag to pan, scroll to zoom."""
    kinds = list(event_kinds())
    base = alt.Chart(events).encode(
        y=alt.Y("Kind:N", sort=kinds, title=None),
        color=alt.Color("Kind:N", sort=kinds, legend=None),
        tooltip=[
            alt.Tooltip("Date given:N", title="Date"),
            alt.Tooltip("System:N"),
            alt.Tooltip("Event:N"),
            alt.Tooltip("Source:N"),
        ],
    )
    span = base.mark_rule(strokeWidth=3, opacity=0.5).encode(
        x=alt.X("From:T", title=None, axis=alt.Axis(format="%Y", labelAngle=0)), x2="To:T"
    )
    middle = (
        base.transform_calculate(Middle="(toDate(datum.From) + toDate(datum.To)) / 2")
        .mark_point(filled=True, size=90, opacity=0.85)
        .encode(x="Middle:T", shape=alt.Shape("Kind:N", sort=kinds, legend=None))
    )
    return (span + middle).properties(width=620, height=alt.Step(40)).interactive(bind_y=False)


BODY_LEGEND = alt.Legend(orient="bottom", columns=2, labelLimit=320)


def bodies_over_time(bodies: pd.DataFrame) -> alt.Chart:
    """Number of bodies of each type at each sourced date: a grey bar across the year or month a
    count is dated to, a point at its middle, never a line joining counts of different sources."""
    base = alt.Chart(bodies).encode(
        y=alt.Y("Number:Q", title="Number of bodies (logarithmic scale)", scale=alt.Scale(type="log")),
        tooltip=[
            alt.Tooltip("Body:N"),
            alt.Tooltip("Date given:N", title="Date"),
            alt.Tooltip("Number:Q", format=","),
            alt.Tooltip("Source:N"),
        ],
    )
    span = base.mark_rule(strokeWidth=3, opacity=0.5, color="#888888").encode(
        x=alt.X("From:T", title=None, axis=alt.Axis(format="%Y", labelAngle=0), scale=alt.Scale(padding=12)),
        x2="To:T",
    )
    middle = (
        base.transform_calculate(Middle="(toDate(datum.From) + toDate(datum.To)) / 2")
        .mark_point(filled=True, size=60)
        .encode(
            x="Middle:T",
            # One legend for colour and shape; twenty colours, so no two kinds of body share one.
            color=alt.Color("Body:N", title=None, scale=alt.Scale(scheme="tableau20"), legend=BODY_LEGEND),
            shape=alt.Shape("Body:N", title=None, legend=BODY_LEGEND),
        )
    )
    return (span + middle).properties(width=620, height=320)
