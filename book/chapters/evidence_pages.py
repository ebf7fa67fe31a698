"""Evidence pages generated from the data: one per commissioning function and one per health
system, each with its review findings and their confidence, headline figures, a chart of its
findings over time by direction of effect, and a bounded sample of findings linking to the
findings register. Everything shown is bounded, so pages keep their size as evidence grows."""

from __future__ import annotations

import html

import altair as alt
import pandas as pd

from ..data.evidence import Evidence
from ..render import figures
from ..render.links import register_anchor, register_link, rf_ref
from ..render.quantities import period, with_bounds
from ..render.sources import publication_url, source_labels
from ..render.text import gist, plural, text
from ..vocab.labels import STRONG_DOC_TYPES, directions
from .samples import direction_counts, sampled_findings

KINDS = ("function", "system")
MULTI_COUNTRY = "multi_country"  # findings spanning several systems: not a system with a page of its own
PAGE_FINDINGS = 10  # findings listed per page; the findings register lists them all
PAGE_FIGURES = 8  # headline figures per page
PAGE_REVIEWS = 8  # review findings listed per system page (a function page lists all of its own)
DIRECTION_COLOURS = ["#009E73", "#E69F00", "#666666", "#D55E00", "#BBBBBB"]  # positive … unclear


def page_codes(ev: Evidence, kind: str) -> list[str]:
    """The codes that get a page, in the order readers meet them elsewhere in the book."""
    if kind == "function":
        return list(ev.functions.sort_values("order")["function"])
    present = set(ev.findings["system"]) - {MULTI_COUNTRY}
    return [s for s in ev.systems["system"] if s in present]


def docname(kind: str, code: str, ev: Evidence) -> str:
    """The page's file name (without suffix): its kind, its place in the order, its code."""
    return f"{kind}-{page_codes(ev, kind).index(code) + 1:02d}-{code.replace('_', '-')}"


def title(ev: Evidence, kind: str, code: str) -> str:
    return f"{ev.label(kind, code)}: the evidence"


def _findings(ev: Evidence, kind: str, code: str) -> pd.DataFrame:
    designs = ev.sources.set_index("key")["doc_type"]
    f = ev.findings[ev.findings[kind] == code]
    return f.assign(strong=f["source"].map(designs).isin(STRONG_DOC_TYPES))


def overview(ev: Evidence, kind: str, code: str, f: pd.DataFrame) -> str:
    other = "system" if kind == "function" else "function"
    spread = f.groupby(other)["source"].nunique().sort_values(ascending=False, kind="stable")
    listed = "; ".join(f"{text(ev.label(other, c))} {n}" for c, n in spread.items())
    lead = text(ev.functions.set_index("function").loc[code, "description"]) + " " if kind == "function" else ""
    strong = round(100 * f["strong"].mean()) if len(f) else 0
    everything = register_anchor("the findings register", **{kind: code})
    topic = ev.label(kind, code).lower() if kind == "function" else ev.label(kind, code)
    by = "health system" if other == "system" else "function"
    return (
        f"{lead}The review holds {plural(len(f), 'finding')} on {text(topic)} from "
        f"{plural(f['source'].nunique(), 'source')} ({direction_counts(f)}); {strong}% of the findings come from "
        "peer-reviewed studies, evaluations, audits, official statistics or systematic reviews. "
        f"Sources by {by}: {listed}. Every finding is in {everything}.\n"
    )


def review_list(ev: Evidence, kind: str, code: str, f: pd.DataFrame) -> str:
    support = f["review_finding"].dropna().value_counts()
    reviews = ev.review_findings.set_index("review_id")
    if kind == "function":
        ids = sorted(set(reviews.index[reviews["function"] == code]) | set(support.index))
    else:
        ids = list(support.sort_values(ascending=False, kind="stable").index[:PAGE_REVIEWS])
    if not ids:
        return "No review finding rests on this evidence yet.\n"
    lines = [
        f"- {rf_ref(rid)} ({text(reviews.loc[rid, 'confidence'].replace('_', ' '))} confidence; "
        f"{plural(int(support.get(rid, 0)), 'finding')} here): {text(gist(reviews.loc[rid, 'statement'], 40))}"
        for rid in ids
    ]
    more = (
        ""
        if kind == "function" or len(support) <= PAGE_REVIEWS
        else (
            f"\nThe {len(ids)} review findings most supported here are listed; "
            f"{len(support) - len(ids)} more draw on this system's findings.\n"
        )
    )
    return "\n".join(lines) + "\n" + more


def headline_figures(ev: Evidence, f: pd.DataFrame) -> pd.DataFrame:
    """At most PAGE_FIGURES results of these findings: from strong sources first, then those read
    in the source's own words, then the most recent."""
    r = ev.results.merge(f[["finding_id", "source", "strong"]], on="finding_id")
    if r.empty:
        return r
    r = r.assign(read=r["seen_in"] == "excerpt", when=r["period_start"].fillna("").astype(str))
    r = r.sort_values(["strong", "read", "when", "result_id"], ascending=[False, False, False, True], kind="stable")
    # One figure per finding before a second from any, so the table spans the evidence.
    r = r.assign(turn=r.groupby("finding_id").cumcount()).sort_values("turn", kind="stable")
    return r.head(PAGE_FIGURES)


