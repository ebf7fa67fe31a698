"""What the tests share: the repository's root, a temporary copy of it to break or
build, the table of contents, a build command, and small editors of the data files.
Fixtures live in conftest.py; test modules import helpers from here only."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
COPIED = ["data", "references.bib", "chapters", "_config.yml", "_toc.yml", "book", "pyproject.toml"]


def copy_repo(target: Path, parts=COPIED) -> Path:
    """The parts of the repository a check or build reads, copied to ``target``."""
    for name in parts:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, target / name, ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
        else:
            shutil.copy2(src, target / name)
    return target


def toc_docnames() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    names = [toc["root"]]

    def walk(items):
        for item in items:
            if "file" in item:
                names.append(item["file"])
            walk(item.get("sections", []))
            walk(item.get("chapters", []))

    for part in toc.get("parts", []):
        walk(part.get("chapters", []))
    walk(toc.get("chapters", []))
    return names


def run_book(root: Path, *command: str, timeout: int = 900) -> subprocess.CompletedProcess:
    """``python -m book COMMAND --root ROOT``, run in ``root``."""
    return subprocess.run(
        [sys.executable, "-m", "book", *command, "--root", str(root)],
        capture_output=True,
        text=True,
        cwd=root,
        timeout=timeout,
    )


def run_build(root: Path) -> subprocess.CompletedProcess:
    return run_book(root, "build")


def small_book(root: Path, pages: tuple[str, ...]) -> None:
    """Limit the copy at ``root`` to the front page and ``pages`` (and what they link to)."""
    toc = {"format": "jb-book", "root": "chapters/index", "chapters": [{"file": f"chapters/{name}"} for name in pages]}
    (root / "_toc.yml").write_text(yaml.safe_dump(toc))


# -- editing the data files of a copy --------------------------------------------


def read_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def set_cell(root: Path, table: str, column: str, value: str, row: int = 0) -> None:
    """Set a cell of data row ``row`` (line row + 2, as no field spans lines)."""
    path = root / "data" / table
    rows = read_rows(path)
    rows[row + 1][rows[0].index(column)] = value
    write_rows(path, rows)


def get_cell(root: Path, table: str, column: str, row: int = 0) -> str:
    rows = read_rows(root / "data" / table)
    return rows[row + 1][rows[0].index(column)]


def append_row(root: Path, table: str, values: dict[str, str]) -> int:
    """Append a row; return its line number."""
    path = root / "data" / table
    rows = read_rows(path)
    rows.append([values.get(h, "") for h in rows[0]])
    write_rows(path, rows)
    return len(rows)


def copy_row(root: Path, table: str, row: int = 0, **changes: str) -> int:
    path = root / "data" / table
    rows = read_rows(path)
    new = list(rows[row + 1])
    for column, value in changes.items():
        new[rows[0].index(column)] = value
    rows.append(new)
    write_rows(path, rows)
    return len(rows)


def append_bib(root: Path, text: str) -> None:
    with (root / "references.bib").open("a", encoding="utf-8") as handle:
        handle.write("\n" + text + "\n")


def bib_entry_text(root: Path, key: str) -> str:
    text = (root / "references.bib").read_text(encoding="utf-8")
    start = text.index("{" + key + ",") - text[: text.index("{" + key + ",")][::-1].index("@") - 1
    end = text.index("\n}\n", start) + 3
    return text[start:end]


def replace_in_bib(root: Path, key: str, old: str, new: str) -> None:
    path = root / "references.bib"
    text = path.read_text(encoding="utf-8")
    entry = bib_entry_text(root, key)
    assert old in entry
    path.write_text(text.replace(entry, entry.replace(old, new, 1)), encoding="utf-8")
