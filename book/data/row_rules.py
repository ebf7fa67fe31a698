"""Rules that join several fields of one row, which a column's schema cannot state:
an excluded source gives its reason, a matched finding keeps its excerpt, a finding is
in our own words rather than its source's, and the like."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from .errors import Problem
from .tables import Table


def blank(value) -> bool:
    """True for an empty optional cell (None or NaN once in a DataFrame)."""
    return value is None or (not isinstance(value, str) and pd.isna(value)) or value == ""


@dataclass(frozen=True)
class RowRule:
    """A rule joining several fields of one row: when ``broken(row)``, the row's ``field``
    is reported with the value ``found(row)`` and what was ``expected(row)``."""

    table: str
    field: str
    broken: Callable
    found: Callable
    expected: Callable
    kind: str


COPIED_RUN = 8  # this many words of the source in a row, outside quotation marks, is copying
_QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”|‘[^’]*’|(?<!\w)'[^']*'(?!\w)")


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def copied_run(finding: str, excerpt: str, length: int = COPIED_RUN) -> str | None:
    """The first run of ``length`` words the finding shares with its source's excerpt,
    outside quotation marks (a quotation is marked as one), or None: findings are in our words."""
    if blank(excerpt) or blank(finding):
        return None
    source = _words(excerpt)
    runs = {tuple(source[i : i + length]) for i in range(len(source) - length + 1)}
    ours = _words(_QUOTED.sub(" | ", finding))
    return next(
        (" ".join(ours[i : i + length]) for i in range(len(ours) - length + 1) if tuple(ours[i : i + length]) in runs),
        None,
    )


MAX_PERCENT = 1000  # a sane range: a share, or a rise of up to tenfold


def _outside_bounds(row) -> bool:
    bounds = [b for b in (row.lower, row.upper) if not pd.isna(b)]
    if pd.isna(row.value) or not bounds:
        return False
    low = row.lower if not pd.isna(row.lower) else row.value
    high = row.upper if not pd.isna(row.upper) else row.value
    return not low <= row.value <= high


def _reversed_period(row) -> bool:
    return not pd.isna(row.period_start) and not pd.isna(row.period_end) and row.period_start > row.period_end


ROW_RULES = [
    RowRule(
        "sources",
        "exclusion_reason",
        lambda r: r.status == "excluded" and blank(r.exclusion_reason),
        lambda r: None,
        lambda r: "a reason, because status is 'excluded'",
        "missing_value",
    ),
    RowRule(
        "sources",
        "exclusion_reason",
        lambda r: r.status == "included" and not blank(r.exclusion_reason),
        lambda r: r.exclusion_reason,
        lambda r: "no reason, because status is 'included'",
        "inconsistent",
    ),
    RowRule(
        "sources",
        "period_end",
        _reversed_period,
        lambda r: str(r.period_end),
        lambda r: f"a year not before period_start ({r.period_start})",
        "out_of_range",
    ),
    RowRule(
        "findings",
        "finding",
        lambda r: copied_run(r.finding, r.excerpt) is not None,
        lambda r: copied_run(r.finding, r.excerpt),
        lambda r: (
            f"the finding in our own words (it repeats {COPIED_RUN} or more words of its excerpt in a row; "
            "rephrase it, or mark a quotation with quotation marks)"
        ),
        "copied_words",
    ),
    RowRule(
        "models",
        "start_event",
        lambda r: r.era != "cross_era" and blank(r.start_event),
        lambda r: None,
        lambda r: "the event that starts the model (every model has a start)",
        "missing_value",
    ),
    RowRule(
        "models",
        "end_status",
        lambda r: r.era != "cross_era" and blank(r.end_status),
        lambda r: None,
        lambda r: "'ended' or 'to_date' (every model has an end or continues to date)",
        "missing_value",
    ),
    RowRule(
        "models",
        "end_event",
        lambda r: (r.end_status == "ended") == blank(r.end_event),
        lambda r: r.end_event if not blank(r.end_event) else None,
        lambda r: f"an end event exactly when end_status is 'ended' (it is '{r.end_status}')",
        "inconsistent",
    ),
    RowRule(
        "glossary",
        "source",
        lambda r: blank(r.source) and blank(r.url),
        lambda r: None,
        lambda r: "a bibtex key, or a url where the term is defined",
        "missing_value",
    ),
    RowRule(
        "findings",
        "excerpt",
        lambda r: r.verification == "excerpt_matched" and blank(r.excerpt),
        lambda r: None,
        lambda r: "the passage read, because verification is 'excerpt_matched'",
        "missing_value",
    ),
    RowRule(
        "findings",
        "read_at",
        lambda r: r.verification == "excerpt_matched" and blank(r.read_at),
        lambda r: None,
        lambda r: "the address of the copy read, because verification is 'excerpt_matched'",
        "missing_value",
    ),
    RowRule(
        "findings",
        "excerpt",
        lambda r: r.verification != "excerpt_matched" and not blank(r.excerpt),
        lambda r: r.excerpt,
        lambda r: f"no excerpt, because verification is '{r.verification}'",
        "inconsistent",
    ),
    RowRule(
        "findings",
        "verification_note",
        lambda r: not blank(r.verification) and r.verification != "excerpt_matched" and blank(r.verification_note),
        lambda r: None,
        lambda r: f"what the checker saw, because verification is '{r.verification}'",
        "missing_value",
    ),
    RowRule(
        "results",
        "finding_id",
        lambda r: blank(r.finding_id) == blank(r.event_id),
        lambda r: r.finding_id if not blank(r.finding_id) else None,
        lambda r: "a finding_id or an event_id, not both (the finding or event that states the result)",
        "inconsistent",
    ),
    RowRule(
        "results",
        "precision",
        lambda r: blank(r.precision) != (blank(r.period_start) and blank(r.period_end)),
        lambda r: r.precision if not blank(r.precision) else None,
        lambda r: "a precision with a period, and none without one",
        "inconsistent",
    ),
    RowRule(
        "results",
        "period_start",
        lambda r: (
            r.precision == "financial_year"
            and any(not blank(d) and len(str(d)) != 4 for d in (r.period_start, r.period_end))
        ),
        lambda r: f"{r.period_start} to {r.period_end}",
        lambda r: (
            "the years a financial year starts and ends (2017 to 2018 for 2017/18), because precision is "
            "'financial_year'"
        ),
        "bad_date",
    ),
    RowRule(
        "results",
        "period_end",
        lambda r: not blank(r.period_start) and not blank(r.period_end) and r.period_end < r.period_start,
        lambda r: r.period_end,
        lambda r: f"a date not before period_start ({r.period_start})",
        "out_of_range",
    ),
    RowRule(
        "results",
        "value",
        _outside_bounds,
        lambda r: str(r.value),
        lambda r: f"a value within its bounds ({r.lower} to {r.upper})",
        "out_of_range",
    ),
    RowRule(
        "results",
        "value",
        lambda r: r.unit == "count" and not pd.isna(r.value) and (r.value < 0 or r.value != int(r.value)),
        lambda r: str(r.value),
        lambda r: "a whole number of at least 0, because the unit is count",
        "out_of_range",
    ),
    RowRule(
        "results",
        "value",
        lambda r: r.unit == "percent" and not pd.isna(r.value) and abs(r.value) > MAX_PERCENT,
        lambda r: str(r.value),
        lambda r: f"a percentage between -{MAX_PERCENT} and {MAX_PERCENT}",
        "out_of_range",
    ),
    RowRule(
        "screening",
        "reason",
        lambda r: r.decision != "included" and blank(r.reason),
        lambda r: None,
        lambda r: f"a reason, because decision is '{r.decision}'",
        "missing_value",
    ),
    RowRule(
        "screening",
        "key",
        lambda r: r.decision in ("included", "excluded_full_text") and blank(r.key),
        lambda r: None,
        lambda r: f"the bibtex key of the source read in full (decision '{r.decision}')",
        "missing_value",
    ),
    RowRule(
        "screening",
        "search_id",
        lambda r: r.route == "search" and blank(r.search_id),
        lambda r: None,
        lambda r: "the search that found it, because route is 'search'",
        "missing_value",
    ),
]


def _model_period_problems(tables: dict[str, Table]) -> list[Problem]:
    """A model's end event may not come before its start event."""
    models, events = tables.get("models"), tables.get("events")
    if models is None or events is None:
        return []
    dates = dict(zip(events.frame["event_id"], events.frame["date"], strict=True))
    problems = []
    for i, row in enumerate(models.frame.itertuples(index=False)):
        start, end = dates.get(row.start_event), dates.get(row.end_event)
        if start and end and end[:4] < start[:4]:
            expected = f"an event dated no earlier than start_event {row.start_event} ({start}), not {end}"
            problems.append(
                Problem(models.file, f"line {models.line_of(i)}", "end_event", row.end_event, expected, "out_of_range")
            )
    return problems


def row_rules(tables: dict[str, Table]) -> list[Problem]:
    """Rules that join several fields of one row: each table is read once, for all its rules."""
    problems = _model_period_problems(tables)
    by_table: dict[str, list[RowRule]] = {}
    for rule in ROW_RULES:
        by_table.setdefault(rule.table, []).append(rule)
    for name, rules in by_table.items():
        table = tables.get(name)
        for i, row in enumerate(table.frame.itertuples(index=False) if table is not None else []):
            for rule in rules:
                if rule.broken(row):
                    where = f"line {table.line_of(i)}"
                    problems.append(
                        Problem(table.file, where, rule.field, rule.found(row), rule.expected(row), rule.kind)
                    )
    return problems
