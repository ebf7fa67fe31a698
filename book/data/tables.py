"""Reading one CSV table of the data package into a DataFrame, with what Frictionless
cannot check (see validation.py for the rest): a missing file, bytes that are not
UTF-8, malformed CSV such as a stray quote, an empty file or one with only a header,
and dates that match their pattern but not the calendar. Every problem names the
file, the line, the field, the value found and what was expected."""

from __future__ import annotations

import calendar
import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import paths
from .errors import Problem, decode_utf8
from .schema import PARTIAL_DATE_PATTERN, Resource


@dataclass
class Table:
    resource: Resource
    frame: pd.DataFrame
    lines: list[int]  # the file line where each row starts, parallel to frame
    file: str
    record_lines: list[int]  # the file line where each CSV record starts, header first

    def line_of(self, index: int) -> int:
        return self.lines[index]

    def line_of_record(self, number: int) -> int | None:
        """The line where CSV record ``number`` starts (1 is the header), as Frictionless counts rows."""
        return self.record_lines[number - 1] if 0 < number <= len(self.record_lines) else None


def _records(text: str, file: str) -> tuple[list[tuple[int, list[str]]], list[Problem]]:
    """Each CSV record with the line it starts on; Python's strict parser catches the
    stray quotes that Frictionless's lenient one would read as data."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[tuple[int, list[str]]] = []
    previous_end = 0
    try:
        for row in reader:
            records.append((previous_end + 1, row))
            previous_end = reader.line_num
    except csv.Error as exc:
        line = reader.line_num or previous_end + 1
        expected = "well-formed CSV (check for a stray or unclosed double quote)"
        return [], [Problem(file, f"line {line}", None, str(exc), expected, "bad_csv")]
    return records, []


def real_partial_date(value: str) -> bool:
    """A YYYY, YYYY-MM or YYYY-MM-DD date whose month and day exist."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) >= 2 and not 1 <= parts[1] <= 12:
        return False
    return len(parts) < 3 or 1 <= parts[2] <= calendar.monthrange(parts[0], parts[1])[1]


def _calendar_problems(resource: Resource, rows: list[dict], lines: list[int], file: str) -> list[Problem]:
    dated = [f.name for f in resource.fields if f.constraints.get("pattern") == PARTIAL_DATE_PATTERN]
    expected = "a real calendar date (YYYY, YYYY-MM or YYYY-MM-DD)"
    return [
        Problem(file, f"line {line}", name, row[name], expected, "bad_date")
        for row, line in zip(rows, lines, strict=True)
        for name in dated
        if re.fullmatch(PARTIAL_DATE_PATTERN, row.get(name) or "") and not real_partial_date(row[name])
    ]


def _frame(resource: Resource, rows: list[dict]) -> pd.DataFrame:
    """The rows typed as the schema says (a value Frictionless rejects becomes blank here;
    its problem is reported all the same)."""
    frame = pd.DataFrame.from_records(rows, columns=resource.field_names).replace({"": None})
    for field in resource.fields:
        if field.type in ("integer", "year"):
            frame[field.name] = pd.to_numeric(frame[field.name], errors="coerce").astype("Int64")
        elif field.type == "number":
            frame[field.name] = pd.to_numeric(frame[field.name], errors="coerce")
    return frame


def read_table(resource: Resource, path: Path, root: Path) -> tuple[Table | None, list[Problem]]:
    file = paths.relative(path, root)
    if not path.exists():
        expected = f"the table '{resource.name}' to exist (listed in data/datapackage.json)"
        return None, [Problem(file, "file", None, None, expected, "missing_file")]
    text, problems = decode_utf8(path.read_bytes(), file)
    if text is None:
        return None, problems
    if text.strip() == "":
        return None, [
            Problem(
                file, "line 1", None, "", "a header row and at least one data row (the file is empty)", "empty_file"
            )
        ]
    records, problems = _records(text, file)
    if problems:
        return None, problems
    header = records[0][1]
    if len(records) == 1:
        expected = "at least one data row after the header (the file has only a header)"
        return None, [Problem(file, "line 2", None, None, expected, "no_rows")]
    # Blank lines, rows of the wrong length and wrong column names are Frictionless's to
    # report; the frame skips such rows and leaves unknown columns out.
    kept = [(line, cells) for line, cells in records[1:] if len(cells) == len(header)]
    rows = [dict(zip(header, cells, strict=True)) for _, cells in kept]
    lines = [line for line, _ in kept]
    table = Table(resource, _frame(resource, rows), lines, file, [line for line, _ in records])
    return table, _calendar_problems(resource, rows, lines, file)
