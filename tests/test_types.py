"""The package's type hints hold: mypy, configured in pyproject.toml's [tool.mypy], finds no error.

A researcher who installs samenspel gets its hints (``pipeline/py.typed``); this keeps them true.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]


def test_mypy_finds_no_error_in_the_package(tmp_path: Path) -> None:
    # a cache of its own: a stale shared cache could hide an error, and the checkout stays clean
    env = {**os.environ, "MYPY_FORCE_COLOR": "0"}
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "mypy-cache"), "--no-pretty",
         "--config-file", str(PROJECT / "pyproject.toml")],
        cwd=PROJECT, capture_output=True, text=True, env=env, timeout=300, check=False,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, f"mypy found errors (exit status {done.returncode}):\n{output}"
    # it checked the package, not nothing: one line naming how many files it read
    checked = int(output.split("no issues found in ")[1].split()[0])
    assert checked == len(list((PROJECT / "pipeline").rglob("*.py")))


def test_mypy_checks_bodies_and_wants_annotations() -> None:
    """The settings chosen: every function body checked, every function annotated."""
    config = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    assert config["files"] == ["pipeline"]
    assert config["check_untyped_defs"] and config["disallow_untyped_defs"]
    assert "ignore_missing_imports" not in config  # named per library in the overrides only


def test_mypy_is_in_the_test_extra_and_the_package_says_it_is_typed() -> None:
    config = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))
    extra = config["project"]["optional-dependencies"]["test"]
    assert any(requirement.split(">")[0].split("=")[0].strip() == "mypy" for requirement in extra)
    assert "Typing :: Typed" in config["project"]["classifiers"]
    assert (PROJECT / "pipeline" / "py.typed").is_file()
