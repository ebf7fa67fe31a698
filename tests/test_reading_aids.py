"""Reading aids as a reader meets them: glossary terms and citation previews shown on hover
and on keyboard focus, hidden by Escape, offline; and the glossary's rules."""

from __future__ import annotations

import pandas as pd
import pytest

from book.chapters.glossary import forms, unexplained
from book.data.evidence import load

from support import ROOT, check_page, open_page


def test_an_acronym_without_an_entry_is_reported():
    known = forms(load(ROOT))
    assert unexplained("The PCTs and the ZQXW board met the ICB.", known, set()) == ["ZQXW"]
    assert unexplained("Findings EA-001 and RF-12 and COVID-19.", known, set()) == []


def test_plurals_and_aliases_lead_to_their_term():
    known = forms(load(ROOT))
    assert known["CCGs"] == "CCG" and known["GRADE-CERQual"] == "CERQual"


@pytest.mark.slow
def test_glossary_page_lists_every_entry(site):
    page = (site / "chapters" / "glossary.html").read_text(encoding="utf-8")
    terms = pd.read_csv(ROOT / "data" / "glossary.csv")["term"]
    missing = [t for t in terms if f">{t}<" not in page]
    assert not missing, missing


@pytest.mark.slow
def test_glossary_term_shows_its_definition_on_focus_and_escape_hides_it(browser, server):
    context, page, external, errors = open_page(browser, f"{server}/chapters/english-since-2013.html")
    try:
        term = page.locator("a.book-term:visible").first
        tip = page.locator(f"#{term.get_attribute('aria-describedby')}")
        assert tip.is_hidden()
        term.focus()
        tip.wait_for(state="visible", timeout=3000)
        entry = pd.read_csv(ROOT / "data" / "glossary.csv").set_index("term")
        assert any(d[:40] in tip.inner_text() for d in entry["definition"])
        page.keyboard.press("Escape")
        tip.wait_for(state="hidden", timeout=3000)
        term.hover()  # pointing again shows it
        tip.wait_for(state="visible", timeout=3000)
        check_page(page, external, errors)
    finally:
        context.close()


@pytest.mark.slow
def test_citation_preview_shows_the_full_reference_with_its_link(browser, server):
    context, page, external, errors = open_page(browser, f"{server}/chapters/synthesis.html")
    try:
        citation = page.locator(".book-cite > a.reference").first
        citation.focus()
        tip = page.locator(f"#{citation.get_attribute('aria-describedby')}")
        tip.wait_for(state="visible", timeout=3000)
        tip.locator("a[href^='http']").wait_for(state="attached", timeout=3000)
        assert len(tip.inner_text()) > 40, tip.inner_text()
        page.keyboard.press("Tab")  # into the preview's link: the preview stays open
        assert tip.is_visible()
        page.keyboard.press("Escape")
        tip.wait_for(state="hidden", timeout=3000)
        check_page(page, external, errors)
    finally:
        context.close()
