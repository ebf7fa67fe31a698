"""DOIs checked at their registry, for `make linkcheck` (network only).

Publishers behind many DOIs refuse automated requests, so `make linkcheck`
skips following those DOIs to the publisher (see linkcheck_ignore in
_config.yml). That would leave a mistyped DOI unseen: here every DOI in
references.bib is looked up in the DOI system's handle API, which answers
without redirecting to the publisher."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

from ..data.bib import read_bib

HANDLE_API = "https://doi.org/api/handles/"
FOUND = 1  # the handle API's responseCode for a registered DOI
PAUSE_S = 0.2  # between requests, to be polite to the registry


def handle_url(doi: str) -> str:
    return HANDLE_API + urllib.parse.quote(doi, safe="/")


def _fetch(url: str) -> dict:
    request = urllib.request.Request(url, headers={"User-Agent": "nhs-commissioning-evidence linkcheck"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as exc:  # the API answers 404 with a JSON body for unknown DOIs
        return json.loads(exc.read().decode("utf-8") or "{}")


def unresolved_dois(root: Path, fetch: Callable[[str], dict] = _fetch, pause_s: float = PAUSE_S) -> list[str]:
    """`key: doi (why)` for every DOI in references.bib the registry does not know."""
    entries, _ = read_bib(root)
    problems = []
    for key, entry in sorted(entries.items()):
        doi = entry.fields.get("doi")
        if not doi:
            continue
        try:
            answer = fetch(handle_url(doi))
        except (OSError, ValueError) as exc:
            problems.append(f"{key}: {doi} (no answer: {exc})")
            continue
        if answer.get("responseCode") != FOUND:
            problems.append(f"{key}: {doi} (registry response code {answer.get('responseCode')})")
        time.sleep(pause_s)
    return problems
