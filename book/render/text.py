"""Text for readers as MyST Markdown: data text escaped so that it can never become
markup, tables as list-tables, values with their citations. Citations and
cross-references stay MyST roles, so Sphinx resolves (and checks) them."""

from __future__ import annotations

import re

import pandas as pd

_MARKUP = re.compile(r"([\\`*_{}\[\]<>()#+!|$~])")


def text(value) -> str:
    """Data text as literal MyST: characters that could start markup are escaped."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return _MARKUP.sub(r"\\\1", " ".join(str(value).split()))


def list_table(header: list[str], rows: list[list[str]], widths: list[int], css: str) -> str:
    lines = [":::{list-table}", ":header-rows: 1", f":widths: {' '.join(map(str, widths))}", f":class: {css}", ""]
    for row in [header] + rows:
        lines += ["* - " + (row[0] or "—")] + [f"  - {c or '—'}" for c in row[1:]]
    return "\n".join(lines + [":::", ""])


def cited(values: pd.DataFrame) -> str:
    """Values (column ``value``), each with the citation of its ``source``."""
    return "; ".join(f"{text(v.value)} {{cite:p}}`{v.source}`" for v in values.itertuples(index=False))


def gist(statement: str, limit: int = 25) -> str:
    """The opening of a statement: its first sentence, cut to a readable length."""
    match = re.match(r"(.+?\.)(\s|$)", statement)
    sentence = match.group(1) if match else statement
    words = sentence.split()
    return sentence if len(words) <= limit else " ".join(words[:limit]).rstrip(",;:") + " …"


def plural(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")
