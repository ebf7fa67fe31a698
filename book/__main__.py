"""Command line for the report.

python -m book check     validate data/ and references.bib
python -m book build     build the HTML site (warnings are errors)
python -m book execute   re-run the notebooks, writing outputs back
python -m book pages     write the source files of the evidence pages (one per function and system)
python -m book pdf       build the whole book as one PDF (into _build/pdf and the site)
python -m book dist      zip the built site (with PDF and data) into _build/dist for offline use
python -m book linkcheck check every external link over the network (report in _build/linkcheck)
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from .data import paths
from .data.errors import DataError
from .data.evidence import checked
from .data.project import report_version
from .site.dist import build_dist
from .site.dois import unresolved_dois
from .site.evidence_pages import write_stubs
from .site.notebooks import execute_in_place
from .site.pdf import pdf_is_current, print_pdf, publish_in_site


def run_check(root: Path) -> int:
    try:
        ev = checked(root)
    except DataError as exc:
        print(exc, file=sys.stderr)
        return 1
    counts = ", ".join(f"{len(t.frame)} {name}" for name, t in ev.tables.items())
    print(f"book check: OK: {len(ev.bib)} bibliography entries; {counts}")
    return 0


def run_build(root: Path, builder: str = "html") -> int:
    from jupyter_book.cli.main import main as jupyter_book  # slow to import: only for the commands that build

    args = ["build", str(root), "--warningiserror", "--keep-going", "--quiet", "--builder", builder]
    try:
        jupyter_book(args, standalone_mode=False)
    except SystemExit as exc:  # click exits on failure
        return int(exc.code or 0)
    except Exception as exc:  # report, then fail the command
        print(f"book build failed: {exc}", file=sys.stderr)
        return 1
    return 0


def run_linkcheck(root: Path) -> int:
    """Check every external link with Sphinx's linkcheck builder (needs the network).

    Unlike run_build, no --warningiserror: warnings other than links are make
    book's business (it fails on them), and here they must not hide the link
    report. Broken and timed-out links still fail the command: the linkcheck
    builder sets a non-zero exit status for them. The report is
    _build/linkcheck/output.txt (problems only) and output.json (every link).
    """
    from jupyter_book.cli.main import main as jupyter_book  # slow to import: only for the commands that build

    out = Path(root) / "_build" / "linkcheck"
    report = out / "output.json"
    for old in (out / "output.txt", report):  # never summarise a previous run's report
        old.unlink(missing_ok=True)
    # Jupyter Book's own "--builder linkcheck" writes the report into _build/html, the
    # published site; the same Sphinx builder run as "custom" writes it to _build/linkcheck.
    args = ["build", str(root), "--quiet", "--builder", "custom", "--custom-builder", "linkcheck"]
    print("book linkcheck: checking external links (linkcheck_* settings in _config.yml); this takes minutes")
    status = 0
    try:
        jupyter_book(args, standalone_mode=False)
    except SystemExit as exc:  # click exits on failure, and on broken links
        status = int(exc.code or 0)
    except Exception as exc:  # report, then fail the command
        print(f"book linkcheck failed: {exc}", file=sys.stderr)
        return 1
    if report.exists():
        counts = Counter(
            json.loads(line)["status"] for line in report.read_text(encoding="utf-8").splitlines() if line.strip()
        )
        summary = ", ".join(f"{n} {what}" for what, n in sorted(counts.items())) or "no external links"
        print(
            f"book linkcheck: {summary}; report: {paths.relative(out / 'output.txt', root)} "
            f"(every link: {paths.relative(report, root)})"
        )
    # DOIs whose publishers refuse robots are skipped above; check each at the DOI registry instead.
    unknown = unresolved_dois(root)
    for line in unknown:
        print(f"book linkcheck: DOI not registered: {line}", file=sys.stderr)
    print(f"book linkcheck: DOIs checked at the registry; {len(unknown)} not found")
    return status or (1 if unknown else 0)


def run_pdf(root: Path) -> int:
    if pdf_is_current(root):  # nothing it is printed from has changed: neither rebuild nor reprint
        print(f"book pdf: up to date: {paths.relative(publish_in_site(root), root)}")
        return 0
    status = run_build(root, "singlehtml")
    if status:
        return status
    print(f"book pdf: {paths.relative(print_pdf(root), root)}")
    return 0


def run_execute(root: Path) -> int:
    for path in sorted(paths.chapters_dir(root).glob("*.ipynb")):
        seconds = execute_in_place(path)
        print(f"executed {paths.relative(path, root)} in {seconds:.1f} s")
    return 0


def run_pages(root: Path) -> int:
    for path in write_stubs(root):
        print(f"book pages: {paths.relative(path, root)}")
    return 0


def run_check_tag(root: Path, tag: str) -> int:
    version = report_version(root)
    if tag != f"v{version}":
        print(
            f"book check-tag: the tag {tag} does not name the version in pyproject.toml (v{version})", file=sys.stderr
        )
        return 1
    print(f"book check-tag: tag {tag} matches version {version}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m book")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, text in (
        ("check", "validate data/ and references.bib"),
        ("build", "build the site with warnings as errors"),
        ("execute", "re-run every notebook and store its outputs"),
        ("pages", "write the source files of the evidence pages from the data"),
        ("pdf", "build the whole book as one PDF"),
        ("dist", "zip the built site for offline use"),
        ("linkcheck", "check every external link over the network (not part of make test)"),
        ("check-tag", "fail unless a release tag (v1.2.3) names the version in pyproject.toml"),
    ):
        cmd = sub.add_parser(name, help=text)
        cmd.add_argument("--root", type=Path, default=paths.ROOT, help="repository root (default: this checkout)")
        if name == "check-tag":
            cmd.add_argument("tag", help="the tag being published, such as v1.2.3")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    if args.command == "check-tag":
        return run_check_tag(root, args.tag)
    if args.command == "check":
        return run_check(root)
    if args.command == "build":
        return run_check(root) or run_build(root)
    if args.command == "pdf":
        return run_check(root) or run_pdf(root)
    if args.command == "linkcheck":
        return run_check(root) or run_linkcheck(root)
    if args.command == "pages":
        return run_check(root) or run_pages(root)
    if args.command == "dist":
        print(f"book dist: {paths.relative(build_dist(root), root)}")
        return 0
    return run_check(root) or run_execute(root)


if __name__ == "__main__":
    sys.exit(main())
