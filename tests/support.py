"""What the tests share: the repository's root, a temporary copy of it to break or
build, the table of contents, a build command, and small editors of the data files.
Fixtures live in conftest.py; test modules import helpers from here only."""

from __future__ import annotations

import csv
import fcntl
import io
import shutil
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

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
            if "glob" in item:  # generated pages (the evidence pages), in file-name order
                names.extend(sorted(str(p.relative_to(ROOT).with_suffix("")) for p in ROOT.glob(item["glob"] + ".md")))
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


# -- one build shared by both test workers -----------------------------------------


@contextmanager
def exclusive(lock_file: Path):
    """Hold a lock shared by the test workers (the first to need a build makes it; the other waits)."""
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    with lock_file.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# -- reading the site in a browser ------------------------------------------------


def open_page(browser, url):
    """Open a page with every off-machine request aborted and recorded."""
    context = browser.new_context()
    page = context.new_page()
    external, errors = [], []

    def guard(route):
        parsed = urlparse(route.request.url)
        if parsed.scheme in ("file", "data", "blob", "about") or parsed.hostname == "127.0.0.1":
            route.continue_()
        else:
            external.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    # Every console error, uncaught exception and failed request (a missing favicon included) counts.
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    # A request cut short by the page's own next navigation is not a failure (blocked ones are counted above).
    page.on(
        "requestfailed",
        lambda r: (
            errors.append(f"failed {r.url}: {r.failure}")
            if r.url not in external and r.failure != "net::ERR_ABORTED"
            else None
        ),
    )
    page.goto(url, wait_until="load")
    return context, page, external, errors


def wait_for_charts(page) -> int:
    charts = page.locator("div[id^='chart-'], div[id^='altair-viz-']")
    count = charts.count()
    for i in range(count):
        charts.nth(i).locator("svg, canvas").first.wait_for(state="attached", timeout=15000)
    return count


def check_page(page, external, errors):
    assert not external, f"requests left the machine: {external}"
    assert not errors, f"console errors or failed requests: {errors}"
    assert page.title().strip(), "page has no title"
    # The theme also writes a print-only copy of the title (display: none on screen).
    assert page.locator("h1:visible").count() == 1, "page must show exactly one h1"
    assert page.locator("article h1").count() == 1, "the article must have exactly one h1"
    assert "Error loading script" not in page.locator("body").inner_text()
