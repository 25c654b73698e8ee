"""Where the planner keeps things, resolved at call time so tests can override them.

The workspace is the folder of trip files: ``--dir`` wins, then the
``PLANNER_DIR`` environment variable, then a per-user data folder (from
``platformdirs``, e.g. ``~/.local/share/planner/trips``) that the first run fills
with a copy of the seeded trips, so editing never touches the installed package.

``importlib.resources``, ``platformdirs`` and ``shutil`` are imported only by
the functions that need them: with ``--dir`` or ``PLANNER_DIR`` (scripts, the
benchmark) a command never loads them, and together they cost a noticeable
part of a short command's start-up.
"""

from __future__ import annotations

import os
from pathlib import Path

ENV_DIR = "PLANNER_DIR"
ENV_CONFIG = "PLANNER_CONFIG"


def config_path() -> Path:
    """The configuration file to read: ``$PLANNER_CONFIG``, else ``config.toml`` in the per-user config folder.

    Here, not in :mod:`planner.storage.config`, so that finding the file (to
    keep an answer on it: :mod:`planner.cli.keeping`) does not load the
    settings' checker and the model behind it.
    """
    env = os.environ.get(ENV_CONFIG)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_config_dir("planner", appauthor=False)) / "config.toml"


def seeds_dir() -> Path:
    """The seeded trip files shipped with the package (or the checkout's ``seeds/``)."""
    from importlib import resources

    packaged = resources.files("planner") / "_seeds"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "seeds"


def default_workspace() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("planner", appauthor=False)) / "trips"


def workspace(explicit: str | os.PathLike | None = None) -> Path:
    """The workspace folder to use; the default one is seeded on first use."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get(ENV_DIR)
    if env:
        return Path(env).expanduser()
    folder = default_workspace()
    if not folder.exists() and not _leads_nowhere(folder):
        seed_workspace(folder)
    return folder


def _leads_nowhere(folder: Path) -> bool:
    """Whether ``folder`` or a folder above it is a symbolic link to something missing.

    Such a link is left alone, not seeded, and loading the workspace then says
    which link leads nowhere. Its target is most often on a disk or share not
    mounted yet, or a synced folder not synced yet: creating it would put the
    sample trips on the wrong disk (under the mount point) or into the
    user's shared folder, and the real trips would hide them, or be hidden.
    """
    return any(part.is_symlink() and not part.exists() for part in (folder, *folder.parents))


def seed_workspace(folder: Path) -> list[Path]:
    """Create ``folder`` holding a copy of every seeded trip; returns the files copied."""
    import shutil

    tmp = folder.with_name(folder.name + ".seeding")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    copied = []
    for src in sorted(seeds_dir().glob("*.toml")):
        shutil.copy2(src, tmp / src.name)
        copied.append(folder / src.name)
    # Rename last, so an interrupted first run never leaves a half-filled workspace.
    tmp.rename(folder)
    return copied
