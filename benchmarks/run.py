"""Measure the book against its budgets, in one run.

    python benchmarks/run.py [--skip-make-test] [--skip-scale]

Scale: synthetic evidence bases 10x and 100x the real one (benchmarks/
synthetic.py, clearly marked, built in a temporary folder and deleted) are
built cold, and their build time and page sizes reported as ratios to the
real data's.

Builds run in a temporary copy of the repository, so the working tree is
untouched. Writes benchmarks/results.json and prints a table. Budgets live
here, not in pytest, so tests never fail on a slow machine."""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the tests' helpers: a copy of the repository, the table of contents
sys.path.insert(0, str(ROOT / "benchmarks"))
from playwright.sync_api import sync_playwright  # noqa: E402 - after the paths above, like the imports below

from book.chapters.register_page import FINDINGS_FILE, SOURCES_FILE, STATIC_SUBDIR  # noqa: E402 - as above
from book.site.chromium import launch  # noqa: E402 - as above

from support import copy_repo, toc_docnames  # noqa: E402 - found through the path set above
from synthetic import make_synthetic_repo  # noqa: E402 - found through the path set above

BUDGETS = {
    "cold_build_s": 90.0,
    # Scale: synthetic evidence bases 10x and 100x the real one (benchmarks/synthetic.py),
    # measured against the real data's cold build and pages.
    "scale_build_ratio": 2.0,
    "scale_page_ratio": 1.2,
    # The findings register's data (loaded by the register page after it shows, and the list
    # of sources only on request) grow with the evidence; at the real scale they stay small.
    "register_data_kb": 1024.0,
    "unchanged_rebuild_ratio": 0.15,
    "make_test_s": 300.0,
    "page_html_kb": 500.0,
    "chart_draw_s": 1.5,
}

# Records, from the first moment of the page, when each chart's svg appears.
CHART_TIMER = """
window.__chartTimes = {};
new MutationObserver(() => {
  document.querySelectorAll("div[id^='chart-']").forEach(el => {
    if (!(el.id in window.__chartTimes) && el.querySelector('svg, canvas'))
      window.__chartTimes[el.id] = performance.now();
  });
}).observe(document, {childList: true, subtree: true});
"""


