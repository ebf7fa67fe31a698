"""What the published site carries besides its pages: the data package and the
bibliography as downloads, the book's stylesheet, and the version in every footer."""

from __future__ import annotations

import shutil
from pathlib import Path

from sphinx.application import Sphinx

from ..data import paths
from ..data.project import report_version
from .assets import PACKAGE_STATIC, copy_if_changed, static_folder

STYLESHEET = "book.css"


def publish_data(app: Sphinx, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    target = Path(app.outdir) / "data"
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted(paths.data_dir(Path(app.srcdir)).iterdir()):
        if path.suffix in (".csv", ".json"):
            shutil.copy2(path, target / path.name)
    shutil.copy2(paths.bib_path(Path(app.srcdir)), target / "references.bib")


def add_version_to_footer(app: Sphinx, config) -> None:
    """The report's version, kept only in pyproject.toml, shown in every page's footer."""
    options = config.html_theme_options
    version = report_version(Path(app.srcdir))
    options["extra_footer"] = options.get("extra_footer", "") + f'<p class="book-version">Version {version}</p>'


def copy_stylesheet(app: Sphinx) -> None:
    copy_if_changed(PACKAGE_STATIC / STYLESHEET, static_folder(app) / STYLESHEET)


def setup(app: Sphinx) -> None:
    app.add_css_file(STYLESHEET)
    app.connect("builder-inited", copy_stylesheet)
    app.connect("config-inited", add_version_to_footer)
    app.connect("build-finished", publish_data)
