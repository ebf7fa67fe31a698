"""The findings register and the list of included sources, published as data
files that the browser reads (``_static/register/``), so that no page's weight
grows with the evidence: chapters show counts and a bounded sample, and link
here for the rest."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlencode

import pandas as pd

from .bib import _surname, split_authors, year_suffixes
from .evidence import Evidence

REGISTER_PAGE = "findings.html"
STATIC_SUBDIR = "register"
FINDINGS_FILE = "findings-data.js"
SOURCES_FILE = "sources-data.js"
# Filters the register page understands, in the order its menus show them.
FILTERS = ["model", "system", "site", "function", "outcome_domain", "direction", "review_finding", "source"]


def register_link(page_prefix: str = "", **filters: str) -> str:
    """The address of the register page showing the findings that match ``filters``."""
    unknown = set(filters) - set(FILTERS) - {"id"}
    if unknown:
        raise ValueError(f"the findings register has no filter {sorted(unknown)}")
    query = urlencode({k: v for k, v in filters.items() if v})
    return f"{page_prefix}{REGISTER_PAGE}" + (f"?{query}" if query else "")


LATEX_MARKS = re.compile(r"[\\~$]|--")  # text without these needs no LaTeX decoding


def register_anchor(label: str, **filters: str) -> str:
    """An HTML link, in MyST output, to the register filtered by ``filters``; ``label`` is
    MyST text (escaped by the caller)."""
    return f'<a href="{register_link(**filters)}">{label}</a>'


def _plain(value: str) -> str:
    """BibTeX text as a reader sees it: LaTeX accents and dashes decoded, braces gone."""
    value = value or ""
    if LATEX_MARKS.search(value):
        import codecs

        import latexcodec  # noqa: F401 - registers the "ulatex" codec (a dependency of pybtex)
        value = codecs.decode(value, "ulatex")
    return re.sub(r"[{}]", "", value).strip()


def source_labels(ev: Evidence, keys=None) -> dict[str, str]:
    """Author-year labels as the text shows them (Smith and Jones, 2019a; King's Fund, n.d.),
    for ``keys`` (default: every entry)."""
    years = year_suffixes(ev.bib)
    labels = {}
    for key in (ev.bib if keys is None else keys):
        entry = ev.bib[key]
        names = [_plain(_surname(a)) for a in split_authors(entry.fields.get("author", ""))]
        who = " and ".join(names) if len(names) <= 2 else f"{names[0]} et al."
        labels[key] = f"{who}, {years.get(key, entry.year)}"
    return labels


def _vocabulary(series: pd.Series, labels: dict[str, str]) -> tuple[list[int], list[list[str]]]:
    """A column as small integers into a list of [code, label] pairs (blank = -1)."""
    codes = sorted(c for c in series.dropna().unique())
    index = {c: i for i, c in enumerate(codes)}
    return [index.get(v, -1) if isinstance(v, str) else -1 for v in series], [[c, labels.get(c, c)] for c in codes]


def findings_data(ev: Evidence) -> dict:
    """Every finding with what a reader needs to check it: statement, locator,
    source and the address where it was read, and the review finding it supports."""
    f = ev.findings.sort_values("finding_id")
    label_maps = {
        "model": dict(zip(ev.models["model"], ev.models["label"])),
        "system": dict(zip(ev.jurisdictions["system"], ev.jurisdictions["label"])),
        "site": dict(zip(ev.site_list["site"], ev.site_list["label"])),
        "function": dict(zip(ev.functions["function"], ev.functions["label"])),
        "source": source_labels(ev),
        "review_finding": {r: r for r in ev.review_findings["review_id"]},
    }
    from .synthesis import OUTCOME_LABELS
    label_maps["outcome_domain"] = OUTCOME_LABELS
    label_maps["direction"] = {}
    columns, vocabularies = {}, {}
    for name in FILTERS:
        columns[name], vocabularies[name] = _vocabulary(f[name], label_maps[name])
    confidence = ev.review_findings.set_index("review_id")["confidence"].str.replace("_", " ")
    vocabularies["review_finding"] = [[code, f"{code} ({confidence.get(code, 'not rated')} confidence)"]
                                      for code, _ in vocabularies["review_finding"]]
    rows = [[fid, text, locator or "", url or ""] + [columns[name][i] for name in FILTERS]
            for i, (fid, text, locator, url) in enumerate(zip(f["finding_id"], f["finding"], f["locator"].fillna(""),
                                                              f["url"].fillna("")))]
    return {"fields": ["id", "finding", "locator", "url"] + FILTERS, "vocabularies": vocabularies, "rows": rows}


def sources_data(ev: Evidence) -> dict:
    """Every included source as a short reference: label, title, where published, year and address."""
    labels = source_labels(ev)
    counts = ev.findings.groupby("source").size()
    rows = []
    for s in ev.included_sources.sort_values("key").itertuples(index=False):
        entry = ev.bib[s.key]
        fields = entry.fields
        where = next((_plain(fields[k]) for k in ("journal", "booktitle", "institution", "publisher", "howpublished", "school")
                      if fields.get(k)), "")
        authors = "; ".join(_plain(a) for a in split_authors(fields.get("author", "")))
        rows.append([s.key, labels[s.key], authors, entry.year,
                     _plain(fields.get("title", "")), where, fields.get("url", ""), int(counts.get(s.key, 0))])
    return {"fields": ["key", "label", "authors", "year", "title", "published", "url", "findings"], "rows": rows}


def write_data_files(ev: Evidence, folder: Path) -> list[Path]:
    """The register's data as JavaScript files (a script tag loads them from disk too,
    where a fetch of a local file would be refused)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, variable, data in ((FINDINGS_FILE, "BOOK_FINDINGS", findings_data(ev)),
                                 (SOURCES_FILE, "BOOK_SOURCES", sources_data(ev))):
        text = f"window.{variable} = {json.dumps(data, ensure_ascii=False, separators=(',', ':'))};\n"
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
