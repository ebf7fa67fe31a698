"""The data dictionary, generated from data/datapackage.json (the one schema)."""

from __future__ import annotations

import pandas as pd

from ..data.evidence import Evidence
from ..data.schema import PARTIAL_DATE_PATTERN, Resource
from ..render.figures import escape, html_table

DATA_URL = "../data"  # where the build publishes the tables, relative to chapter pages


def _rule(field) -> str:
    c = field.constraints
    rules = []
    if field.enum:
        rules.append("one of: " + ", ".join(field.enum))
    if c.get("pattern") == PARTIAL_DATE_PATTERN:
        rules.append("date as YYYY, YYYY-MM or YYYY-MM-DD")
    elif c.get("pattern"):
        rules.append(f"matches {c['pattern']}")
    if c.get("unique"):
        rules.append("unique")
    if "minimum" in c:
        rules.append(f"at least {c['minimum']}")
    return "; ".join(rules)


def fields_frame(resource: Resource, ev: Evidence) -> pd.DataFrame:
    links = {fk.field: f"{fk.resource}.{fk.ref_field}" for fk in resource.foreign_keys}
    return pd.DataFrame(
        [
            {
                "Column": f.name,
                "Type": f.type,
                "Required": "yes" if f.required else "no",
                "Rules": _rule(f),
                "Refers to": links.get(f.name, ""),
                "Meaning": f.description,
            }
            for f in resource.fields
        ]
    )


def tables_frame(ev: Evidence) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "Table": f"{r.path}",
                "Title": r.title,
                "Rows": len(ev.tables[name].frame),
                "Primary key": ", ".join(r.primary_key),
                "What it holds": r.description,
            }
            for name, r in ev.package.resources.items()
        ]
    )


def tables_html(ev: Evidence) -> str:
    return html_table(
        tables_frame(ev), caption="The tables of the data package", links={"Table": lambda path: f"{DATA_URL}/{path}"}
    )


def dictionary_html(ev: Evidence) -> str:
    parts = []
    for name, resource in ev.package.resources.items():
        parts.append(
            f'<section class="book-dictionary" id="table-{escape(name)}">'
            f"<h3>{escape(resource.title)} "
            f'(<a href="{DATA_URL}/{escape(resource.path)}">{escape(resource.path)}</a>)</h3>'
            f"<p>{escape(resource.description)}</p>"
            + html_table(fields_frame(resource, ev), caption=f"Columns of {resource.path}")
            + "</section>"
        )
    return "".join(parts)
