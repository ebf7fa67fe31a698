"""The evidence pages: one per commissioning function and per health system, written from
the data, bounded in what they show, and reached from the gap map, synthesis and appendix."""

from __future__ import annotations

import re

import pytest

from book.chapters import evidence_pages
from book.data.evidence import load
from book.site.evidence_pages import stub_files

from support import ROOT


def test_every_function_and_system_has_its_page_and_no_other():
    wanted = stub_files(ROOT)
    present = {*ROOT.glob("chapters/function-*.md"), *ROOT.glob("chapters/system-*.md")}
    assert present == set(wanted), "run `python -m book pages` to write the evidence pages from the data"
    for path, content in wanted.items():
        assert path.read_text(encoding="utf-8") == content, path.name


def test_a_page_shows_its_review_findings_figures_chart_and_a_bounded_sample():
    ev = load(ROOT)
    text = evidence_pages.page(ev, "function", "priority_setting")
    own = ev.review_findings.loc[ev.review_findings["function"] == "priority_setting", "review_id"]
    assert all(f"{{ref}}`{rid} " in text for rid in own)
    assert "book-chart-spec" in text and "Headline figures" in text
    shown = set(re.findall(r"^\*\*([A-Z]{2}-\d{3})\*\*", text, re.M))
    members = set(ev.findings.loc[ev.findings["function"] == "priority_setting", "finding_id"])
    assert shown and shown <= members and len(shown) <= evidence_pages.PAGE_FINDINGS


def test_an_unknown_code_has_no_page():
    with pytest.raises(KeyError):
        evidence_pages.page(load(ROOT), "function", "astrology")


@pytest.mark.slow
def test_pages_are_reached_from_the_gap_map_synthesis_and_appendix(site):
    for page in ("evidence-map", "synthesis", "data"):
        html = (site / "chapters" / f"{page}.html").read_text(encoding="utf-8")
        assert 'href="function-05-procurement.html' in html, page
    appendix = (site / "chapters" / "data.html").read_text(encoding="utf-8")
    assert 'href="system-02-scotland.html' in appendix
    for path in [*site.glob("chapters/function-*.html"), *site.glob("chapters/system-*.html")]:
        html = path.read_text(encoding="utf-8")
        assert html.count('class="book-excerpt"') <= evidence_pages.PAGE_FINDINGS, path.name
        assert "book-chart-spec" in html, path.name
