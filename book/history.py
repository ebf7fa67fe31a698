"""What the history chapters show: each model of commissioning with its
years (from dated events), the functions it held (allocation.csv), what the
evidence found (findings.csv) and how sure we are (review_findings.csv).

Text for readers is returned as MyST Markdown, so citations and
cross-references are resolved (and checked) by Sphinx; text from the data is
escaped so that it can never become markup."""

from __future__ import annotations

import html
import re

import pandas as pd
from IPython.display import Markdown

from .evidence import Evidence

DIRECTIONS = ["positive", "mixed", "null", "negative", "unclear"]
CONFIDENCE_ORDER = ["high", "moderate", "low", "very_low"]
CONFIDENCE_LABELS = {"high": "high", "moderate": "moderate", "low": "low", "very_low": "very low"}

# Names readers see for the organisation types counted in organisations.csv.
ORG_LABELS = {
    "health_authority": "Health authorities",
    "gp_fundholding_practice": "GP fundholding practices",
    "total_purchasing_pilot": "Total purchasing pilots",
    "pcg": "Primary care groups",
    "pct": "Primary care trusts",
    "sha": "Strategic health authorities",
    "ccg": "Clinical commissioning groups",
    "csu": "Commissioning support units",
    "hwb": "Health and wellbeing boards",
    "stp": "Sustainability and transformation partnerships",
    "ics": "Integrated care systems",
    "icb": "Integrated care boards",
}

_MARKUP = re.compile(r"([\\`*_{}\[\]<>()#+!|$~])")


def text(value) -> str:
    """Data text as literal MyST: characters that could start markup are escaped."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return _MARKUP.sub(r"\\\1", " ".join(str(value).split()))


def rf_label(review_id: str) -> str:
    return "rf-" + review_id.split("-")[1]


def rf_ref(review_id: str) -> str:
    return f"{{ref}}`{review_id} <{rf_label(review_id)}>`"


def finding_label(prefix: str, finding_id: str) -> str:
    """Sphinx labels are global, so each chapter's anchors carry its own prefix."""
    return f"{prefix}-finding-{finding_id.lower()}"


def group_label(prefix: str, group: str) -> str:
    return f"{prefix}-findings-{group.replace('_', '-')}"


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
    start, end = row["start_year"], row["end_year"]
    if pd.isna(start):
        return "undated"
    return f"{start}–{end}" if not pd.isna(end) else f"{start}–"


def direction_counts(findings: pd.DataFrame) -> str:
    counts = findings["direction"].value_counts()
    return ", ".join(f"{counts[d]} {d}" for d in DIRECTIONS if d in counts)


def main_review_findings(ev: Evidence, findings: pd.DataFrame, limit: int = 2) -> pd.DataFrame:
    """The review findings that most of these findings support (ties by id)."""
    counts = findings["review_finding"].dropna().value_counts().rename("n").reset_index()
    counts = counts.rename(columns={"review_finding": "review_id"})
    merged = counts.merge(ev.review_findings, on="review_id")
    return merged.sort_values(["n", "review_id"], ascending=[False, True], kind="stable").head(limit)


def era_overview(ev: Evidence, era: str) -> pd.DataFrame:
    """One row per model of the era: years, functions held, findings and confidence."""
    function_labels = ev.functions.set_index("function")["label"]
    rows = []
    for _, model in era_models(ev, era).iterrows():
        findings = ev.findings[ev.findings["model"] == model["model"]]
        held = ev.allocation[ev.allocation["model"] == model["model"]]["function"]
        held = [function_labels[f] for f in ev.functions["function"] if f in set(held)]
        main = main_review_findings(ev, findings)
        rows.append({
            "model": model["model"], "Model": model["label"], "Years": years(model),
            "Functions held": held, "findings": len(findings), "sources": findings["source"].nunique(),
            "Direction of findings": direction_counts(findings),
            "review_ids": list(main["review_id"]), "confidence": list(main["confidence"]),
        })
    return pd.DataFrame(rows)


