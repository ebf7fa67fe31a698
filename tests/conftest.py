"""Shared fixtures: a temporary copy of the repository, the built site, a
local web server and a headless Chromium with the network cut off."""

from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
HTML = ROOT / "_build" / "html"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync", "--disable-quic", "--disable-default-apps"]
COPIED = ["data", "references.bib", "chapters", "_config.yml", "_toc.yml", "book", "pyproject.toml"]


def copy_repo(target: Path, parts=COPIED) -> Path:
    for name in parts:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, target / name, ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
        else:
            shutil.copy2(src, target / name)
    return target


@pytest.fixture
def repo_copy(tmp_path: Path) -> Path:
    """The data, bibliography and chapters, in a temporary folder to break."""
    return copy_repo(tmp_path / "repo")


def toc_docnames() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    names = [toc["root"]]

    def walk(items):
        for item in items:
            if "file" in item:
                names.append(item["file"])
            walk(item.get("sections", []))
            walk(item.get("chapters", []))

    for part in toc.get("parts", []):
        walk(part.get("chapters", []))
    walk(toc.get("chapters", []))
    return names


def run_build(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "book", "build", "--root", str(root)],
                          capture_output=True, text=True, cwd=root, timeout=900)


@pytest.fixture(scope="session")
def built_site() -> tuple[Path, subprocess.CompletedProcess]:
    """Build the book once per test session (cached notebook outputs are reused)."""
    result = run_build(ROOT)
    return HTML, result


@pytest.fixture(scope="session")
def site(built_site) -> Path:
    html, result = built_site
    if result.returncode != 0:
        pytest.fail("the book did not build:\n" + result.stdout[-4000:] + result.stderr[-4000:])
    return html


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def server(site: Path):
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
