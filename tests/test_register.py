"""The findings register's data and the chapters' bounded samples of findings."""

from __future__ import annotations

import pandas as pd
import pytest

import book
from book import register
from book.history import register_sample


def test_sample_takes_each_direction_in_turn_most_confident_first():
    members = pd.DataFrame({
        "finding_id": ["AA-001", "AA-002", "AA-003", "AA-004", "AA-005", "AA-006"],
        "direction": ["positive", "positive", "positive", "negative", "null", "positive"],
        "review_finding": ["RF-02", "RF-01", None, "RF-02", None, "RF-01"],
    })
    rank = pd.Series({"RF-01": 4, "RF-02": 2})
    picked = register_sample(members, rank, 4)
    assert list(picked["finding_id"]) == ["AA-002", "AA-005", "AA-004", "AA-006"]
    assert len(register_sample(members, rank, 100)) == len(members)  # nothing dropped when there is room


def test_register_link_names_only_known_filters():
    assert register.register_link(model="icbs_2022", system="england") == "findings.html?model=icbs_2022&system=england"
    assert register.register_link() == "findings.html"
    with pytest.raises(ValueError, match="no filter"):
        register.register_link(colour="blue")


def test_register_data_decode_to_the_findings():
    ev = book.load()
    data = register.findings_data(ev)
    assert len(data["rows"]) == len(ev.findings)
    col = {name: i for i, name in enumerate(data["fields"])}
    by_id = ev.findings.set_index("finding_id")
    for row in data["rows"][::50]:
        finding = by_id.loc[row[col["id"]]]
        assert row[col["finding"]] == finding["finding"] and row[col["url"]] == finding["url"]
        for name in register.FILTERS:
            code = row[col[name]]
            value = finding[name]
            assert (data["vocabularies"][name][code][0] if code >= 0 else None) == (value if isinstance(value, str) else None)
    sources = register.sources_data(ev)
    assert [r[0] for r in sources["rows"]] == sorted(ev.included_sources["key"])