def era_table(ev: Evidence, era: str, prefix: str) -> Markdown:
    """The era table as MyST: each model links to its findings, each main
    finding to its review finding and confidence."""
    overview = era_overview(ev, era)
    statements = ev.review_findings.set_index("review_id")["statement"]
    header = ["Model", "Years", "Functions it held", "Evidence", "Direction of findings",
              "Main review findings (confidence)"]
    lines = [":::{list-table}", ":header-rows: 1", ":widths: 14 8 18 10 14 36", ":class: era-table", ""]
    lines += ["* - " + header[0]] + [f"  - {h}" for h in header[1:]]
    for _, row in overview.iterrows():
        evidence = (f"{{ref}}`{row['findings']} findings <{group_label(prefix, row['model'])}>`, {row['sources']} sources"
                    if row["findings"] else "none in our data")
        main = " ".join(f"{rf_ref(r)} ({CONFIDENCE_LABELS[c]}): {text(_gist(statements[r]))}"
                        for r, c in zip(row["review_ids"], row["confidence"])) or "—"
        cells = [text(row["Model"]), row["Years"], text("; ".join(row["Functions held"])) or "—", evidence,
                 row["Direction of findings"] or "—", main]
        lines += ["* - " + cells[0]] + [f"  - {c}" for c in cells[1:]]
    lines.append(":::")
    return Markdown("\n".join(lines) + "\n")


def _gist(statement: str, limit: int = 25) -> str:
    """The opening of a review finding: its first sentence, cut to a readable length."""
    match = re.match(r"(.+?\.)(\s|$)", statement)
    sentence = match.group(1) if match else statement
    words = sentence.split()
    return sentence if len(words) <= limit else " ".join(words[:limit]).rstrip(",;:") + " …"


REGISTER_SAMPLE = 8  # findings shown per group; the findings register page lists them all
SOURCES_SHOWN = 8  # sources cited per review finding; the register lists the rest


def register_sample(members: pd.DataFrame, rank: pd.Series, size: int) -> pd.DataFrame:
    """At most ``size`` findings, taking each direction in turn (so null and negative
    findings are shown beside positive ones), those behind the most confident review
    findings first, then by id; listed in that order."""
    ordered = members.assign(_rank=members["review_finding"].map(rank).fillna(0)).sort_values(
        ["_rank", "finding_id"], ascending=[False, True])
    queues = [list(ordered.index[ordered["direction"] == d]) for d in DIRECTIONS]
    queues.append(list(ordered.index[~ordered["direction"].isin(DIRECTIONS)]))
    picked: list = []
    while len(picked) < size and any(queues):
        for queue in queues:
            if queue and len(picked) < size:
                picked.append(queue.pop(0))
    return ordered.loc[picked]


def findings_register(ev: Evidence, findings: pd.DataFrame, by: str, groups: dict[str, str], prefix: str,
                      sample: int = REGISTER_SAMPLE) -> Markdown:
    """For each group (model, system or site, in the order of ``groups``): how many
    findings and sources, in which directions, and a sample of at most ``sample``
    findings (those behind the most confident review findings first), each with
    its anchor, source, locator and review finding. The page stays the same size
    as the evidence grows; the findings register page lists every finding."""
    from .register import register_anchor, source_labels
    function_labels = ev.functions.set_index("function")["label"]
    rank = ev.review_findings.set_index("review_id")["confidence"].map(
        {"high": 4, "moderate": 3, "low": 2, "very_low": 1})
    samples = {group: register_sample(findings[findings[by] == group], rank, sample) for group in groups}
    # Each finding links to the copy we read, labelled as the text cites it (not a citation).
    labels = source_labels(ev, {k for shown in samples.values() for k in shown["source"]})
    parts = []
    for group, label in groups.items():
        members = findings[findings[by] == group]
        if members.empty:
            continue
        n, shown = len(members), samples[group]
        everything = register_anchor(f"all {n} in the findings register" if n > len(shown)
                                     else "the findings register", **{by: group})
        parts.append(f"({group_label(prefix, group)})=\n### {text(label)}\n\n"
                     f"{n} {'finding' if n == 1 else 'findings'} from {members['source'].nunique()} "
                     f"{'source' if members['source'].nunique() == 1 else 'sources'} "
                     f"({direction_counts(members)}). "
                     + (f"The {len(shown)} below take each direction in turn, those behind the most confident "
                        f"review findings first; see {everything}.\n"
                        if n > len(shown) else f"All are below, and in {everything}.\n"))
        for f in shown.itertuples(index=False):
            supports = f" Supports {rf_ref(f.review_finding)}." if isinstance(f.review_finding, str) else ""
            parts.append(
                f"({finding_label(prefix, f.finding_id)})=\n"
                f"**{f.finding_id}** · {function_labels[f.function]} · {f.direction}. {text(f.finding)} "
                f'<a href="{html.escape(f.url, quote=True)}">{text(labels[f.source])}</a>, {text(f.locator)}.{supports}\n')
    return Markdown("\n".join(parts))


