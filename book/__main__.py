"""Command line for the report.

    python -m book check     validate data/ and references.bib
    python -m book build     build the HTML site (warnings are errors)
    python -m book execute   re-run the notebooks, writing outputs back
    python -m book pdf       build the whole book as one PDF (into _build/pdf and the site)
    python -m book dist      zip the built site (with PDF and data) into _build/dist for offline use
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import paths
from .errors import DataError


def run_check(root: Path) -> int:
    from .evidence import check
    try:
        ev = check(root)
    except DataError as exc:
        print(exc, file=sys.stderr)
        return 1
    counts = ", ".join(f"{len(t.frame)} {name}" for name, t in ev.tables.items())
    print(f"book check: OK: {len(ev.bib)} bibliography entries; {counts}")
    return 0


def run_build(root: Path, builder: str = "html") -> int:
    from jupyter_book.cli.main import main as jupyter_book
    args = ["build", str(root), "--warningiserror", "--keep-going", "--quiet", "--builder", builder]
    try:
        jupyter_book(args, standalone_mode=False)
    except SystemExit as exc:  # click exits on failure
        return int(exc.code or 0)
    except Exception as exc:  # noqa: BLE001 - report, then fail the command
        print(f"book build failed: {exc}", file=sys.stderr)
        return 1
    return 0


def run_pdf(root: Path) -> int:
    from .pdf import print_pdf
    status = run_build(root, "singlehtml")
    if status:
        return status
    print(f"book pdf: {paths.relative(print_pdf(root), root)}")
    return 0


def run_execute(root: Path) -> int:
    from .notebooks import execute_in_place
    for path in sorted(paths.chapters_dir(root).glob("*.ipynb")):
        seconds = execute_in_place(path)
        print(f"executed {paths.relative(path, root)} in {seconds:.1f} s")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m book")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, text in (("check", "validate data/ and references.bib"),
                       ("build", "build the site with warnings as errors"),
                       ("execute", "re-run every notebook and store its outputs"),
                       ("pdf", "build the whole book as one PDF"),
                       ("dist", "zip the built site for offline use")):
        cmd = sub.add_parser(name, help=text)
        cmd.add_argument("--root", type=Path, default=paths.ROOT, help="repository root (default: this checkout)")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    if args.command == "check":
        return run_check(root)
    if args.command == "build":
        return run_check(root) or run_build(root)
    if args.command == "pdf":
        return run_check(root) or run_pdf(root)
    if args.command == "dist":
        from .dist import build_dist
        print(f"book dist: {paths.relative(build_dist(root), root)}")
        return 0
    return run_check(root) or run_execute(root)


if __name__ == "__main__":
    sys.exit(main())
