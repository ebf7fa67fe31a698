"""The bibliography as the book shows it: the build reads a copy of references.bib
holding only the works the pages can cite, with lettered years (2018a, 2018b; n.d.-a)
for works sharing an author-year label; and the citation list gets valid ARIA roles."""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

from ..data import paths
from ..data.bib import citable_copy, cited_keys, year_suffixes
from ..data.errors import DataError
from ..data.evidence import Evidence, checked
from ..data.rules import RESULT_ROLE
from .assets import write_if_changed

# Tables whose rows the chapters show with a citation of their source (and the glossary).
CITED_TABLES = ("events", "organisations", "system_attributes", "site_attributes", "allocation")


def citable_keys(root: Path, ev: Evidence) -> set[str]:
    """What the pages can cite: keys cited in the chapters (text and stored outputs) and
    the sources of the tables that chapters quote with citations. Findings are never
    cited from data, so the works the build reads stay those of the text however many
    sources the review includes."""
    keys: set[str] = set()
    cited_results: set[str] = set()
    for path in sorted(paths.chapters_dir(root).glob("*")):
        if path.suffix in (".md", ".ipynb"):
            text = path.read_text(encoding="utf-8").replace('\\"', '"').replace("\\n", "\n")
            keys.update(cited_keys(text))
            cited_results.update(RESULT_ROLE.findall(text))
    for name in CITED_TABLES:
        keys.update(ev.tables[name].frame["source"].dropna())
    keys.update(ev.sites["study"].dropna())
    keys.update(k for keys_ in ev.glossary["source"].dropna() for k in keys_.split(";"))  # cited by the glossary
    # Results written into the prose by the {result} role are cited with their sources.
    keys.update(ev.result_sources[[r for r in sorted(cited_results) if r in ev.result_sources.index]])
    return keys


def use_citable_copy(app: Sphinx, config) -> None:
    """Point sphinxcontrib-bibtex at the copy; the file itself, and the published data,
    keep the true years."""
    root = Path(app.srcdir)
    try:
        ev = checked(root)
    except DataError:  # `book check` reports the problems; build from the file as it is
        return
    text = citable_copy(paths.bib_path(root).read_text(encoding="utf-8"), citable_keys(root, ev), year_suffixes(ev.bib))
    target = root / "_build" / "bib" / "references.bib"
    write_if_changed(target, text)
    config.bibtex_bibfiles = [str(target.relative_to(root))]


def fix_citation_list_role(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """docutils marks the list of citations role="list", whose children must then be
    list items; they are bibliography entries (role="doc-biblioentry"), so drop the list role."""
    body = context.get("body", "")
    if 'role="list" class="citation-list"' in body:
        context["body"] = body.replace('<div role="list" class="citation-list">', '<div class="citation-list">')


def setup(app: Sphinx) -> None:
    app.connect("config-inited", use_citable_copy)
    app.connect("html-page-context", fix_citation_list_role)
