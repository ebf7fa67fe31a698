"""Shared fixtures: a temporary copy of the repository, the book built once in a
temporary folder for both test workers, a local web server and a headless Chromium
with the network cut off. Helpers shared by the tests are in support.py."""

from __future__ import annotations

import functools
import http.server
import json
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest
from playwright.sync_api import sync_playwright

from book.site.chromium import launch

from support import copy_repo, exclusive, run_build


@pytest.fixture
def repo_copy(tmp_path: Path) -> Path:
    """The data, bibliography and chapters, in a temporary folder to break."""
    return copy_repo(tmp_path / "repo")


@pytest.fixture(scope="session")
def shared_folder(tmp_path_factory, worker_id) -> Path:
    """A folder both test workers see: the first to need the built book builds it there."""
    base = tmp_path_factory.getbasetemp()
    return base if worker_id == "master" else base.parent


@pytest.fixture(scope="session")
def built_book(shared_folder) -> tuple[Path, SimpleNamespace]:
    """The book built once per test run, in a temporary copy (never in the repository),
    shared by the workers: whichever asks first builds it, the other waits and reads it."""
    root, record = shared_folder / "book" / "repo", shared_folder / "book" / "build.json"
    with exclusive(shared_folder / "book.lock"):
        if not record.exists():
            result = run_build(copy_repo(root))
            record.write_text(
                json.dumps({"returncode": result.returncode, "stdout": result.stdout, "stderr": result.stderr})
            )
    return root, SimpleNamespace(**json.loads(record.read_text()))


@pytest.fixture(scope="session")
def built_site(built_book) -> tuple[Path, object]:
    root, result = built_book
    return root / "_build" / "html", result


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
    with sync_playwright() as p:
        chromium = launch(p)
        yield chromium
        chromium.close()
