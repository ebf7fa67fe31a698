"""``{book-evidence-page}`` writes a generated evidence page (book/chapters/evidence_pages.py)
for one commissioning function or health system: ``{book-evidence-page} function procurement``."""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import nested_parse_with_titles

from ..chapters.evidence_pages import KINDS, docname, page, page_codes, stub
from ..data.evidence import load


class EvidencePageDirective(SphinxDirective):
    required_arguments = 2

    def run(self):
        kind, code = self.arguments
        try:
            text = page(load(Path(self.env.srcdir)), kind, code)
        except KeyError as exc:
            raise self.error(f"book-evidence-page: {exc.args[0]} in the data") from exc
        holder = nodes.section()
        holder.document = self.state.document
        source = self.get_source_info()[0]
        nested_parse_with_titles(self.state, StringList(text.splitlines(), source=source), holder)
        return holder.children


def setup(app: Sphinx) -> None:
    app.add_directive("book-evidence-page", EvidencePageDirective)


def stub_files(root: Path) -> dict[Path, str]:
    """Each evidence page's source file and its content, from the data."""
    ev = load(root)
    chapters = root / "chapters"
    return {
        chapters / f"{docname(kind, code, ev)}.md": stub(kind, code) for kind in KINDS for code in page_codes(ev, kind)
    }


def write_stubs(root: Path) -> list[Path]:
    """Write the evidence pages' source files and remove those of codes no longer in the data."""
    wanted = stub_files(root)
    for old in [*root.glob("chapters/function-*.md"), *root.glob("chapters/system-*.md")]:
        if old not in wanted:
            old.unlink()
    for path, content in wanted.items():
        if not path.exists() or path.read_text(encoding="utf-8") != content:
            path.write_text(content, encoding="utf-8")
    return sorted(wanted)
