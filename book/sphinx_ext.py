"""Sphinx extension for the report.

1. Offline charts: Altair's HTML output loads vega, vega-lite and vega-embed
   from a CDN unless ``window.VEGA_DEBUG`` already records the versions it
   wants. We ship one copy of the bundle (from vl-convert) in ``_static`` and
   pre-set VEGA_DEBUG, on pages that contain a chart only.
2. Fresh outputs: jupyter-cache keys a notebook on its code alone, so a
   change to the data, the bibliography or this package would otherwise be
   served from stale cached outputs. We hash those inputs; when the hash
   changes, the execution cache is cleared and every notebook is re-read.
3. A published site: the address in ``html.baseurl`` (_config.yml, its one
   place) gives every page a canonical link, a description and social-card
   metadata, and gives the site a sitemap and a 404 page.
"""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path
from urllib.parse import urlparse
from xml.sax.saxutils import escape as xml_escape

from docutils import nodes
from sphinx.errors import ConfigError

from sphinx.application import Sphinx
from sphinx.util import logging

from . import paths, register

LOGGER = logging.getLogger(__name__)
STATIC_SUBDIR = "vega"
BUNDLE_NAME = "vega-bundle.js"
PRESET_NAME = "vega-offline.js"
CHART_MARKER = "vegaEmbed("
STYLESHEET = "book.css"
INPUT_GLOBS = ("data/**/*", "references.bib", "book/**/*.py", "pyproject.toml")


def inputs_hash(root: Path = paths.ROOT) -> str:
    """A hash of everything the notebooks read besides their own code."""
    return paths.files_digest(root, INPUT_GLOBS)


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
    _write_register(app, folder / register.STATIC_SUBDIR)
    if str(folder) not in app.config.html_static_path:
        app.config.html_static_path.append(str(folder))


# -- the findings register and the list of sources, read by the browser -------------

REGISTER_SCRIPT = "register.js"
REGISTER_MARKERS = ('id="book-findings-register"', 'id="book-sources-list"')


def _write_register(app: Sphinx, folder: Path) -> None:
    from .errors import DataError
    from .evidence import load
    try:
        register.write_data_files(load(Path(app.srcdir)), folder)
    except DataError as exc:  # `book check` names every problem; the build then stops on them
        LOGGER.warning("book: the findings register was not written: the data have problems:\n%s", exc)
    script = Path(__file__).parent / "static" / REGISTER_SCRIPT
    if not (folder / REGISTER_SCRIPT).exists() or (folder / REGISTER_SCRIPT).read_bytes() != script.read_bytes():
        shutil.copy2(script, folder / REGISTER_SCRIPT)


