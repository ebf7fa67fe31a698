"""The data appendix's "How to add a study" walkthrough, followed step by step in
a temporary copy of the repository with a fixture study (never real evidence):
the data check passes, the book builds, and the new source appears in the
evidence-and-gap map's counts, the chapter's count for its model, the findings
register and the bibliography's list of every included source."""

from __future__ import annotations

import re

import pytest

import book
from book.chapters import gap_map

from support import append_bib, append_row, copy_repo, run_book, run_build

pytestmark = pytest.mark.slow  # builds the book or works at scale

FIXTURE_BIB = """
@techreport{fixture2026walkthrough,
  author      = {Fixture, Walkthrough},
  title       = {A fixture study used only by the test suite},
  institution = {The test suite},
  year        = {2026},
  url         = {https://example.org/fixture-study}
}
"""


def test_adding_a_study_as_the_walkthrough_says(tmp_path):
    real = book.load()
    icb_findings = int((real.findings["model"] == "icbs_2022").sum())
    cells = gap_map.gap_cells(gap_map.gap_map_data(real), ["Needs assessment"], ["England"], [])
    needs_in_england = int(cells["Findings"].iloc[0])
    root = copy_repo(tmp_path / "repo")
    # Step 1: the publication in references.bib.
    append_bib(root, FIXTURE_BIB)
    # Step 2: the source with its appraisal, its systems and its screening record.
    append_row(
        root,
        "sources.csv",
        {
            "key": "fixture2026walkthrough",
            "doc_type": "evaluation_report",
            "design": "qualitative_case_study",
            "period_start": "2024",
            "period_end": "2025",
            "independence": "independent",
            "appraisal_tool": "MMAT_2018",
            "method_concerns": "minor",
            "appraisal_rationale": "Fixture appraisal.",
            "url": "https://example.org/fixture-study",
            "seen_copy": "original",
            "route": "seed",
            "status": "included",
            "exclusion_reason": "",
        },
    )
    append_row(root, "source_systems.csv", {"key": "fixture2026walkthrough", "system": "england"})
    append_row(
        root,
        "screening.csv",
        {
            "record_id": "ZZ-R001",
            "search_id": "",
            "route": "seed",
            "title": "Fixture study",
            "url": "https://example.org/fixture-study",
            "decision": "included",
            "reason": "",
            "key": "fixture2026walkthrough",
        },
    )
    # Step 3: a finding, in our words, with its locator, linked to a review finding.
    append_row(
        root,
        "findings.csv",
        {
            "finding_id": "ZZ-001",
            "source": "fixture2026walkthrough",
            "locator": "Section 2",
            "url": "https://example.org/fixture-study",
            "system": "england",
            "model": "icbs_2022",
            "site": "",
            "function": "needs_assessment",
            "outcome_domain": "equity",
            "direction": "null",
            "finding": "A fixture finding that the walkthrough test adds and then looks for.",
            "context": "",
            "mechanism": "",
            "outcome": "",
            "evidence_type": "qualitative",
            "england_relevance": "direct",
            "review_finding": "RF-01",
            "excerpt": "The fixture study reports a passage that the walkthrough copies word for word.",
            "read_at": "https://example.org/fixture-study",
            "verification": "excerpt_matched",
            "verified_on": "2026-12-07",
        },
    )
    # Step 4: the check, then the build.
    check = run_book(root, "check")
    assert check.returncode == 0, check.stderr
    build = run_build(root)
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    html = root / "_build" / "html" / "chapters"
    register = root / "_build" / "html" / "_static" / "register"
    # The bibliography's list of all included sources, and the findings register, read these files.
    assert 'id="book-sources-list"' in (html / "bibliography.html").read_text(encoding="utf-8")
    assert "A fixture study used only by the test suite" in (register / "sources-data.js").read_text(encoding="utf-8")
    assert '"ZZ-001","A fixture finding that the walkthrough test adds' in (register / "findings-data.js").read_text(
        encoding="utf-8"
    )
    # The map's table of cells counts it; the chapter's count for its model includes it.
    evidence_map = (html / "evidence-map.html").read_text(encoding="utf-8")
    cell = re.search(
        r"<td>System</td><td>(?:<a [^>]*>)?Needs assessment(?:</a>)?</td><td>(?:<a [^>]*>)?England(?:</a>)?</td>"
        r"<td>(?:<a [^>]*>)?(\d+)<",
        evidence_map,
    )
    assert cell and int(cell.group(1)) == needs_in_england + 1
    assert f"{icb_findings + 1} findings from" in (html / "english-since-2013.html").read_text(encoding="utf-8")
