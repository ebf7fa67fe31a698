"""The Sphinx extension named in _config.yml: it sets up each of the site's jobs,
one module each."""

from __future__ import annotations

from sphinx.application import Sphinx

from . import (
    bibliography,
    evidence_pages,
    freshness,
    glossary,
    metadata,
    offline_charts,
    previews,
    publish,
    register_assets,
    roles,
    theme,
)


def setup(app: Sphinx) -> dict:
    for job in (
        publish,
        offline_charts,
        register_assets,
        freshness,
        bibliography,
        metadata,
        roles,
        glossary,
        evidence_pages,
        previews,
        theme,
    ):
        job.setup(app)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
