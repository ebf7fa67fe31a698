"""The built site, tested as a reader meets it: every page in the table of
contents, in headless Chromium, with every request that would leave this
machine aborted and counted as a failure."""

from __future__ import annotations

import html as htmllib
import re
from urllib.parse import parse_qsl, urlsplit
from xml.etree import ElementTree

import pytest
import yaml

import book
from book.chapters import cases, comparators, provenance, register_page, samples, summaries
from book.data.project import data_fingerprint, report_version
from book.render.sources import publication_url
from book.site import prose
from book.site.link_check import site_prefix
from book.vocab.labels import ENGLISH_SITES

from support import ROOT, check_page, open_page, toc_docnames, wait_for_charts

pytestmark = pytest.mark.slow  # every test here shares one build of the book (and one printed PDF)

PAGES = toc_docnames()


def test_build_has_zero_warnings(built_site):
    _, result = built_site
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    # Sphinx reports "path: WARNING: ..." / "ERROR: ..."; the kernel's own
    # "[IPKernelApp] WARNING | ... TCP without encryption" log line is not a build warning.
    assert "WARNING: " not in output and "ERROR: " not in output, output[-4000:]


@pytest.mark.parametrize("docname", PAGES)
def test_page_exists(site, docname):
    assert (site / f"{docname}.html").exists()


def test_keyboard_reaches_and_opens_the_code_toggle(browser, server):
    """Keyboard users can reach the hidden code and open it without a mouse."""
    context, page, external, errors = open_page(browser, f"{server}/chapters/introduction.html")
    try:
        toggle = page.locator("details.hide.above-input summary").first
        for _ in range(80):
            page.keyboard.press("Tab")
            if toggle.evaluate("el => el === document.activeElement"):
                break
        else:
            pytest.fail("the code toggle was never reached with the Tab key")
        page.keyboard.press("Enter")
        assert page.locator("div.cell_input").first.is_visible()
    finally:
        context.close()


def test_vega_only_on_chart_pages(site):
    intro = (site / "chapters" / "introduction.html").read_text(encoding="utf-8")
    biblio = (site / "chapters" / "bibliography.html").read_text(encoding="utf-8")
    # The bundle and the chart script wait for the page (defer): they never block its first paint.
    scripts = re.findall(r"<script[^>]*src=\"[^\"]*vega/[^\"]*\"[^>]*>", intro)
    assert len(scripts) == 2 and all("defer" in tag for tag in scripts), scripts
    assert "vega/vega-bundle.js" in scripts[0] and "vega/charts.js" in scripts[1]
    assert "vega-bundle.js" not in biblio
    assert (site / "_static" / "vega" / "vega-bundle.js").stat().st_size > 500_000


def test_chart_works_from_disk(browser, site):
    context, page, external, errors = open_page(browser, (site / "chapters" / "introduction.html").as_uri())
    try:
        assert wait_for_charts(page) >= 1
        check_page(page, external, errors)
    finally:
        context.close()


def test_chart_tooltip_appears_on_hover(browser, server):
    context, page, external, errors = open_page(browser, f"{server}/chapters/introduction.html")
    try:
        wait_for_charts(page)
        bar = page.locator("#chart-coverage-by-function svg path[role='graphics-symbol']").first
        bar.hover()
        tooltip = page.locator("#vg-tooltip-element")
        tooltip.wait_for(state="visible", timeout=5000)
        assert "Findings" in tooltip.inner_text()
    finally:
        context.close()


def test_code_is_hidden_with_a_toggle(browser, server):
    context, page, external, errors = open_page(browser, f"{server}/chapters/introduction.html")
    try:
        source = page.locator("div.cell_input").first
        assert not source.is_visible(), "code should be hidden by default"
        page.locator("details.hide.above-input summary").first.click()
        assert source.is_visible(), "the toggle should reveal the code"
    finally:
        context.close()


