"""Facts about this checkout that several layers need, each computed in one place:
the report's version (kept only in pyproject.toml), the files each cache depends
on, and one digest of files."""

from __future__ import annotations

import hashlib
import tomllib
from pathlib import Path

from . import paths

# What the notebooks read besides their own code: a change to any of these must re-run them.
NOTEBOOK_INPUTS = ("data/**/*", "references.bib", "book/**/*.py", "pyproject.toml")
# What the evidence check reads: the notebooks' inputs and the chapters (for their citations).
CHECK_INPUTS = NOTEBOOK_INPUTS + ("chapters/*.ipynb", "chapters/*.md")
# What the PDF is printed from: everything the site's pages are built from.
PDF_INPUTS = CHECK_INPUTS + ("_config.yml", "_toc.yml", "book/site/static/*", "book/site/templates/*")
# The data release: the data package and the bibliography.
DATA_INPUTS = ("data/*", "references.bib")


def report_version(root: Path = paths.ROOT) -> str:
    return tomllib.loads((Path(root) / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def files_digest(root: Path, patterns: tuple[str, ...]) -> str:
    """A SHA-256 of the files matching ``patterns`` under ``root``, names and contents
    (caches key on it: it changes when any of those files does)."""
    digest = hashlib.sha256()
    for pattern in patterns:
        for path in sorted(Path(root).glob(pattern)):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def data_fingerprint(root: Path = paths.ROOT) -> str:
    """The data release's short fingerprint: it changes when any table or the bibliography does."""
    return files_digest(root, DATA_INPUTS)[:12]
