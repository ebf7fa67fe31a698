"""The offline link checker and the site-address rule catch what they are meant to."""

from __future__ import annotations

import re
import subprocess
from types import SimpleNamespace

import pytest
import yaml
from sphinx.errors import ConfigError

from book.site.dois import HANDLE_API, unresolved_dois
from book.site.link_check import broken_links
from book.site.metadata import _site_address, page_description

from support import ROOT


def _site(tmp_path, pages: dict[str, str]):
    for name, body in pages.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
    return tmp_path


def test_link_checker_passes_a_sound_site(tmp_path):
    site = _site(
        tmp_path,
        {
            "chapters/a.html": '<h1 id="top">A</h1><a href="b.html#rf-01">b</a><a href="#top">up</a>'
            '<a href="../data/x.csv">csv</a><a href="https://example.org/">out</a>',
            "chapters/b.html": '<p id="rf-01">finding</p>',
            "data/x.csv": "",
            "404.html": '<a href="/report/chapters/a.html">home</a>',
        },
    )
    assert broken_links(site, "/report/") == []


def test_link_checker_names_each_broken_link(tmp_path):
    site = _site(
        tmp_path,
        {
            "chapters/a.html": '<a href="b.html#rf-02">missing anchor</a>\n<a href="c.html">missing page</a>\n'
            '<img src="../_static/chart.png">\n<a href="../../outside.html">outside</a>\n'
            '<a href="#nowhere">self</a>',
            "chapters/b.html": '<p id="rf-01">finding</p>',
            "404.html": '<a href="/elsewhere/chapters/a.html">wrong prefix</a>',
        },
    )
    found = {(b.page, b.link, b.why) for b in broken_links(site, "/report/")}
    assert found == {
        ("chapters/a.html", "b.html#rf-02", "no such anchor"),
        ("chapters/a.html", "c.html", "no such file"),
        ("chapters/a.html", "../_static/chart.png", "no such file"),
        ("chapters/a.html", "../../outside.html", "leaves the site"),
        ("chapters/a.html", "#nowhere", "no such anchor"),
        ("404.html", "/elsewhere/chapters/a.html", "outside the site's path /report/"),
    }


@pytest.mark.parametrize("base", ["", "http://example.org/report/", "report/"])
def test_site_address_must_be_an_https_url(base):
    with pytest.raises(ConfigError, match="_config.yml: html.baseurl"):
        _site_address(None, SimpleNamespace(html_baseurl=base))


def test_site_address_reaches_the_extensions_that_need_it():
    config = SimpleNamespace(html_baseurl="https://example.org/report", html_title="A report")
    _site_address(None, config)
    assert config.html_baseurl == config.ogp_site_url == "https://example.org/report/"
    assert config.ogp_site_name == "A report"
    assert config.notfound_urls_prefix == "/report/"
    assert 'href="/report/chapters/index.html"' in config.notfound_context["body"]


def test_page_description_is_the_first_real_paragraph_cut_at_a_word():
    from docutils import nodes

    doc = nodes.document(None, None)
    doc += nodes.paragraph(text="Short.")
    doc += nodes.paragraph(text="word " * 60)
    description = page_description(doc, limit=50)
    assert description.endswith("\u2026") and len(description) <= 50 and "wor\u2026" not in description


def test_external_links_have_their_own_target_with_a_commented_ignore_list():
    """make linkcheck checks links to other hosts (it needs the network, so make test
    does not run it); every host it skips is listed with the reason."""

    config_text = (ROOT / "_config.yml").read_text(encoding="utf-8")
    patterns = yaml.safe_load(config_text)["sphinx"]["config"]["linkcheck_ignore"]
    assert patterns
    for pattern in patterns:
        re.compile(pattern)
        line = next(line for line in config_text.splitlines() if line.strip().startswith(f"- '{pattern}'"))
        assert re.search(r"#\s*\S", line.split(f"'{pattern}'", 1)[1]), f"no reason given for {pattern}"

    # What make runs (asked of make itself): linkcheck on its own target, never within make test.
    def plan(target):
        return subprocess.run(["make", "-n", target], capture_output=True, text=True, cwd=ROOT).stdout

    assert "-m book linkcheck" in plan("linkcheck")
    assert "linkcheck" not in plan("test")


def test_doi_check_reports_dois_the_registry_does_not_know(tmp_path):
    """make linkcheck looks every DOI up at the registry (here a stand-in for it)."""
    (tmp_path / "references.bib").write_text(
        "@article{good2020, author = {A, B}, title = {T}, journal = {J}, year = {2020}, url = {https://x.org},"
        " doi = {10.1136/bmj.m1}}\n"
        "@article{typo2021, author = {C, D}, title = {T}, journal = {J}, year = {2021}, url = {https://y.org},"
        " doi = {10.1136/bmj.typo}}\n"
        "@misc{nodoi, author = {E, F}, title = {T}, year = {2022}, url = {https://z.org}}\n",
        encoding="utf-8",
    )
    asked = []

    def registry(url):
        asked.append(url)
        return {"responseCode": 1} if url.endswith("bmj.m1") else {"responseCode": 100}

    assert unresolved_dois(tmp_path, fetch=registry, pause_s=0) == [
        "typo2021: 10.1136/bmj.typo (registry response code 100)"
    ]
    assert asked == [HANDLE_API + "10.1136/bmj.m1", HANDLE_API + "10.1136/bmj.typo"]
