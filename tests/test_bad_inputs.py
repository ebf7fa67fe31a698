"""A corpus of broken inputs. Each must stop the check with a message that
names the file, the line or entry, the field, the value found and what was
expected: never a bare traceback, never a silent drop."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from book.data import DataError, check
from book.render.figures import html_table

from support import append_bib, bib_entry_text, copy_row, get_cell, read_rows, replace_in_bib, set_cell, write_rows


def first_bib_key(root: Path) -> str:
    return get_cell(root, "sources.csv", "key")


def an_included_finding_source(root: Path) -> str:
    return get_cell(root, "findings.csv", "source")


# -- the corpus -----------------------------------------------------------------
# Each case: (id, break function, expected kind, substrings the message must contain)


def _malformed_bib(root):
    append_bib(
        root,
        "@article{broken2000x,\n  title = {An unclosed title,\n  year = 2000\n\n@misc{after2001y,\n  title = {X}\n}",
    )


def _duplicate_bib_key(root):
    append_bib(root, bib_entry_text(root, first_bib_key(root)))


def _bib_missing_url(root):
    key = first_bib_key(root)
    path = root / "references.bib"
    entry = bib_entry_text(root, key)
    kept = "\n".join(line for line in entry.split("\n") if not line.strip().startswith("url "))
    path.write_text(path.read_text(encoding="utf-8").replace(entry, kept), encoding="utf-8")


def _bib_bad_year(root):
    key = first_bib_key(root)
    entry = bib_entry_text(root, key)
    year = entry.split("year")[1].split("{")[1].split("}")[0]
    replace_in_bib(root, key, "{" + year + "}", "{circa 2001}")


def _bib_bad_doi(root):
    append_bib(
        root,
        "@misc{zz_bad_doi,\n  author = {{Nobody}},\n  title = {T},\n  year = {2001},\n  howpublished = {Web},\n"
        "  doi = {doi:12345},\n  url = {https://example.org/x}\n}",
    )


def _bib_unknown_type(root):
    append_bib(
        root,
        "@report{zz_report,\n  author = {{Nobody}},\n  title = {T},\n  year = {2001},\n  url = {https://example.org/x}\n}",
    )


def _bib_not_utf8(root):
    with (root / "references.bib").open("ab") as handle:
        handle.write(b"\n@misc{zz_latin1,\n  title = {Caf\xe9}\n}\n")


def _bib_empty(root):
    (root / "references.bib").write_text("", encoding="utf-8")


def _bib_without_source_row(root):
    append_bib(
        root,
        "@misc{zz_unlisted,\n  author = {{Nobody}},\n  title = {T},\n  year = {2001},\n  howpublished = {Web},\n  url = {https://example.org/x}\n}",
    )


def _source_without_bib(root):
    copy_row(root, "sources.csv", key="zz_not_in_bib")


def _finding_unknown_source(root):
    set_cell(root, "findings.csv", "source", "nobody2099nothing")


def _unknown_vocabulary(root):
    set_cell(root, "findings.csv", "direction", "postive")


def _unknown_function(root):
    set_cell(root, "findings.csv", "function", "commissioning_magic")


def _duplicate_finding_id(root):
    copy_row(root, "findings.csv", 0)


def _missing_required(root):
    set_cell(root, "findings.csv", "finding", "")


def _bad_date_month(root):
    set_cell(root, "events.csv", "date", "2019-13-01")


def _bad_date_day(root):
    set_cell(root, "events.csv", "date", "2019-02-30")


def _bad_date_format(root):
    set_cell(root, "events.csv", "date", "01/04/2013")


def _csv_not_utf8(root):
    path = root / "data" / "events.csv"
    path.write_bytes(path.read_bytes() + b"EV-999,2020,england,Caf\xe9 reform,policy,x,p. 1\n")


def _stray_quote(root):
    path = root / "data" / "findings.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[1] = lines[1].replace(",", ',"', 1).replace(",", 'x"y,', 2)
    path.write_text("\n".join(lines), encoding="utf-8")


def _stray_delimiter(root):
    path = root / "data" / "functions.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[1] = lines[1] + ",extra"
    path.write_text("\n".join(lines), encoding="utf-8")


def _empty_file(root):
    (root / "data" / "events.csv").write_text("", encoding="utf-8")


def _header_only(root):
    path = root / "data" / "organisations.csv"
    path.write_text(path.read_text(encoding="utf-8").split("\n")[0] + "\n", encoding="utf-8")


def _wrong_column_name(root):
    path = root / "data" / "findings.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("outcome_domain", "outcome_area", 1), encoding="utf-8")


def _duplicate_column(root):
    path = root / "data" / "systems.csv"
    rows = read_rows(path)
    write_rows(path, [r + [r[1]] for r in rows[:1]] + [r + [r[1]] for r in rows[1:]])
    rows = read_rows(path)
    rows[0][-1] = "label"
    write_rows(path, rows)


def _review_without_support(root):
    copy_row(root, "review_findings.csv", 0, review_id="RF-99")


def _bad_year_type(root):
    set_cell(root, "sources.csv", "period_start", "c. 2000")


def _period_reversed(root):
    set_cell(root, "sources.csv", "period_start", "2030")


def _negative_count(root):
    set_cell(root, "organisations.csv", "count", "-3")


def _excluded_without_reason(root):
    set_cell(root, "sources.csv", "status", "excluded")
    set_cell(root, "sources.csv", "exclusion_reason", "")


def _finding_cites_excluded(root):
    key = an_included_finding_source(root)
    rows = read_rows(root / "data" / "sources.csv")
    row = next(i for i, r in enumerate(rows[1:]) if r[0] == key)
    set_cell(root, "sources.csv", "status", "excluded", row=row)
    set_cell(root, "sources.csv", "exclusion_reason", "test", row=row)


def _unknown_citation(root):
    path = root / "chapters" / "zz_test_page.md"
    path.write_text("# Test\n\nA claim {cite:p}`nobody2099nothing`.\n", encoding="utf-8")


def _screening_disagrees(root):
    rows = read_rows(root / "data" / "screening.csv")
    header = rows[0]
    row = next(i for i, r in enumerate(rows[1:]) if r[header.index("decision")] == "included")
    set_cell(root, "screening.csv", "decision", "excluded_screening", row=row)
    set_cell(root, "screening.csv", "reason", "test", row=row)


def _missing_table(root):
    (root / "data" / "events.csv").unlink()


def _blank_line(root):
    path = root / "data" / "functions.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines.insert(2, "")
    path.write_text("\n".join(lines), encoding="utf-8")


def _duplicate_composite_key(root):
    copy_row(root, "source_systems.csv", 0)


def _unknown_review_finding_role(root):
    path = root / "chapters" / "zz_test_page.md"
    path.write_text("# Test\n\nA message. *Evidence: {rf}`RF-99`.*\n", encoding="utf-8")


def _finding_copies_its_source(root):
    row = next(i for i in range(20) if get_cell(root, "findings.csv", "verification", row=i) == "excerpt_matched")
    set_cell(root, "findings.csv", "finding", get_cell(root, "findings.csv", "excerpt", row=row), row=row)
    return row


def _matched_without_excerpt(root):
    row = next(i for i in range(20) if get_cell(root, "findings.csv", "verification", row=i) == "excerpt_matched")
    set_cell(root, "findings.csv", "excerpt", "", row=row)


def _unchecked_without_note(root):
    set_cell(root, "findings.csv", "verification", "not_recoverable")
    set_cell(root, "findings.csv", "excerpt", "")
    set_cell(root, "findings.csv", "verification_note", "")


def _number_without_result(root):
    finding = get_cell(root, "findings.csv", "finding")
    set_cell(root, "findings.csv", "finding", finding + " It covered 4242 practices.")


def _result_of_unknown_finding(root):
    set_cell(root, "results.csv", "finding_id", "ZZ-999")


def _result_of_finding_and_event(root):
    set_cell(root, "results.csv", "event_id", get_cell(root, "events.csv", "event_id"))


def _result_unknown_unit(root):
    set_cell(root, "results.csv", "unit", "furlongs")


def _result_outside_its_bounds(root):
    set_cell(root, "results.csv", "lower", "1000000")
    set_cell(root, "results.csv", "upper", "2000000")


def _unknown_result_in_prose(root):
    path = root / "chapters" / "zz_test_page.md"
    path.write_text("# Test\n\nIt rose by {value}`R-9999`.\n", encoding="utf-8")


def _bad_url(root):
    set_cell(root, "findings.csv", "url", "www.example.org/no-scheme")


def _unexplained_review_id_gap(root):
    path = root / "data" / "retired_review_findings.csv"
    path.write_text(
        path.read_text(encoding="utf-8").splitlines()[0]
        + "\n"
        + "\n".join(path.read_text(encoding="utf-8").splitlines()[2:])
        + "\n",
        encoding="utf-8",
    )


def _retired_id_in_use(root):
    set_cell(root, "retired_review_findings.csv", "review_id", get_cell(root, "review_findings.csv", "review_id"))


def _glossary_unknown_source(root):
    set_cell(root, "glossary.csv", "source", "nobody2099nothing")


def _glossary_without_source_or_url(root):
    row = next(i for i in range(50) if get_cell(root, "glossary.csv", "source", row=i))
    set_cell(root, "glossary.csv", "source", "", row=row)
    set_cell(root, "glossary.csv", "url", "", row=row)
    return row


def _financial_year_as_months(root):
    set_cell(root, "results.csv", "precision", "financial_year")
    set_cell(root, "results.csv", "period_start", "2017-04")
    set_cell(root, "results.csv", "period_end", "2018-03")


def _model_without_start(root):
    set_cell(root, "models.csv", "start_event", "")


def _ended_model_without_end(root):
    set_cell(root, "models.csv", "end_event", "")


def _bad_descriptor(root):
    path = root / "data" / "datapackage.json"
    path.write_text(path.read_text(encoding="utf-8")[:-20], encoding="utf-8")


CASES = [
    ("malformed-bibtex", _malformed_bib, "malformed_bib", ["references.bib", "line"]),
    ("duplicate-bib-key", _duplicate_bib_key, "duplicate_bib_key", ["references.bib", "field 'key'"]),
    ("bib-missing-url", _bib_missing_url, "missing_bib_field", ["references.bib", "field 'url'"]),
    ("bib-bad-year", _bib_bad_year, "bad_bib_year", ["field 'year'", "circa 2001", "four-digit year"]),
    ("bib-bad-doi", _bib_bad_doi, "bad_bib_doi", ["zz_bad_doi", "field 'doi'", "doi:12345"]),
    ("bib-unknown-entry-type", _bib_unknown_type, "bad_bib_type", ["zz_report", "entry type", "report"]),
    ("bib-not-utf8", _bib_not_utf8, "not_utf8", ["references.bib", "UTF-8"]),
    ("bib-empty", _bib_empty, "empty_file", ["references.bib", "empty"]),
    ("bib-entry-not-in-sources", _bib_without_source_row, "unlisted_bib_entry", ["zz_unlisted", "data/sources.csv"]),
    ("source-not-in-bib", _source_without_bib, "unknown_key", ["data/sources.csv", "zz_not_in_bib", "references.bib"]),
    (
        "finding-unknown-source",
        _finding_unknown_source,
        "unknown_key",
        ["data/findings.csv, line 2", "field 'source'", "nobody2099nothing"],
    ),
    (
        "unknown-vocabulary",
        _unknown_vocabulary,
        "bad_vocabulary",
        ["data/findings.csv, line 2", "field 'direction'", "postive", "positive"],
    ),
    (
        "unknown-function",
        _unknown_function,
        "unknown_key",
        ["data/findings.csv, line 2", "field 'function'", "data/functions.csv"],
    ),
    (
        "duplicate-finding-id",
        _duplicate_finding_id,
        "duplicate_id",
        ["data/findings.csv", "field 'finding_id'", "already used on line 2"],
    ),
    (
        "missing-required-field",
        _missing_required,
        "missing_value",
        ["data/findings.csv, line 2", "field 'finding'", "required"],
    ),
    ("bad-date-month", _bad_date_month, "bad_date", ["data/events.csv, line 2", "field 'date'", "2019-13-01"]),
    ("bad-date-day", _bad_date_day, "bad_date", ["data/events.csv, line 2", "2019-02-30", "calendar"]),
    ("bad-date-format", _bad_date_format, "bad_date", ["data/events.csv, line 2", "01/04/2013", "YYYY-MM-DD"]),
    ("csv-not-utf8", _csv_not_utf8, "not_utf8", ["data/events.csv, line", "UTF-8"]),
    ("stray-quote", _stray_quote, "bad_csv", ["data/findings.csv, line 2", "quote"]),
    ("stray-delimiter", _stray_delimiter, "row_length", ["data/functions.csv, line 2", "cells"]),
    ("empty-file", _empty_file, "empty_file", ["data/events.csv", "empty"]),
    ("header-only", _header_only, "no_rows", ["data/organisations.csv", "only a header"]),
    ("wrong-column-name", _wrong_column_name, "unknown_column", ["data/findings.csv, header", "outcome_area"]),
    ("duplicate-column", _duplicate_column, "duplicate_column", ["data/systems.csv, header", "label"]),
    (
        "review-finding-unsupported",
        _review_without_support,
        "unsupported_review_finding",
        ["data/review_findings.csv", "RF-99", "supporting finding"],
    ),
    ("year-not-a-year", _bad_year_type, "bad_type", ["data/sources.csv, line 2", "period_start", "c. 2000"]),
    ("period-reversed", _period_reversed, "out_of_range", ["data/sources.csv, line 2", "period_end"]),
    ("negative-count", _negative_count, "out_of_range", ["data/organisations.csv, line 2", "field 'count'", "-3"]),
    (
        "excluded-without-reason",
        _excluded_without_reason,
        "missing_value",
        ["data/sources.csv, line 2", "exclusion_reason"],
    ),
    (
        "finding-cites-excluded-source",
        _finding_cites_excluded,
        "excluded_source",
        ["data/findings.csv", "field 'source'", "excluded"],
    ),
    (
        "unknown-citation-in-chapter",
        _unknown_citation,
        "unknown_citation",
        ["chapters/zz_test_page.md", "nobody2099nothing"],
    ),
    ("screening-disagrees-with-sources", _screening_disagrees, "prisma_mismatch", ["screening"]),
    ("missing-table", _missing_table, "missing_file", ["data/events.csv", "exist"]),
    ("blank-line", _blank_line, "blank_row", ["data/functions.csv, line 3", "blank"]),
    (
        "duplicate-composite-key",
        _duplicate_composite_key,
        "duplicate_id",
        ["data/source_systems.csv", "key+system", "already used on line 2"],
    ),
    (
        "unknown-review-finding-in-prose",
        _unknown_review_finding_role,
        "unknown_review_finding",
        ["chapters/zz_test_page.md", "RF-99", "data/review_findings.csv"],
    ),
    ("finding-copies-its-source", _finding_copies_its_source, "copied_words", ["data/findings.csv, line", "finding"]),
    ("matched-without-excerpt", _matched_without_excerpt, "missing_value", ["data/findings.csv, line", "excerpt"]),
    (
        "unchecked-without-note",
        _unchecked_without_note,
        "missing_value",
        ["data/findings.csv, line 2", "verification_note", "not_recoverable"],
    ),
    ("number-without-result", _number_without_result, "number_without_result", ["data/findings.csv, line 2", "4242"]),
    ("result-of-unknown-finding", _result_of_unknown_finding, "unknown_key", ["data/results.csv, line 2", "ZZ-999"]),
    (
        "result-of-finding-and-event",
        _result_of_finding_and_event,
        "inconsistent",
        ["data/results.csv, line 2", "not both"],
    ),
    ("result-unknown-unit", _result_unknown_unit, "bad_vocabulary", ["data/results.csv, line 2", "furlongs", "count"]),
    ("result-outside-its-bounds", _result_outside_its_bounds, "out_of_range", ["data/results.csv, line 2", "bounds"]),
    ("unknown-result-in-prose", _unknown_result_in_prose, "unknown_result", ["chapters/zz_test_page.md", "R-9999"]),
    ("url-without-scheme", _bad_url, "bad_pattern", ["data/findings.csv, line 2", "field 'url'"]),
    (
        "review-id-gap-unexplained",
        _unexplained_review_id_gap,
        "unexplained_id_gap",
        ["RF-13", "data/retired_review_findings.csv"],
    ),
    ("retired-review-id-in-use", _retired_id_in_use, "retired_id_in_use", ["data/retired_review_findings.csv, line 2"]),
    (
        "glossary-unknown-source",
        _glossary_unknown_source,
        "unknown_key",
        ["data/glossary.csv, line 2", "nobody2099nothing"],
    ),
    (
        "glossary-without-source",
        _glossary_without_source_or_url,
        "missing_value",
        ["data/glossary.csv, line", "source"],
    ),
    ("financial-year-as-months", _financial_year_as_months, "bad_date", ["data/results.csv, line 2", "2017-04"]),
    ("model-without-start", _model_without_start, "missing_value", ["data/models.csv, line 2", "start_event"]),
    ("ended-model-without-end", _ended_model_without_end, "inconsistent", ["data/models.csv, line 2", "end_event"]),
    ("descriptor-not-json", _bad_descriptor, "bad_descriptor", ["data/datapackage.json"]),
]


@pytest.mark.parametrize("name,breaker,kind,expected", CASES, ids=[c[0] for c in CASES])
def test_broken_input_is_reported_clearly(repo_copy: Path, name, breaker, kind, expected):
    breaker(repo_copy)  # the copy is valid before (test_an_untouched_copy_is_valid)
    with pytest.raises(DataError) as caught:
        check(repo_copy)
    matching = [p for p in caught.value.problems if p.kind == kind]
    assert matching, f"no '{kind}' problem reported; got:\n{caught.value}"
    message = "\n".join(str(p) for p in matching)
    for text in expected:
        assert text in message, f"{text!r} missing from:\n{message}"


def test_an_untouched_copy_is_valid(repo_copy: Path):
    """Each case breaks a fresh copy of the repository; untouched, that copy is valid."""
    assert len(check(repo_copy).findings) > 0


def test_corpus_is_large_enough():
    assert len(CASES) >= 25


def test_cli_reports_without_traceback(repo_copy: Path):
    set_cell(repo_copy, "findings.csv", "direction", "postive")
    result = subprocess.run(
        [sys.executable, "-m", "book", "check", "--root", str(repo_copy)], capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "data/findings.csv, line 2, field 'direction': found 'postive'" in result.stderr


def test_markup_in_text_is_accepted_as_data(repo_copy: Path):
    set_cell(repo_copy, "findings.csv", "finding", "<script>alert('x')</script> & <b>bold</b>")
    ev = check(repo_copy)
    assert ev.findings.loc[0, "finding"].startswith("<script>")


def test_markup_in_text_renders_as_text():
    html = html_table(pd.DataFrame({"finding": ["<script>alert('x')</script> & <b>bold</b>"]}))
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in html


def test_every_problem_is_reported_at_once(repo_copy: Path):
    set_cell(repo_copy, "findings.csv", "direction", "postive", row=0)
    set_cell(repo_copy, "findings.csv", "function", "nonsense", row=1)
    with pytest.raises(DataError) as caught:
        check(repo_copy)
    assert {"bad_vocabulary", "unknown_key"} <= caught.value.kinds()
