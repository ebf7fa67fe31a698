"""An offline bundle: the built site (with the PDF and the data downloads
inside it) as one zip that works when unzipped and opened from disk."""

from __future__ import annotations

import zipfile
from pathlib import Path

from ..data.project import data_fingerprint, report_version

README = """Commissioning in the NHS: what has been tried and what works (version {version})
Built from the data release with fingerprint {data} (see CHANGELOG.md and the provenance page).

Open index.html in a web browser. The site works from disk with no server and
no network: charts, search and navigation included. The whole report is also
here as {pdf}, and the data behind it is in data/.
"""


SYNTHETIC_MARKER = Path("data") / "SYNTHETIC.md"  # written by benchmarks/synthetic.py


def build_dist(root: Path) -> Path:
    if (root / SYNTHETIC_MARKER).exists():
        raise SystemExit(f"{root / SYNTHETIC_MARKER}: this copy holds synthetic benchmark data, never to be published")
    html = root / "_build" / "html"
    if not (html / "index.html").exists():
        raise SystemExit("build the site first: make book")
    version = report_version(root)
    name = f"commissioning-in-the-nhs-{version}"
    out = root / "_build" / "dist" / f"{name}.zip"
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for path in sorted(html.rglob("*")):
            if path.is_file() and ".doctrees" not in path.parts:
                bundle.write(path, f"{name}/{path.relative_to(html)}")
        bundle.writestr(
            f"{name}/README.txt",
            README.format(version=version, pdf="commissioning-in-the-nhs.pdf", data=data_fingerprint(root)),
        )
    return out
