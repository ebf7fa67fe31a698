"""Review findings as the book shows them: the page of every review finding with its
GRADE-CERQual assessment, and counts by confidence. (Prose names the review findings it
rests on with the {rf} role, book/site/roles.py.)"""

from __future__ import annotations

import pandas as pd
from IPython.display import Markdown

from ..data.evidence import Evidence
from ..render.links import register_anchor, rf_label
from ..render.sources import source_labels
from ..render.text import text
from ..vocab.labels import confidence_label, confidence_levels

SOURCES_SHOWN = 8  # sources named per review finding; the findings register lists the rest
COMPONENTS = [
    ("methodological_limitations", "Methodological limitations"),
    ("coherence", "Coherence"),
    ("adequacy", "Adequacy"),
    ("relevance", "Relevance"),
]


def review_findings_page(ev: Evidence) -> Markdown:
    """Every review finding with its GRADE-CERQual assessment and the sources
    behind it; counts are derived from the findings that support it."""
    summary = ev.review_summary
    functions = ev.functions.sort_values("order")
    supporting = ev.findings.dropna(subset=["review_finding"]).groupby("review_finding")["source"].value_counts()
    named_by_rf = {
        rf: counts.droplevel(0).rename_axis("key").reset_index().sort_values(["count", "key"], ascending=[False, True])
        for rf, counts in supporting.groupby(level=0)
    }
    labels = source_labels(ev, {k for behind in named_by_rf.values() for k in behind["key"].head(SOURCES_SHOWN)})
    parts = []
    for function, label in zip(functions["function"], functions["label"], strict=False):
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
                register_anchor(text(labels[k]), review_finding=r.review_id, source=k) for k in named["key"]
            )
            rest = f"; and {more} more, those contributing fewest findings" if more else ""
            rows = "\n".join(
                f"| {name} | {text(getattr(r, field).replace('_', ' '))} | {text(getattr(r, field + '_explanation'))} |"
                for field, name in COMPONENTS
            )
            parts.append(
                f"({rf_label(r.review_id)})=\n### {r.review_id}: {confidence_label(r.confidence)} confidence\n\n"
                f"{text(r.statement)}\n\n"
                f"*Why {confidence_label(r.confidence)} confidence:* {text(r.confidence_explanation)}\n\n"
                f"| Component | Concerns | Explanation |\n|---|---|---|\n{rows}\n\n"
                f"Rests on {register_anchor(f'{r.n_findings} findings', review_finding=r.review_id)} "
                f"from {r.n_sources} sources: {sources}{rest}. Of these findings, {r.n_checked} were checked "
                f"against the words of their source ({{ref}}`how <methods-checking>`).\n"
            )
    return Markdown("\n".join(parts))


def retired_ids(ev: Evidence) -> Markdown:
    """Why the numbering of review findings has gaps: the ids not in use, each with its reason."""
    retired = ev.retired_review_findings.sort_values("review_id")
    if retired.empty:
        return Markdown("Review-finding ids run without gaps.\n")
    lines = [f"- **{r.review_id}**: {text(r.reason)}" for r in retired.itertuples(index=False)]
    highest = max(ev.review_findings["review_id"])
    return Markdown(
        f"Review-finding ids run from RF-01 to {highest}, and are never reused, so that a link to a "
        f"review finding always leads to the same statement. These ids are not in use:\n\n" + "\n".join(lines) + "\n"
    )


def confidence_counts(ev: Evidence) -> pd.DataFrame:
    counts = ev.review_findings["confidence"].value_counts()
    return pd.DataFrame(
        {
            "Confidence": [confidence_label(c) for c in confidence_levels()],
            "Review findings": [int(counts.get(c, 0)) for c in confidence_levels()],
        }
    )


def confidence_glue(ev: Evidence) -> dict[str, int]:
    """Review findings at each confidence level, named n_rf_<level> for glueing into prose."""
    counts = confidence_counts(ev)
    return {
        f"n_rf_{level.replace(' ', '_')}": int(n)
        for level, n in zip(counts["Confidence"], counts["Review findings"], strict=True)
    }
