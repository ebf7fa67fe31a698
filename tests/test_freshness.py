"""jupyter-cache keys a notebook on its code alone; the book must still
re-execute a notebook when the data it reads changes."""

from __future__ import annotations

import re

import pytest

from book.data.numbers import stated_numbers

from support import copy_repo, copy_row, get_cell, run_build, small_book

pytestmark = pytest.mark.slow  # builds the book or works at scale


def _findings_on_page(root) -> int:
    html = (root / "_build" / "html" / "chapters" / "introduction.html").read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", "", html)
    return int(re.search(r"we extracted\s+(\d+)\s+findings", text).group(1))


def test_data_change_reexecutes_notebook(tmp_path):
    root = copy_repo(tmp_path / "repo")
    # A small book (the introduction, and the pages the bibliography links to) keeps this test quick.
    small_book(root, ("introduction", "bibliography", "findings", "data"))
    first = run_build(root)
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    before = _findings_on_page(root)

    # A copy of a finding that states no figure (one that did would need its results too).
    row = next(i for i in range(50) if not stated_numbers(get_cell(root, "findings.csv", "finding", row=i)))
    new_id = get_cell(root, "findings.csv", "finding_id", row=row)[:3] + "999"
    copy_row(root, "findings.csv", row, finding_id=new_id)
    second = run_build(root)
    assert second.returncode == 0, second.stdout[-3000:] + second.stderr[-3000:]
    assert _findings_on_page(root) == before + 1

    third = run_build(root)  # nothing changed: cached outputs are reused, still fresh
    assert third.returncode == 0
    assert _findings_on_page(root) == before + 1
