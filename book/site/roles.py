"""MyST roles that write what the data know into authored prose; an unknown id is an
error, which fails the build.

- ``{rf}`RF-47``` becomes "RF-47, low confidence", RF-47 linking to the review finding,
  its confidence read from data/review_findings.csv.
- ``{result}`R-0012``` becomes the result's figure in its unit with its source's citation
  ("£213m (National Audit Office, 2018)"); ``{value}`R-0012``` the figure alone, for a
  sentence that cites its source once for several figures (data/results.csv)."""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxRole

from ..data.evidence import load
from ..render.links import rf_label
from ..render.quantities import with_bounds
from ..render.text import text
from ..vocab.labels import confidence_label


class ReviewFindingRole(SphinxRole):
    def run(self):
        review_id = self.text.strip()
        levels = load(Path(self.env.srcdir)).review_findings.set_index("review_id")["confidence"]
        if review_id not in levels.index:
            message = self.inliner.reporter.error(
                f"{{rf}}: no review finding {review_id!r} in data/review_findings.csv", line=self.lineno
            )
            return [self.inliner.problematic(self.rawtext, self.rawtext, message)], [message]
        link = addnodes.pending_xref(
            self.rawtext,
            nodes.inline(review_id, review_id, classes=["xref", "std", "std-ref"]),
            refdomain="std",
            reftype="ref",
            reftarget=rf_label(review_id),
            refexplicit=True,
            refwarn=True,
            refdoc=self.env.docname,
        )
        return [link, nodes.Text(f", {confidence_label(levels[review_id])} confidence")], []


class ResultRole(SphinxRole):
    """A result from data/results.csv, formatted in its unit, cited or not."""

    def __init__(self, cite: bool):
        super().__init__()
        self.cite = cite

    def run(self):
        ev = load(Path(self.env.srcdir))
        results = ev.results.set_index("result_id")
        result_id = self.text.strip()
        if result_id not in results.index:
            message = self.inliner.reporter.error(
                f"{{{self.name}}}: no result {result_id!r} in data/results.csv", line=self.lineno
            )
            return [self.inliner.problematic(self.rawtext, self.rawtext, message)], [message]
        row = results.loc[result_id]
        figure = with_bounds(row["value"], row["lower"], row["upper"], row["unit"])
        if not self.cite:
            return [nodes.Text(figure)], []
        return self.inliner.parse(
            f"{text(figure)} {{cite:p}}`{ev.result_sources[result_id]}`",
            self.lineno,
            None,
            self.inliner.parent if hasattr(self.inliner, "parent") else None,
        )


def setup(app: Sphinx) -> None:
    app.add_role("rf", ReviewFindingRole())
    app.add_role("result", ResultRole(cite=True))
    app.add_role("value", ResultRole(cite=False))
