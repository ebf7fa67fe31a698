"""Synthetic evidence bases, N times the real one, for the scale benchmark only.

    python benchmarks/synthetic.py --factor 10 --out /tmp/repo-x10

Copies the repository's book (data, bibliography, chapters, settings) into a
new folder outside this checkout and adds ``factor - 1`` synthetic copies of
every included source and of its findings, source-system links and screening
record. Nothing here is evidence: every synthetic source is titled
"SYNTHETIC", authored by "Synthetic Record", has an address under the
reserved ``.invalid`` domain, and the copy's book title and a
``data/SYNTHETIC.md`` marker say so; `python -m book dist` refuses to package
it. Vocabularies, models, events, systems, sites and review findings stay as
they are: a bigger literature adds sources and findings, not new reforms. Each
copy's period moves by a few years (reproducibly), so that the copies do not
simply repeat the real data's combinations of attributes.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the tests' helper that copies the repository
from book.data.bib import read_bib  # noqa: E402 - as above

from support import copy_repo  # noqa: E402 - found through the path set above

MARKER = "SYNTHETIC.md"  # book.site.dist refuses to package a copy holding it
MARKER_TEXT = (
    "# Synthetic data\n\nThis copy's data were multiplied by benchmarks/synthetic.py to measure how the "
    "build scales. They are not evidence and must never be published or committed.\n"
)
SYNTHETIC_HOST = "https://synthetic.invalid/"


def _read(path: Path) -> tuple[list[str], list[dict]]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def _write(path: Path, fields: list[str], rows: list[dict]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


MAX_SHIFT = 4  # years by which a copy's period moves, so copies spread over the map's year filters
LAST_YEAR = 2026


def shifted_period(source: dict, shift: int) -> dict:
    """The source's period moved by ``shift`` years, kept within what the data allow."""
    if not source["period_start"] or not source["period_end"]:
        return {}
    start, end = int(source["period_start"]), int(source["period_end"])
    shift = min(shift, LAST_YEAR - end)
    return {"period_start": str(start + shift), "period_end": str(end + shift)}


def synthetic_key(key: str, copy: int) -> str:
    return f"syn{copy}_{key}"


def synthetic_ids(taken: set[str], pattern: str = "{}-{:03d}"):
    """Ids of the real form (two letters, three digits) whose letters no real id uses,
    counting through ZA, ZB, ... ZZ, YA, ... ."""
    import string

    real_prefixes = {t.split("-")[0] for t in taken}
    for first in reversed(string.ascii_uppercase):
        for second in string.ascii_uppercase:
            prefix = first + second
            if prefix in real_prefixes:
                continue
            yield from (pattern.format(prefix, n) for n in range(1000))
    raise SystemExit("ran out of synthetic ids")  # pragma: no cover


def _bib_entry(key: str, original: str, year: str) -> str:
    return (
        f"@misc{{{key},\n"
        f"  author       = {{Synthetic Record}},\n"
        f"  title        = {{{{SYNTHETIC copy of {original} for the scale benchmark}}}},\n"
        f"  year         = {{{year}}},\n"
        f"  howpublished = {{Synthetic data (benchmarks/synthetic.py); not a publication}},\n"
        f"  url          = {{{SYNTHETIC_HOST}{key}}}\n"
        "}\n"
    )


def multiply(target: Path, factor: int) -> dict[str, int]:
    """Add factor - 1 synthetic copies of each included source and its rows to the copy at target."""
    data = target / "data"
    bib, problems = read_bib(target)
    if problems:
        raise SystemExit(f"references.bib has problems; run `python -m book check` first: {problems[0]}")
    source_fields, sources = _read(data / "sources.csv")
    included = [s for s in sources if s["status"] == "included"]
    finding_fields, findings = _read(data / "findings.csv")
    link_fields, links = _read(data / "source_systems.csv")
    screen_fields, screening = _read(data / "screening.csv")
    result_fields, results = _read(data / "results.csv")
    results_by_finding: dict[str, list[dict]] = {}
    for row in results:
        results_by_finding.setdefault(row["finding_id"], []).append(row)
    result_numbers = iter(range(len(results) + 1, 10**6))
    findings_by_source: dict[str, list[dict]] = {}
    for row in findings:
        findings_by_source.setdefault(row["source"], []).append(row)
    links_by_source: dict[str, list[dict]] = {}
    for row in links:
        links_by_source.setdefault(row["key"], []).append(row)
    screened = {row["key"]: row for row in screening if row["key"] and row["decision"] == "included"}

    shifts = random.Random(factor)  # reproducible: the same factor gives the same data
    finding_ids = synthetic_ids({row["finding_id"] for row in findings})
    record_ids = synthetic_ids({row["record_id"] for row in screening}, "{}-R{:03d}")
    bib_text = []
    for copy in range(1, factor):
        for source in included:
            key = synthetic_key(source["key"], copy)
            url = SYNTHETIC_HOST + key
            sources.append(
                {
                    **source,
                    "key": key,
                    "url": url,
                    "seen_copy": "original",
                    "appraisal_rationale": "SYNTHETIC: " + source["appraisal_rationale"],
                    **shifted_period(source, shifts.randint(-MAX_SHIFT, MAX_SHIFT)),
                }
            )
            bib_text.append(_bib_entry(key, source["key"], bib[source["key"]].year))
            for row in findings_by_source.get(source["key"], []):
                finding_id = next(finding_ids)
                findings.append({**row, "finding_id": finding_id, "source": key, "url": url})
                results += [
                    {**result, "result_id": f"R-{next(result_numbers):06d}", "finding_id": finding_id}
                    for result in results_by_finding.get(row["finding_id"], [])
                ]
            links += [{**row, "key": key} for row in links_by_source.get(source["key"], [])]
            if source["key"] in screened:
                record = screened[source["key"]]
                screening.append(
                    {
                        **record,
                        "record_id": next(record_ids),
                        "key": key,
                        "url": url,
                        "title": "SYNTHETIC " + record["title"],
                    }
                )

    _write(data / "sources.csv", source_fields, sources)
    _write(data / "findings.csv", finding_fields, findings)
    _write(data / "results.csv", result_fields, results)
    _write(data / "source_systems.csv", link_fields, links)
    _write(data / "screening.csv", screen_fields, screening)
    with (target / "references.bib").open("a", encoding="utf-8") as handle:
        handle.write("\n" + "\n".join(bib_text))
    (data / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    config = target / "_config.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace('title: "', f'title: "SYNTHETIC x{factor} (benchmark only): ', 1), encoding="utf-8")
    return {"sources": len(sources), "findings": len(findings)}


def make_synthetic_repo(target: Path, factor: int) -> dict[str, int]:
    target = target.resolve()
    if target == ROOT or ROOT in target.parents:
        raise SystemExit(f"{target}: synthetic data must be written outside the repository, never committed")
    if factor < 2:
        raise SystemExit("--factor must be at least 2")
    copy_repo(target)
    return multiply(target, factor)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factor", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True, help="a new folder outside this checkout")
    args = parser.parse_args()
    counts = make_synthetic_repo(args.out, args.factor)
    print(f"synthetic x{args.factor} at {args.out}: {counts['sources']} sources, {counts['findings']} findings")


if __name__ == "__main__":
    main()
