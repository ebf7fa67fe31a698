"""The findings register's data and the chapters' bounded samples of findings."""

from __future__ import annotations

import pandas as pd
import pytest

import book
from book.chapters import gap_map, register_page, samples
from book.render.links import FILTERS, register_link


def test_sample_takes_each_direction_in_turn_most_confident_first():
    members = pd.DataFrame(
        {
            "finding_id": ["AA-001", "AA-002", "AA-003", "AA-004", "AA-005", "AA-006"],
            "direction": ["positive", "positive", "positive", "negative", "null", "positive"],
            "review_finding": ["RF-02", "RF-01", None, "RF-02", None, "RF-01"],
        }
    )
    rank = pd.Series({"RF-01": 4, "RF-02": 2})
    picked = samples.findings_sample(members, rank, 4)
    assert list(picked["finding_id"]) == ["AA-002", "AA-005", "AA-004", "AA-006"]
    assert len(samples.findings_sample(members, rank, 100)) == len(members)  # nothing dropped when there is room


def test_register_link_names_only_known_filters():
    assert register_link(model="icbs_2022", system="england") == "findings.html?model=icbs_2022&system=england"
    assert register_link() == "findings.html"
    with pytest.raises(ValueError, match="no filter"):
        register_link(colour="blue")


def test_register_data_decode_to_the_findings():
    ev = book.load()
    data = register_page.findings_data(ev)
    assert len(data["rows"]) == len(ev.findings)
    col = {name: i for i, name in enumerate(data["fields"])}
    by_id = ev.findings.set_index("finding_id")
    for row in data["rows"][::50]:
        finding = by_id.loc[row[col["id"]]]
        assert row[col["finding"]] == finding["finding"] and row[col["url"]] == finding["url"]
        for name in FILTERS:
            code = row[col[name]]
            value = finding[name]
            assert (data["vocabularies"][name][code][0] if code >= 0 else None) == (
                value if isinstance(value, str) else None
            )
    sources = register_page.sources_data(ev)
    assert [r[0] for r in sources["rows"]] == sorted(ev.included_sources["key"])
    # References read as text: LaTeX accents and dashes decoded, no braces or backslashes left.
    scol = {name: i for i, name in enumerate(sources["fields"])}
    shown = [r[scol["authors"]] + r[scol["title"]] + r[scol["published"]] for r in sources["rows"]]
    assert not [t for t in shown if set(t) & set("\\{}")]
    assert any("\u2013" in r[scol["title"]] for r in sources["rows"])  # "--" became an en dash somewhere


def _tripled(findings: pd.DataFrame) -> pd.DataFrame:
    """The findings three times over, each copy with ids of its own."""
    copies = [findings] + [
        findings.assign(finding_id=findings["finding_id"].str.replace("-", f"{k}-", n=1)) for k in (1, 2)
    ]
    return pd.concat(copies, ignore_index=True)


def test_gap_map_embeds_counts_that_do_not_grow_with_the_findings():
    """Three times the findings, the copies covering other years, embed far less than
    three times the rows: the map counts per combination, never a row per finding."""
    ev = book.load()
    data = gap_map.gap_map_data(ev)
    shifted = [data.assign(y0=data["y0"] + k, y1=data["y1"] + k) for k in (-3, 3)]
    tripled = pd.concat([data, *shifted], ignore_index=True)
    rows, rows3 = gap_map.gap_map_rows(data), gap_map.gap_map_rows(tripled)
    assert len(rows3) < 1.5 * len(rows)
    any_years = rows3[rows3["p"] == 0]
    assert any_years["n"].sum() == 3 * len(ev.findings)
    for code, (_, start, end) in enumerate(gap_map.MAP_PERIODS):  # each period counts the findings overlapping it
        overlap = pd.Series(True, index=data.index)
        if start:
            overlap &= (data["y1"] >= start).fillna(False).astype(bool)
        if end:
            overlap &= (data["y0"] <= end).fillna(False).astype(bool)
        assert rows.loc[rows["p"] == code, "n"].sum() == overlap.sum()


def test_chapter_register_keeps_its_size_as_findings_grow():
    ev = book.load()
    models = ev.model_years
    era = models.loc[models["era"] == "english_since_2013", "model"]
    in_era = models[models["model"].isin(era)]
    groups = dict(zip(in_era["model"], in_era["label"], strict=True))
    findings = ev.findings[ev.findings["model"].isin(era)]
    once = samples.sampled_findings(ev, findings, "model", groups, "recent").data
    thrice = samples.sampled_findings(ev, _tripled(findings), "model", groups, "recent").data
    sizes = findings.groupby("model").size()
    # At most REGISTER_SAMPLE findings per group are written out, however many there are.
    assert once.count("-finding-") == sizes.clip(upper=samples.SAMPLE_SIZE).sum()
    assert thrice.count("-finding-") == (3 * sizes).clip(upper=samples.SAMPLE_SIZE).sum()
    assert len(thrice) <= 1.2 * len(once)
