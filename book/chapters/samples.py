"""A chapter's bounded sample of findings per model, system or site: counts, the
directions found, and at most a few findings each, linking to the findings register
for the rest, so that pages keep their size as the evidence grows."""

from __future__ import annotations

import html

import pandas as pd
from IPython.display import Markdown

from ..data.evidence import Evidence
from ..render.links import finding_label, group_label, register_anchor, rf_ref
from ..render.sources import publication_url, source_labels
from ..render.text import text
from ..vocab.labels import confidence_rank, directions


def direction_counts(findings: pd.DataFrame) -> str:
    counts = findings["direction"].value_counts()
    return ", ".join(f"{counts[d]} {d}" for d in directions() if d in counts)


def main_review_findings(ev: Evidence, findings: pd.DataFrame, limit: int = 2) -> pd.DataFrame:
    """The review findings that most of these findings support (ties by id)."""
    counts = findings["review_finding"].dropna().value_counts().rename("n").reset_index()
    counts = counts.rename(columns={"review_finding": "review_id"})
    merged = counts.merge(ev.review_findings, on="review_id")
    return merged.sort_values(["n", "review_id"], ascending=[False, True], kind="stable").head(limit)


SAMPLE_SIZE = 8  # findings shown per group; the findings register page lists them all


def findings_sample(members: pd.DataFrame, rank: pd.Series, size: int) -> pd.DataFrame:
    """At most ``size`` findings, taking each direction in turn (so null and negative
    findings are shown beside positive ones), those behind the most confident review
    findings first, then by id; listed in that order."""
    ordered = members.assign(_rank=members["review_finding"].map(rank).fillna(0)).sort_values(
        ["_rank", "finding_id"], ascending=[False, True]
    )
    queues = [list(ordered.index[ordered["direction"] == d]) for d in directions()]
    queues.append(list(ordered.index[~ordered["direction"].isin(directions())]))
    picked: list = []
    while len(picked) < size and any(queues):
        for queue in queues:
            if queue and len(picked) < size:
                picked.append(queue.pop(0))
    return ordered.loc[picked]


def sampled_findings(
    ev: Evidence, findings: pd.DataFrame, by: str, groups: dict[str, str], prefix: str, sample: int = SAMPLE_SIZE
) -> Markdown:
    """For each group (model, system or site, in the order of ``groups``): how many
    findings and sources, in which directions, and a sample of at most ``sample``
    findings (those behind the most confident review findings first), each with
    its anchor, source, locator and review finding. The page stays the same size
    as the evidence grows; the findings register page lists every finding."""
    function_labels = ev.functions.set_index("function")["label"]
    rank = ev.review_findings.set_index("review_id")["confidence"].map(confidence_rank)
    samples = {group: findings_sample(findings[findings[by] == group], rank, sample) for group in groups}
    # Each finding links to the copy we read, labelled as the text cites it (not a citation).
    labels = source_labels(ev, {k for shown in samples.values() for k in shown["source"]})
    parts = []
    for group, label in groups.items():
        members = findings[findings[by] == group]
        if members.empty:
            continue
        n, shown = len(members), samples[group]
        everything = register_anchor(
            f"all {n} in the findings register" if n > len(shown) else "the findings register", **{by: group}
        )
        parts.append(
            f"({group_label(prefix, group)})=\n### {text(label)}\n\n"
            f"{n} {'finding' if n == 1 else 'findings'} from {members['source'].nunique()} "
            f"{'source' if members['source'].nunique() == 1 else 'sources'} "
            f"({direction_counts(members)}). "
            + (
                f"The {len(shown)} below take each direction in turn, those behind the most confident "
                f"review findings first; see {everything}.\n"
                if n > len(shown)
                else f"All are below, and in {everything}.\n"
            )
        )
        for f in shown.itertuples(index=False):
            supports = f" Supports {rf_ref(f.review_finding)}." if isinstance(f.review_finding, str) else ""
            publication = html.escape(publication_url(ev.bib[f.source]), quote=True)
            parts.append(
                f"({finding_label(prefix, f.finding_id)})=\n"
                f"**{f.finding_id}** · {function_labels[f.function]} · {f.direction}. {text(f.finding)} "
                f'<a href="{publication}">{text(labels[f.source])}</a>, {text(f.locator)}.{supports}\n\n'
                f"{source_words(f)}\n"
            )
    return Markdown("\n".join(parts))


NOT_FOUND = {
    "locator_only": "The supporting passage was not found again in the copies we could read",
    "not_recoverable": "No copy of this source could be found again",
}


def source_words(f) -> str:
    """The source's own words in quotation marks with the copy they were read in, or why
    they are missing (an HTML block: nothing in it is read as markup)."""
    if isinstance(f.excerpt, str) and f.excerpt:
        return (
            f'<blockquote class="book-excerpt">\u201c{html.escape(f.excerpt)}\u201d '
            f'<a href="{html.escape(f.read_at, quote=True)}">The copy we read</a>.</blockquote>\n'
        )
    why = NOT_FOUND.get(f.verification, "Not yet checked against its source")
    return (
        f'<p class="book-excerpt">{why}, so no excerpt is shown; '
        f'<a href="{html.escape(f.url, quote=True)}">where we first read it</a>.</p>\n'
    )
