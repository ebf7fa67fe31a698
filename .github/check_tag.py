"""Fail unless a release tag (v1.2.3) names the version kept in pyproject.toml."""

import sys
import tomllib
from pathlib import Path

version = tomllib.loads((Path(__file__).resolve().parent.parent / "pyproject.toml").read_text())["project"]["version"]
tag = sys.argv[1]
if tag != f"v{version}":
    sys.exit(f"the tag {tag} does not name the version in pyproject.toml (v{version})")
print(f"tag {tag} matches version {version}")
