"""Shared fixtures: the demo community's reports, built once per test session the way a
facilitator builds them (``samenspel run`` as a subprocess)."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
DEMO = PROJECT / "surveys" / "demo"

# the command line speaks Dutch by default; the tests that predate that read its English
# texts, so every command (in-process or a subprocess, which inherits this) speaks English
# unless a test asks for Dutch
os.environ["SAMENSPEL_LANG"] = "en"


def _our_encoding_warnings_fail() -> dict[str, str]:
    """The environment in which a text file opened in the locale's encoding (on Windows: cp1252,
    so "coördinator" reads as "coÃ¶rdinator") by samenspel's own code is an error (Python's
    EncodingWarning, raised), and by other packages is not shown."""
    import pkgutil

    import pipeline

    modules = ["pipeline", *(m.name for m in pkgutil.walk_packages(pipeline.__path__, "pipeline."))]
    # the last filter wins: every other package's warning ignored, ours raised
    filters = ["ignore::EncodingWarning", *(f"error::EncodingWarning:{name}" for name in modules)]
    return {"PYTHONWARNDEFAULTENCODING": "1", "PYTHONWARNINGS": ",".join(filters)}


STRICT_ENCODING = _our_encoding_warnings_fail()


def samenspel(*args: str | Path, env: dict | None = None, cwd: Path | None = None, timeout: float = 600) -> subprocess.CompletedProcess:
    """Run the ``samenspel`` command as a subprocess and return what it did."""
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *map(str, args)],
        capture_output=True, text=True, cwd=cwd or PROJECT, timeout=timeout,
        env={**os.environ, **STRICT_ENCODING, **(env or {})},
    )


@pytest.fixture(scope="session")
def secret_home(tmp_path_factory) -> Path:
    """A per-session home for the community secret, outside the project."""
    home = tmp_path_factory.mktemp("samenspel-home")
    os.environ["SAMENSPEL_HOME"] = str(home)
    return home


def tree_digest(folder: Path) -> dict[str, str]:
    """Return every file under ``folder`` with its sha256."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture(scope="session")
def demo_before() -> dict[str, str]:
    """The demo community's files as they were before any test ran a round."""
    return tree_digest(DEMO)


@pytest.fixture(scope="session")
def demo_reports(tmp_path_factory, secret_home, demo_before) -> Path:
    """Return the folder holding the demo's reports for its three rounds (ronde-1, ronde-2, ronde-3)."""
    out = tmp_path_factory.mktemp("reports")
    for round_name in ("ronde-1", "ronde-2", "ronde-3"):
        done = samenspel("run", DEMO / round_name, "--out", out / round_name, "--jobs", "2")
        assert done.returncode == 0, done.stderr[-3000:]
    return out


@pytest.fixture(scope="session")
def demo_reports_en(tmp_path_factory, secret_home) -> Path:
    """Return the English reports of the demo's latest round."""
    out = tmp_path_factory.mktemp("reports-en") / "ronde-2"
    done = samenspel("run", DEMO / "ronde-2", "--out", out, "--lang", "en", "--jobs", "2")
    assert done.returncode == 0, done.stderr[-3000:]
    return out


@pytest.fixture(scope="session")
def demo_reports_spawn(tmp_path_factory, secret_home, demo_reports) -> Path:
    """Return the demo's latest round built with spawned page builders (as on Windows and macOS)."""
    out = tmp_path_factory.mktemp("reports-spawn") / "ronde-2"
    # the earlier round's reports beside it, as in demo_reports, so the index links them alike
    shutil.copytree(demo_reports / "ronde-1", out.parent / "ronde-1")
    shutil.copytree(demo_reports / "ronde-1-research", out.parent / "ronde-1-research")
    done = samenspel("run", DEMO / "ronde-2", "--out", out, "--jobs", "2", env={"SAMENSPEL_START_METHOD": "spawn"})
    assert done.returncode == 0, done.stderr[-3000:]
    return out


@pytest.fixture(scope="session")
def region_reports(tmp_path_factory, secret_home) -> Path:
    """Return round 2 of the demo with regions (tests/regions.py), built by ``samenspel run``.

    Four regions: Midden and Zuid have pages; Oostpoort has 4 answers (below 5) and is held
    back, Noord (the smallest of the rest) with it, so Oostpoort cannot be worked out.
    """
    from regions import demo_with_regions

    folder = tmp_path_factory.mktemp("regions")
    round_dir = demo_with_regions(folder)
    out = folder / "reports" / "ronde-2"
    done = samenspel("run", round_dir, "--out", out, "--jobs", "2")
    assert done.returncode == 0, done.stderr[-3000:]
    return out
