"""The scale benchmark's synthetic data: clearly marked, kept out of the repository
and out of any published bundle, and valid so that the book builds from it."""

from __future__ import annotations

import subprocess
import sys

import pytest

import book
from book.data import check

from support import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import synthetic

pytestmark = pytest.mark.slow  # builds the book or works at scale


def test_synthetic_copy_is_marked_valid_and_multiplied(tmp_path):
    real = book.load()
    counts = synthetic.make_synthetic_repo(tmp_path / "x3", 3)
    ev = check(tmp_path / "x3")  # the synthetic data pass every rule of the real data
    included = len(real.included_sources)
    assert counts["findings"] == len(ev.findings) == 3 * len(real.findings)
    assert len(ev.included_sources) == 3 * included
    made = ev.sources[~ev.sources["key"].isin(real.sources["key"])]
    assert len(made) == 2 * included
    assert made["url"].str.startswith(synthetic.SYNTHETIC_HOST).all()
    assert all(
        ev.bib[k].title.startswith("SYNTHETIC") and ev.bib[k].fields["author"] == "Synthetic Record"
        for k in made["key"]
    )
    new_ids = ev.findings.loc[~ev.findings["finding_id"].isin(real.findings["finding_id"]), "finding_id"]
    assert len(new_ids) == 2 * len(real.findings)  # every copy has an id of its own...
    assert not set(new_ids.str[:2]) & set(real.findings["finding_id"].str[:2])  # ...under letters no real id uses
    assert (tmp_path / "x3" / "data" / synthetic.MARKER).exists()
    assert "SYNTHETIC x3" in (tmp_path / "x3" / "_config.yml").read_text()


def test_synthetic_data_never_lands_in_the_repository():
    with pytest.raises(SystemExit, match="outside the repository"):
        synthetic.make_synthetic_repo(ROOT / "benchmarks" / "synthetic", 2)


def test_a_synthetic_copy_is_never_bundled_for_publishing(tmp_path):
    root = tmp_path / "x2"
    synthetic.make_synthetic_repo(root, 2)
    result = subprocess.run([sys.executable, "-m", "book", "dist", "--root", str(root)], capture_output=True, text=True)
    assert result.returncode != 0 and "synthetic benchmark data, never to be published" in result.stderr
