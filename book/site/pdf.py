"""The whole book as one PDF, offline: Sphinx's single-page HTML build,
printed by Debian's Chromium through Playwright with the charts drawn
(jupyter-book's own pdfhtml builder downloads a browser, so it cannot run here)."""

from __future__ import annotations

import shutil
from pathlib import Path

from playwright.sync_api import sync_playwright

from ..data import paths
from ..data.project import PDF_INPUTS, files_digest, report_version
from .chromium import launch

PDF_NAME = "commissioning-in-the-nhs.pdf"

# Print the article only: no navigation, no code toggles, no chart menus.
PRINT_CSS = """
@page { size: A4; }
.bd-header, .bd-sidebar-primary, .bd-sidebar-secondary, .bd-footer, .bd-footer-article, .header-article,
.prev-next-area, .cell_input, details.hide, .vega-actions, .vega-bindings, .headerlink, .book-downloads,
details.book-chart-data, .skip-link, #pst-back-to-top { display: none !important; }
.bd-main, .bd-content, .bd-article-container, .bd-page-width { max-width: 100% !important; width: 100% !important; }
body { font-size: 10.5pt; }
h1.book-new-chapter { break-before: page; display: block !important; }  /* the theme hides article h1s in print */
.book-title-page { break-after: page; text-align: center; padding-top: 25vh; }
.book-title-page .book-title { font-size: 26pt; font-weight: 600; line-height: 1.25; margin-bottom: 1.5em; }
figure, .vega-embed, tr { break-inside: avoid; }  /* long tables may run on; rows and charts stay whole */
a { color: inherit; text-decoration: none; }
"""


# The single-page build nests every chapter under the front page's "Contents" heading, so a
# chapter's title is an h3. For the PDF's bookmarks and page breaks, chapters become h1 and
# their sections move up with them (headings inside outputs, which have no headerlink, keep
# their level); each chapter starts on a new page.
CHAPTER_HEADINGS_SCRIPT = r"""() => {
  const headings = '.toctree-wrapper :is(h3, h4, h5, h6):not(.rubric):has(> a.headerlink)';
  document.querySelectorAll(headings).forEach(h => {
    const promoted = document.createElement('h' + (Number(h.tagName[1]) - 2));
    for (const a of h.attributes) promoted.setAttribute(a.name, a.value);
    promoted.innerHTML = h.innerHTML;
    h.replaceWith(promoted);
  });
  document.querySelectorAll('.toctree-wrapper h1').forEach(h => h.classList.add('book-new-chapter'));
}"""


def title_page_html(root: Path) -> str:
    version = report_version(root)
    return (
        '<section class="book-title-page">'
        # Two lines of our choosing: Chromium's print drops a letter where it wraps a centred title itself.
        '<p class="book-title">Commissioning in the NHS:<br />what has been tried and what works</p>'
        "<p>An executable evidence synthesis</p>"
        "<p>The NHS Commissioning Evidence Synthesis team</p>"
        f"<p>Version {version}</p>"
        "<p>Text and data: CC BY 4.0. Code: MIT licence.</p>"
        "</section>"
    )


LOCAL_LINKS_SCRIPT = r"""({root, base}) => document.querySelectorAll('a[href]').forEach(a => {
  // Sphinx writes its own links from the top of the single page (chapters/index.html#..., _downloads/...);
  // links written inside chapters (data files, the register, the PDF) are relative to chapters/.
  const href = a.getAttribute('href');
  const fromTop = /^(chapters|_downloads|_static|_images)\//.test(href);
  const url = new URL(href, fromTop ? root : root + 'chapters/index.html');
  if (url.protocol !== 'file:') return;
  const path = url.href.startsWith(root) ? url.href.slice(root.length).split('#')[0].split('?')[0] : null;
  if (path === null) return;
  const top = path === 'chapters/index.html' || path === 'book.html' || path === '';
  if (top && url.hash) a.setAttribute('href', url.hash);
  else a.setAttribute('href', base + url.href.slice(root.length));
})"""


STAMP_NAME = "inputs.sha256"


def pdf_is_current(root: Path) -> bool:
    """Whether the PDF was printed from exactly the inputs the book has now."""
    out = root / "_build" / "pdf"
    stamp = out / STAMP_NAME
    current = files_digest(root, PDF_INPUTS)
    return (out / PDF_NAME).exists() and stamp.exists() and stamp.read_text().strip() == current


def record_inputs(root: Path) -> None:
    (root / "_build" / "pdf" / STAMP_NAME).write_text(files_digest(root, PDF_INPUTS) + "\n")


def publish_in_site(root: Path) -> Path:
    """The PDF beside the site's pages (the front page links to it)."""
    out, html = root / "_build" / "pdf" / PDF_NAME, root / "_build" / "html"
    if html.exists():
        shutil.copy2(out, html / PDF_NAME)
    return out


def print_pdf(root: Path) -> Path:
    """Print _build/singlehtml (built beforehand) to _build/pdf and copy it into the site."""
    single = root / "_build" / "singlehtml"
    page_file = single / "book.html"
    # The root document sits in chapters/, but Sphinx writes its asset paths as if at the top.
    shutil.copy2(single / "chapters" / "index.html", page_file)
    out = root / "_build" / "pdf" / PDF_NAME
    out.parent.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": 900, "height": 1200})
        page.route(
            "**/*",
            lambda route: route.continue_() if route.request.url.startswith(("file:", "data:")) else route.abort(),
        )
        page.goto(page_file.as_uri(), wait_until="load")
        charts = page.locator("div[id^='chart-']")
        for i in range(charts.count()):
            charts.nth(i).locator("svg").first.wait_for(state="attached", timeout=30000)
        page.add_style_tag(content=PRINT_CSS)
        # A title page before everything; then every chapter after the contents starts on a new page.
        page.evaluate(
            "html => document.querySelector('h1').insertAdjacentHTML('beforebegin', html)", title_page_html(root)
        )
        page.evaluate(CHAPTER_HEADINGS_SCRIPT)
        # In a PDF a link to a file on this machine is dead: links within the book become links
        # within the PDF, and links to the rest of the site (the findings register, data, the
        # PDF itself) lead to the published site.
        page.evaluate(LOCAL_LINKS_SCRIPT, {"root": single.as_uri() + "/", "base": paths.site_base(root)})
        page.emulate_media(media="print")
        page.pdf(
            path=str(out),
            format="A4",
            print_background=True,
            scale=0.85,
            display_header_footer=True,
            header_template="<span></span>",
            footer_template='<div style="font-size:8px;width:100%;text-align:center;color:#555">'
            '<span class="pageNumber"></span> / <span class="totalPages"></span></div>',
            margin={"top": "16mm", "bottom": "16mm", "left": "14mm", "right": "14mm"},
            tagged=True,  # a structure screen readers can follow
            outline=True,  # bookmarks from the headings: chapters and their sections
        )
        browser.close()
    record_inputs(root)
    return publish_in_site(root)
