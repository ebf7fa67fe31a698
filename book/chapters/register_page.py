"""The data of the findings register page and of the list of included sources,
published as data files that the browser reads (``_static/register/``), so that no page's weight
grows with the evidence: chapters show counts and a bounded sample, and link
here for the rest."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from ..data.bib import split_authors
from ..data.evidence import Evidence
from ..render.links import FILTERS
from ..render.sources import plain, publication_url, source_labels
from ..vocab.labels import OUTCOME_LABELS

STATIC_SUBDIR = "register"
FINDINGS_FILE = "findings-data.js"
SOURCES_FILE = "sources-data.js"


def _vocabulary(series: pd.Series, labels: dict[str, str]) -> tuple[list[int], list[list[str]]]:
    """A column as small integers into a list of [code, label] pairs (blank = -1)."""
    codes = sorted(c for c in series.dropna().unique())
    index = {c: i for i, c in enumerate(codes)}
    return [index.get(v, -1) if isinstance(v, str) else -1 for v in series], [[c, labels.get(c, c)] for c in codes]


def findings_data(ev: Evidence) -> dict:
    """Every finding with what a reader needs to check it: statement, locator, the
    source's own words (excerpt) and the copy they were read in, the source's own
    address, how it was verified, and the review finding it supports."""
    f = ev.findings.sort_values("finding_id")
    label_maps = {
        "model": dict(zip(ev.models["model"], ev.models["label"], strict=False)),
        "system": dict(zip(ev.systems["system"], ev.systems["label"], strict=False)),
        "site": dict(zip(ev.sites["site"], ev.sites["label"], strict=False)),
        "function": dict(zip(ev.functions["function"], ev.functions["label"], strict=False)),
        "source": source_labels(ev),
        "review_finding": {r: r for r in ev.review_findings["review_id"]},
    }
    label_maps["outcome_domain"] = OUTCOME_LABELS
    label_maps["direction"] = {}
    columns, vocabularies = {}, {}
    for name in FILTERS:
        columns[name], vocabularies[name] = _vocabulary(f[name], label_maps[name])
    confidence = ev.review_findings.set_index("review_id")["confidence"].str.replace("_", " ")
    vocabularies["review_finding"] = [
        [code, f"{code} ({confidence.get(code, 'not rated')} confidence)"] for code, _ in vocabularies["review_finding"]
    ]
    # Each source's own address (the publisher's page or its DOI), in the order of its vocabulary.
    publications = [publication_url(ev.bib[code]) for code, _ in vocabularies["source"]]
    text_columns = ["finding_id", "finding", "locator", "url", "excerpt", "read_at", "verification"]
    values = [f[name].fillna("").tolist() for name in text_columns]
    rows = [list(cells) + [columns[name][i] for name in FILTERS] for i, cells in enumerate(zip(*values, strict=True))]
    return {
        "fields": ["id", "finding", "locator", "url", "excerpt", "read_at", "verification"] + FILTERS,
        "vocabularies": vocabularies,
        "publications": publications,
        "rows": rows,
    }


def sources_data(ev: Evidence) -> dict:
    """Every included source as a short reference: label, title, where published, year and address."""
    labels = source_labels(ev)
    counts = ev.findings.groupby("source").size()
    rows = []
    for s in ev.included_sources.sort_values("key").itertuples(index=False):
        entry = ev.bib[s.key]
        fields = entry.fields
        where = next(
            (
                plain(fields[k])
                for k in ("journal", "booktitle", "institution", "publisher", "howpublished", "school")
                if fields.get(k)
            ),
            "",
        )
        authors = "; ".join(plain(a) for a in split_authors(fields.get("author", "")))
        rows.append(
            [
                s.key,
                labels[s.key],
                authors,
                entry.year,
                plain(fields.get("title", "")),
                where,
                fields.get("url", ""),
                int(counts.get(s.key, 0)),
            ]
        )
    return {"fields": ["key", "label", "authors", "year", "title", "published", "url", "findings"], "rows": rows}


def write_data_files(ev: Evidence, folder: Path) -> list[Path]:
    """The register's data as JavaScript files (a script tag loads them from disk too,
    where a fetch of a local file would be refused)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, variable, data in (
        (FINDINGS_FILE, "BOOK_FINDINGS", findings_data(ev)),
        (SOURCES_FILE, "BOOK_SOURCES", sources_data(ev)),
    ):
        text = f"window.{variable} = {json.dumps(data, ensure_ascii=False, separators=(',', ':'))};\n"
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
