"""Offline link integrity for the built site.

Every ``href`` and ``src`` in every HTML file that points inside the site
(a page, an anchor, a citation, a chart's CSV, the PDF, a script) must reach
an existing file and, when it names one, an existing ``id``. Links to other
hosts are left to ``make linkcheck``, which needs the network.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..data.paths import site_base

EXTERNAL_SCHEMES = {"http", "https", "mailto", "tel", "data", "javascript", "ftp"}


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[int, str]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value is None:
                continue
            if name in ("id", "name") and (name == "id" or tag == "a"):
                self.ids.add(value)
            elif name in ("href", "src") and not (tag == "link" and ("rel", "canonical") in attrs):
                self.links.append((self.getpos()[0], value))


@dataclass(frozen=True)
class BrokenLink:
    page: str
    line: int
    link: str
    why: str

    def __str__(self) -> str:
        return f"{self.page}:{self.line}: {self.link} ({self.why})"


def _parse(path: Path) -> _Collector:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8", errors="replace"))
    return collector


def site_prefix(root: Path) -> str:
    """The path the site is served under, from the base URL in _config.yml."""
    return urlsplit(site_base(root)).path


def broken_links(site: Path, root_prefix: str = "/") -> list[BrokenLink]:
    """Links inside ``site`` that do not resolve. ``root_prefix`` is the path the
    site is served under (from the base URL), so that root-relative links, as in
    the 404 page, are checked too."""
    site = site.resolve()
    parsed: dict[Path, _Collector] = {}

    def page(path: Path) -> _Collector:
        if path not in parsed:
            parsed[path] = _parse(path)
        return parsed[path]

    broken = []
    for source in sorted(site.rglob("*.html")):
        if "_static" in source.relative_to(site).parts:  # theme template fragments, not pages
            continue
        name = str(source.relative_to(site))
        for line, link in page(source).links:
            parts = urlsplit(link)
            if parts.scheme in EXTERNAL_SCHEMES or parts.netloc:
                continue
            path = unquote(parts.path)
            if path.startswith("/"):
                if not path.startswith(root_prefix):
                    broken.append(BrokenLink(name, line, link, f"outside the site's path {root_prefix}"))
                    continue
                target = site / path[len(root_prefix) :]
            else:
                target = source.parent / path if path else source
            target = target.resolve()
            if target.is_dir():
                target = target / "index.html"
            if site not in target.parents and target != site:
                broken.append(BrokenLink(name, line, link, "leaves the site"))
            elif not target.is_file():
                broken.append(BrokenLink(name, line, link, "no such file"))
            elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in page(target).ids:
                broken.append(BrokenLink(name, line, link, "no such anchor"))
    return broken
