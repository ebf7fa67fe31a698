"""What the provenance page shows: the release and data the book was built
from, and the versions of the packages that built it."""

from __future__ import annotations

import hashlib
import tomllib
from importlib import metadata

import pandas as pd

from . import paths
from .evidence import Evidence

PACKAGES = ["jupyter-book", "sphinx", "myst-nb", "sphinxcontrib-bibtex", "sphinx-book-theme", "jupyter-cache",
            "pandas", "numpy", "altair", "vl-convert-python", "bibtexparser", "frictionless", "nbval", "pytest",
            "playwright"]


def report_version(root=paths.ROOT) -> str:
    return tomllib.loads((root / "pyproject.toml").read_text())["project"]["version"]


def data_fingerprint(root=paths.ROOT) -> str:
    """A short SHA-256 of the data package and the bibliography: it changes when any of them does."""
    digest = hashlib.sha256()
    for path in sorted((root / "data").glob("*")) + [root / "references.bib"]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def release(ev: Evidence) -> pd.DataFrame:
    return pd.DataFrame({
        "Item": ["Report version", "Data fingerprint (SHA-256, first 12 characters)", "Searches run",
                 "Tables in the data package"],
        "Value": [report_version(ev.root), data_fingerprint(ev.root),
                  f"{ev.searches['date'].min()} to {ev.searches['date'].max()}", str(len(ev.tables))],
    })


def package_versions() -> pd.DataFrame:
    import platform
    rows = [("Python", platform.python_version())] + [(name, metadata.version(name)) for name in PACKAGES]
    return pd.DataFrame(rows, columns=["Package", "Version"])
