"""Links a page writes: to a review finding, to a chapter's anchors, and into the
findings register page (which filters by its address)."""

from __future__ import annotations

from urllib.parse import urlencode

REGISTER_PAGE = "findings.html"
# Filters the register page understands, in the order its menus show them.
FILTERS = ["model", "system", "site", "function", "outcome_domain", "direction", "review_finding", "source"]


def register_link(page_prefix: str = "", **filters: str) -> str:
    """The address of the register page showing the findings that match ``filters``."""
    unknown = set(filters) - set(FILTERS) - {"id"}
    if unknown:
        raise ValueError(f"the findings register has no filter {sorted(unknown)}")
    query = urlencode({k: v for k, v in filters.items() if v})
    return f"{page_prefix}{REGISTER_PAGE}" + (f"?{query}" if query else "")


def register_anchor(label: str, **filters: str) -> str:
    """An HTML link, in MyST output, to the register filtered by ``filters``; ``label`` is
    MyST text (escaped by the caller)."""
    return f'<a href="{register_link(**filters)}">{label}</a>'


def rf_label(review_id: str) -> str:
    return "rf-" + review_id.split("-")[1]


def rf_ref(review_id: str) -> str:
    return f"{{ref}}`{review_id} <{rf_label(review_id)}>`"


def finding_label(prefix: str, finding_id: str) -> str:
    """Sphinx labels are global, so each chapter's anchors carry its own prefix."""
    return f"{prefix}-finding-{finding_id.lower()}"


def group_label(prefix: str, group: str) -> str:
    return f"{prefix}-findings-{group.replace('_', '-')}"
