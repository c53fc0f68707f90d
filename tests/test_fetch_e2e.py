"""``samenspel fetch`` then ``samenspel run``: the same reports as the bundled demo round, no secrets left."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from limesurvey_server import PASSWORD, ReplayLimeSurvey

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "surveys" / "demo"

pytestmark = pytest.mark.slow

# papermill gives its injected-parameters cell a random id; nothing else may differ
_CELL_ID = re.compile(rb'id="cell-id=[0-9a-f-]+"')


def demo_round_as_fetched(folder: Path, url: str) -> Path:
    """Write the demo's ronde-1 round.toml with [limesurvey] instead of [exports] into ``folder``."""
    text = (DEMO / "ronde-1" / "round.toml").read_text(encoding="utf-8")
    before, after = text.split("[exports]", 1)
    rest = after[after.index("\n["):]
    round_dir = folder / "ronde-1"
    round_dir.mkdir(parents=True)
    shutil.copyfile(DEMO / "names.txt", folder / "names.txt")
    shutil.copyfile(DEMO / "codebook.toml", folder / "codebook.toml")
    (round_dir / "round.toml").write_text(
        f'{before}{rest}\n[limesurvey]\nurl = "{url}"\nsurvey_id = 246135\nusername = "admin"\n', encoding="utf-8"
    )
    return round_dir


def samenspel(*args: str, home: Path) -> subprocess.CompletedProcess:
    # everything the commands write, caches included, lands under tmp_path
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "XDG_"))}
    env.update(
        PYTHONPATH=str(ROOT),
        LIMESURVEY_PASSWORD=PASSWORD,
        HOME=str(home),
        TMPDIR=str(home / "tmp"),
        MPLCONFIGDIR=str(home / "mpl"),
    )
    (home / "tmp").mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", *args],
        capture_output=True, env=env, cwd=home, timeout=600, check=False,
    )
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-3000:]
    return done


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """Fetch the demo round from the replay server, run it, and run the bundled demo round."""
    base = tmp_path_factory.mktemp("fetch_e2e")
    home = base / "home"
    with ReplayLimeSurvey() as server:
        round_dir = demo_round_as_fetched(base / "community", server.url)
        fetched = samenspel("fetch", str(round_dir), home=home)
        keys = list(server.issued)
        assert server.released == keys
    samenspel("run", str(round_dir), "--out", str(base / "out-fetched"), "--jobs", "2", home=home)
    samenspel("run", str(DEMO / "ronde-1"), "--out", str(base / "out-demo"), "--jobs", "2", home=home)
    return {"base": base, "home": home, "round": round_dir, "keys": keys, "fetch_output": fetched}


def files_under(folder: Path) -> dict[str, Path]:
    return {p.relative_to(folder).as_posix(): p for p in sorted(folder.rglob("*")) if p.is_file()}


def test_fetched_round_gives_the_same_tidy_data_and_reports(runs):
    fetched, demo = files_under(runs["base"] / "out-fetched"), files_under(runs["base"] / "out-demo")
    assert set(fetched) == set(demo)
    data = [name for name in demo if name.startswith("data/")]
    pages = [name for name in demo if name.endswith(".html") and not name.startswith("researchers/")]
    assert len(data) > 10 and len(pages) > 3
    # round.json first, as JSON, for a readable difference (e.g. the number of invited participants)
    assert json.loads(fetched["data/round.json"].read_text("utf-8")) == json.loads(demo["data/round.json"].read_text("utf-8"))
    for name in data:
        assert fetched[name].read_bytes() == demo[name].read_bytes(), name
    for name in pages:
        # the index links the research folder beside the reports, named after the output folder
        page = fetched[name].read_bytes().replace(b"out-fetched-research", b"out-demo-research")
        assert _CELL_ID.sub(b"", page) == _CELL_ID.sub(b"", demo[name].read_bytes()), name


def test_no_file_written_by_fetch_or_run_holds_the_password_or_a_session_key(runs):
    secrets = [PASSWORD.encode(), *(key.encode() for key in runs["keys"])]
    assert len(runs["keys"]) == 1
    scanned: list[str] = []
    for folder in (runs["round"], runs["base"] / "out-fetched", runs["base"] / "out-fetched-research", runs["home"]):
        for name, path in files_under(folder).items():
            data = path.read_bytes()
            scanned.append(name)
            for secret in secrets:
                assert secret not in data, f"{folder / name} holds a secret"
    # exports and manifest, executed notebooks, HTML, data files (and any log) were all scanned
    for suffix in ("manifest.json", ".csv", ".ipynb", ".html", ".parquet"):
        assert any(name.endswith(suffix) for name in scanned), suffix
    assert b"password" not in runs["fetch_output"].stdout + runs["fetch_output"].stderr
