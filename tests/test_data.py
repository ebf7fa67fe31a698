"""The real dataset and bibliography: valid, complete, and as large and
balanced as the evidence-base issue asks."""

from __future__ import annotations

import csv
import io
import json
import re

import jsonschema
import pandas as pd
import pytest
import yaml

import book
from book.data.evidence import prisma_counts
from book.data.numbers import recorded, stated_numbers
from book.data.project import data_fingerprint, report_version
from book.data.rules import chapter_citations

from support import ROOT


@pytest.fixture(scope="module")
def ev():
    return book.load(ROOT)


def test_every_table_loads_every_row(ev):
    """No row is lost between file and DataFrame (counted by an independent parser)."""
    for name, table in ev.tables.items():
        text = (ROOT / "data" / table.resource.path).read_text(encoding="utf-8")
        records = list(csv.reader(io.StringIO(text, newline="")))
        assert len(table.frame) == len(records) - 1, name


def test_schema_documents_every_column(ev):
    for name, table in ev.tables.items():
        for field in table.resource.fields:
            assert field.description, f"{name}.{field.name} has no description"


def test_bibliography_and_sources_match(ev):
    assert set(ev.sources["key"]) <= set(ev.bib)
    methods_references = set(ev.bib) - set(ev.sources["key"])
    assert methods_references <= chapter_citations(ROOT)  # cited, never silently kept


def test_enough_sources_and_findings(ev):
    assert len(ev.included_sources) >= 80
    assert len(ev.findings) >= 300
    assert len(ev.review_findings) >= 40


def test_findings_cover_every_era_and_comparator(ev):
    eras = ev.findings.merge(ev.models[["model", "era"]], on="model")
    assert (eras["era"] == "english_1991_2013").sum() >= 80
    assert (eras["era"] == "english_since_2013").sum() >= 60
    international = ev.findings[ev.findings["system"] != "england"]
    assert len(international) >= 60
    assert (ev.findings["system"] == "scotland").sum() >= 20
    assert (ev.findings["system"] == "new_zealand").sum() >= 15
    assert ev.findings["site"].notna().sum() >= 60


def test_every_function_is_covered(ev):
    assert set(ev.functions["function"]) <= set(ev.findings["function"])


def test_null_and_negative_findings_are_recorded(ev):
    directions = ev.findings["direction"].value_counts()
    assert directions.get("null", 0) > 0 and directions.get("negative", 0) > 0


def test_review_support_is_derived(ev):
    summary = ev.review_summary
    for row in summary.itertuples():
        supporting = ev.findings[ev.findings["review_finding"] == row.review_id]
        assert row.n_findings == len(supporting) >= 1
        assert row.n_sources == supporting["source"].nunique()
    assert "n_findings" not in ev.review_findings.columns  # never typed in the CSV


def test_prisma_counts_from_records():
    records = pd.DataFrame(
        {
            "decision": ["duplicate", "excluded_screening", "excluded_full_text", "included", "included"],
            "route": ["search", "search", "search", "seed", "search"],
        }
    )
    p = prisma_counts(records)
    assert (p["identified"], p["screened"], p["assessed"], p["included"]) == (5, 4, 3, 2)
    assert p["from_other_methods"] == 1


def test_every_finding_has_locator_and_url(ev):
    assert ev.findings["locator"].str.strip().str.len().min() > 0
    assert ev.findings["url"].str.match(r"https?://").all()


def test_model_years_come_from_sourced_events(ev):
    """A model's years are those of the dated events that bound it, never typed."""
    dates = ev.events.set_index("event_id")["date"]
    years = ev.model_years
    for row in years.itertuples():
        for event, year in ((row.start_event, row.start_year), (row.end_event, row.end_year)):
            assert (pd.isna(event) and pd.isna(year)) or int(dates[event][:4]) == year, row.model
    assert years["start_year"].notna().sum() >= 20


def test_citation_file_is_valid_and_agrees_with_the_version():
    """CITATION.cff validates against the Citation File Format 1.2.0 schema
    (vendored in tests/schemas) and carries the version of pyproject.toml."""
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    schema = json.loads((ROOT / "tests" / "schemas" / "citation-file-format-1.2.0.schema.json").read_text())
    jsonschema.validate(citation, schema)
    # Citations generated from it say where the report lives: the site's address, set once in _config.yml.
    assert citation["url"] == yaml.safe_load((ROOT / "_config.yml").read_text())["html"]["baseurl"]
    assert citation["repository-code"].startswith("https://")
    version = report_version()
    assert citation["version"] == version
    assert f"## {version}" in (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    # Every other place that states the report's version states the same one.
    for name in ("chapters/cite.md", "README.md", "CITATION.cff"):
        stated = re.findall(r"(?<![-\w])version\W{0,4}(\d+\.\d+\.\d+)", (ROOT / name).read_text(encoding="utf-8"))
        assert stated and set(stated) == {version}, (name, stated)


def test_changelog_records_the_data_release_the_site_is_built_from():
    """Each data release has its changelog entry: the fingerprint of the data (shown on
    the provenance page) is written in CHANGELOG.md, so changing the data without
    recording the release fails."""
    assert f"Data fingerprint: `{data_fingerprint()}`" in (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")


def test_stated_numbers_are_quantities_not_dates_years_or_names():
    text = (
        "On 1 April 2013, 211 CCGs took over in 2013/14 under section 75 (RF-12, EA-001); 2.6 million people, "
        "36% of 207, 1,200 staff and 100 000 patients, at 4,743 per 100,000 in quarter 3 of the 10 Year Health Plan."
    )
    assert stated_numbers(text) == [211, 2.6, 36, 207, 1200, 100000, 4743]
    assert recorded(2.6, [2600000]) and recorded(6, [0.06]) and not recorded(36, [37])