def era_register(ev: Evidence, era: str, prefix: str) -> Markdown:
    models = era_models(ev, era)
    return findings_register(ev, era_findings(ev, era), "model", dict(zip(models["model"], models["label"])), prefix)


def review_links(ev: Evidence, review_ids: list[str]) -> Markdown:
    """The review findings a passage rests on, with their confidence."""
    reviews = ev.review_findings.set_index("review_id")
    unknown = [r for r in review_ids if r not in reviews.index]
    if unknown or not review_ids:
        raise ValueError(f"unknown review findings {unknown}")
    links = "; ".join(f"{rf_ref(r)}, {CONFIDENCE_LABELS[reviews.loc[r, 'confidence']]} confidence" for r in review_ids)
    return Markdown(f"*Review findings behind this theme: {links}.*\n")


def key_messages(ev: Evidence, messages: list[tuple[str, list[str]]]) -> Markdown:
    """A key-messages box: each message with the review findings it rests on
    and their confidence, taken from the data."""
    reviews = ev.review_summary.set_index("review_id")
    items = []
    for message, review_ids in messages:
        missing = [r for r in review_ids if r not in reviews.index]
        if missing or not review_ids:
            raise ValueError(f"key message {message[:40]!r}: unknown review findings {missing}")
        evidence = "; ".join(
            f"{rf_ref(r)}, {CONFIDENCE_LABELS[reviews.loc[r, 'confidence']]} confidence" for r in review_ids)
        items.append(f"- {message} *Evidence: {evidence}.*")
    return Markdown(":::{admonition} Key messages\n:class: key-messages\n" + "\n".join(items) + "\n:::\n")


def first_day(date: str) -> str:
    """A partial date (a year, or a year and month) drawn at its first day."""
    return {4: f"{date}-01-01", 7: f"{date}-01"}.get(len(date), date)


def timeline_data(ev: Evidence, systems: list[str], start: int, end: int) -> pd.DataFrame:
    events = ev.events[ev.events["system"].isin(systems)]
    year = events["date"].str[:4].astype(int)
    events = events[(year >= start) & (year <= end)]
    labels = ev.jurisdictions.set_index("system")["label"]
    return pd.DataFrame({
        "Date": events["date"].map(first_day), "Date given": events["date"], "System": events["system"].map(labels),
        "Kind": events["kind"],
        "Event": events["event"], "Source": events["source"], "Id": events["event_id"],
    }).reset_index(drop=True)


