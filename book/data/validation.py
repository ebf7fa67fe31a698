"""The one validator of the tables: Frictionless checks every table against
data/datapackage.json (types, required values, enums, patterns, ranges, unique and
primary keys, foreign keys across tables, column names, blank rows and row lengths).
Here its errors become problems in the book's terms: the file, the line, the field,
the value found and what was expected."""

from __future__ import annotations

import multiprocessing
import re
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import frictionless

from . import paths
from .errors import Problem
from .schema import PARTIAL_DATE_PATTERN, Field, Package
from .tables import Table

TYPE_EXPECTED = {
    "integer": "a whole number",
    "year": "a four-digit year",
    "number": "a number",
    "date": "a date as YYYY-MM-DD",
}
_POSITION = re.compile(r"row at position (\d+)")


def _where(table: Table | None, row_number: int | None) -> str:
    """Frictionless counts CSV records (the header is 1); readers want the file's line."""
    if row_number is None:
        return "header"
    line = table.line_of_record(row_number) if table is not None else None
    return f"line {line}" if line is not None else f"row {row_number}"


def _constraint(field: Field, note: str) -> tuple[str, str]:
    """What a broken constraint expected, and the problem's kind."""
    c = field.constraints
    if '"required"' in note:
        return "a value (this field is required)", "missing_value"
    if '"enum"' in note:
        return "one of: " + ", ".join(field.enum or []), "bad_vocabulary"
    if '"pattern"' in note and c.get("pattern") == PARTIAL_DATE_PATTERN:
        return "a date as YYYY, YYYY-MM or YYYY-MM-DD", "bad_date"
    if '"pattern"' in note:
        return f"text matching {c['pattern']}", "bad_pattern"
    if '"minimum"' in note:
        return f"at least {c['minimum']}", "out_of_range"
    if '"maximum"' in note:
        return f"at most {c['maximum']}", "out_of_range"
    return note, "bad_constraint"


def _duplicate_problem(error, table: Table | None, file: str, where: str, resource) -> Problem:
    """A value used twice in a unique column, or a primary key used twice."""
    first = _POSITION.search(error.note)
    earlier = f" (already used on {_where(table, int(first.group(1)))})" if first else ""
    if error.type == "unique-error":
        return Problem(file, where, error.field_name, error.cell, f"a unique value{earlier}", "duplicate_id")
    positions = [resource.field_names.index(name) for name in resource.primary_key]
    value = " / ".join(str(error.cells[i]) for i in positions if i < len(error.cells))
    return Problem(file, where, "+".join(resource.primary_key), value, f"a unique key{earlier}", "duplicate_id")


def _cell_problem(error, file: str, where: str, field: Field) -> Problem:
    if error.type == "type-error":
        return Problem(file, where, field.name, error.cell, TYPE_EXPECTED.get(field.type, field.type), "bad_type")
    expected, kind = _constraint(field, error.note)
    return Problem(file, where, field.name, error.cell, expected, kind)


def _foreign_key_problem(error, file: str, where: str, package: Package) -> Problem:
    target = package.resources[error.reference_name]
    return Problem(
        file,
        where,
        ", ".join(error.field_names),
        ", ".join(map(str, error.field_cells)),
        f"a value present in data/{target.path} (column '{', '.join(error.reference_field_names)}')",
        "unknown_key",
    )


def _label_problem(error, file: str, expected: list[str]) -> Problem:
    if error.type == "missing-label":
        return Problem(file, "header", error.field_name, None, f"a column named '{error.field_name}'", "missing_column")
    if error.label in expected:
        return Problem(file, "header", error.label, error.label, "each column once", "duplicate_column")
    return Problem(
        file,
        "header",
        error.label,
        error.label,
        "a column named in the schema: " + ", ".join(expected),
        "unknown_column",
    )


