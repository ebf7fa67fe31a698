"""What the history chapters show: each model of commissioning with its years (from
dated events), the functions it held (allocation.csv), what the evidence found
(findings.csv) and how sure we are (review_findings.csv); reform timelines and
counts of bodies."""

from __future__ import annotations

import pandas as pd
from IPython.display import Markdown

from ..data.evidence import Evidence
from ..render import charts, figures
from ..render.links import group_label, rf_ref
from ..render.quantities import partial_date
from ..render.sources import source_columns
from ..render.text import gist, text
from ..vocab.labels import ORG_LABELS, confidence_label
from .samples import direction_counts, main_review_findings, sampled_findings


def era_models(ev: Evidence, era: str) -> pd.DataFrame:
    """Models of an era in date order, with derived years."""
    models = ev.model_years
    models = models[models["era"] == era].copy()
    models["_order"] = models["start_year"].fillna(9999)
    return models.sort_values(["_order", "model"], kind="stable").drop(columns="_order")


def era_findings(ev: Evidence, era: str) -> pd.DataFrame:
    models = era_models(ev, era)["model"]
    return ev.findings[ev.findings["model"].isin(models)]


def years(row) -> str:
    """A model's span as every page shows it: 1999–2002, or 2022 to date."""
    start, end = row["start_year"], row["end_year"]
    if pd.isna(start):  # only commissioning in general, which is not a model
        return ""
    return f"{start} to date" if row["end_status"] == "to_date" else f"{start}–{end}"


def era_overview(ev: Evidence, era: str) -> pd.DataFrame:
    """One row per model of the era: years, functions held, findings and confidence."""
    function_labels = ev.functions.set_index("function")["label"]
    rows = []
    for _, model in era_models(ev, era).iterrows():
        findings = ev.findings[ev.findings["model"] == model["model"]]
        held = ev.allocation[ev.allocation["model"] == model["model"]]["function"]
        held = [function_labels[f] for f in ev.functions["function"] if f in set(held)]
        main = main_review_findings(ev, findings)
        rows.append(
            {
                "model": model["model"],
                "Model": model["label"],
                "Years": years(model),
                "Functions held": held,
                "findings": len(findings),
                "sources": findings["source"].nunique(),
                "Direction of findings": direction_counts(findings),
                "review_ids": list(main["review_id"]),
                "confidence": list(main["confidence"]),
            }
        )
    return pd.DataFrame(rows)


def era_table(ev: Evidence, era: str, prefix: str) -> Markdown:
    """The era table as MyST: each model links to its findings, each main
    finding to its review finding and confidence."""
    overview = era_overview(ev, era)
    statements = ev.review_findings.set_index("review_id")["statement"]
    header = [
        "Model",
        "Years",
        "Functions it held",
        "Evidence",
        "Direction of findings",
        "Main review findings (confidence)",
    ]
    lines = [":::{list-table}", ":header-rows: 1", ":widths: 14 8 18 10 14 36", ":class: era-table", ""]
    lines += ["* - " + header[0]] + [f"  - {h}" for h in header[1:]]
    for _, row in overview.iterrows():
        evidence = (
            f"{{ref}}`{row['findings']} findings <{group_label(prefix, row['model'])}>`, {row['sources']} sources"
            if row["findings"]
            else "none in our data"
        )
        main = (
            " ".join(
                f"{rf_ref(r)} ({confidence_label(c)}): {text(gist(statements[r]))}"
                for r, c in zip(row["review_ids"], row["confidence"], strict=False)
            )
            or "—"
        )
        cells = [
            text(row["Model"]),
            row["Years"],
            text("; ".join(row["Functions held"])) or "—",
            evidence,
            row["Direction of findings"] or "—",
            main,
        ]
        lines += ["* - " + cells[0]] + [f"  - {c}" for c in cells[1:]]
    lines.append(":::")
    return Markdown("\n".join(lines) + "\n")


def era_sample(ev: Evidence, era: str, prefix: str) -> Markdown:
    models = era_models(ev, era)
    labels = dict(zip(models["model"], models["label"], strict=True))
    return sampled_findings(ev, era_findings(ev, era), "model", labels, prefix)


def date_span(date: str) -> tuple[str, str]:
    """The first and last day a partial date covers: 2013 is the whole of 2013, 2013-04 all of April."""
    if len(date) == 4:
        return f"{date}-01-01", f"{date}-12-31"
    if len(date) == 7:
        last = pd.Period(date, freq="M").days_in_month
        return f"{date}-01", f"{date}-{last:02d}"
    return date, date


