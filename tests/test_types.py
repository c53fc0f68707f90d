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


def _notebook_modules(folder: Path) -> list[Path]:
    """Write the code cells of every notebook as one module each (magics as IPython runs them)."""
    import nbformat
    from IPython.core.inputtransformer2 import TransformerManager

    transform = TransformerManager().transform_cell
    written = []
    for notebook in sorted((PROJECT / "notebooks").rglob("*.ipynb")):
        if ".ipynb_checkpoints" in notebook.parts:
            continue
        cells = nbformat.read(notebook, as_version=4).cells
        code = [transform(cell.source) for cell in cells if cell.cell_type == "code"]
        module = folder / f"notebook_{notebook.stem.replace('-', '_')}.py"
        module.write_text("from IPython import get_ipython\n\n" + "\n".join(code), encoding="utf-8")
        written.append(module)
    return written


def test_mypy_finds_no_error_in_the_package_nor_in_the_notebooks_calls(tmp_path: Path) -> None:
    """The package, and the notebooks' code against its hints (thin notebooks over a typed package)."""
    notebooks = _notebook_modules(tmp_path)
    assert len(notebooks) >= 6
    # a cache of its own: a stale shared cache could hide an error, and the checkout stays clean
    env = {**os.environ, "MYPY_FORCE_COLOR": "0"}
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "mypy-cache"), "--no-pretty",
         "--config-file", str(PROJECT / "pyproject.toml"), "pipeline", *map(str, notebooks)],
        cwd=PROJECT, capture_output=True, text=True, env=env, timeout=300, check=False,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, f"mypy found errors (exit status {done.returncode}):\n{output}"
    # it checked the package and the notebooks, not nothing: the one line naming how many files
    checked = int(output.split("no issues found in ")[1].split()[0])
    assert checked == len(list((PROJECT / "pipeline").rglob("*.py"))) + len(notebooks)


def test_a_notebook_that_misuses_the_package_is_caught(tmp_path: Path) -> None:
    """The notebook check can fail: a cell that takes a section's HTML for a number."""
    (tmp_path / "notebook_wrong.py").write_text(
        "from pipeline.report import sections\n"
        "analysis = sections.load_analysis('data')\n"
        "pages: int = sections.participation(analysis, 'nl')\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "mypy-cache"), "--no-pretty",
         "--no-error-summary", "--config-file", str(PROJECT / "pyproject.toml"), str(tmp_path / "notebook_wrong.py")],
        cwd=PROJECT, capture_output=True, text=True, timeout=300, check=False,
    )
    assert done.returncode == 1
    errors = [line.split(": ", 1)[1] for line in done.stdout.splitlines() if ": error: " in line]
    assert errors == [
        'error: Incompatible types in assignment (expression has type "HTML", variable has type "int")  [assignment]'
    ], done.stdout + done.stderr


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
