"""Executing the chapter notebooks outside the build (make execute, tests)."""

from __future__ import annotations

import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

TIMEOUT_SECONDS = 180


def execute(path: Path) -> tuple[nbformat.NotebookNode, float]:
    """Run a notebook in its own folder, as the build does; errors are fatal."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=TIMEOUT_SECONDS,
        kernel_name="python3",
        allow_errors=False,
        record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    start = time.perf_counter()
    client.execute()
    return nb, time.perf_counter() - start


def execute_in_place(path: Path) -> float:
    nb, seconds = execute(path)
    nbformat.write(nb, path)
    return seconds
