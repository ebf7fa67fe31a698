"""What Jupyter Book 1's theme and extensions put on every page that this book does not
use, taken off so that pages are lighter and the console stays clean: the search index in
every page's head (templates/layout.html), Thebe (launch_buttons.thebe is off, yet its
scripts load, and Jupyter Book sets it and sphinx-togglebutton up twice, so their inline
settings are declared twice: a SyntaxError), and an empty colour mode that the theme's
script reports as an error on a first visit."""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

TEMPLATES = Path(__file__).parent / "templates"


def _configure(app: Sphinx, config) -> None:
    config.templates_path = [str(TEMPLATES), *config.templates_path]
    config.html_context = {**config.html_context, "default_mode": "auto"}  # follow the reader's system


def _is_thebe(asset) -> bool:
    text = " ".join(str(v) for v in (asset.filename, *asset.attributes.values()))
    return "thebe" in text.lower() or "kernelName" in text


def _drop_unused_scripts(app: Sphinx, pagename, templatename, context, doctree) -> None:
    seen, kept = set(), []
    for script in context.get("script_files", []):
        key = (script.filename, tuple(sorted(script.attributes.items())))
        if key not in seen and not _is_thebe(script):
            seen.add(key)
            kept.append(script)
    context["script_files"] = kept
    context["css_files"] = [css for css in context.get("css_files", []) if not _is_thebe(css)]


def setup(app: Sphinx) -> None:
    app.connect("config-inited", _configure)
    app.connect("html-page-context", _drop_unused_scripts, priority=900)  # after the others have added theirs
