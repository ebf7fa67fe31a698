"""The glossary, generated from data/glossary.csv: the entries of its page, and the
forms of each term the site links to its entry at first use in every chapter."""

from __future__ import annotations

import re

import pandas as pd

from ..data.evidence import Evidence

# Capitalised words that are not terms of the report: Roman numerals, the placeholders of
# date formats, and the file formats, licences and tools of the pages on reusing the data
# and code, which link to what they name. Ids (RF-12, EA-001) and hyphenated names
# (COVID-19) are excluded by ACRONYM itself; the prefixes of finding ids are added from data.
NOT_ACRONYMS = {"II", "III", "IV", "VI", "YYYY", "MM", "DD", "CSV", "PDF", "URL", "README", "GNU", "MIT", "CC", "BY"}
# Two or more capitals starting a word (PCT, PCTs, PRUComm), not joined by a hyphen.
ACRONYM = re.compile(r"(?<![\w-])[A-Z]{2,}[A-Za-z]*(?![\w-])")


def entries(ev: Evidence) -> pd.DataFrame:
    """Glossary rows in the order of the page: alphabetical, ignoring case."""
    frame = ev.glossary.copy()
    return frame.iloc[frame["term"].str.lower().argsort(kind="stable")].reset_index(drop=True)


def tip_text(row) -> str:
    """What a reader sees on hovering or focusing a term: its expansion and definition."""
    lead = f"{row.term} ({row.expansion})" if isinstance(row.expansion, str) else row.term
    return f"{lead}: {row.definition}"


def glossary_content(ev: Evidence) -> list[str]:
    """The body of Sphinx's glossary directive: each term, then its indented definition
    with its source cited."""
    lines = []
    for row in entries(ev).itertuples(index=False):
        expansion = f"**{row.expansion}.** " if isinstance(row.expansion, str) else ""
        keys = row.source.split(";") if isinstance(row.source, str) else []
        label = "Sources" if len(keys) > 1 else "Source"
        where = f"{label}: {{cite:t}}`{','.join(keys)}`." if keys else f"Defined at <{row.url}>."
        lines += [row.term, f"   {expansion}{row.definition} {where}", ""]
    return lines


def forms(ev: Evidence) -> dict[str, str]:
    """Each way the book writes a term (the term, its aliases and their plurals) -> the term."""
    found = {}
    for row in ev.glossary.itertuples(index=False):
        aliases = [a.strip() for a in row.aliases.split(";")] if isinstance(row.aliases, str) else []
        for form in [row.term, *aliases]:
            found[form] = row.term
            found.setdefault(form + "s", row.term)
    return found


def id_prefixes(ev: Evidence) -> set[str]:
    """The two letters that open finding ids (EA, CC…), which the methods page explains."""
    return set(ev.findings["finding_id"].str[:2])


def unexplained(text: str, known: dict[str, str], ignored: set[str]) -> list[str]:
    """Acronyms in ``text`` that the glossary does not define."""
    return [a for a in ACRONYM.findall(text) if a not in known and a not in NOT_ACRONYMS | ignored]
