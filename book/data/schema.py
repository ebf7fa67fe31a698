"""The data package descriptor (data/datapackage.json) is the one schema:
it validates the tables (see tables.py) and documents them (the data
dictionary page is generated from it)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from . import paths
from .errors import DataError, Problem

# A date as precise as its source: YYYY, YYYY-MM or YYYY-MM-DD. Fields with
# this pattern are also checked against the calendar.
PARTIAL_DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
KNOWN_TYPES = {"string", "integer", "number", "year", "date"}


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    description: str
    constraints: dict

    @property
    def required(self) -> bool:
        return bool(self.constraints.get("required"))

    @property
    def enum(self) -> list[str] | None:
        return self.constraints.get("enum")


@dataclass(frozen=True)
class ForeignKey:
    field: str
    resource: str
    ref_field: str


@dataclass(frozen=True)
class Resource:
    name: str
    path: str
    title: str
    description: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...]

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


class Package:
    def __init__(self, root: Path = paths.ROOT):
        self.root = Path(root)
        self.path = paths.package_path(self.root)
        self.descriptor = self._read()

    def _read(self) -> dict:
        where = paths.relative(self.path, self.root)
        try:
            return json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise DataError(  # noqa: B904 - the message says all there is; the FileNotFoundError adds nothing
                [Problem(where, "file", None, None, "the data package descriptor to exist", "missing_file")]
            )
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            line = getattr(exc, "lineno", "?")
            problem = Problem(where, f"line {line}", None, str(exc), "valid UTF-8 JSON", "bad_descriptor")
            raise DataError([problem]) from exc

    @cached_property
    def resources(self) -> dict[str, Resource]:
        out: dict[str, Resource] = {}
        problems = []
        where = paths.relative(self.path, self.root)
        for res in self.descriptor.get("resources", []):
            schema = res.get("schema", {})
            fields = []
            for fd in schema.get("fields", []):
                if fd.get("type", "string") not in KNOWN_TYPES:
                    problems.append(
                        Problem(
                            where,
                            f"resource '{res.get('name')}'",
                            fd.get("name"),
                            fd.get("type"),
                            f"a field type in {sorted(KNOWN_TYPES)}",
                            "bad_descriptor",
                        )
                    )
                fields.append(
                    Field(fd["name"], fd.get("type", "string"), fd.get("description", ""), fd.get("constraints", {}))
                )
            fks = []
            for fk in schema.get("foreignKeys", []):
                fks.append(ForeignKey(fk["fields"], fk["reference"]["resource"], fk["reference"]["fields"]))
            out[res["name"]] = Resource(
                res["name"],
                res["path"],
                res.get("title", res["name"]),
                res.get("description", ""),
                tuple(fields),
                tuple(schema.get("primaryKey", [])),
                tuple(fks),
            )
        if problems:
            raise DataError(problems)
        return out

    def file_of(self, resource: str) -> Path:
        return paths.data_dir(self.root) / self.resources[resource].path
