"""Fresh outputs: jupyter-cache keys a notebook on its code alone, so a change to the
data, the bibliography or this package would otherwise be served from stale cached
outputs. We digest those inputs; when the digest changes, the execution cache is
cleared and every page is read again."""

from __future__ import annotations

import shutil
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from ..data.project import NOTEBOOK_INPUTS, files_digest

LOGGER = logging.getLogger(__name__)
# Pages that summarise the others (the bibliography of cited works, the table of notebook
# executions): when any page changes they may too, and their extensions do not rewrite them.
SUMMARY_MARKERS = ("{bibliography}", "{nb-exec-table}")


def inputs_digest(root: Path) -> str:
    return files_digest(root, NOTEBOOK_INPUTS)


def clear_stale_cache(app: Sphinx) -> None:
    current = inputs_digest(Path(app.srcdir))
    cache = Path(app.env.mystnb_config.execution_cache_path)
    stamp = cache / "book-inputs.sha256"
    if cache.exists() and (not stamp.exists() or stamp.read_text().strip() != current):
        LOGGER.info("book: data, bibliography or book/ changed; clearing the execution cache")
        shutil.rmtree(cache)
    cache.mkdir(parents=True, exist_ok=True)
    stamp.write_text(current + "\n")


def summary_pages(env) -> list[str]:
    pages = []
    for docname in env.found_docs:
        path = Path(env.doc2path(docname))
        if path.suffix in (".md", ".ipynb") and any(m in path.read_text(encoding="utf-8") for m in SUMMARY_MARKERS):
            pages.append(docname)
    return pages


def outdated_pages(app: Sphinx, env, added, changed, removed) -> list[str]:
    outdated = summary_pages(env) if (added or changed or removed) else []
    current = inputs_digest(Path(app.srcdir))
    if getattr(env, "book_inputs_hash", None) != current:
        env.book_inputs_hash = current
        outdated += list(env.found_docs)  # notebooks re-run; every page may show what book/ draws
    return sorted(d for d in set(outdated) if d not in added and d not in changed)


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", clear_stale_cache, priority=900)
    app.connect("env-get-outdated", outdated_pages)
