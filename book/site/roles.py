"""MyST roles that write what the data know into authored prose.

``{rf}`RF-47``` becomes "RF-47, low confidence", RF-47 linking to the review finding:
prose in Markdown can name the review findings it rests on while their confidence
comes from data/review_findings.csv. An unknown id is an error, which fails the build."""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxRole

from ..data.evidence import load
from ..render.links import rf_label
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


def setup(app: Sphinx) -> None:
    app.add_role("rf", ReviewFindingRole())
