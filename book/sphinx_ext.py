"""Sphinx extension for the report.

1. Offline charts: Altair's HTML output loads vega, vega-lite and vega-embed
   from a CDN unless ``window.VEGA_DEBUG`` already records the versions it
   wants. We ship one copy of the bundle (from vl-convert) in ``_static`` and
   pre-set VEGA_DEBUG, on pages that contain a chart only.
2. Fresh outputs: jupyter-cache keys a notebook on its code alone, so a
   change to the data, the bibliography or this package would otherwise be
   served from stale cached outputs. We hash those inputs; when the hash
   changes, the execution cache is cleared and every notebook is re-read.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from . import paths

LOGGER = logging.getLogger(__name__)
STATIC_SUBDIR = "vega"
BUNDLE_NAME = "vega-bundle.js"
PRESET_NAME = "vega-offline.js"
CHART_MARKER = "vegaEmbed("
STYLESHEET = "book.css"
INPUT_GLOBS = ("data/**/*", "references.bib", "book/**/*.py", "pyproject.toml")


def inputs_hash(root: Path = paths.ROOT) -> str:
    """A hash of everything the notebooks read besides their own code."""
    digest = hashlib.sha256()
    for pattern in INPUT_GLOBS:
        for path in sorted(Path(root).glob(pattern)):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


# -- offline charts ---------------------------------------------------------

# vega-embed's export menu is a <summary> holding only an icon: give it a name screen readers can announce.
ACTIONS_LABEL_SCRIPT = """new MutationObserver(() => {
  document.querySelectorAll(".vega-embed > details > summary:not([aria-label])").forEach(s =>
    s.setAttribute("aria-label", "Chart menu: save the chart as SVG or PNG"));
}).observe(document.documentElement, {childList: true, subtree: true});
"""


def _fix_bibliography_roles(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """docutils marks the list of citations role="list", whose children must then be
    list items; they are bibliography entries (role="doc-biblioentry"), so drop the list role."""
    body = context.get("body", "")
    if 'role="list" class="citation-list"' in body:
        context["body"] = body.replace('<div role="list" class="citation-list">', '<div class="citation-list">')


def _write_static(app: Sphinx) -> None:
    import altair as alt
    import vl_convert

    folder = Path(app.outdir).parent / "book_static"
    target = folder / STATIC_SUBDIR
    target.mkdir(parents=True, exist_ok=True)
    # Wrapped in a function scope: the bundle's top-level `const _` would
    # collide with Sphinx's doctools.js. It sets window.vega* itself.
    bundle = "(function(){\n" + vl_convert.javascript_bundle() + "\n})();\n"
    preset = (
        "// Tell Altair's loader that vega, vega-lite and vega-embed are already here.\n"
        "window.VEGA_DEBUG = Object.assign(window.VEGA_DEBUG || {}, "
        f'{{vega_version: "{alt.VEGA_VERSION}", vegalite_version: "{alt.VEGALITE_VERSION}", '
        f'vegaembed_version: "{alt.VEGAEMBED_VERSION}"}});\n'
        + ACTIONS_LABEL_SCRIPT
    )
    for name, text in ((BUNDLE_NAME, bundle), (PRESET_NAME, preset)):
        path = target / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
    shutil.copy2(Path(__file__).parent / "static" / STYLESHEET, folder / STYLESHEET)
    if str(folder) not in app.config.html_static_path:
        app.config.html_static_path.append(str(folder))


def _add_vega_to_chart_pages(app: Sphinx, pagename, templatename, context, doctree) -> None:
    if CHART_MARKER in context.get("body", ""):
        app.add_js_file(f"{STATIC_SUBDIR}/{PRESET_NAME}", priority=100)
        app.add_js_file(f"{STATIC_SUBDIR}/{BUNDLE_NAME}", priority=101)


# -- fresh outputs ------------------------------------------------------------

def _cache_path(app: Sphinx) -> Path:
    return Path(app.env.mystnb_config.execution_cache_path)


def _clear_stale_cache(app: Sphinx) -> None:
    current = inputs_hash(Path(app.srcdir))
    cache = _cache_path(app)
    stamp = cache / "book-inputs.sha256"
    if cache.exists() and (not stamp.exists() or stamp.read_text().strip() != current):
        LOGGER.info("book: data, bibliography or book/ changed; clearing the execution cache")
        shutil.rmtree(cache)
    cache.mkdir(parents=True, exist_ok=True)
    stamp.write_text(current + "\n")


def _outdated_notebooks(app: Sphinx, env, added, changed, removed) -> list[str]:
    outdated = _summary_pages(env) if (added or changed or removed) else []
    current = inputs_hash(Path(app.srcdir))
    if getattr(env, "book_inputs_hash", None) != current:
        env.book_inputs_hash = current
        outdated += [d for d in env.found_docs if str(env.doc2path(d)).endswith(".ipynb")]
    return sorted(d for d in set(outdated) if d not in added and d not in changed)


SUMMARY_MARKERS = ("{bibliography}", "{nb-exec-table}")


def _summary_pages(env) -> list[str]:
    """Pages that summarise the others (the bibliography of cited works, the
    table of notebook executions): when any page changes they may too, and
    their extensions do not rewrite them on their own."""
    pages = []
    for docname in env.found_docs:
        path = Path(env.doc2path(docname))
        if path.suffix in (".md", ".ipynb") and any(m in path.read_text(encoding="utf-8") for m in SUMMARY_MARKERS):
            pages.append(docname)
    return pages


# -- the data package, published with the site ----------------------------------

def _publish_data(app: Sphinx, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    target = Path(app.outdir) / "data"
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted(paths.data_dir(Path(app.srcdir)).iterdir()):
        if path.suffix in (".csv", ".json"):
            shutil.copy2(path, target / path.name)
    shutil.copy2(paths.bib_path(Path(app.srcdir)), target / "references.bib")


def _add_version_to_footer(app: Sphinx, config) -> None:
    """The report's version, kept only in pyproject.toml, shown in every page's footer."""
    import tomllib
    version = tomllib.loads((Path(app.srcdir) / "pyproject.toml").read_text())["project"]["version"]
    options = config.html_theme_options
    options["extra_footer"] = options.get("extra_footer", "") + f'<p class="book-version">Version {version}</p>'


def _disambiguate_citations(app: Sphinx, config) -> None:
    """Works sharing an author-year label get year suffixes (2018a, 2018b; n.d.-a) in
    the citations and the bibliography alike. The book reads a copy of references.bib
    with those years; the file itself, and the published data, keep the true ones."""
    from .bib import read_bib, with_year_suffixes, year_suffixes
    root = Path(app.srcdir)
    entries, problems = read_bib(root)
    if problems:  # `book check` reports them; build from the file as it is
        return
    text = paths.bib_path(root).read_text(encoding="utf-8")
    target = root / "_build" / "bib" / "references.bib"
    target.parent.mkdir(parents=True, exist_ok=True)
    labelled = with_year_suffixes(text, year_suffixes(entries))
    if not target.exists() or target.read_text(encoding="utf-8") != labelled:
        target.write_text(labelled, encoding="utf-8")
    config.bibtex_bibfiles = [str(target.relative_to(root))]


def setup(app: Sphinx) -> dict:
    app.add_css_file(STYLESHEET)
    app.connect("config-inited", _add_version_to_footer)
    app.connect("config-inited", _disambiguate_citations)
    app.connect("build-finished", _publish_data)
    app.connect("builder-inited", _write_static)
    app.connect("builder-inited", _clear_stale_cache, priority=900)
    app.connect("env-get-outdated", _outdated_notebooks)
    app.connect("html-page-context", _add_vega_to_chart_pages)
    app.connect("html-page-context", _fix_bibliography_roles)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
