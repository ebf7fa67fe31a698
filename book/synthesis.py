"""What the synthesis shows: summary-of-findings tables per function, the
interactive evidence-and-gap map, and who performs each function under each
model. Counts are derived from the findings, never typed."""

from __future__ import annotations

import altair as alt
import pandas as pd
from IPython.display import Markdown

from . import figures
from .comparators import list_table
from .evidence import Evidence
from .history import CONFIDENCE_LABELS, rf_ref, text

CONFIDENCE_RANK = {"high": 4, "moderate": 3, "low": 2, "very_low": 1}
RANK_LABEL = {4: "high", 3: "moderate", 2: "low", 1: "very low", 0: "not rated"}
CONFIDENCE_DOMAIN = ["high", "moderate", "low", "very low", "not rated"]
CONFIDENCE_COLOURS = ["#0072B2", "#009E73", "#E69F00", "#D55E00", "#666666"]
# Crosses are kept for gaps (cells without findings), so no confidence level uses one.
CONFIDENCE_SHAPES = ["circle", "square", "triangle-up", "diamond", "triangle-down"]
OUTCOME_LABELS = {
    "cost_efficiency": "Cost and efficiency", "activity": "Activity", "quality_safety": "Quality and safety",
    "access": "Access", "equity": "Equity", "integration": "Integration", "patient_experience": "Patient experience",
    "workforce_capacity": "Workforce and capacity", "accountability": "Accountability",
    "transaction_costs": "Transaction costs", "relationships_culture": "Relationships and culture",
    "unintended_consequences": "Unintended consequences",
}


def soqf_table(ev: Evidence, functions: list[str]) -> Markdown:
    """Summary of qualitative findings (GRADE-CERQual style) for some functions."""
    summary = ev.review_summary
    summary = summary[summary["function"].isin(functions)].sort_values("review_id")
    rows = [[f"{rf_ref(r.review_id)} {text(r.statement)}", CONFIDENCE_LABELS[r.confidence],
             text(r.confidence_explanation), str(r.n_findings), str(r.n_sources)]
            for r in summary.itertuples(index=False)]
    return Markdown(list_table(["Review finding", "Confidence", "Why", "Findings", "Sources"], rows,
                                [52, 10, 26, 6, 6], "soqf-table"))


def gap_map_data(ev: Evidence) -> pd.DataFrame:
    """One row per finding with everything the map filters and groups by. The map
    embeds these rows aggregated (see gap_map), never one per finding."""
    f = ev.findings.merge(ev.sources[["key", "design", "period_start", "period_end"]], left_on="source",
                          right_on="key", how="left")
    confidence = ev.review_findings.set_index("review_id")["confidence"].map(CONFIDENCE_RANK)
    short = f["finding"].str.slice(0, 64).where(f["finding"].str.len() <= 64, f["finding"].str.slice(0, 61) + "…")
    return pd.DataFrame({
        "fn": f["function"].map(ev.functions.set_index("function")["label"]),
        "sys": f["system"].map(ev.jurisdictions.set_index("system")["label"]),
        "out": f["outcome_domain"].map(OUTCOME_LABELS),
        "des": f["design"].str.replace("_", " "),
        "y0": f["period_start"].astype("Int64"), "y1": f["period_end"].astype("Int64"),
        "r": f["review_finding"].map(confidence).fillna(0).astype(int),
        "t": f["finding_id"] + " " + short + " (" + f["source"] + ")", "k": f["source"],
        "fc": f["function"], "sc": f["system"], "oc": f["outcome_domain"],
    })


def gap_cells(data: pd.DataFrame, functions: list[str], systems: list[str], outcomes: list[str]) -> pd.DataFrame:
    """Every function × system and function × outcome cell with its counts (zeros
    are gaps): the map's data as a readable table."""
    frames = []
    for view, column, columns in (("System", "sys", systems), ("Outcome domain", "out", outcomes)):
        grouped = data.groupby(["fn", column]).agg(Findings=("t", "size"), Sources=("k", "nunique"), r=("r", "max"))
        cells = grouped.reindex(pd.MultiIndex.from_product([functions, columns], names=["fn", column])).reset_index()
        cells[["Findings", "Sources"]] = cells[["Findings", "Sources"]].fillna(0).astype(int)
        cells["Best confidence"] = cells["r"].map(RANK_LABEL).where(cells["Findings"] > 0, "gap")
        frames.append(pd.DataFrame({"View": view, "Function": cells["fn"], "Column": cells[column],
                                    "Findings": cells["Findings"], "Sources": cells["Sources"],
                                    "Best confidence": cells["Best confidence"]}))
    return pd.concat(frames, ignore_index=True)


