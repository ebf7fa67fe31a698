"""Every code the book shows a reader, with its label and its order. Orders the data
package defines (an enum in data/datapackage.json) are read from it; labels are ours."""

from __future__ import annotations

from functools import cache

from ..data.schema import Package


@cache
def codes(resource: str, field: str) -> tuple[str, ...]:
    """The allowed values of a field, in the order the data package lists them."""
    return tuple(Package().resources[resource].field(field).enum)


def directions() -> tuple[str, ...]:
    """Directions of effect, in the order the book lists them (positive first, unclear last)."""
    return codes("findings", "direction")


def confidence_levels() -> tuple[str, ...]:
    """GRADE-CERQual confidence levels, most confident first."""
    return codes("review_findings", "confidence")


def event_kinds() -> tuple[str, ...]:
    return codes("events", "kind")


def confidence_label(level: str) -> str:
    return level.replace("_", " ")


def confidence_rank(level) -> int:
    """4 for high down to 1 for very low; 0 for a finding behind no review finding."""
    levels = confidence_levels()
    return len(levels) - levels.index(level) if level in levels else 0


NOT_RATED = "not rated"


def rank_labels() -> dict[int, str]:
    """The label of each confidence rank (see confidence_rank), 0 to the highest."""
    levels = confidence_levels()
    return {0: NOT_RATED} | {len(levels) - i: confidence_label(level) for i, level in enumerate(levels)}


# Names readers see for the organisation types counted in organisations.csv.
ORG_LABELS = {
    "health_authority": "Health authorities",
    "gp_fundholding_practice": "GP fundholding practices",
    "total_purchasing_pilot": "Total purchasing pilots",
    "pcg": "Primary care groups",
    "pct": "Primary care trusts",
    "sha": "Strategic health authorities",
    "ccg": "Clinical commissioning groups",
    "csu": "Commissioning support units",
    "hwb": "Health and wellbeing boards",
    "stp": "Sustainability and transformation partnerships",
    "ics": "Integrated care systems",
    "icb": "Integrated care boards",
}

OUTCOME_LABELS = {
    "cost_efficiency": "Cost and efficiency",
    "activity": "Activity",
    "quality_safety": "Quality and safety",
    "access": "Access",
    "equity": "Equity",
    "integration": "Integration",
    "patient_experience": "Patient experience",
    "workforce_capacity": "Workforce and capacity",
    "accountability": "Accountability",
    "transaction_costs": "Transaction costs",
    "relationships_culture": "Relationships and culture",
    "unintended_consequences": "Unintended consequences",
}

ERA_LABELS = {
    "english_1991_2013": "England, 1991–2013",
    "english_since_2013": "England since 2013",
    "cross_era": "Across eras",
    "international": "Other systems",
}

ROUTE_LABELS = {"seed": "seed documents", "citation": "citation chasing", "organisation_site": "organisations' sites"}

# The order systems are compared in: the UK's other nations, then the rest, England last.
SYSTEM_ORDER = [
    "scotland",
    "wales",
    "northern_ireland",
    "new_zealand",
    "australia",
    "usa",
    "germany",
    "spain",
    "netherlands",
    "denmark",
    "sweden",
    "canada",
    "england",
]

# The English sites of the case-study chapter, in the order it presents them.
ENGLISH_SITES = ["south_tyneside", "tameside_glossop", "bradford_craven", "prucomm_site_a", "prucomm_site_b"]


# Kinds of publication whose findings count as strong evidence: peer-reviewed studies, formal
# evaluations, audits and inspections, official statistics and systematic reviews.
STRONG_DOC_TYPES = ("peer_reviewed", "systematic_review", "evaluation_report", "regulator_report", "statistics")