def _problem(error, table: Table | None, file: str, package: Package, resource_name: str) -> Problem:
    resource = package.resources[resource_name]
    where = _where(table, getattr(error, "row_number", None))
    if error.type in ("type-error", "constraint-error"):
        return _cell_problem(error, file, where, resource.field(error.field_name))
    if error.type in ("unique-error", "primary-key"):
        return _duplicate_problem(error, table, file, where, resource)
    if error.type == "foreign-key":
        return _foreign_key_problem(error, file, where, package)
    if error.type in ("extra-cell", "missing-cell"):
        return Problem(
            file,
            where,
            None,
            f"{len(error.cells)} cells",
            f"{len(resource.fields)} cells, one per column (a stray comma or delimiter? "
            "quote fields that contain commas)",
            "row_length",
        )
    if error.type == "blank-row":
        return Problem(file, where, None, "", "a data row, not a blank line", "blank_row")
    if error.type in ("incorrect-label", "extra-label", "duplicate-label", "missing-label", "blank-label"):
        return _label_problem(error, file, resource.field_names)
    return Problem(file, where, getattr(error, "field_name", None), None, error.note or error.title, error.type)


ERROR_FIELDS = (
    "type",
    "row_number",
    "field_name",
    "cell",
    "cells",
    "note",
    "title",
    "label",
    "field_names",
    "field_cells",
    "reference_name",
    "reference_field_names",
)


def frictionless_errors(descriptor: str) -> list[tuple[str, SimpleNamespace]] | str:
    """Frictionless's report on the package as (table, error) pairs, plain enough to cross
    from the process that validates to the one that reads; or why the descriptor is invalid."""
    try:
        report = frictionless.Package(descriptor).validate(limit_errors=100_000)
    except frictionless.FrictionlessException as exc:  # the descriptor itself breaks the standard
        return str(exc.error.note or exc)
    return [
        (task.name, SimpleNamespace(**{name: getattr(error, name, None) for name in ERROR_FIELDS}))
        for task in report.tasks
        for error in task.errors
    ]


def _validate_into(descriptor: str, sender) -> None:
    sender.send(frictionless_errors(descriptor))
    sender.close()


@dataclass
class Validation:
    """Frictionless at work in a second process (a fork: no thread pool, nothing left at exit)."""

    descriptor: str
    receiver: object
    process: multiprocessing.process.BaseProcess

    def result(self) -> list[tuple[str, SimpleNamespace]] | str:
        try:
            errors = self.receiver.recv()
        except EOFError:  # the second process died: validate here instead
            errors = None
        self.process.join()
        if errors is None or isinstance(errors, str):
            # A failure in the second process is never taken on trust: the answer is this process's own.
            errors = frictionless_errors(self.descriptor)
        return errors


def start_validation(package: Package) -> Validation:
    """Frictionless validates in a second process while this one reads the tables and runs the
    book's own rules: on two cores the check takes the time of the longer of the two."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_validate_into, args=(str(package.path), sender), daemon=True)
    process.start()
    sender.close()
    return Validation(str(package.path), receiver, process)


def frictionless_problems(
    package: Package, tables: dict[str, Table], unreadable: set[str], root: Path, validation: Validation
) -> list[Problem]:
    """Every problem Frictionless found in the tables that could be read (``unreadable``
    names those whose own problems are already reported)."""
    errors = validation.result()
    if isinstance(errors, str):
        where = paths.relative(package.path, root)
        return [Problem(where, "descriptor", None, errors, "a valid Tabular Data Package descriptor", "bad_descriptor")]
    problems = []
    for name, error in errors:
        if name in unreadable:
            continue
        if error.type == "foreign-key" and error.reference_name in unreadable:
            continue  # the table it refers to is reported already
        if error.type == "primary-key" and "are all" in error.note:
            continue  # a blank row, reported as such
        file = paths.relative(package.file_of(name), root)
        problems.append(_problem(error, tables.get(name), file, package, name))
    # A duplicated primary key is also a duplicated unique column: report each row once, by its column.
    once: dict[tuple, Problem] = {}
    for problem in problems:
        once.setdefault((problem.file, problem.where, problem.kind), problem)
    return list(once.values())
