"""samenspel as a package: the wheel carries the notebooks and the demo, and runs without a checkout."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from conftest import PROJECT, samenspel, tree_digest
from pipeline.cli.demo import copy_demo
from pipeline.errors import ConfigError
from pipeline.resources import checkout_root, default_reports_dir, resource

SHIPPED = {"notebooks": "pipeline/_data/notebooks", "surveys/demo": "pipeline/_data/surveys/demo"}


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".ipynb_checkpoints" not in p.parts and "__pycache__" not in p.parts
    }


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """Build the wheel the way pip and pipx do, from this checkout."""
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", str(out), str(PROJECT)],
        capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    (found,) = out.glob("samenspel-*.whl")
    return found


def test_the_checkout_finds_its_own_folders():
    assert checkout_root() == PROJECT
    assert resource("notebooks", "analysis.ipynb") == PROJECT / "notebooks" / "analysis.ipynb"
    assert resource("surveys", "demo") == PROJECT / "surveys" / "demo"
    assert default_reports_dir() == PROJECT / "reports"
    with pytest.raises(FileNotFoundError):
        resource("notebooks", "no-such.ipynb")


@pytest.mark.slow
def test_the_wheel_ships_the_notebooks_and_the_demo_byte_for_byte(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        for source, target in SHIPPED.items():
            expected = _files(PROJECT / source)
            assert expected, source
            for name, data in expected.items():
                assert archive.read(f"{target}/{name}") == data, name
        version = re.search(r"^Version: (.+)$", archive.read(
            next(n for n in names if n.endswith(".dist-info/METADATA"))).decode(), re.M).group(1)
    # only the package is installed: no top-level notebooks/ or surveys/ in site-packages
    assert {name.split("/")[0] for name in names} == {"pipeline", f"samenspel-{version}.dist-info"}
    pyproject = (PROJECT / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(rf'^version = "{re.escape(version)}"$', pyproject, re.M)


@pytest.mark.slow
def test_the_demo_runs_from_the_installed_package_outside_the_checkout(wheel, tmp_path, secret_home):
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    work = tmp_path / "elders"
    work.mkdir()
    shipped = tree_digest(site / "pipeline" / "_data")
    # the unpacked wheel comes first on the path, so 'pipeline' is the installed one, not this checkout
    env = {"PYTHONPATH": str(site), "SAMENSPEL_LANG": "nl"}
    found = subprocess.run(
        [sys.executable, "-c", "import pipeline, pipeline.resources as r; "
                               "print(pipeline.__file__); print(r.checkout_root()); print(pipeline.__version__)"],
        capture_output=True, text=True, cwd=work, env={**os.environ, **env}, check=True,
    ).stdout.splitlines()
    assert found[0] == str(site / "pipeline" / "__init__.py")
    assert found[1] == "None"

    done = samenspel("demo", "--jobs", "2", env=env, cwd=work)
    assert done.returncode == 0, done.stderr[-3000:]
    demo = work / "samenspel-demo"
    # the shipped rounds, and the newest one: the round no other round names as its previous
    shipped_rounds = {p.parent.name: tomllib.loads(p.read_text(encoding="utf-8"))["round"]
                      for p in (site / "pipeline" / "_data" / "surveys" / "demo").glob("*/round.toml")}
    assert len(shipped_rounds) >= 2
    earlier = {Path(r["previous"]).name for r in shipped_rounds.values() if "previous" in r}
    (newest,) = set(shipped_rounds) - earlier
    for folder, settings in shipped_rounds.items():
        assert (demo / "reports" / settings["id"] / "index.html").is_file(), folder
        assert len(list((demo / "reports" / settings["id"] / "initiatives").glob("*.html"))) >= 10
    assert done.stdout.count("privacyscan: 0 bevindingen") == len(shipped_rounds)
    assert done.stdout.splitlines()[-1] == (
        f"De demo is klaar: open {demo.resolve() / 'reports' / shipped_rounds[newest]['id'] / 'index.html'} "
        "in een browser (ook zonder internet)."
    )
    # what ran is a copy of the shipped demo; the copy's exports are as shipped, and nothing
    # was written into the installed package
    assert _files(demo / "surveys" / "demo") == _files(site / "pipeline" / "_data" / "surveys" / "demo")
    assert tree_digest(site / "pipeline" / "_data") == shipped
    assert not (work / "reports").exists()


@pytest.mark.slow
def test_a_researchers_code_is_type_checked_against_the_installed_package(wheel, tmp_path):
    """PEP 561: the wheel carries ``pipeline/py.typed``, so mypy reads the installed package's
    hints in a researcher's own code (without it mypy skips the package: every name is Any)."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    with zipfile.ZipFile(wheel) as archive:
        assert "pipeline/py.typed" in archive.namelist()
        archive.extractall(site)  # installed as pip installs it, without the dependencies
    work = tmp_path / "research"
    work.mkdir()
    (work / "mine.py").write_text(
        "import pipeline\n"
        "from pipeline.report.analysis import load_analysis\n"
        "rounds: int = pipeline.load_history('ronde-2')\n"
        "title: int = load_analysis('data').meta.title\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--python-executable", str(python), "--cache-dir", str(tmp_path / "cache"),
         "--no-pretty", "--no-error-summary", "mine.py"],
        capture_output=True, text=True, cwd=work, timeout=300, check=False,
    )
    # exactly the two wrong annotations, each with the type the package declares
    assert done.stdout.splitlines() == [
        'mine.py:3: error: Incompatible types in assignment (expression has type "list[Round]", '
        'variable has type "int")  [assignment]',
        'mine.py:4: error: Incompatible types in assignment (expression has type "str", '
        'variable has type "int")  [assignment]',
    ], done.stdout + done.stderr


def test_the_demo_copy_is_reused_and_a_foreign_folder_refused(tmp_path):
    out = tmp_path / "demo"
    community, copied = copy_demo(out)
    assert copied and community == out / "surveys" / "demo"
    assert _files(community) == _files(PROJECT / "surveys" / "demo")
    assert copy_demo(out) == (community, False)

    foreign = tmp_path / "foto's"
    foreign.mkdir()
    (foreign / "vakantie.jpg").write_bytes(b"\xff\xd8")
    with pytest.raises(ConfigError, match="holds no earlier demo"):
        copy_demo(foreign)
    assert [p.name for p in foreign.iterdir()] == ["vakantie.jpg"]
    a_file = tmp_path / "bestand"
    a_file.write_text("x", encoding="utf-8")
    with pytest.raises(ConfigError, match="is a file"):
        copy_demo(a_file)
