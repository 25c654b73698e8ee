"""Regenerate the README's picture of a printed agenda from the real page (``make docs-images``).

Renders ``planner agenda 2021-10-19 --trip korea-2021`` over the seeded trips to
HTML, then has headless Chromium screenshot it at 900 x 1130 pixels (one A4
sheet on the page's grey screen background) to ``docs/agenda-example.png``.
Needs Chromium and a Korean font (Debian: ``chromium fonts-noto-cjk``).

    .venv/bin/python tools/docs_images.py [--out PATH]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMMAND = ["agenda", "2021-10-19", "--trip", "korea-2021", "--format", "html"]
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
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "agenda-example.png")
    args = parser.parse_args(argv)
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("docs_images: chromium is not installed (Debian: apt-get install chromium fonts-noto-cjk)")
        return 1
    with tempfile.TemporaryDirectory(prefix="docs-images-") as tmp:
        page = Path(tmp) / "oct19.html"
        subprocess.run(
            [sys.executable, "-m", "planner", "--dir", str(ROOT / "seeds"), *COMMAND, "--out", str(page)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        out = args.out.resolve()
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
    if not out.exists():
        print(f"docs_images: chromium wrote no {out}")
        return 1
    print(f"wrote {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
