"""Citation previews: hovering or focusing an in-text citation shows the full reference
with its link. The references are one file, ``citations.json``, fetched by ``tips.js`` the
first time a reader points at or tabs to a citation, so pages carry no extra weight."""

from __future__ import annotations

import json
from pathlib import Path

import pybtex.plugin
from sphinx.application import Sphinx

from ..data.errors import DataError
from ..data.evidence import load
from ..render.sources import publication_url
from .assets import PACKAGE_STATIC, copy_if_changed, static_folder, write_if_changed

SCRIPT = "tips.js"
REFERENCES = "citations.json"


def references(app: Sphinx) -> dict[str, dict[str, str]]:
    """Each citation's anchor in the bibliography -> its full reference and address."""
    bib = load(Path(app.srcdir)).bib
    plaintext = pybtex.plugin.find_plugin("pybtex.backends", "plaintext")()
    out = {}
    for citation in app.env.get_domain("cite").citations:
        text = citation.formatted_entry.text.render(plaintext).replace("\\url ", "")
        entry = bib.get(citation.key)
        out[citation.citation_id] = {"text": text, "url": publication_url(entry) if entry else ""}
    return out


def write_references(app: Sphinx, env) -> list[str]:
    try:
        data = references(app)
    except DataError:  # `book check` names every problem; the build stops on them elsewhere
        data = {}
    write_if_changed(static_folder(app) / REFERENCES, json.dumps(data, sort_keys=True, ensure_ascii=False))
    return []


def copy_script(app: Sphinx) -> None:
    copy_if_changed(PACKAGE_STATIC / SCRIPT, static_folder(app) / SCRIPT)


def setup(app: Sphinx) -> None:
    app.add_js_file(SCRIPT, loading_method="defer")
    app.connect("builder-inited", copy_script)
    app.connect("env-updated", write_references, priority=900)
