"""The glossary page and its use across the site.

- ``{book-glossary}`` writes Sphinx's glossary from data/glossary.csv.
- The first use of each term in every other page links to its entry and shows its
  definition on hover and keyboard focus (CSS; ``tips.js`` adds Escape to dismiss).
- An acronym in a page's prose with no glossary entry is a warning, so it fails the build."""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

from docutils import nodes
from docutils.statemachine import StringList
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.domains.std import Glossary
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from ..chapters.glossary import forms, glossary_content, id_prefixes, tip_text, unexplained
from ..data.evidence import load

LOGGER = logging.getLogger(__name__)
# Text inside these is not prose to link or check: names, code, citations and links.
SKIPPED = (
    nodes.reference,
    nodes.literal,
    nodes.FixedTextElement,
    nodes.title,
    nodes.raw,
    nodes.citation,
    nodes.comment,
    nodes.target,
    nodes.term,
    addnodes.pending_xref,
    addnodes.desc,
)
# Pages whose text is not the book's prose: the glossary itself and the list of references.
UNCHECKED = ("glossary", "bibliography")


class GlossaryDirective(SphinxDirective):
    def run(self):
        lines = glossary_content(load(Path(self.env.srcdir)))
        glossary = Glossary(
            "glossary",
            [],
            {},
            StringList(lines, source=self.get_source_info()[0]),
            self.lineno,
            self.content_offset,
            self.block_text,
            self.state,
            self.state_machine,
        )
        return glossary.run()


def prose_texts(doctree):
    """Text nodes of the page's prose, in reading order."""
    for text in list(doctree.findall(nodes.Text)):
        parent, skipped = text.parent, False
        while parent is not None and not skipped:
            skipped = isinstance(parent, SKIPPED)
            parent = parent.parent
        if not skipped:
            yield text


def inside_link(text: nodes.Text) -> bool:
    """Whether ``text`` sits between an ``<a …>`` and its ``</a>`` written as inline HTML, where
    a link of ours would nest one link in another."""
    depth = 0
    for sibling in text.parent.children[: text.parent.index(text)]:
        if isinstance(sibling, nodes.raw):
            depth += len(re.findall(r"<a[\s>]", sibling.astext())) - sibling.astext().count("</a>")
    return depth > 0


def term_link(app: Sphinx, docname: str, form: str, term: str, tip: str) -> nodes.raw:
    todoc, label = app.env.get_domain("std")._terms[term.lower()]
    page = app.builder.get_relative_uri(docname, todoc)
    href = f"{'' if page.startswith('#') else page}#{label}"
    tip_id = f"tip-{label}"
    html = (
        f'<span class="book-tip-anchor"><a class="reference internal book-term" href="{escape(href)}"'
        f' aria-describedby="{tip_id}">{escape(form)}</a>'
        f'<span class="book-tip" role="tooltip" id="{tip_id}">{escape(tip)}</span></span>'
    )
    return nodes.raw("", html, format="html")


def link_first_uses(app: Sphinx, doctree, docname: str) -> None:
    # The site's pages only: the single page the PDF is printed from holds the bibliography too,
    # and tips are for screens.
    if docname.rsplit("/", 1)[-1] in UNCHECKED or app.builder.name != "html":
        return
    ev = load(Path(app.srcdir))
    known = forms(ev)
    registered = app.env.get_domain("std")._terms  # empty in a build without the glossary page
    tips = {row.term: tip_text(row) for row in ev.glossary.itertuples(index=False)}
    pattern = re.compile(
        r"(?<![\w-])(" + "|".join(map(re.escape, sorted(known, key=len, reverse=True))) + r")(?![\w-])"
    )
    linked, ignored, reported = set(), id_prefixes(ev), set()
    for text in prose_texts(doctree):
        for acronym in set(unexplained(text.astext(), known, ignored)) - reported:
            reported.add(acronym)
            LOGGER.warning(
                "%r has no entry in data/glossary.csv", acronym, location=docname, type="book", subtype="glossary"
            )
        pieces, rest = [], text.astext()
        for match in list(pattern.finditer(rest)):
            term = known[match.group(1)]
            if term in linked or term.lower() not in registered or inside_link(text):
                continue
            linked.add(term)
            start = match.start() - (len(text.astext()) - len(rest))
            pieces += [nodes.Text(rest[:start]), term_link(app, docname, match.group(1), term, tips[term])]
            rest = rest[start + len(match.group(1)) :]
        if pieces:
            text.parent.replace(text, [*pieces, nodes.Text(rest)])


def setup(app: Sphinx) -> None:
    app.add_directive("book-glossary", GlossaryDirective)
    app.connect("doctree-resolved", link_first_uses)
