#!/usr/bin/env python3
"""Copy pinned front-end files from the npm registry into waypost/web/static/vendor/.

Run it only to change a version: the copied files are committed, so a fresh
machine never needs npm or a CDN. Each package is fetched with ``npm pack``
(no install scripts run), its files copied, and VERSIONS.json records what came
from where with a SHA-256 of each file.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "waypost" / "web" / "static" / "vendor"

# package, version, {path inside the package: path under vendor/}
PACKAGES: list[tuple[str, str, dict[str, str]]] = [
    (
        "bootstrap",
        "5.3.9",
        {
            "dist/css/bootstrap.min.css": "bootstrap/bootstrap.min.css",
            "dist/js/bootstrap.bundle.min.js": "bootstrap/bootstrap.bundle.min.js",
        },
    ),
    (
        "bootstrap-icons",
        "1.13.2",
        {
            "font/bootstrap-icons.min.css": "bootstrap-icons/bootstrap-icons.min.css",
            "font/fonts/bootstrap-icons.woff2": "bootstrap-icons/fonts/bootstrap-icons.woff2",
            "font/fonts/bootstrap-icons.woff": "bootstrap-icons/fonts/bootstrap-icons.woff",
        },
    ),
    ("htmx.org", "2.0.11", {"dist/htmx.min.js": "htmx/htmx.min.js"}),
    ("chart.js", "4.6.1", {"dist/chart.umd.min.js": "chartjs/chart.umd.min.js"}),
    ("chartjs-chart-geo", "4.3.6", {"build/index.umd.min.js": "chartjs-chart-geo/index.umd.min.js"}),
    ("world-atlas", "2.0.2", {"countries-110m.json": "world-atlas/countries-110m.json"}),
]


def fetch(package: str, version: str, workdir: Path) -> Path:
    command = ["npm", "pack", f"{package}@{version}", "--silent", "--pack-destination", str(workdir)]
    out = subprocess.run(  # noqa: S603 - fixed arguments from PACKAGES above
        command,
        check=True,
        capture_output=True,
        text=True,
    )
    tarball = workdir / out.stdout.strip().splitlines()[-1]
    target = workdir / package.replace("/", "_")
    with tarfile.open(tarball) as archive:
        archive.extractall(target, filter="data")
    return target / "package"


def main() -> int:
    record: dict[str, dict[str, object]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for package, version, files in PACKAGES:
            source = fetch(package, version, Path(tmp))
            copied = {}
            for inner, outer in files.items():
                destination = VENDOR / outer
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source / inner, destination)
                copied[outer] = hashlib.sha256(destination.read_bytes()).hexdigest()
            licence = next((p for p in source.iterdir() if p.name.upper().startswith("LICENSE")), None)
            if licence:
                shutil.copyfile(licence, VENDOR / files[next(iter(files))].split("/")[0] / "LICENSE")
            record[package] = {"version": version, "files": copied}
            print(f"{package}@{version}: {len(copied)} file(s)")
    (VENDOR / "VERSIONS.json").write_text(
        json.dumps(record, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
