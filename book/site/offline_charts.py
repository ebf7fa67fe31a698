"""Offline charts that wait for the page: each chart is written as an empty box and its spec
(book/render/figures.py); on pages that hold one, the vega bundle (from vl-convert, served
from the site itself) and our chart script load with ``defer``, after the page has painted,
and draw every chart. No page loads anything from another site."""

from __future__ import annotations

import vl_convert
from sphinx.application import Sphinx

from ..render.figures import CHART_SPEC_CLASS
from .assets import PACKAGE_STATIC, copy_if_changed, static_folder, write_if_changed

STATIC_SUBDIR = "vega"
BUNDLE_NAME = "vega-bundle.js"
SCRIPT_NAME = "charts.js"
CHART_MARKER = f'class="{CHART_SPEC_CLASS}"'


def write_bundle(app: Sphinx) -> None:
    target = static_folder(app) / STATIC_SUBDIR
    # Wrapped in a function scope: the bundle's top-level `const _` would
    # collide with Sphinx's doctools.js. It sets window.vega* itself.
    write_if_changed(target / BUNDLE_NAME, "(function(){\n" + vl_convert.javascript_bundle() + "\n})();\n")
    copy_if_changed(PACKAGE_STATIC / SCRIPT_NAME, target / SCRIPT_NAME)


def add_to_chart_pages(app: Sphinx, pagename, templatename, context, doctree) -> None:
    if CHART_MARKER in context.get("body", ""):
        # Deferred scripts run in order, once the page is parsed: the bundle, then the charts.
        app.add_js_file(f"{STATIC_SUBDIR}/{BUNDLE_NAME}", priority=500, loading_method="defer")
        app.add_js_file(f"{STATIC_SUBDIR}/{SCRIPT_NAME}", priority=501, loading_method="defer")


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", write_bundle)
    app.connect("html-page-context", add_to_chart_pages)
