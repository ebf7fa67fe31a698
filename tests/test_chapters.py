"""The report's chapters as authored text: enough prose of our own, enough
distinct sources, every number glued rather than typed, and key messages
that rest on review findings."""

from __future__ import annotations

import json

import pytest

import book
from book.render.text import text
from book.site import prose

from support import ROOT

HISTORY_CHAPTERS = ["english-1991-2013", "english-since-2013"]
# Each report chapter's floor of our own prose (words) and distinct cited sources.
REPORT_CHAPTERS = {
    "english-1991-2013": (2500, 25),
    "english-since-2013": (2500, 25),
    "international": (3000, 30),
    "case-studies": (3000, 25),
    "synthesis": (3000, 40),
}
ALL_NOTEBOOKS = sorted((ROOT / "chapters").glob("*.ipynb"))


@pytest.mark.parametrize("notebook", ALL_NOTEBOOKS, ids=lambda p: p.stem)
def test_prose_types_no_numbers(notebook):
    """Quantities in the prose come from the data through glue, never typed."""
    assert prose.typed_numbers(prose.markdown_cells(notebook)) == []


@pytest.mark.parametrize("chapter", REPORT_CHAPTERS)
def test_chapter_has_enough_prose_and_sources(chapter):
    min_words, min_sources = REPORT_CHAPTERS[chapter]
    markdown = prose.markdown_cells(ROOT / "chapters" / f"{chapter}.ipynb")
    assert prose.words(markdown) >= min_words
    assert len(prose.citations(markdown)) >= min_sources


KEY_MESSAGES = ":::{admonition} Key messages"


@pytest.mark.parametrize("chapter", REPORT_CHAPTERS)
def test_chapter_opens_with_key_messages_on_review_findings(chapter):
    """Each report chapter opens with its key messages, in Markdown, each message naming
    the review findings it rests on (their confidence is written from the data)."""
    cells = json.loads((ROOT / "chapters" / f"{chapter}.ipynb").read_text(encoding="utf-8"))["cells"]
    markdown = ["".join(c["source"]) for c in cells if c["cell_type"] == "markdown"]
    boxes = [i for i, m in enumerate(markdown) if m.startswith(KEY_MESSAGES)]
    assert boxes and boxes[0] <= 1, "key messages come first"
    messages = [line for line in markdown[boxes[0]].splitlines() if line.startswith("- ")]
    assert messages and all("*Evidence: {rf}`RF-" in m for m in messages)


def test_typed_numbers_are_caught_and_names_are_not():
    text = (
        "% findings: EA-001\nIn 2002 the {glue:text}`org_pct_2002` trusts began on 1 April 2002, "
        "in 2018/19 under section 75; RF-12 agrees, on behalf of all.\n1. A list item.\nThere were 303 trusts.\n"
        "Nearly half of them, nine in ten, merged."
    )
    found = prose.typed_numbers(text)
    assert found[0] == "'303' in: There were 303 trusts."
    assert [f.split(" in: ")[0] for f in found[1:]] == ["'half of'", "'nine in ten'"]


def test_data_text_cannot_become_markup():
    assert text("{cite:p}`x` <script>") == r"\{cite:p\}\`x\` \<script\>"


def test_statements_about_gaps_in_the_evidence_hold_for_the_data():
    """The evidence-map page describes its gaps in words; each description is checked
    against the findings, so adding evidence that fills a gap fails here until the
    words are updated."""
    f = book.load(ROOT).findings
    page = prose.prose(prose.markdown_cells(ROOT / "chapters" / "evidence-map.ipynb"))

    def systems(function):
        return set(f.loc[f["function"] == function, "system"])

    def domains(function):
        return set(f.loc[f["function"] == function, "outcome_domain"])

    outside_england = systems("procurement") - {"england"}
    support_domains = domains("clinical_involvement") | domains("commissioning_support")
    canada_sources = f.loc[f["system"] == "canada", "source"].nunique()
    claims = {
        "Commissioning support is almost entirely English, with nothing from any other single system": (
            systems("commissioning_support") <= {"england", "multi_country"}
        ),
        "Clinical involvement has nothing from Scotland, Wales or Northern Ireland": not systems("clinical_involvement")
        & {"scotland", "wales", "northern_ireland"},
        "needs assessment has nothing from Wales": "wales" not in systems("needs_assessment"),
        "Procurement evidence from outside England comes only from Scotland, Spain, New Zealand, Australia and the "
        "Netherlands": outside_england == {"scotland", "spain", "new_zealand", "australia", "netherlands"},
        "Canada rests on a single source": canada_sources == 1,
        "No finding links clinical involvement or commissioning support to equity or access": not support_domains
        & {"equity", "access"},
        "priority setting has none on quality and safety or on patient experience": not domains("priority_setting")
        & {"quality_safety", "patient_experience"},
    }
    for sentence, holds in claims.items():
        assert sentence in page, f"the page no longer says: {sentence}"
        assert holds, f"the data no longer support: {sentence}"