def bodies_data(ev: Evidence, start: int, end: int) -> pd.DataFrame:
    """Counts of English commissioning and planning bodies by date (the first
    source listed where several give the same type and date)."""
    orgs = ev.organisations
    orgs = orgs[(orgs["system"] == "england") & orgs["org_type"].isin(ORG_LABELS)
                & (orgs["org_type"] != "gp_fundholding_practice")]  # thousands of practices: another scale
    year = orgs["date"].str[:4].astype(int)
    orgs = orgs[(year >= start) & (year <= end)].assign(Date=lambda o: o["date"].map(first_day))
    orgs = orgs.drop_duplicates(["org_type", "Date"]).sort_values(["org_type", "Date"], kind="stable")
    return pd.DataFrame({"Body": orgs["org_type"].map(ORG_LABELS), "Date": orgs["Date"], "Date given": orgs["date"],
                         "Number": orgs["count"].astype(int), "Source": orgs["source"]}).reset_index(drop=True)


COMPONENTS = [("methodological_limitations", "Methodological limitations"), ("coherence", "Coherence"),
              ("adequacy", "Adequacy"), ("relevance", "Relevance")]


def review_findings_page(ev: Evidence) -> Markdown:
    """Every review finding with its GRADE-CERQual assessment and the sources
    behind it; counts are derived from the findings that support it."""
    from .register import register_anchor, source_labels
    summary = ev.review_summary
    functions = ev.functions.sort_values("order")
    supporting = ev.findings.dropna(subset=["review_finding"]).groupby("review_finding")["source"].value_counts()
    named_by_rf = {rf: counts.droplevel(0).rename_axis("key").reset_index().sort_values(
        ["count", "key"], ascending=[False, True]) for rf, counts in supporting.groupby(level=0)}
    labels = source_labels(ev, {k for behind in named_by_rf.values() for k in behind["key"].head(SOURCES_SHOWN)})
    parts = []
    for function, label in zip(functions["function"], functions["label"]):
        group = summary[summary["function"] == function].sort_values("review_id")
        if group.empty:
            continue
        parts.append(f"## {text(label)}\n")
        for r in group.itertuples(index=False):
            behind = named_by_rf.get(r.review_id, pd.DataFrame({"key": [], "count": []}))
            named = behind.head(SOURCES_SHOWN).sort_values("key")
            more = len(behind) - len(named)
            # Links into the register, not citations: the list of works cited stays the text's own.
            sources = "; ".join(
                register_anchor(text(labels[k]), review_finding=r.review_id, source=k)
                for k in named["key"])
            rest = f"; and {more} more, those contributing fewest findings" if more else ""
            rows = "\n".join(f"| {name} | {text(getattr(r, field).replace('_', ' '))} | {text(getattr(r, field + '_explanation'))} |"
                             for field, name in COMPONENTS)
            parts.append(
                f"({rf_label(r.review_id)})=\n### {r.review_id}: {CONFIDENCE_LABELS[r.confidence]} confidence\n\n"
                f"{text(r.statement)}\n\n"
                f"*Why {CONFIDENCE_LABELS[r.confidence]} confidence:* {text(r.confidence_explanation)}\n\n"
                f"| Component | Concerns | Explanation |\n|---|---|---|\n{rows}\n\n"
                f"Rests on {register_anchor(f'{r.n_findings} findings', review_finding=r.review_id)} "
                f"from {r.n_sources} sources: {sources}{rest}.\n")
    return Markdown("\n".join(parts))


def confidence_counts(ev: Evidence) -> pd.DataFrame:
    counts = ev.review_findings["confidence"].value_counts()
    return pd.DataFrame({"Confidence": [CONFIDENCE_LABELS[c] for c in CONFIDENCE_ORDER],
                         "Review findings": [int(counts.get(c, 0)) for c in CONFIDENCE_ORDER]})


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
    return {"findings": len(findings), "sources": findings["source"].nunique(),
            "models": findings["model"].nunique(), "review_findings": len(reviews)}


def confidence_glue(ev: Evidence) -> dict[str, int]:
    """Review findings at each confidence level, named n_rf_<level> for glueing into prose."""
    counts = confidence_counts(ev)
    return {f"n_rf_{level.replace(' ', '_')}": int(n) for level, n in zip(counts["Confidence"], counts["Review findings"])}