def timeline_data(ev: Evidence, systems: list[str], start: int, end: int) -> pd.DataFrame:
    events = ev.events[ev.events["system"].isin(systems)]
    year = events["date"].str[:4].astype(int)
    events = events[(year >= start) & (year <= end)]
    labels = ev.systems.set_index("system")["label"]
    spans = events["date"].map(date_span)
    return pd.DataFrame(
        {
            "From": spans.str[0],
            "To": spans.str[1],
            "Date given": events["date"].map(partial_date),
            "System": events["system"].map(labels),
            "Kind": events["kind"],
            "Event": events["event"],
            **source_columns(ev, events["source"]),
            "Id": events["event_id"],
        }
    ).reset_index(drop=True)


def bodies_data(ev: Evidence, start: int, end: int) -> pd.DataFrame:
    """Counts of English commissioning and planning bodies at the dates their sources give,
    each spanning the period its date covers (a year, a month or a day); the first source
    listed where several give the same type and date."""
    orgs = ev.organisations
    orgs = orgs[(orgs["system"] == "england") & orgs["org_type"].isin(ORG_LABELS)]
    year = orgs["date"].str[:4].astype(int)
    orgs = orgs[(year >= start) & (year <= end)].drop_duplicates(["org_type", "date"])
    orgs = orgs.sort_values(["org_type", "date"], kind="stable")
    spans = orgs["date"].map(date_span)
    return pd.DataFrame(
        {
            "Body": orgs["org_type"].map(ORG_LABELS),
            "From": spans.str[0],
            "To": spans.str[1],
            "Date given": orgs["date"].map(partial_date),
            "Number": orgs["count"].astype(int),
            **source_columns(ev, orgs["source"]),
        }
    ).reset_index(drop=True)


def organisation_counts(ev: Evidence) -> dict[str, int]:
    """Counts of English bodies, named org_<type>_<date> for glueing into prose
    (the first source listed wins where several give the same type and date)."""
    orgs = ev.organisations[ev.organisations["system"] == "england"]
    out: dict[str, int] = {}
    for row in orgs.itertuples(index=False):
        out.setdefault(f"org_{row.org_type}_{row.date.replace('-', '_')}", int(row.count))
    return out


def era_counts(ev: Evidence, era: str) -> dict[str, int]:
    findings = era_findings(ev, era)
    reviews = findings["review_finding"].dropna().unique()
    return {
        "findings": len(findings),
        "sources": findings["source"].nunique(),
        "models": findings["model"].nunique(),
        "review_findings": len(reviews),
    }


def era_glue(ev: Evidence, era: str) -> dict[str, int]:
    """What a history chapter glues into its prose: counts of bodies and of its evidence."""
    return {**organisation_counts(ev), **{f"era_{name}": n for name, n in era_counts(ev, era).items()}}


def era_timeline(ev: Evidence, start: int, end: int, name: str):
    events = timeline_data(ev, ["england"], start, end)
    return figures.figure(
        charts.timeline(events),
        events,
        name=name,
        caption=f"Reforms of English commissioning, {start} to {end}",
        description="Timeline of dated reform events in England from our events table, one row for each kind of "
        "event (legislation, policy, structural change, programme). Hover over a point for the event and "
        "its source; drag to pan and scroll to zoom along the time axis.",
    )


def all_bodies(ev: Evidence, name: str):
    """The count of English bodies across every year for which a source gives one."""
    years = ev.organisations.loc[ev.organisations["system"] == "england", "date"].str[:4].astype(int)
    return era_bodies(ev, int(years.min()), int(years.max()), name)


def era_bodies(ev: Evidence, start: int, end: int, name: str):
    bodies = bodies_data(ev, start, end)
    return figures.figure(
        charts.bodies_over_time(bodies),
        bodies,
        name=name,
        caption=f"Number of commissioning and planning bodies in England, {start} to {end}",
        description="Chart of the number of bodies of each type at each date for which a source gives a count, "
        "on a logarithmic scale so that thousands of fundholding practices and a few dozen authorities show "
        "together. A count dated to a year or a month is drawn as a bar across that year or month; counts are "
        "not joined, because different sources count different things. Hover over a mark for its source.",
    )
