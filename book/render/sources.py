"""Sources as readers see them: author-year labels as the text cites them, and
BibTeX text decoded from LaTeX."""

from __future__ import annotations

import codecs
import re

import latexcodec  # noqa: F401 - imported for its side effect: it registers the "ulatex" codec

from ..data.bib import BibEntry, split_authors, surname
from ..data.evidence import Evidence

LATEX_MARKS = re.compile(r"[\\~$]|--")  # text without these needs no LaTeX decoding


def plain(value: str) -> str:
    """BibTeX text as a reader sees it: LaTeX accents and dashes decoded, braces gone."""
    value = value or ""
    if LATEX_MARKS.search(value):
        value = codecs.decode(value, "ulatex")
    return re.sub(r"[{}]", "", value).strip()


def source_labels(ev: Evidence, keys=None) -> dict[str, str]:
    """Author-year labels as the text shows them (Smith and Jones, 2019a; King's Fund, n.d.),
    for ``keys`` (default: every entry)."""
    years = ev.label_years
    labels = {}
    for key in ev.bib if keys is None else keys:
        entry = ev.bib[key]
        names = [plain(surname(a)) for a in split_authors(entry.fields.get("author", ""))]
        who = " and ".join(names) if len(names) <= 2 else f"{names[0]} et al."
        labels[key] = f"{who}, {years.get(key, entry.year)}"
    return labels


def publication_url(entry: BibEntry) -> str:
    """Where the publication itself lives: its DOI where it has one, else its url."""
    doi = entry.fields.get("doi")
    return f"https://doi.org/{doi}" if doi else entry.fields.get("url", "")


def source_columns(ev: Evidence, keys) -> dict[str, list[str]]:
    """Columns that name a row's source as readers see it, for chart data tables and CSV
    downloads: the citation (authors, year), the publication's address, and the key last."""
    keys = list(keys)
    labels = source_labels(ev, set(keys))
    return {
        "Source": [labels[k] for k in keys],
        "Source address": [publication_url(ev.bib[k]) for k in keys],
        "Key": keys,
    }
