"""Regenerate the README's pictures of printed agendas from the real pages (``make docs-images``).

Renders over the seeded trips, to HTML, ``planner agenda 2021-10-19 --trip korea-2021``
(the organisers' page) and the same day for a Korean host (``--lang ko --for public``:
Korean words, nothing above the public level), then has headless Chromium
screenshot each at 900 x 1130 pixels (one A4 sheet on the page's grey screen
background) to ``docs/agenda-example.png`` and ``docs/agenda-host-ko.png``.
Needs Chromium and a Korean font (Debian: ``chromium fonts-noto-cjk``).

    .venv/bin/python tools/docs_images.py [--out FOLDER]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMMAND = ["agenda", "2021-10-19", "--trip", "korea-2021", "--format", "html"]
PAGES = {
    "agenda-example.png": COMMAND,
    "agenda-host-ko.png": [*COMMAND, "--lang", "ko", "--for", "public"],
}
"""Picture file -> the agenda command it shows."""
WINDOW = "900,1130"
# Quiet and root-safe: no sandbox, no GPU, none of Chromium's own network traffic.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs", help="folder for the pictures (default: docs/)")
    args = parser.parse_args(argv)
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("docs_images: chromium is not installed (Debian: apt-get install chromium fonts-noto-cjk)")
        return 1
    for name, command in PAGES.items():
        out = (args.out / name).resolve()
        if not _shoot(chromium, command, out):
            print(f"docs_images: chromium wrote no {out}")
            return 1
        print(f"wrote {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    return 0


def _shoot(chromium: str, command: list[str], out: Path) -> bool:
    """The page ``command`` prints, as Chromium draws it, in ``out``."""
    with tempfile.TemporaryDirectory(prefix="docs-images-") as tmp:
        page = Path(tmp) / "page.html"
        subprocess.run(
            [sys.executable, "-m", "planner", "--dir", str(ROOT / "seeds"), *command, "--out", str(page)],
            check=True,
            stdout=subprocess.DEVNULL,
            env={**os.environ, "PLANNER_CONFIG": str(Path(tmp) / "no-config.toml")},  # built-in defaults only
        )
        out.unlink(missing_ok=True)
        subprocess.run(
            [
                chromium,
                *FLAGS,
                f"--user-data-dir={Path(tmp) / 'profile'}",
                f"--window-size={WINDOW}",
                f"--screenshot={out}",
                page.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
    return out.exists()


if __name__ == "__main__":
    sys.exit(main())