def _add_register_to_its_pages(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """The register's script, on the pages that show it; it loads the data itself (the
    findings after the page, the list of sources when a reader asks), so the data never
    weigh on the page however large the evidence grows."""
    if any(marker in context.get("body", "") for marker in REGISTER_MARKERS):
        app.add_js_file(f"{register.STATIC_SUBDIR}/{REGISTER_SCRIPT}", priority=200)


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
        outdated += list(env.found_docs)  # notebooks re-run; every page may show what book/ draws
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


BIB_ENTRY = re.compile(r"@\w+\s*\{\s*([^,\s]+)\s*,.*?(?=\n@|\Z)", re.S)


def citable_keys(root: Path, ev) -> set[str]:
    """What the pages can cite: keys cited in the chapters (text and stored outputs) and
    the sources of the tables that chapters quote with citations (events, systems, sites,
    organisations, allocation). Findings are never cited from data, so the works the
    build reads stay those of the text however many sources the review includes."""
    from .bib import cited_keys
    keys: set[str] = set()
    for path in sorted(paths.chapters_dir(root).glob("*")):
        if path.suffix in (".md", ".ipynb"):
            keys.update(cited_keys(path.read_text(encoding="utf-8").replace('\\"', '"').replace("\\n", "\n")))
    for name in ("events", "organisations", "systems", "sites", "allocation"):
        keys.update(ev.tables[name].frame["source"].dropna())
    keys.update(ev.site_list["study"].dropna())
    return keys


def only_entries(text: str, keys: set[str]) -> str:
    return "".join(m.group(0).rstrip() + "\n\n" for m in BIB_ENTRY.finditer(text) if m.group(1) in keys)


def _disambiguate_citations(app: Sphinx, config) -> None:
    """Works sharing an author-year label get year suffixes (2018a, 2018b; n.d.-a) in
    the citations and the bibliography alike. The book reads a copy of references.bib
    holding the works it can cite, with those years; the file itself, and the
    published data, keep the true ones."""
    from .bib import with_year_suffixes, year_suffixes
    from .errors import DataError
    from .evidence import checked
    root = Path(app.srcdir)
    try:
        ev = checked(root)
    except DataError:  # `book check` reports the problems; build from the file as it is
        return
    text = only_entries(paths.bib_path(root).read_text(encoding="utf-8"), citable_keys(root, ev))
    labelled = with_year_suffixes(text, year_suffixes(ev.bib))
    target = root / "_build" / "bib" / "references.bib"
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists() or target.read_text(encoding="utf-8") != labelled:
        target.write_text(labelled, encoding="utf-8")
    config.bibtex_bibfiles = [str(target.relative_to(root))]


# -- the published site: address, page metadata, sitemap, 404 ---------------------

DESCRIPTION_CHARS = 200
SITEMAP_NAME = "sitemap.xml"
NOT_FOUND_BODY = """<h1>Page not found</h1>
<p>There is no page of the report at this address: it may have moved in a new release.</p>
<ul>
<li><a href="{prefix}chapters/index.html">The report's front page</a></li>
<li><a href="{prefix}chapters/key-messages.html">Key messages</a></li>
<li><a href="{prefix}search.html">Search the report</a></li>
</ul>
"""


def _site_address(app: Sphinx, config) -> None:
    """The base URL is set once, in _config.yml (html.baseurl); the 404 page's links follow it."""
    base = config.html_baseurl or ""
    parsed = urlparse(base)
    if parsed.scheme != "https" or not parsed.netloc:
        raise ConfigError(f"_config.yml: html.baseurl must be the https address the site is published at, not {base!r}")
    if not base.endswith("/"):
        base += "/"
        config.html_baseurl = base
    prefix = parsed.path if parsed.path.endswith("/") else parsed.path + "/"
    config.notfound_urls_prefix = prefix
    config.notfound_context = {"title": "Page not found", "body": NOT_FOUND_BODY.format(prefix=prefix)}


CITATION_TEXT = re.compile(r"\s*\[[^\[\]]*\]")  # "[Smith et al., 2019]": a citation, not prose


def page_description(doctree, limit: int = DESCRIPTION_CHARS) -> str:
    """The page's first paragraph of prose, without its citations, ending at the last
    whole sentence that fits (else at a word boundary)."""
    for para in doctree.findall(nodes.paragraph):
        text = " ".join(CITATION_TEXT.sub("", para.astext()).split())
        if len(text) >= 60:
            if len(text) <= limit:
                return text
            head = text[: limit - 1]
            sentence_end = max(head.rfind(". "), head.rfind("; "))
            if sentence_end >= 80:
                return head[:sentence_end + 1].rstrip(";") + ("" if head[sentence_end] == "." else "\u2026")
            return head.rsplit(" ", 1)[0].rstrip(",;:") + "\u2026"
    return ""


def _add_page_metadata(app: Sphinx, pagename, templatename, context, doctree) -> None:
    if app.builder.name != "html":
        return
    site = app.config.html_title
    title = " ".join(html.unescape(re.sub(r"<[^>]+>", "", context.get("title", ""))).split()) or site
    description = (page_description(doctree) if doctree is not None else "") or site
    url = app.config.html_baseurl + app.builder.get_target_uri(pagename)
    tags = {
        "name": {"description": description},
        "property": {"og:title": title, "og:description": description, "og:type": "website",
                     "og:url": url, "og:site_name": site, "og:locale": "en_GB"},
    }
    lines = ['<meta name="twitter:card" content="summary" />']
    if pagename in (app.config.notfound_pagename, "search", "genindex"):
        lines.append('<meta name="robots" content="noindex" />')
    for attribute, pairs in tags.items():
        lines += [f'<meta {attribute}="{key}" content="{html.escape(value)}" />' for key, value in pairs.items()]
    context["metatags"] = context.get("metatags", "") + "\n".join(lines) + "\n"


def sitemap_xml(base: str, uris: list[str]) -> str:
    urls = "".join(f"  <url><loc>{xml_escape(base + uri)}</loc></url>\n" for uri in uris)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + urls + "</urlset>\n")


ROOT_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8" />
<title>{title}</title>
<meta name="description" content="{description}" />
<link rel="canonical" href="{url}" />
<meta property="og:title" content="{title}" />
<meta property="og:description" content="{description}" />
<meta property="og:type" content="website" />
<meta property="og:url" content="{url}" />
<meta property="og:site_name" content="{title}" />
<meta name="twitter:card" content="summary" />
<meta http-equiv="Refresh" content="0; url={target}" />
</head>
<body><p>The report starts at <a href="{target}">its front page</a>.</p></body>
</html>
"""


def _write_root_page(app: Sphinx, exception) -> None:
    """The site's own address (the one people share) leads to the front page, and says
    what it is to search engines and link previews."""
    if exception is not None or app.builder.name != "html":
        return
    target = app.builder.get_target_uri(app.config.root_doc)
    front = app.env.get_doctree(app.config.root_doc)
    values = {name: html.escape(value, quote=True) for name, value in {
        "title": app.config.html_title, "description": page_description(front) or app.config.html_title,
        "url": app.config.html_baseurl + target, "target": target}.items()}
    (Path(app.outdir) / "index.html").write_text(ROOT_PAGE.format(**values), encoding="utf-8")


def _write_sitemap(app: Sphinx, exception) -> None:
    if exception is not None or app.builder.name != "html":
        return
    uris = [app.builder.get_target_uri(doc) for doc in sorted(app.env.found_docs)]
    (Path(app.outdir) / SITEMAP_NAME).write_text(sitemap_xml(app.config.html_baseurl, uris), encoding="utf-8")


def setup(app: Sphinx) -> dict:
    app.add_css_file(STYLESHEET)
    app.setup_extension("notfound.extension")
    app.connect("config-inited", _site_address)
    app.connect("config-inited", _add_version_to_footer)
    app.connect("config-inited", _disambiguate_citations)
    app.connect("build-finished", _publish_data)
    app.connect("builder-inited", _write_static)
    app.connect("builder-inited", _clear_stale_cache, priority=900)
    app.connect("env-get-outdated", _outdated_notebooks)
    app.connect("html-page-context", _add_vega_to_chart_pages)
    app.connect("html-page-context", _add_register_to_its_pages)
    app.connect("html-page-context", _fix_bibliography_roles)
    app.connect("html-page-context", _add_page_metadata)
    app.connect("build-finished", _write_sitemap)
    app.connect("build-finished", _write_root_page, priority=100)  # before sphinx-external-toc's bare redirect
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
