"""Where the files that ship with samenspel are: the notebooks and the demo community.

In the repository they live at the top level (``notebooks/``, ``surveys/demo/``); the wheel
carries them inside the package as ``pipeline/_data/...`` (``force-include`` in
pyproject.toml). :func:`resource` finds them in either place, so an installed ``samenspel``
and a checkout (an editable install) behave the same.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

PACKAGE = "pipeline"
# the folder inside the installed package that holds the top-level folders of the repository
DATA_DIR = "_data"


def checkout_root() -> Path | None:
    """Return the repository folder when samenspel runs from a checkout, else None."""
    root = Path(str(resources.files(PACKAGE))).resolve().parent
    if (root / "pyproject.toml").is_file() and (root / "notebooks").is_dir():
        return root
    return None


def resource(*parts: str) -> Path:
    """Return the path of a shipped file or folder, e.g. ``resource("notebooks", "analysis.ipynb")``.

    The installed package's copy comes first; a checkout's top-level folder is the fallback.
    """
    packaged = Path(str(resources.files(PACKAGE).joinpath(DATA_DIR, *parts)))
    if packaged.exists():
        return packaged
    root = checkout_root()
    if root is not None and root.joinpath(*parts).exists():
        return root.joinpath(*parts)
    # a broken installation, not something a user can fix with other input
    raise FileNotFoundError(f"samenspel's own file {'/'.join(parts)} is missing from {packaged.parent}")


def default_reports_dir() -> Path:
    """Return where reports go without ``--out``: the checkout's ``reports/``, else ``./reports``."""
    root = checkout_root()
    return (root if root is not None else Path.cwd()) / "reports"
