"""Charts and tables as readers see them: every chart is a figure with a
caption, a text description, its data as a table and as a CSV download, and
renders offline (see site/offline_charts.py). Output is deterministic, so nbval can
compare it exactly."""

from __future__ import annotations

import html
import json
import urllib.parse

import altair as alt
import pandas as pd
from IPython.display import HTML

# Okabe-Ito: distinguishable with the common forms of colour blindness.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
EMBED_OPTIONS = {
    "renderer": "svg",
    # Export (SVG/PNG) works offline; the editor and source links would leave the site.
    "actions": {"export": True, "source": False, "compiled": False, "editor": False},
}


@alt.theme.register("book", enable=True)
def _theme() -> alt.theme.ThemeConfig:
    return {
        "config": {
            "font": FONT,
            "range": {"category": PALETTE},
            "view": {"continuousWidth": 560, "continuousHeight": 300, "stroke": None},
            "axis": {"labelFontSize": 12, "titleFontSize": 12, "gridColor": "#e6e6e6"},
            "legend": {"labelFontSize": 12, "titleFontSize": 12},
            "title": {"fontSize": 14, "anchor": "start"},
        }
    }


def escape(value) -> str:
    """Text from the data is shown as text, never interpreted as markup."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return html.escape(str(value), quote=True)


def html_table(
    frame: pd.DataFrame,
    *,
    caption: str | None = None,
    links: dict | None = None,
    row_links: dict | None = None,
    raw: tuple[str, ...] = (),
    css_class: str = "book-table",
    label: str | None = None,
) -> str:
    """An HTML table with every cell escaped. ``links`` maps a column to a
    function giving the href for a cell's value, ``row_links`` to one giving it
    for the whole row (None: no link); ``raw`` names columns whose cells are
    trusted HTML built by this package."""
    links = links or {}
    row_links = row_links or {}
    head = "".join(f'<th scope="col">{escape(c)}</th>' for c in frame.columns)
    rows = []
    for record in frame.itertuples(index=False):
        cells = []
        for column, value in zip(frame.columns, record, strict=False):
            text = str(value) if column in raw else escape(value)
            if column in links and text:
                text = f'<a href="{escape(links[column](value))}">{text}</a>'
            elif column in row_links and (href := row_links[column](record)):
                text = f'<a href="{escape(href)}">{text}</a>'
            cells.append(f"<td>{text}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    cap = f"<caption>{escape(caption)}</caption>" if caption else ""
    # A wide table scrolls sideways: keyboard users must be able to reach it, and hear what it is.
    label = escape(label or caption or "Table")
    return (
        f'<div class="table-wrapper" tabindex="0" role="region" aria-label="{label}">'
        f'<table class="{css_class}">{cap}<thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def csv_data_uri(frame: pd.DataFrame) -> str:
    return "data:text/csv;charset=utf-8," + urllib.parse.quote(frame.to_csv(index=False, lineterminator="\n"))


CHART_SPEC_CLASS = "book-chart-spec"  # the site loads vega only on pages that hold one (site/offline_charts.py)


def chart_embed(chart: alt.TopLevelMixin, name: str) -> str:
    """A chart as an empty box and its Vega-Lite spec as inert JSON. The site's chart script,
    loaded after the page has painted, draws every chart from its spec; nothing here blocks
    the page or reaches for a network."""
    spec = {"spec": chart.to_dict(), "options": EMBED_OPTIONS}
    data = json.dumps(spec, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return (
        f'<div id="chart-{name}" class="book-chart-target"></div>'
        f'<script type="application/json" class="{CHART_SPEC_CLASS}" data-target="chart-{name}">{data}</script>'
    )


def figure(
    chart: alt.TopLevelMixin,
    data: pd.DataFrame,
    *,
    name: str,
    caption: str,
    description: str,
    data_table: bool = True,
    table_links: dict | None = None,
) -> HTML:
    """A chart as a captioned, described figure with its data (table and CSV).
    ``data_table=False`` only where the page shows the same data as a table of
    its own next to the chart (the description must say so). ``table_links``:
    links in that table (see html_table's row_links), for what a chart can only
    offer to a pointer, such as a click."""
    chart_html = chart_embed(chart.properties(description=description), name)
    return HTML(
        f'<figure class="book-figure" id="fig-{name}">'
        f'<figcaption><span class="book-figure-label">Figure.</span> {escape(caption)}</figcaption>'
        f'<div class="book-chart">{chart_html}</div>'
        f'<p class="book-chart-description"><strong>Description:</strong> {escape(description)}</p>'
        + (
            f'<details class="book-chart-data"><summary>The data behind this chart</summary>'
            f"{html_table(data, row_links=table_links, label=f'The data behind the chart: {caption}')}</details>"
            if data_table
            else ""
        )
        + f'<p class="book-downloads"><a download="{escape(name)}.csv" href="{csv_data_uri(data)}">'
        f"Download the data (CSV)</a></p></figure>"
    )


def table(frame: pd.DataFrame, **kwargs) -> HTML:
    return HTML(html_table(frame, **kwargs))