MAP_GROUPS = ["fn", "sys", "out", "des", "r"]
# Periods a reader can narrow the map to (the years a source's evidence covers overlap them).
MAP_PERIODS = [("Any years", None, None), ("Up to 1996", None, 1996), ("1997 to 2012", 1997, 2012),
               ("2013 to 2021", 2013, 2021), ("2022 onwards", 2022, None)]


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


def gap_cell_links(data: pd.DataFrame):
    """For the map's table of cells: each cell's count links to its findings in the
    register, the keyboard's way to what a click on a bubble opens."""
    from .register import register_link
    functions = dict(zip(data["fn"], data["fc"]))
    columns = {"System": ("system", dict(zip(data["sys"], data["sc"]))),
               "Outcome domain": ("outcome_domain", dict(zip(data["out"], data["oc"])))}

    def href(row):
        name, codes = columns[row.View]
        return register_link(**{"function": functions.get(row.Function), name: codes.get(row.Column)}) \
            if row.Findings else None
    return {"Findings": href}


def _coded(data: pd.DataFrame, column: str) -> tuple[pd.Series, list[str], str]:
    """A label column as small integers, with the Vega expression that turns them back."""
    labels = sorted(data[column].dropna().unique())
    codes = data[column].map({label: i for i, label in enumerate(labels)})
    return codes, labels, f"{labels!r}[datum.{column}]"


def _lookup(data: pd.DataFrame, label: str, code: str) -> str:
    """A Vega expression object mapping each label to its code (for the register's address)."""
    pairs = dict(sorted(data[[label, code]].dropna().drop_duplicates().itertuples(index=False, name=None)))
    return "{" + ", ".join(f"{k!r}: {v!r}" for k, v in pairs.items()) + "}"