def test_glued_numbers_are_in_the_page(browser, server):
    counts = summaries.headline_counts(book.load())
    context, page, external, errors = open_page(browser, f"{server}/chapters/introduction.html")
    try:
        text = page.locator("main").inner_text()
        assert f"rests on {counts['n_sources']} included sources" in text
        assert f"we extracted {counts['n_findings']} findings" in text
        assert f"one of {counts['n_functions']} functions" in text
    finally:
        context.close()


def test_citations_link_to_bibliography(site):
    intro = (site / "chapters" / "introduction.html").read_text(encoding="utf-8")
    links = re.findall(r'href="bibliography.html#id\d+"|href="bibliography.html#[^"]+"', intro)
    assert links, "citations should link to the bibliography page"


def _meta(html: str, key: str) -> str:
    match = re.search(rf'<meta (?:name|property)="{re.escape(key)}" content="([^"]*)"', html)
    return htmllib.unescape(match.group(1)) if match else ""


def test_pages_carry_their_address_description_and_social_card(site):
    """The base URL in _config.yml (its one place) reaches every page's canonical link,
    social card and the sitemap; every page has its own title and description."""
    base = yaml.safe_load((ROOT / "_config.yml").read_text())["html"]["baseurl"]
    titles, descriptions = set(), set()
    for docname in PAGES:
        html = (site / f"{docname}.html").read_text(encoding="utf-8")
        url = f"{base}{docname}.html"
        assert f'<link rel="canonical" href="{url}" />' in html, docname
        assert _meta(html, "og:url") == url, docname
        title = htmllib.unescape(re.search(r"<title>(.*?)</title>", html).group(1))
        assert title.startswith(_meta(html, "og:title") + " \u2014 "), docname
        description = _meta(html, "description")
        assert 60 <= len(description) <= 200 and description == _meta(html, "og:description"), docname
        assert _meta(html, "twitter:card") == "summary"
        assert f'<p class="book-version">Version {report_version()}</p>' in html, docname
        titles.add(title)
        descriptions.add(description)
    assert len(titles) == len(descriptions) == len(PAGES)
    # The site's own address leads to the front page and describes the report; search is not indexed.
    root_page = (site / "index.html").read_text(encoding="utf-8")
    front = (site / f"{PAGES[0]}.html").read_text(encoding="utf-8")
    assert _meta(root_page, "description") == _meta(front, "description")
    assert f'<link rel="canonical" href="{base}{PAGES[0]}.html" />' in root_page
    assert f'url={PAGES[0]}.html"' in root_page
    assert _meta((site / "search.html").read_text(encoding="utf-8"), "robots") == "noindex"
    assert not any("[" in d for d in descriptions), "descriptions carry no citations"
    sitemap = ElementTree.parse(site / "sitemap.xml").getroot()
    locs = [el.text for el in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert sorted(locs) == sorted(f"{base}{d}.html" for d in PAGES)


def test_not_found_page_links_back_into_the_site(site):
    """GitHub Pages serves 404.html at any missing address, so its links and styles are
    absolute paths under the site's own path, and search engines are told to skip it."""
    prefix = site_prefix(ROOT)
    html = (site / "404.html").read_text(encoding="utf-8")
    assert "<title>Page not found" in html and _meta(html, "robots") == "noindex"
    assert f'href="{prefix}chapters/index.html"' in html and f'href="{prefix}search.html"' in html
    styles = re.findall(r'<link rel="stylesheet" type="text/css" href="([^"]+)"', html)
    assert styles and all(href.startswith(f"{prefix}_static/") for href in styles)


HISTORY = ["chapters/english-1991-2013", "chapters/english-since-2013"]


@pytest.mark.parametrize("docname", HISTORY)
def test_history_chapter_as_a_reader_sees_it(browser, server, docname):
    ev = book.load()
    context, page, external, errors = open_page(browser, f"{server}/{docname}.html")
    try:
        assert wait_for_charts(page) == 2  # the timeline and the count of bodies
        box = page.locator("div.admonition.key-messages")
        assert box.count() == 1
        assert box.locator("a[href*='review-findings.html#rf-']").count() >= 4
        assert "confidence" in box.inner_text()
        # The era table: each model links to its findings, further down the page.
        model_links = page.locator("table a[href*='-findings-']")
        assert model_links.count() >= 5
        model_links.first.click()
        assert "-findings-" in page.evaluate("location.hash")
        # The timeline draws one point per event, each with a tooltip.
        points = page.locator("div[id^='chart-timeline'] svg path[role='graphics-symbol']")
        assert points.count() >= 10
        points.first.hover()
        page.locator("#vg-tooltip-element").wait_for(state="visible", timeout=5000)
        # Each model's findings: a bounded sample with anchors, and a link to all of them in the register.
        models = ev.model_years
        era = "english_1991_2013" if "1991" in docname else "english_since_2013"
        expected = ev.findings[ev.findings["model"].isin(models.loc[models["era"] == era, "model"])]
        _check_register_sample(page, expected, "model")
        check_page(page, external, errors)
    finally:
        context.close()


def _check_register_sample(page, findings, by):
    """A chapter lists at most REGISTER_SAMPLE findings per group, each with its anchor,
    and links each group to all its findings in the register."""
    sizes = findings.groupby(by).size()
    assert page.locator("[id*='-finding-']").count() == int(sizes.clip(upper=samples.SAMPLE_SIZE).sum())
    hrefs = page.locator(f"a[href^='findings.html?{by}=']").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert sorted(h.split("=", 1)[1] for h in hrefs if "&" not in h) == sorted(sizes.index)


def _scope(ev, docname):
    if docname.endswith("international"):
        return (
            comparators.international_findings(ev),
            2,
            ["comparator-table", "function-system-table", "system-evidence-table"],
        )
    return cases.site_findings(ev), 2, ["site-table"]


@pytest.mark.parametrize("docname", ["chapters/international", "chapters/case-studies"])
def test_comparator_and_case_chapters_as_a_reader_sees_them(browser, server, docname):
    ev = book.load()
    findings, n_charts, tables = _scope(ev, docname)
    context, page, external, errors = open_page(browser, f"{server}/{docname}.html")
    try:
        assert wait_for_charts(page) == n_charts
        box = page.locator("div.admonition.key-messages")
        assert box.count() == 1 and box.locator("a[href*='review-findings.html#rf-']").count() >= 3
        for css in tables:
            table = page.locator(f"table.{css}")
            assert table.count() >= 1, css
            # Every stated value in these tables links to its source in the bibliography.
            assert table.first.locator("a[href*='bibliography.html#']").count() >= 3 or css == "system-evidence-table"
        _check_register_sample(page, findings, "system" if docname.endswith("international") else "site")
        if docname.endswith("case-studies"):
            # The cross-case table counts every site finding under its stage of the cycle, linked to the register.
            links = page.locator("table.cycle-table a[href*='findings.html?site=']")
            counted = sum(int(t.split()[0]) for t in links.all_inner_texts())
            assert counted == len(findings[findings["site"].isin(ENGLISH_SITES)])
        cell = page.locator("div[id^='chart-'] svg path[role='graphics-symbol']").first
        cell.hover()
        page.locator("#vg-tooltip-element").wait_for(state="visible", timeout=5000)
        check_page(page, external, errors)
    finally:
        context.close()


def _bubble_count(page) -> int:
    return page.locator("#chart-gap-map svg g.mark-symbol path[role='graphics-symbol']").count()


def test_gap_map_filters_change_what_it_shows(browser, server):
    context, page, external, errors = open_page(browser, f"{server}/chapters/evidence-map.html")
    try:
        assert wait_for_charts(page) == 1
        page.locator("#chart-gap-map svg path[role='graphics-symbol']").first.wait_for(state="attached")
        everything = _bubble_count(page)
        assert everything > 50  # bubbles plus the grey crosses that mark gaps
        # Filtering to one system leaves fewer bubbles; the gaps stay marked.
        page.locator("#chart-gap-map select").first.select_option("Scotland")
        page.wait_for_timeout(300)
        scotland = _bubble_count(page)
        assert scotland < everything
        # Switching columns to outcome domains redraws the grid.
        page.locator("#chart-gap-map input[type='radio'][value='Outcome domain']").check()
        page.wait_for_timeout(300)
        assert _bubble_count(page) != scotland
        # Clicking a bubble opens the findings register at that function and outcome domain, for
        # the system chosen, and the register lists as many findings as the bubble counts.
        bubble = page.locator("#chart-gap-map svg g.mark-symbol path[role='graphics-symbol']").last
        bubble.hover()
        tooltip = page.locator("#vg-tooltip-element")
        tooltip.wait_for(state="visible", timeout=5000)
        count = int(re.search(r"Findings\s*(\d+)", tooltip.inner_text()).group(1))
        bubble.click(force=True)
        page.wait_for_url(
            re.compile(r".*/findings\.html\?function=\w+&outcome_domain=\w+&system=scotland"), timeout=10000
        )
        status = page.locator(".register-status").first
        status.wait_for()
        assert status.inner_text().startswith(f"{count} of "), (count, status.inner_text())
        check_page(page, external, errors)
    finally:
        context.close()


def test_synthesis_tables_and_who_does_what(browser, server):
    ev = book.load()
    context, page, external, errors = open_page(browser, f"{server}/chapters/synthesis.html")
    try:
        assert page.locator("div.admonition.key-messages a[href*='review-findings.html#rf-']").count() >= 5
        # Every review finding appears once, in its function's summary-of-findings table.
        assert page.locator("table.soqf-table tbody tr").count() == len(ev.review_findings)
        check_page(page, external, errors)
    finally:
        context.close()
    context, page, external, errors = open_page(browser, f"{server}/chapters/implications.html")
    try:
        assert wait_for_charts(page) == 1
        assert page.locator("table.who-table tbody tr").count() == len(ev.allocation)
        assert page.locator("#chart-who-does-what svg.marks").count() == 1
        assert page.locator("em:has-text('Review findings behind this theme') a").count() >= 8
        check_page(page, external, errors)
    finally:
        context.close()


def test_methods_flow_diagram_shows_the_computed_counts(browser, server):
    prisma = book.load().prisma
    context, page, external, errors = open_page(browser, f"{server}/chapters/methods.html")
    try:
        flow = page.locator("#fig-prisma-flow").inner_text()
        for key in ("screened", "assessed", "included", "duplicates", "excluded_screening"):
            assert str(prisma[key]) in flow, key
        check_page(page, external, errors)
    finally:
        context.close()


def test_key_messages_page_leads_the_book(browser, server):
    counts = summaries.headline_counts(book.load())
    context, page, external, errors = open_page(browser, f"{server}/chapters/key-messages.html")
    try:
        box = page.locator("div.admonition.key-messages")
        # Every message written in the chapter is shown, each linking to the review findings it rests on.
        chapter = prose.markdown_cells(ROOT / "chapters" / "key-messages.ipynb")
        written = chapter.split(":::{admonition} Key messages")[1]
        messages = [line for line in written.split(":::")[0].splitlines() if line.startswith("- ")]
        assert box.locator("li").count() == len(messages) > 0
        assert box.locator("a[href*='review-findings.html#rf-']").count() >= len(messages)
        assert str(counts["n_sources"]) in page.locator("main").inner_text()
        check_page(page, external, errors)
    finally:
        context.close()
    assert PAGES[1] == "chapters/key-messages"


def test_provenance_page_records_release_versions_and_execution(site):
    html = (site / "chapters" / "provenance.html").read_text(encoding="utf-8")
    assert data_fingerprint() in html
    assert f">{report_version()}<" in html
    for row in provenance.package_versions().itertuples(index=False):
        assert f">{row.Version}<" in html, row.Package
    notebooks = {p.stem for p in (site.parent.parent / "chapters").glob("*.ipynb")} - {
        "provenance"
    }  # links to itself as "#"
    executed = set(re.findall(r'href="([\w-]+)\.html"><span class="doc">chapters/\1</span>', html))
    assert notebooks <= executed, notebooks - executed


def test_every_citation_label_names_one_work(site):
    """Works sharing an author-year label are told apart (2018a, 2018b; n.d.-a), so a
    reader can tell from a parenthetical citation alone which work it means."""
    entries_by_label: dict[str, set[str]] = {}
    for docname in PAGES:
        html = (site / f"{docname}.html").read_text(encoding="utf-8")
        for href, inner in re.findall(
            r'<a class="reference internal" href="bibliography\.html#(id\d+)">(.*?)</a>', html
        ):
            label = re.sub(r"<[^>]+>", "", inner)
            if ", " in label:  # parenthetical citations carry author and year in the link
                entries_by_label.setdefault(label, set()).add(href)
    assert len(entries_by_label) > 100
    clashes = {label: ids for label, ids in entries_by_label.items() if len(ids) > 1}
    assert not clashes, list(clashes.items())[:5]
    assert "The Health Foundation, n.d.-a" in entries_by_label


def test_findings_register_filters_pages_and_links(browser, server):
    """The register lists every finding, filtered from the address or the menus, fifty at a time."""
    ev = book.load()
    findings = ev.findings
    context, page, external, errors = open_page(browser, f"{server}/chapters/findings.html?model=icbs_2022")
    try:
        status = page.locator(".register-status")
        expected = int((findings["model"] == "icbs_2022").sum())
        assert status.inner_text() == f"{expected} of {len(findings)} findings match."
        rows = page.locator("table.register-table tbody tr")
        assert rows.count() == min(expected, 50)
        # Every row names its finding, links its source (the publication itself) and its review finding.
        first = rows.first
        row_id = first.locator("strong").inner_text()
        source = findings.set_index("finding_id").loc[row_id]
        cell = first.locator("td").nth(3)
        assert cell.locator("a").first.get_attribute("href") == publication_url(ev.bib[source["source"]])
        # ...and beside it, the source's own words and the copy they were read in, or why they are missing.
        if source["verification"] == "excerpt_matched":
            assert cell.locator("blockquote.register-excerpt").inner_text() == f"\u201c{source['excerpt']}\u201d"
            assert cell.get_by_role("link", name="The copy we read").get_attribute("href") == source["read_at"]
        else:
            assert cell.locator(".register-unverified").count() == 1
        supported = (
            findings[(findings["model"] == "icbs_2022") & findings["review_finding"].notna()]
            .sort_values("finding_id")
            .iloc[0]
        )
        row = rows.filter(has=page.locator("strong", has_text=supported["finding_id"]))
        rf = supported["review_finding"].split("-")[1]
        assert row.locator(f"a[href='review-findings.html#rf-{rf}']").count() == 1
        # Clearing the menu shows everything, a page at a time; the address follows the filters.
        page.select_option("#register-model", "")
        assert status.inner_text() == f"{len(findings)} of {len(findings)} findings match."
        assert rows.count() == 50
        page.get_by_role("button", name="Next 50 findings").first.click()
        assert page.locator("table.register-table caption").inner_text() == f"Findings 51 to 100 of {len(findings)}"
        # The keyboard stays where the reader was: on the pager's button, drawn afresh.
        assert page.evaluate("document.activeElement.getAttribute('data-pager')") == "next"
        page.select_option("#register-direction", "negative")
        assert "direction=negative" in page.url
        assert status.inner_text().startswith(f"{int((findings['direction'] == 'negative').sum())} of ")
        page.fill("#register-q", "dentistry")
        page.wait_for_url(re.compile(r".*words=dentistry"))
        words = findings[
            (findings["direction"] == "negative") & findings["finding"].str.lower().str.contains("dentistry")
        ]
        assert status.inner_text().startswith(f"{len(words)} of ")
        # Several words must all appear, in any order.
        page.select_option("#register-direction", "")
        page.fill("#register-q", "dentistry access")
        both = findings["finding"].str.lower().str.contains("dentistry") & findings["finding"].str.lower().str.contains(
            "access"
        )
        assert status.inner_text().startswith(f"{int(both.sum())} of ")
        # A shared address with words and menus gives the same view (and Sphinx's own search ignores it).
        page.goto(f"{server}/chapters/findings.html?direction=negative&words=dentistry")
        assert page.locator(".register-status").inner_text().startswith(f"{len(words)} of ")
        # One finding by its id, shown as a filter the reader can remove.
        page.goto(f"{server}/chapters/findings.html?id=EA-001")
        assert page.locator("table.register-table tbody tr").count() == 1
        page.get_by_role("button", name="Remove the filter Finding EA-001").click()
        assert page.locator(".register-status").inner_text() == f"{len(findings)} of {len(findings)} findings match."
        # An address naming a filter value the register does not hold says so, rather than ignoring it.
        page.goto(f"{server}/chapters/findings.html?model=toString&id=XX-999")
        notice = page.locator(".register-notice").inner_text()
        assert "Model \u201ctoString\u201d" in notice and "finding \u201cXX-999\u201d" in notice
        assert page.locator(".register-status").inner_text() == f"{len(findings)} of {len(findings)} findings match."
        check_page(page, external, errors)
    finally:
        context.close()


def test_bibliography_lists_every_included_source(browser, server):
    """Works cited in the text come first; then every included source, drawn from the data."""
    ev = book.load()
    included = ev.included_sources
    context, page, external, errors = open_page(browser, f"{server}/chapters/bibliography.html")
    try:
        # The list (data that grow with the review) loads only when a reader asks for it.
        assert not page.evaluate("'BOOK_SOURCES' in window")
        page.get_by_role("button", name="Show every included source").click()
        status = page.locator("#book-sources-list .register-status")
        assert status.inner_text() == f"{len(included)} of {len(included)} included sources."
        assert page.locator("ul.sources-list li").count() == min(len(included), 50)
        page.fill("#sources-q", "Canterbury")
        shown = page.locator("ul.sources-list li")
        assert 0 < shown.count() < 50 and all("canterbury" in t.lower() for t in shown.all_inner_texts())
        # A source's findings are one click away, in the register.
        shown.first.locator("a[href^='findings.html?source=']").click()
        page.wait_for_url("**/findings.html?source=*")
        assert page.locator("table.register-table tbody tr").count() >= 1
        check_page(page, external, errors)
    finally:
        context.close()


def test_every_link_into_the_register_names_values_it_holds(site):
    """Links to findings.html?... (chapters, map, review findings) filter by values the
    register knows, so none opens on the "not held" notice."""
    data = register_page.findings_data(book.load())
    known = {name: {code for code, _ in pairs} for name, pairs in data["vocabularies"].items()}
    ids = {row[0] for row in data["rows"]}
    hrefs = set()
    for docname in PAGES:
        hrefs |= set(
            re.findall(r'href="(findings\.html\?[^"]+)"', (site / f"{docname}.html").read_text(encoding="utf-8"))
        )
    assert len(hrefs) > 100
    bad = []
    for href in hrefs:
        for name, value in parse_qsl(urlsplit(htmllib.unescape(href)).query):
            if not (value in ids if name == "id" else value in known.get(name, ())):
                bad.append(href)
    assert not bad, sorted(bad)[:10]
