"""Reading one CSV table against its schema. Every problem is reported with
the file, the line, the field, the value found and what was expected;
nothing is silently dropped."""

from __future__ import annotations

import calendar
import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from . import paths
from .errors import Problem
from .schema import PARTIAL_DATE_PATTERN, Field, Resource


@dataclass
class Table:
    resource: Resource
    frame: pd.DataFrame
    lines: list[int]  # the file line where each row starts, parallel to frame
    file: str

    def line_of(self, index: int) -> int:
        return self.lines[index]


def _decode(raw: bytes, where: str) -> tuple[str | None, list[Problem]]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        bad = raw[exc.start : exc.start + 4]
        return None, [Problem(where, f"line {line}", None, repr(bad)[2:-1], "UTF-8 text (save the file as UTF-8)", "not_utf8")]
    return text.removeprefix("\ufeff"), []


def _check_partial_date(value: str) -> bool:
    parts = [int(p) for p in value.split("-")]
    if len(parts) >= 2 and not 1 <= parts[1] <= 12:
        return False
    if len(parts) == 3 and not 1 <= parts[2] <= calendar.monthrange(parts[0], parts[1])[1]:
        return False
    return True


def _convert(field: Field, value: str):
    """Return (converted value, expectation text if invalid else None)."""
    if field.type in ("integer", "year"):
        if not re.fullmatch(r"-?\d+", value):
            return None, "a whole number" if field.type == "integer" else "a four-digit year"
        number = int(value)
        if field.type == "year" and not 1000 <= number <= 2100:
            return None, "a four-digit year"
        return number, None
    if field.type == "number":
        try:
            return float(value), None
        except ValueError:
            return None, "a number"
    if field.type == "date":
        try:
            return date.fromisoformat(value).isoformat(), None
        except ValueError:
            return None, "a date as YYYY-MM-DD"
    return value, None


def _check_value(field: Field, value: str, file: str, line: int) -> tuple[object, list[Problem]]:
    where = f"line {line}"
    if value.strip() == "":
        if field.required:
            return None, [Problem(file, where, field.name, value, "a value (this field is required)", "missing_value")]
        return None, []
    converted, bad_type = _convert(field, value)
    if bad_type:
        return None, [Problem(file, where, field.name, value, bad_type, "bad_type")]
    c = field.constraints
    if field.enum is not None and value not in field.enum:
        return None, [Problem(file, where, field.name, value, "one of: " + ", ".join(field.enum), "bad_vocabulary")]
    if "pattern" in c and not re.fullmatch(c["pattern"], value):
        expected = "a date as YYYY, YYYY-MM or YYYY-MM-DD" if c["pattern"] == PARTIAL_DATE_PATTERN else f"text matching {c['pattern']}"
        kind = "bad_date" if c["pattern"] == PARTIAL_DATE_PATTERN else "bad_pattern"
        return None, [Problem(file, where, field.name, value, expected, kind)]
    if c.get("pattern") == PARTIAL_DATE_PATTERN and not _check_partial_date(value):
        return None, [Problem(file, where, field.name, value, "a real calendar date (YYYY, YYYY-MM or YYYY-MM-DD)", "bad_date")]
    if "minimum" in c and converted < c["minimum"]:
        return None, [Problem(file, where, field.name, value, f"at least {c['minimum']}", "out_of_range")]
    if "maximum" in c and converted > c["maximum"]:
        return None, [Problem(file, where, field.name, value, f"at most {c['maximum']}", "out_of_range")]
    return converted, []


def read_table(resource: Resource, path: Path, root: Path) -> tuple[Table | None, list[Problem]]:
    file = paths.relative(path, root)
    if not path.exists():
        return None, [Problem(file, "file", None, None, f"the table '{resource.name}' to exist (listed in data/datapackage.json)", "missing_file")]
    text, problems = _decode(path.read_bytes(), file)
    if text is None:
        return None, problems
    if text.strip() == "":
        return None, [Problem(file, "line 1", None, "", "a header row and at least one data row (the file is empty)", "empty_file")]

    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[tuple[int, list[str]]] = []
    previous_end = 0
    try:
        for row in reader:
            records.append((previous_end + 1, row))
            previous_end = reader.line_num
    except csv.Error as exc:
        line = reader.line_num or previous_end + 1
        return None, [Problem(file, f"line {line}", None, str(exc), "well-formed CSV (check for a stray or unclosed double quote)", "bad_csv")]

    header_line, header = records[0]
    expected = resource.field_names
    duplicated = sorted({h for h in header if header.count(h) > 1})
    unknown = [h for h in header if h not in expected]
    missing = [e for e in expected if e not in header]
    for name in duplicated:
        problems.append(Problem(file, "header", name, name, "each column once", "duplicate_column"))
    for name in unknown:
        problems.append(Problem(file, "header", name, name, "a column named in the schema: " + ", ".join(expected), "unknown_column"))
    for name in missing:
        problems.append(Problem(file, "header", name, None, f"a column named '{name}'", "missing_column"))
    if problems:
        return None, problems
    if len(records) == 1:
        return None, [Problem(file, "line 2", None, None, "at least one data row after the header (the file has only a header)", "no_rows")]

    rows, lines = [], []
    fields = [resource.field(name) for name in header]  # looked up once, not per cell
    for line, cells in records[1:]:
        if not cells or all(c == "" for c in cells) and len(cells) <= 1:
            problems.append(Problem(file, f"line {line}", None, "", "a data row, not a blank line", "blank_row"))
            continue
        if len(cells) != len(header):
            problems.append(Problem(file, f"line {line}", None, f"{len(cells)} cells",
                                    f"{len(header)} cells, one per column (a stray comma or delimiter? quote fields that contain commas)", "row_length"))
            continue
        row = {}
        for name, field, value in zip(header, fields, cells):
            converted, found = _check_value(field, value, file, line)
            problems.extend(found)
            row[name] = converted
        rows.append(row)
        lines.append(line)

    problems.extend(_check_unique(resource, rows, lines, file))
    frame = pd.DataFrame.from_records(rows, columns=expected)
    for f in resource.fields:
        if f.type in ("integer", "year"):
            frame[f.name] = frame[f.name].astype("Int64")
    if len(frame) != len(records) - 1 and not problems:
        problems.append(Problem(file, "file", None, f"{len(frame)} rows loaded", f"{len(records) - 1} rows, as in the file", "row_lost"))
    return Table(resource, frame, lines, file), problems


def _check_unique(resource: Resource, rows: list[dict], lines: list[int], file: str) -> list[Problem]:
    problems = []
    checks = [(f.name,) for f in resource.fields if f.constraints.get("unique")]
    if resource.primary_key and tuple(resource.primary_key) not in checks:
        checks.append(tuple(resource.primary_key))
    for cols in checks:
        seen: dict[tuple, int] = {}
        for row, line in zip(rows, lines):
            value = tuple(row[c] for c in cols)
            if any(v is None for v in value):
                continue
            if value in seen:
                shown = value[0] if len(value) == 1 else " / ".join(map(str, value))
                problems.append(Problem(file, f"line {line}", "+".join(cols), str(shown), f"a unique value (already used on line {seen[value]})", "duplicate_id"))
            else:
                seen[value] = line
    return problems
