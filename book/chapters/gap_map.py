"""The interactive evidence-and-gap map: commissioning functions against systems or
outcome domains, bubbles sized by findings and coloured by the best confidence of the
review findings behind them, embedded as counts (never one row per finding), with a
table of its cells whose counts link into the findings register."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ..data.evidence import Evidence
from ..render.links import register_link
from ..vocab.labels import NOT_RATED, OUTCOME_LABELS, confidence_label, confidence_levels, confidence_rank, rank_labels
from .evidence_pages import page_href

# Colours and shapes per confidence level, most confident first, then "not rated".
# Crosses are kept for gaps (cells without findings), so no confidence level uses one.
CONFIDENCE_COLOURS = ["#0072B2", "#009E73", "#E69F00", "#D55E00", "#666666"]
CONFIDENCE_SHAPES = ["circle", "square", "triangle-up", "diamond", "triangle-down"]


def confidence_domain() -> list[str]:
    return [confidence_label(c) for c in confidence_levels()] + [NOT_RATED]


def gap_map_data(ev: Evidence) -> pd.DataFrame:
    """One row per finding with everything the map filters and groups by. The map
    embeds these rows aggregated (see gap_map), never one per finding."""
    f = ev.findings.merge(
        ev.sources[["key", "design", "period_start", "period_end"]], left_on="source", right_on="key", how="left"
    )
    confidence = ev.review_findings.set_index("review_id")["confidence"].map(confidence_rank)
    short = f["finding"].str.slice(0, 64).where(f["finding"].str.len() <= 64, f["finding"].str.slice(0, 61) + "…")
    return pd.DataFrame(
        {
            "fn": f["function"].map(ev.functions.set_index("function")["label"]),
            "sys": f["system"].map(ev.systems.set_index("system")["label"]),
            "out": f["outcome_domain"].map(OUTCOME_LABELS),
            "des": f["design"].str.replace("_", " "),
            "y0": f["period_start"].astype("Int64"),
            "y1": f["period_end"].astype("Int64"),
            "r": f["review_finding"].map(confidence).fillna(0).astype(int),
            "t": f["finding_id"] + " " + short + " (" + f["source"] + ")",
            "k": f["source"],
            "fc": f["function"],
            "sc": f["system"],
            "oc": f["outcome_domain"],
        }
    )


def gap_cells(data: pd.DataFrame, functions: list[str], systems: list[str], outcomes: list[str]) -> pd.DataFrame:
    """Every function × system and function × outcome cell with its counts (zeros
    are gaps): the map's data as a readable table."""
    frames = []
    for view, column, columns in (("System", "sys", systems), ("Outcome domain", "out", outcomes)):
        grouped = data.groupby(["fn", column]).agg(Findings=("t", "size"), Sources=("k", "nunique"), r=("r", "max"))
        cells = grouped.reindex(pd.MultiIndex.from_product([functions, columns], names=["fn", column])).reset_index()
        cells[["Findings", "Sources"]] = cells[["Findings", "Sources"]].fillna(0).astype(int)
        cells["Best confidence"] = cells["r"].map(rank_labels()).where(cells["Findings"] > 0, "gap")
        frames.append(
            pd.DataFrame(
                {
                    "View": view,
                    "Function": cells["fn"],
                    "Column": cells[column],
                    "Findings": cells["Findings"],
                    "Sources": cells["Sources"],
                    "Best confidence": cells["Best confidence"],
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


MAP_GROUPS = ["fn", "sys", "out", "des", "r"]
# Periods a reader can narrow the map to (the years a source's evidence covers overlap them).
MAP_PERIODS = [
    ("Any years", None, None),
    ("Up to 1996", None, 1996),
    ("1997 to 2012", 1997, 2012),
    ("2013 to 2021", 2013, 2021),
    ("2022 onwards", 2022, None),
]


def gap_map_rows(data: pd.DataFrame) -> pd.DataFrame:
    """The map's embedded data: findings counted per combination of what it groups and
    filters by, once for any years (period 0) and once for each period they overlap,
    so the page is bounded by the vocabularies, not by the number of findings."""
    frames = []
    for code, (_, start, end) in enumerate(MAP_PERIODS):
        overlap = pd.Series(True, index=data.index)
        if start is not None:
            overlap &= (data["y1"] >= start).fillna(False).astype(bool)
        if end is not None:
            overlap &= (data["y0"] <= end).fillna(False).astype(bool)
        counts = data[overlap].groupby(MAP_GROUPS, dropna=False, observed=True).size().rename("n").reset_index()
        frames.append(counts.assign(p=code))
    return pd.concat(frames, ignore_index=True)


def gap_cell_links(data: pd.DataFrame, ev: Evidence):
    """For the map's table of cells: each cell's count links to its findings in the
    register, the keyboard's way to what a click on a bubble opens; each function and
    system links to its evidence page."""
    functions = dict(zip(data["fn"], data["fc"], strict=False))
    columns = {
        "System": ("system", dict(zip(data["sys"], data["sc"], strict=False))),
        "Outcome domain": ("outcome_domain", dict(zip(data["out"], data["oc"], strict=False))),
    }

    def href(row):
        name, codes = columns[row.View]
        return (
            register_link(**{"function": functions.get(row.Function), name: codes.get(row.Column)})
            if row.Findings
            else None
        )

    def function_page(row):
        return page_href(ev, "function", functions.get(row.Function))

    def system_page(row):
        return page_href(ev, "system", columns["System"][1].get(row.Column)) if row.View == "System" else None

    return {"Findings": href, "Function": function_page, "Column": system_page}


def _coded(data: pd.DataFrame, column: str) -> tuple[pd.Series, list[str], str]:
    """A label column as small integers, with the Vega expression that turns them back."""
    labels = sorted(data[column].dropna().unique())
    codes = data[column].map({label: i for i, label in enumerate(labels)})
    return codes, labels, f"{labels!r}[datum.{column}]"


def _lookup(data: pd.DataFrame, label: str, code: str) -> str:
    """A Vega expression object mapping each label to its code (for the register's address)."""
    pairs = dict(sorted(data[[label, code]].dropna().drop_duplicates().itertuples(index=False, name=None)))
    return "{" + ", ".join(f"{k!r}: {v!r}" for k, v in pairs.items()) + "}"


def _map_params(data: pd.DataFrame, systems: list[str]) -> list:
    """The map's controls: which columns (systems or outcome domains), and filters by
    system, study design and the period the evidence covers."""
    designs = sorted(data["des"].dropna().unique())
    return [
        alt.param(
            name="view", value="System", bind=alt.binding_radio(options=["System", "Outcome domain"], name="Columns: ")
        ),
        alt.param(name="system", value="all", bind=alt.binding_select(options=["all"] + systems, name="System ")),
        alt.param(name="design", value="all", bind=alt.binding_select(options=["all"] + designs, name="Study design ")),
        alt.param(
            name="period",
            value=0,
            bind=alt.binding_select(
                options=list(range(len(MAP_PERIODS))), labels=[p[0] for p in MAP_PERIODS], name="Evidence covering "
            ),
        ),
    ]


def _register_address(data: pd.DataFrame) -> str:
    """The Vega expression for the findings register's address at a bubble's cell."""
    systems_code = _lookup(data, "sys", "sc")
    return (
        f"'findings.html?function=' + {_lookup(data, 'fn', 'fc')}[datum.fn] + (view == 'System' ? "
        f"'&system=' + {systems_code}[datum.col] : "
        f"'&outcome_domain=' + {_lookup(data, 'out', 'oc')}[datum.col]"
        f" + (system == 'all' ? '' : '&system=' + {systems_code}[system]))"
    )


def _gap_layer(functions: list[str], systems: list[str], outcomes: list[str], x, y) -> alt.Chart:
    """A grey cross in every cell; bubbles cover the cells that have findings."""
    grid = pd.DataFrame(
        [(f, c, "System") for f in functions for c in systems]
        + [(f, c, "Outcome domain") for f in functions for c in outcomes],
        columns=["fn", "col", "v"],
    )
    return (
        alt.Chart(grid)
        .transform_filter("datum.v == view")
        .mark_point(shape="cross", size=40, color="#bbbbbb")
        .encode(
            x=x,
            y=y,
            tooltip=[
                alt.Tooltip("fn:N", title="Function"),
                alt.Tooltip("col:N", title="Column"),
                alt.Tooltip("gap:N", title="Evidence"),
            ],
        )
        .transform_calculate(gap="'none in our data (a gap)'")
    )


def _bubble_layer(data: pd.DataFrame, x, y) -> alt.Chart:
    """Findings per cell for the chosen view and filters, from counts embedded as CSV text
    (a few bytes a row) with labels as codes decoded in the browser."""
    largest = int(data.groupby(["fn", "sys"]).size().max())
    size_steps = sorted({1, max(1, largest // 2), largest})
    compact = gap_map_rows(data)
    decode = {}
    for name in ("fn", "sys", "out", "des"):
        compact[name], _, decode[name] = _coded(compact, name)
    keep = "(system == 'all' || datum.sys == system) && (design == 'all' || datum.des == design) && datum.p == period"
    labels_by_rank = [label for _, label in sorted(rank_labels().items())]
    inline = alt.InlineData(
        values=compact.to_csv(index=False, lineterminator="\n"),
        format=alt.DataFormat(type="csv", parse={c: "number" for c in compact.columns}),
    )
    return (
        alt.Chart(inline)
        .transform_calculate(**decode)
        .transform_filter(keep)
        .transform_calculate(col="view == 'System' ? datum.sys : datum.out")
        .transform_aggregate(findings="sum(n)", rank="max(r)", groupby=["fn", "col"])
        .transform_calculate(
            confidence=f"{labels_by_rank!r}[datum.rank]",
            register=_register_address(data),
            open="'Click to list them (design and period filters are not carried over)'",
        )
        .mark_point(filled=True, opacity=0.85, stroke="white", strokeWidth=0.5, cursor="pointer")
        .encode(
            x=x,
            y=y,
            size=alt.Size(
                "findings:Q",
                title="Findings",
                scale=alt.Scale(range=[60, 900]),
                legend=alt.Legend(orient="bottom", direction="horizontal", values=size_steps),
            ),
            color=alt.Color(
                "confidence:N",
                title="Best confidence",
                scale=alt.Scale(domain=confidence_domain(), range=CONFIDENCE_COLOURS),
                legend=alt.Legend(orient="bottom", direction="horizontal"),
            ),
            shape=alt.Shape(
                "confidence:N",
                title="Best confidence",
                scale=alt.Scale(domain=confidence_domain(), range=CONFIDENCE_SHAPES),
            ),
            href="register:N",
            tooltip=[
                alt.Tooltip("fn:N", title="Function"),
                alt.Tooltip("col:N", title="Column"),
                alt.Tooltip("findings:Q", title="Findings"),
                alt.Tooltip("confidence:N", title="Best confidence"),
                alt.Tooltip("open:N", title="Findings register"),
            ],
        )
    )


def gap_map(data: pd.DataFrame, functions: list[str], systems: list[str], outcomes: list[str]) -> alt.LayerChart:
    """Interactive evidence-and-gap map of functions by system, or by outcome
    domain (a radio button switches view). Bubble size = findings; colour and
    shape = the best confidence of the review findings they support; grey
    crosses mark empty cells (gaps); menus filter by system, study
    design and the period the evidence covers; clicking a bubble opens the
    findings register at that function and system (or outcome domain)."""
    x = alt.X("col:N", sort=systems + outcomes, title=None, axis=alt.Axis(labelAngle=-40, labelLimit=180, orient="top"))
    y = alt.Y("fn:N", sort=functions, title=None, axis=alt.Axis(labelLimit=220))
    layers = alt.layer(_gap_layer(functions, systems, outcomes, x, y), _bubble_layer(data, x, y))
    return layers.add_params(*_map_params(data, systems)).properties(
        width=alt.Step(34),
        height=alt.Step(30),
        title=alt.TitleParams(
            "A grey cross marks a gap: no findings in our data",
            fontSize=12,
            fontWeight="normal",
            orient="bottom",
            anchor="start",
        ),
    )
