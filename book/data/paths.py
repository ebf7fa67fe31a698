"""Where the project's inputs live. Every function takes a ``root`` so that
tests can point the loaders at a temporary copy of the repository."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def find_root(start: Path | None = None) -> Path:
    """The repository whose data a notebook should read: the nearest folder
    above the working directory holding _config.yml and data/datapackage.json
    (notebooks run inside chapters/), else this package's own checkout."""
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "_config.yml").exists() and (folder / "data" / "datapackage.json").exists():
            return folder
    return ROOT


def data_dir(root: Path = ROOT) -> Path:
    return Path(root) / "data"


def bib_path(root: Path = ROOT) -> Path:
    return Path(root) / "references.bib"


def package_path(root: Path = ROOT) -> Path:
    return data_dir(root) / "datapackage.json"


def chapters_dir(root: Path = ROOT) -> Path:
    return Path(root) / "chapters"


def relative(path: Path, root: Path = ROOT) -> str:
    """A path as the reader of an error message knows it (relative to the repo)."""
    try:
        return str(Path(path).resolve().relative_to(Path(root).resolve()))
    except ValueError:
        return str(path)


def site_base(root: Path = ROOT) -> str:
    """The published site's address (html.baseurl in _config.yml, its one place), ending in a slash."""
    base = yaml.safe_load((Path(root) / "_config.yml").read_text(encoding="utf-8"))["html"]["baseurl"]
    return base if base.endswith("/") else base + "/"
