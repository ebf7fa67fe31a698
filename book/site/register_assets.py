"""The findings register and the list of sources, read by the browser: their data
files and script, written into ``_static`` and added to the pages that show them."""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from ..chapters.register_page import STATIC_SUBDIR, write_data_files
from ..data.errors import DataError
from ..data.evidence import load
from .assets import PACKAGE_STATIC, copy_if_changed, static_folder

LOGGER = logging.getLogger(__name__)
SCRIPT = "register.js"
MARKERS = ('id="book-findings-register"', 'id="book-sources-list"')


def write_register(app: Sphinx) -> None:
    folder = static_folder(app) / STATIC_SUBDIR
    try:
        write_data_files(load(Path(app.srcdir)), folder)
    except DataError as exc:  # `book check` names every problem; the build then stops on them
        LOGGER.warning("book: the findings register was not written: the data have problems:\n%s", exc)
    copy_if_changed(PACKAGE_STATIC / SCRIPT, folder / SCRIPT)


def add_to_register_pages(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """The register's script, on the pages that show it; it loads the data itself (the
    findings after the page, the list of sources when a reader asks), so the data never
    weigh on the page however large the evidence grows."""
    if any(marker in context.get("body", "") for marker in MARKERS):
        app.add_js_file(f"{STATIC_SUBDIR}/{SCRIPT}", priority=200)


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", write_register)
    app.connect("html-page-context", add_to_register_pages)