def figures_table(ev: Evidence, r: pd.DataFrame) -> str:
    labels = source_labels(ev, set(r["source"]))
    rows = pd.DataFrame(
        {
            "Figure": [with_bounds(x.value, x.lower, x.upper, x.unit) for x in r.itertuples()],
            "What is measured": [
                f"{m} ({p})" if isinstance(p, str) and p else m for m, p in zip(r["measure"], r["place"], strict=True)
            ],
            "When": [period(x.period_start, x.period_end, x.precision) for x in r.itertuples()],
            "Source": [
                f'<a href="{html.escape(publication_url(ev.bib[k]), quote=True)}">{html.escape(labels[k])}</a>'
                for k in r["source"]
            ],
            "Finding": r["finding_id"],
        }
    )
    return figures.html_table(
        rows,
        raw=("Source",),
        links={"Finding": lambda fid: register_link(id=fid)},
        caption="Headline figures",
        label="Headline figures",
    )


def over_time(ev: Evidence, f: pd.DataFrame, name: str, label: str) -> str:
    """Findings by the last year their evidence covers, stacked by direction of effect."""
    years = f["source"].map(ev.sources.set_index("key")["period_end"]).astype("Int64")
    order = list(directions())
    data = (
        pd.DataFrame({"Year": years, "Direction": f["direction"]})
        .dropna()
        .value_counts()
        .rename("Findings")
        .reset_index()
        .sort_values(["Year", "Direction"], key=lambda s: s.map(order.index) if s.name == "Direction" else s)
    )
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("Year:O", title="Last year the evidence covers"),
            y=alt.Y("Findings:Q", title="Findings"),
            color=alt.Color(
                "Direction:N",
                sort=order,
                scale=alt.Scale(domain=order, range=DIRECTION_COLOURS),
                legend=alt.Legend(orient="bottom", title="Direction of effect"),
            ),
            order=alt.Order("Direction:N"),
            tooltip=["Year:O", "Direction:N", "Findings:Q"],
        )
        .properties(width=560, height=220)
    )
    description = (
        f"Stacked bars: the number of findings on {label.lower() if name.startswith('function') else label} "
        "in each year that their sources' evidence runs to, split by direction of effect."
    )
    return figures.figure(
        chart, data, name=name, caption=f"Findings over time by direction of effect: {label}", description=description
    ).data


def page(ev: Evidence, kind: str, code: str) -> str:
    """The whole page as MyST: title, overview, review findings, figures, chart, findings."""
    if kind not in KINDS or code not in page_codes(ev, kind):
        raise KeyError(f"no {kind} {code!r} with findings")
    f = _findings(ev, kind, code)
    label = ev.label(kind, code)
    name = f"{kind}-{code.replace('_', '-')}"
    r = headline_figures(ev, f)
    parts = [
        f"# {text(title(ev, kind, code))}\n",
        overview(ev, kind, code, f),
        "## Review findings\n",
        review_list(ev, kind, code, f),
        "## Headline figures\n",
        (figures_table(ev, r) + "\n") if len(r) else "The findings here state no figures.\n",
        "## Findings over time\n",
        over_time(ev, f, name, label) + "\n",
        "## Findings\n",
        sampled_findings(ev, f, by=kind, groups={code: label}, prefix=f"ev-{name}", sample=PAGE_FINDINGS).data,
    ]
    return "\n".join(parts)


def page_ref(ev: Evidence, kind: str, code: str) -> str:
    """A MyST link to the evidence page of one function or system, named by its label."""
    return f"{{doc}}`{text(ev.label(kind, code))} <{docname(kind, code, ev)}>`"


def page_href(ev: Evidence, kind: str, code: str) -> str | None:
    """The address of that page from a chapter page, for links in HTML tables (None: no page)."""
    return f"{docname(kind, code, ev)}.html" if code in page_codes(ev, kind) else None


def links(ev: Evidence, kind: str) -> str:
    """An HTML list linking to every evidence page of one kind (plain links, so that a page
    listing them builds in a book without them, as the tests' small books are)."""
    items = "".join(
        f'<li><a href="{page_href(ev, kind, c)}">{html.escape(ev.label(kind, c))}</a></li>'
        for c in page_codes(ev, kind)
    )
    return f'<ul class="book-page-list">{items}</ul>'


def all_links(ev: Evidence) -> str:
    """Every evidence page, by function and then by health system, as the data appendix lists them."""
    return (
        "<p><strong>By commissioning function</strong></p>"
        + links(ev, "function")
        + "<p><strong>By health system</strong></p>"
        + links(ev, "system")
    )


def stub(kind: str, code: str) -> str:
    """The source file of an evidence page: only the directive that writes it from the data."""
    return (
        "% Written by `python -m book pages` from the data; edit the data, not this file.\n"
        f"```{{book-evidence-page}} {kind} {code}\n```\n"
    )
