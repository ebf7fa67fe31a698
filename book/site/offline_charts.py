"""Offline charts: Altair's HTML output loads vega, vega-lite and vega-embed from a
CDN unless ``window.VEGA_DEBUG`` already records the versions it wants. We ship one
copy of the bundle (from vl-convert) in ``_static`` and pre-set VEGA_DEBUG, on pages
that contain a chart only."""

from __future__ import annotations

import altair as alt
import vl_convert
from sphinx.application import Sphinx

from .assets import static_folder, write_if_changed

STATIC_SUBDIR = "vega"
BUNDLE_NAME = "vega-bundle.js"
PRESET_NAME = "vega-offline.js"
CHART_MARKER = "vegaEmbed("

# vega-embed's export menu is a <summary> holding only an icon: give it a name screen readers can announce.
ACTIONS_LABEL_SCRIPT = """new MutationObserver(() => {
  document.querySelectorAll(".vega-embed > details > summary:not([aria-label])").forEach(s =>
    s.setAttribute("aria-label", "Chart menu: save the chart as SVG or PNG"));
}).observe(document.documentElement, {childList: true, subtree: true});
"""


def write_bundle(app: Sphinx) -> None:
    target = static_folder(app) / STATIC_SUBDIR
    # Wrapped in a function scope: the bundle's top-level `const _` would
    # collide with Sphinx's doctools.js. It sets window.vega* itself.
    bundle = "(function(){\n" + vl_convert.javascript_bundle() + "\n})();\n"
    preset = (
        "// Tell Altair's loader that vega, vega-lite and vega-embed are already here.\n"
        "window.VEGA_DEBUG = Object.assign(window.VEGA_DEBUG || {}, "
        f'{{vega_version: "{alt.VEGA_VERSION}", vegalite_version: "{alt.VEGALITE_VERSION}", '
        f'vegaembed_version: "{alt.VEGAEMBED_VERSION}"}});\n' + ACTIONS_LABEL_SCRIPT
    )
    write_if_changed(target / BUNDLE_NAME, bundle)
    write_if_changed(target / PRESET_NAME, preset)


def add_to_chart_pages(app: Sphinx, pagename, templatename, context, doctree) -> None:
    if CHART_MARKER in context.get("body", ""):
        app.add_js_file(f"{STATIC_SUBDIR}/{PRESET_NAME}", priority=100)
        app.add_js_file(f"{STATIC_SUBDIR}/{BUNDLE_NAME}", priority=101)


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", write_bundle)
    app.connect("html-page-context", add_to_chart_pages)
