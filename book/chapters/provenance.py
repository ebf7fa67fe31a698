"""What the provenance page shows: the release and data the book was built
from, and the versions of the packages that built it."""

from __future__ import annotations

import platform
from importlib import metadata

import pandas as pd

from ..data.evidence import Evidence
from ..data.project import data_fingerprint, report_version

PACKAGES = [
    "jupyter-book",
    "sphinx",
    "myst-nb",
    "sphinxcontrib-bibtex",
    "sphinx-book-theme",
    "jupyter-cache",
    "pandas",
    "numpy",
    "altair",
    "vl-convert-python",
    "bibtexparser",
    "frictionless",
    "nbval",
    "pytest",
    "playwright",
]


def release(ev: Evidence) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Item": [
                "Report version",
                "Data fingerprint (SHA-256, first 12 characters)",
                "Searches run",
                "Tables in the data package",
            ],
            "Value": [
                report_version(ev.root),
                data_fingerprint(ev.root),
                f"{ev.searches['date'].min()} to {ev.searches['date'].max()}",
                str(len(ev.tables)),
            ],
        }
    )


def package_versions() -> pd.DataFrame:
    rows = [("Python", platform.python_version())] + [(name, metadata.version(name)) for name in PACKAGES]
    return pd.DataFrame(rows, columns=["Package", "Version"])
