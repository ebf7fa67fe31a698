"""The whole book as one PDF and as an offline bundle, and every link inside the built site
(the PDF included), read from the build the site tests share."""

from __future__ import annotations

import re
import subprocess
import zipfile

import pytest

from book.data.paths import site_base
from book.data.project import data_fingerprint, report_version
from book.site.link_check import broken_links, site_prefix
from book.site.pdf import PDF_NAME, pdf_is_current

from support import ROOT, open_page, run_book, toc_docnames, wait_for_charts

pytestmark = pytest.mark.slow  # prints the PDF from the shared build of the book

PAGES = toc_docnames()


@pytest.fixture(scope="session")
def pdf(site):
    """The whole book printed to PDF (after the HTML build, into which it is copied)."""
    result = run_book(site.parent.parent, "pdf")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "WARNING: " not in result.stdout + result.stderr
    return site.parent / "pdf" / PDF_NAME


def test_pdf_has_title_pages_and_charts(pdf, site):
    from pypdf import PdfReader

    reader = PdfReader(str(pdf))
    assert reader.metadata.title == "Commissioning in the NHS: what has been tried and what works"
    assert len(reader.pages) >= 100
    # The text of every page, by poppler's pdftotext (pages end with a form feed): fast on hundreds of pages.
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    texts = text.split("\f")[: len(reader.pages)]
    assert "Version" in texts[0] and "Contents" in texts[1]
    # The cover's title whole; a tagged PDF (a structure for screen readers) with bookmarks per chapter.
    assert "Commissioning in the NHS: what has been tried and what works" in " ".join(texts[0].split())
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog and catalog["/MarkInfo"]["/Marked"]
    bookmarks = [item.title for item in reader.outline if not isinstance(item, list)]
    assert "Key messages" in bookmarks and len(bookmarks) >= 10, bookmarks
    assert f"1 / {len(reader.pages)}" in texts[0]  # numbered pages
    # Every chart of the site is drawn in the PDF: its caption is there, on a page full of vector drawing.
    captions = set()
    for page in PAGES:
        captions |= set(
            re.findall(r'<figure class="book-figure" id="fig-([\w-]+)">', (site / f"{page}.html").read_text())
        )
    chart_pages = [i for i, t in enumerate(texts) if "Figure." in t]
    assert sum(t.count("Figure.") for t in texts) >= len(captions)
    assert all(len(reader.pages[i].get_contents().get_data()) > 5000 for i in chart_pages)
    # Links into the findings register lead to the published site, not to a file on the machine that printed it.
    uris = [a.get_object().get("/A", {}).get("/URI", "") for page in reader.pages for a in page.get("/Annots") or []]
    assert not [u for u in uris if u.startswith("file:")], [u for u in uris if u.startswith("file:")][:3]
    assert any(u.startswith(site_base() + "chapters/findings.html?") for u in uris)
    # ...and each such link names a file the published site has.
    missing = {
        u
        for u in uris
        if u.startswith(site_base()) and not (site / u[len(site_base()) :].split("#")[0].split("?")[0]).is_file()
    }
    assert not missing, sorted(missing)[:5]
    # The site links to the PDF, which sits beside it.
    assert 'href="../commissioning-in-the-nhs.pdf"' in (site / "chapters" / "index.html").read_text()
    assert (site / pdf.name).exists()


def test_pdf_is_printed_again_only_when_an_input_changes(pdf, site):
    """make book with nothing changed skips the single-page build and the print; a change
    to anything the PDF is printed from makes it stale."""
    root = site.parent.parent
    printed = pdf.stat().st_mtime_ns
    again = run_book(root, "pdf")
    assert again.returncode == 0 and "up to date" in again.stdout, again.stdout + again.stderr
    assert pdf.stat().st_mtime_ns == printed
    toc = root / "_toc.yml"
    original = toc.read_text()
    toc.write_text(original + "# a change\n")
    try:
        assert not pdf_is_current(root)
    finally:
        toc.write_text(original)
    assert pdf_is_current(root)


def test_offline_bundle_works_from_disk(pdf, site, browser, tmp_path):
    """make dist's zip, unzipped and opened from disk: navigation, charts, search, PDF and data."""
    result = run_book(site.parent.parent, "dist", timeout=300)
    assert result.returncode == 0, result.stderr
    bundle = site.parent / "dist" / f"commissioning-in-the-nhs-{report_version()}.zip"
    zipfile.ZipFile(bundle).extractall(tmp_path)
    top = next(tmp_path.iterdir())
    assert (top / "commissioning-in-the-nhs.pdf").exists() and (top / "data" / "findings.csv").exists()
    assert f"data release with fingerprint {data_fingerprint()}" in (top / "README.txt").read_text()
    context, page, external, errors = open_page(browser, (top / "index.html").as_uri())
    try:
        page.wait_for_url("**/chapters/index.html")
        page.locator("nav a:has-text('Key messages')").first.click()
        page.wait_for_url("**/chapters/key-messages.html")
        assert (
            f"Version {report_version()}" in page.locator("footer").first.inner_text()
            or f"Version {report_version()}" in page.content()
        )
        page.goto((top / "chapters" / "evidence-map.html").as_uri())
        assert wait_for_charts(page) == 1
        page.goto((top / "search.html").as_uri() + "?q=Canterbury")
        page.locator("#search-results li").first.wait_for(timeout=15000)
        assert not external, external
    finally:
        context.close()


def test_every_link_inside_the_site_resolves(site, pdf):
    """Every page, anchor, cross-reference, citation, chart CSV, script and download
    (the PDF included: the pdf fixture prints it into the site) that a built page
    links to exists, offline (other hosts: make linkcheck)."""
    broken = broken_links(site, site_prefix(ROOT))
    assert not broken, [str(b) for b in broken[:20]]