def timed(cmd: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    return elapsed


def build(root: Path) -> float:
    return timed([sys.executable, "-m", "book", "build", "--root", str(root)], root)


def edit_one_notebook(root: Path) -> None:
    path = root / "chapters" / "introduction.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    cell = next(c for c in nb["cells"] if c["cell_type"] == "markdown")
    cell["source"] = "".join(cell["source"]) + "\n"
    path.write_text(json.dumps(nb, indent=1), encoding="utf-8")


def page_sizes(html: Path) -> dict[str, float]:
    return {d: (html / f"{d}.html").stat().st_size / 1024 for d in toc_docnames()}


SCALE_FACTORS = (10, 100)


def register_data_kb(html: Path) -> dict[str, float]:
    return {
        name: (html / "_static" / STATIC_SUBDIR / name).stat().st_size / 1024 for name in (FINDINGS_FILE, SOURCES_FILE)
    }


def scale(tmp: Path, real_build_s: float, real_pages: dict[str, float]) -> dict:
    """Cold builds of synthetic evidence bases, as ratios to the real data's."""
    out = {}
    for factor in SCALE_FACTORS:
        root = tmp / f"synthetic-x{factor}"
        counts = make_synthetic_repo(root, factor)
        seconds = build(root)
        pages = page_sizes(root / "_build" / "html")
        ratios = {d: pages[d] / real_pages[d] for d in pages}
        out[f"x{factor}"] = {
            **counts,
            "cold_build_s": seconds,
            "build_ratio": seconds / real_build_s,
            "page_ratio": ratios,
            "largest_page_ratio": max(ratios.values()),
            # Loaded only by the findings register and the bibliography's list of all sources.
            "register_data_kb": register_data_kb(root / "_build" / "html"),
        }
        shutil.rmtree(root)  # synthetic data never outlive the measurement
    return out


def chart_times(html: Path) -> dict[str, dict[str, float]]:
    out = {}
    with sync_playwright() as p:
        browser = launch(p)
        for doc in toc_docnames():
            page = browser.new_page()
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
            page.add_init_script(CHART_TIMER)
            page.goto((html / f"{doc}.html").as_uri(), wait_until="load")
            n = page.locator("div[id^='chart-']").count()
            if n:
                page.wait_for_function(f"Object.keys(window.__chartTimes).length >= {n}", timeout=30000)
                out[doc] = {k: v / 1000 for k, v in page.evaluate("window.__chartTimes").items()}
            page.close()
        browser.close()
    return out


def make_test_from_a_clone() -> float:
    """`make test` as CI runs it: in a fresh clone of the committed tree, setting itself up."""
    with tempfile.TemporaryDirectory() as tmp:
        clone = Path(tmp) / "clone"
        subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
        return timed(["make", "test"], clone)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--skip-make-test", action="store_true", help="do not time a whole `make test`")
    parser.add_argument("--skip-scale", action="store_true", help="do not build the synthetic 10x and 100x books")
    args = parser.parse_args()
    results: dict = {
        "machine": {"python": platform.python_version(), "cpus": __import__("os").cpu_count()},
        "budgets": BUDGETS,
    }
    with tempfile.TemporaryDirectory() as tmp:
        root = copy_repo(Path(tmp) / "repo")
        results["cold_build_s"] = build(root)
        results["unchanged_rebuild_s"] = build(root)
        edit_one_notebook(root)
        results["one_notebook_edited_rebuild_s"] = build(root)
        html = root / "_build" / "html"
        results["page_html_kb"] = page_sizes(html)
        results["vega_bundle_kb_once_per_site"] = (html / "_static" / "vega" / "vega-bundle.js").stat().st_size / 1024
        results["register_data_kb"] = register_data_kb(html)
        results["chart_draw_s"] = chart_times(html)
        if not args.skip_scale:
            results["scale"] = scale(Path(tmp), results["cold_build_s"], results["page_html_kb"])
    results["nbval_s"] = timed([sys.executable, "-m", "pytest", "chapters", "-q"], ROOT)
    if not args.skip_make_test:
        results["make_test_s"] = make_test_from_a_clone()
    results["unchanged_rebuild_ratio"] = results["unchanged_rebuild_s"] / results["cold_build_s"]

    rows = [
        ("cold build (s)", results["cold_build_s"], BUDGETS["cold_build_s"]),
        ("unchanged rebuild / cold", results["unchanged_rebuild_ratio"], BUDGETS["unchanged_rebuild_ratio"]),
        ("one notebook edited rebuild (s)", results["one_notebook_edited_rebuild_s"], None),
        ("nbval (s)", results["nbval_s"], None),
    ]
    if "make_test_s" in results:
        rows.append(("make test (s)", results["make_test_s"], BUDGETS["make_test_s"]))
    rows += [(f"page {d} (KB)", kb, BUDGETS["page_html_kb"]) for d, kb in results["page_html_kb"].items()]
    rows += [
        (f"register data {name} (KB, loaded by its page after it shows)", kb, BUDGETS["register_data_kb"])
        for name, kb in results["register_data_kb"].items()
    ]
    for name, run in results.get("scale", {}).items():
        rows += [
            (
                f"{name} synthetic ({run['findings']} findings): cold build / real",
                run["build_ratio"],
                BUDGETS["scale_build_ratio"],
            ),
            (f"{name} synthetic: largest page growth / real", run["largest_page_ratio"], BUDGETS["scale_page_ratio"]),
        ]
        rows += [
            (f"{name} synthetic: register data {n} (KB; grows with the evidence, loaded on demand)", kb, None)
            for n, kb in run["register_data_kb"].items()
        ]
    rows.append(("vega bundle, once per site (KB)", results["vega_bundle_kb_once_per_site"], None))
    rows += [
        (f"chart {c} on {d} (s)", s, BUDGETS["chart_draw_s"])
        for d, charts in results["chart_draw_s"].items()
        for c, s in charts.items()
    ]
    results["within_budget"] = all(b is None or v <= b for _, v, b in rows)
    (ROOT / "benchmarks" / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    width = max(len(r[0]) for r in rows)
    print(f"{'measure'.ljust(width)}  {'value':>9}  {'budget':>8}  ok")
    for name, value, budget in rows:
        ok = "" if budget is None else ("yes" if value <= budget else "NO")
        print(f"{name.ljust(width)}  {value:9.2f}  {'' if budget is None else f'{budget:8.2f}'}  {ok}")
    print("all within budget" if results["within_budget"] else "SOME BUDGETS EXCEEDED")


if __name__ == "__main__":
    main()
