"""Errors that name the file, the row or entry, the field, the value found
and what was expected."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    file: str
    where: str  # "line 12", "entry 'smith2004review'", "header"
    field: str | None
    found: str | None
    expected: str
    kind: str  # short machine-readable category, used by tests

    def __str__(self) -> str:
        parts = [f"{self.file}, {self.where}"]
        if self.field:
            parts.append(f"field '{self.field}'")
        text = ", ".join(parts) + ": "
        if self.found is not None:
            found = str(self.found)
            shown = found if len(found) <= 80 else found[:77] + "..."
            text += f"found {shown!r}; "
        return text + f"expected {self.expected}"


class DataError(Exception):
    """Raised when the evidence data or bibliography is not valid.

    Carries every problem found, so one run lists them all."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        lines = [f"{len(self.problems)} problem(s) in the evidence data:"]
        lines += [f"  - {p}" for p in self.problems]
        super().__init__("\n".join(lines))

    def kinds(self) -> set[str]:
        return {p.kind for p in self.problems}


def decode_utf8(raw: bytes, file: str) -> tuple[str | None, list[Problem]]:
    """A file's bytes as text, or the problem: the line where they stop being UTF-8."""
    try:
        return raw.decode("utf-8").removeprefix("\ufeff"), []
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        found = repr(raw[exc.start : exc.start + 4])[2:-1]
        return None, [Problem(file, f"line {line}", None, found, "UTF-8 text (save the file as UTF-8)", "not_utf8")]
