"""The folder of files the build writes for the site's ``_static`` (the vega bundle,
the register's data and script, the stylesheet), registered once with Sphinx."""

from __future__ import annotations

import shutil
from pathlib import Path

from sphinx.application import Sphinx

PACKAGE_STATIC = Path(__file__).parent / "static"  # files of ours copied as they are


def static_folder(app: Sphinx) -> Path:
    folder = Path(app.outdir).parent / "book_static"
    folder.mkdir(parents=True, exist_ok=True)
    if str(folder) not in app.config.html_static_path:
        app.config.html_static_path.append(str(folder))
    return folder


def write_if_changed(path: Path, text: str) -> None:
    """Unchanged files keep their dates, so Sphinx does not copy them again."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def copy_if_changed(source: Path, target: Path) -> None:
    if not target.exists() or target.read_bytes() != source.read_bytes():
        shutil.copy2(source, target)