def gap_map(data: pd.DataFrame, functions: list[str], systems: list[str], outcomes: list[str]) -> alt.LayerChart:
    """Interactive evidence-and-gap map of functions by system, or by outcome
    domain (a radio button switches view). Bubble size = findings; colour and
    shape = the best confidence of the review findings they support; grey
    crosses mark empty cells (gaps); menus filter by system, study
    design and the period the evidence covers; clicking a bubble opens the
    findings register at that function and system (or outcome domain)."""
    designs = sorted(data["des"].dropna().unique())
    largest = int(data.groupby(["fn", "sys"]).size().max())
    size_steps = sorted({1, max(1, largest // 2), largest})
    view = alt.param(name="view", value="System", bind=alt.binding_radio(options=["System", "Outcome domain"],
                                                                           name="Columns: "))
    system = alt.param(name="system", value="all", bind=alt.binding_select(options=["all"] + systems, name="System "))
    design = alt.param(name="design", value="all", bind=alt.binding_select(options=["all"] + designs,
                                                                           name="Study design "))
    period = alt.param(name="period", value=0, bind=alt.binding_select(
        options=list(range(len(MAP_PERIODS))), labels=[p[0] for p in MAP_PERIODS], name="Evidence covering "))
    # Counts per combination travel with labels as codes, decoded in the browser.
    compact = gap_map_rows(data)
    decode = {}
    for name in ("fn", "sys", "out", "des"):
        compact[name], _, decode[name] = _coded(compact, name)
    keep = "(system == 'all' || datum.sys == system) && (design == 'all' || datum.des == design) && datum.p == period"
    column = "view == 'System' ? datum.sys : datum.out"
    systems_code = _lookup(data, 'sys', 'sc')
    address = (f"'findings.html?function=' + {_lookup(data, 'fn', 'fc')}[datum.fn] + (view == 'System' ? "
               f"'&system=' + {systems_code}[datum.col] : "
               f"'&outcome_domain=' + {_lookup(data, 'out', 'oc')}[datum.col]"
               f" + (system == 'all' ? '' : '&system=' + {systems_code}[system]))")
    x = alt.X("col:N", sort=systems + outcomes, title=None,
              axis=alt.Axis(labelAngle=-40, labelLimit=180, orient="top"))
    y = alt.Y("fn:N", sort=functions, title=None, axis=alt.Axis(labelLimit=220))
    grid = pd.DataFrame([(f, c, "System") for f in functions for c in systems]
                        + [(f, c, "Outcome domain") for f in functions for c in outcomes], columns=["fn", "col", "v"])
    gaps = alt.Chart(grid).transform_filter("datum.v == view").mark_point(
        shape="cross", size=40, color="#bbbbbb").encode(
        x=x, y=y, tooltip=[alt.Tooltip("fn:N", title="Function"), alt.Tooltip("col:N", title="Column"),
                           alt.Tooltip("gap:N", title="Evidence")],
    ).transform_calculate(gap="'none in our data (a gap)'")
    # Embedded as CSV text, a few bytes a row, rather than as one JSON object a row.
    inline = alt.InlineData(values=compact.to_csv(index=False, lineterminator="\n"),
                            format=alt.DataFormat(type="csv", parse={c: "number" for c in compact.columns}))
    bubbles = alt.Chart(inline).transform_calculate(**decode).transform_filter(keep).transform_calculate(col=column).transform_aggregate(
        findings="sum(n)", rank="max(r)", groupby=["fn", "col"]
    ).transform_calculate(
        confidence="['not rated', 'very low', 'low', 'moderate', 'high'][datum.rank]", register=address,
        open="'Click to list them (design and period filters are not carried over)'",
    ).mark_point(filled=True, opacity=0.85, stroke="white", strokeWidth=0.5, cursor="pointer").encode(
        x=x, y=y,
        size=alt.Size("findings:Q", title="Findings", scale=alt.Scale(range=[60, 900]),
                      legend=alt.Legend(orient="bottom", direction="horizontal", values=size_steps)),
        color=alt.Color("confidence:N", title="Best confidence",
                        scale=alt.Scale(domain=CONFIDENCE_DOMAIN, range=CONFIDENCE_COLOURS),
                        legend=alt.Legend(orient="bottom", direction="horizontal")),
        shape=alt.Shape("confidence:N", title="Best confidence",
                        scale=alt.Scale(domain=CONFIDENCE_DOMAIN, range=CONFIDENCE_SHAPES)),
        href="register:N",
        tooltip=[alt.Tooltip("fn:N", title="Function"), alt.Tooltip("col:N", title="Column"),
                 alt.Tooltip("findings:Q", title="Findings"), alt.Tooltip("confidence:N", title="Best confidence"),
                 alt.Tooltip("open:N", title="Findings register")],
    )
    return alt.layer(gaps, bubbles).add_params(view, system, design, period).properties(
        width=alt.Step(34), height=alt.Step(30),
        title=alt.TitleParams("A grey cross marks a gap: no findings in our data", fontSize=12, fontWeight="normal",
                              orient="bottom", anchor="start"))


ERA_LABELS = {"english_1991_2013": "England, 1991–2013", "english_since_2013": "England since 2013",
              "cross_era": "Across eras", "international": "Other systems"}


def who_does_what(ev: Evidence) -> pd.DataFrame:
    models = ev.models.set_index("model")
    functions = ev.functions.set_index("function")["label"]
    a = ev.allocation
    return pd.DataFrame({"Model": a["model"].map(models["label"]), "Era": a["model"].map(models["era"]).map(ERA_LABELS),
                         "Function": a["function"].map(functions), "Body": a["body"], "Source": a["source"]})


def who_does_what_chart(frame: pd.DataFrame, models: list[str], functions: list[str]) -> alt.Chart:
    return alt.Chart(frame).mark_square(size=170).encode(
        x=alt.X("Function:N", sort=functions, title=None, axis=alt.Axis(labelAngle=-40, labelLimit=180, orient="top")),
        y=alt.Y("Model:N", sort=models, title=None, axis=alt.Axis(labelLimit=260)),
        color=alt.Color("Era:N", title="Era", sort=list(ERA_LABELS.values()), scale=alt.Scale(range=figures.PALETTE),
                        legend=alt.Legend(orient="top", direction="horizontal", columns=2, labelLimit=200)),
        tooltip=["Model:N", "Function:N", "Body:N", "Source:N"],
    ).properties(width=alt.Step(30), height=alt.Step(18))


def who_does_what_table(ev: Evidence, models: list[str]) -> Markdown:
    labels = ev.models.set_index("model")["label"]
    functions = ev.functions.sort_values("order")
    rows = []
    for model in models:
        here = ev.allocation[ev.allocation["model"] == model]
        for function, label in zip(functions["function"], functions["label"]):
            for a in here[here["function"] == function].itertuples(index=False):
                rows.append([text(labels[model]), text(label), f"{text(a.body)} {{cite:p}}`{a.source}`"])
    return Markdown(list_table(["Model", "Function", "Who performs it"], rows, [22, 18, 60], "who-table"))


def ordered_models(ev: Evidence) -> list[str]:
    """Models with allocations, England first in date order, then the other systems."""
    years = ev.model_years.set_index("model")
    used = [m for m in ev.models["model"] if m in set(ev.allocation["model"])]
    era_order = {"english_1991_2013": 0, "english_since_2013": 1, "cross_era": 2, "international": 3}
    return sorted(used, key=lambda m: (era_order[years.loc[m, "era"]], years.loc[m, "system"],
                                       years.loc[m, "start_year"] if pd.notna(years.loc[m, "start_year"]) else 9999, m))
