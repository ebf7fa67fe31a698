"""Chart builders. Each takes a tidy DataFrame (aggregated before embedding,
so pages stay light as the evidence grows) and returns an Altair chart."""

from __future__ import annotations

import altair as alt
import pandas as pd

from . import figures  # noqa: F401  (registers the book's theme)


def coverage_bar(coverage: pd.DataFrame) -> alt.Chart:
    order = list(coverage["Function"])
    return alt.Chart(coverage).mark_bar(color=figures.PALETTE[0]).encode(
        x=alt.X("findings:Q", title="Findings extracted"),
        y=alt.Y("Function:N", sort=order, title=None, axis=alt.Axis(labelLimit=260)),
        tooltip=[alt.Tooltip("Function:N"), alt.Tooltip("findings:Q", title="Findings"),
                 alt.Tooltip("sources:Q", title="Sources")],
    ).properties(width=480, height=alt.Step(22))

