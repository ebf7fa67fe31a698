"""House rules for the chapter notebooks, checked without running them
(nbval re-executes them and compares every output)."""

from __future__ import annotations

import json

import pytest

from support import ROOT

NOTEBOOKS = sorted((ROOT / "chapters").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_code_cells_are_hidden_and_executed(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    code = [c for c in cells if c["cell_type"] == "code"]
    assert code, "a chapter notebook computes something"
    for cell in code:
        assert "hide-input" in cell.get("metadata", {}).get("tags", []), "code cells are hidden by default"
        assert cell.get("execution_count") is not None, "notebooks are committed with their outputs (make execute)"
        assert "nbval-ignore-output" not in cell.get("metadata", {}).get("tags", [])
        assert "NBVAL_IGNORE_OUTPUT" not in "".join(cell["source"])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_reads_data_through_book(path):
    source = "\n".join("".join(c["source"]) for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "code")
    assert "book.load()" in source
    for forbidden in ("read_csv", "open(", "bibtexparser"):
        assert forbidden not in source, f"notebooks load data only through book.load(), not {forbidden}"


def test_pytest_skips_build_copies():
    ini = (ROOT / "pytest.ini").read_text()
    assert "_build" in ini and ".*" in ini
