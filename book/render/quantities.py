"""Quantities as a reader reads them: a result's value in its unit (thousands separated,
money as £m or £bn, per cent), its bounds, and dates at the precision their source gives."""

from __future__ import annotations

import pandas as pd

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
CURRENCY = {"gbp": "£", "usd": "US$", "nzd": "NZ$", "eur": "€", "aud": "A$"}
SCALE = {"": "", "million": "m", "billion": "bn"}
SUFFIX = {
    "percent": "%",
    "percentage_points": " percentage points",
    "days": " days",
    "weeks": " weeks",
    "months": " months",
    "years": " years",
    "hours": " hours",
    "per_1000": " per 1,000",
    "per_100000": " per 100,000",
}


def number(value: float) -> str:
    """1234567 as 1,234,567; 0.8 as 0.8; 36.0 as 36 (no digits invented or dropped)."""
    if float(value).is_integer():
        return f"{int(value):,}"
    text = f"{value:,.6f}".rstrip("0")
    return text


def quantity(value: float, unit: str) -> str:
    """A value in its unit: £213m, 36%, 4,743 per 100,000, 14 days, 1,200."""
    currency, _, scale = unit.partition("_")
    if currency in CURRENCY:
        return f"{CURRENCY[currency]}{number(value)}{SCALE[scale]}"
    singular = SUFFIX.get(unit, "")
    if value == 1 and singular.endswith("s") and unit in ("days", "weeks", "months", "years", "hours"):
        singular = singular[:-1]
    return f"{number(value)}{singular}"


def with_bounds(value: float, lower, upper, unit: str) -> str:
    """A range reads "£3bn to £5bn"; bounds around a value read "1.2 (0.9 to 1.5)"."""
    has_lower, has_upper = not pd.isna(lower), not pd.isna(upper)
    if has_lower and has_upper and value == lower:
        return f"{quantity(lower, unit)} to {quantity(upper, unit)}"
    if has_lower and has_upper:
        return f"{quantity(value, unit)} ({quantity(lower, unit)} to {quantity(upper, unit)})"
    return quantity(value, unit)


def partial_date(value: str) -> str:
    """2013-04-01 as 1 April 2013; 2013-04 as April 2013; 2013 as 2013."""
    parts = value.split("-")
    if len(parts) == 3:
        return f"{int(parts[2])} {MONTHS[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return parts[0]


def period(start, end, precision) -> str:
    """A period at its precision: 1 April 2013; 2017/18; 2013/14 to 2015/16; 2006 to 2015."""
    if pd.isna(precision) or not precision:
        return ""
    if precision == "financial_year":
        first, last = int(start), int(end)
        years = [f"{y}/{str(y + 1)[-2:]}" for y in (first, last - 1)]
        return years[0] if last - first <= 1 else f"{years[0]} to {years[1]}"
    shown = [partial_date(d) for d in (start, end) if isinstance(d, str) and d]
    return " to ".join(dict.fromkeys(shown))  # a period that starts and ends together is one date
