"""Every page of the table of contents in headless Chromium, as a reader meets it: charts drawn,
nothing fetched from another host, no console error or failed request, one heading, and no
serious or critical accessibility violation (axe-core)."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from support import check_page, open_page, toc_docnames, wait_for_charts

pytestmark = pytest.mark.slow  # reads the shared build of the book in a browser

# The evidence pages share one template: the first of each kind stands for the rest here
# (tests/test_evidence_pages.py checks every one of them without a browser).
GENERATED = ("chapters/function-", "chapters/system-")
PAGES = [
    d
    for d in toc_docnames()
    if not d.startswith(GENERATED) or d.endswith(("function-01-needs-assessment", "system-01-england"))
]


@pytest.mark.parametrize("docname", PAGES)
def test_page_in_browser(browser, server, docname):
    context, page, external, errors = open_page(browser, f"{server}/{docname}.html")
    try:
        charts = wait_for_charts(page)
        if charts:
            # Charts are vector graphics with the description as their label.
            assert page.locator("figure.book-figure svg").count() >= charts
            assert page.locator("figure.book-figure a[download$='.csv']").count() >= charts
        check_page(page, external, errors)
        # Accessibility: axe-core finds no serious or critical violation.
        violations = [v for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")]
        assert not violations, [(v["id"], v["nodes"][0]["html"][:120]) for v in violations]
    finally:
        context.close()
