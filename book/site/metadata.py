"""The published site. The address in ``html.baseurl`` (_config.yml, its one place) gives
every page its canonical link (Sphinx), its social-card tags (sphinxext-opengraph), the
sitemap (sphinx-sitemap) and the 404 page's links (sphinx-notfound-page).

Ours only where those leave a gap: each page's description is its first paragraph of prose
without its citations, ending at a sentence (opengraph's own would cut citations and words
in half); search, index and 404 pages are not indexed; and the site's root address, where
Jupyter Book writes a bare redirect, describes the report to search engines and previews."""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import urlparse

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ConfigError

DESCRIPTION_CHARS = 200
NOT_FOUND_BODY = """<h1>Page not found</h1>
<p>There is no page of the report at this address: it may have moved in a new release.</p>
<ul>
<li><a href="{prefix}chapters/index.html">The report's front page</a></li>
<li><a href="{prefix}chapters/key-messages.html">Key messages</a></li>
<li><a href="{prefix}search.html">Search the report</a></li>
</ul>
"""


def _site_address(app: Sphinx, config) -> None:
    """The base URL is set once, in _config.yml (html.baseurl); the extensions that need it follow it."""
    base = config.html_baseurl or ""
    parsed = urlparse(base)
    if parsed.scheme != "https" or not parsed.netloc:
        raise ConfigError(f"_config.yml: html.baseurl must be the https address the site is published at, not {base!r}")
    if not base.endswith("/"):
        base += "/"
        config.html_baseurl = base
    config.ogp_site_url = base
    config.ogp_site_name = config.html_title
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
                return head[: sentence_end + 1].rstrip(";") + ("" if head[sentence_end] == "." else "\u2026")
            return head.rsplit(" ", 1)[0].rstrip(",;:") + "\u2026"
    return ""


def _record_description(app: Sphinx, doctree, docname: str) -> None:
    """opengraph takes a page's og:description from its metadata when one is given."""
    description = page_description(doctree)
    if description:
        app.env.metadata.setdefault(docname, {})["og:description"] = description


NOT_INDEXED = ("search", "genindex")


def _add_description_and_robots(app: Sphinx, pagename, templatename, context, doctree) -> None:
    if app.builder.name != "html":
        return
    description = (context.get("meta") or {}).get("og:description") or app.config.html_title
    lines = [f'<meta name="description" content="{html.escape(description)}" />']
    if pagename in (app.config.notfound_pagename, *NOT_INDEXED):
        lines.append('<meta name="robots" content="noindex" />')
    context["metatags"] = context.get("metatags", "") + "\n".join(lines) + "\n"


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
    values = {
        name: html.escape(value, quote=True)
        for name, value in {
            "title": app.config.html_title,
            "description": page_description(front) or app.config.html_title,
            "url": app.config.html_baseurl + target,
            "target": target,
        }.items()
    }
    (Path(app.outdir) / "index.html").write_text(ROOT_PAGE.format(**values), encoding="utf-8")


def setup(app: Sphinx) -> None:
    for extension in ("notfound.extension", "sphinxext.opengraph", "sphinx_sitemap"):
        app.setup_extension(extension)
    app.connect("config-inited", _site_address)
    app.connect("doctree-resolved", _record_description)
    app.connect("html-page-context", _add_description_and_robots)
    app.connect("build-finished", _write_root_page, priority=100)  # before sphinx-external-toc's bare redirect
