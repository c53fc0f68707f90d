"""``samenspel fetch`` run as a subprocess, the way a facilitator runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from limesurvey_server import PASSWORD, ReplayLimeSurvey, closed_port_url, tree, write_round

ROOT = Path(__file__).resolve().parent.parent


def samenspel(*args: str, password: str | None = PASSWORD, timeout: float = 60) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "LIMESURVEY_PASSWORD"}
    env["PYTHONPATH"] = str(ROOT)
    if password is not None:
        env["LIMESURVEY_PASSWORD"] = password
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=timeout, check=False,
    )


def test_unreachable_url_exits_2_with_one_line_and_writes_nothing(tmp_path):
    url = closed_port_url()
    round_dir = write_round(tmp_path / "ronde", url)
    before = tree(tmp_path)
    done = samenspel("fetch", str(round_dir))
    assert done.returncode == 2
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("samenspel: ")
    assert url in lines[0]
    assert "Check the [limesurvey] url in round.toml" in lines[0]
    assert "Traceback" not in done.stderr
    assert done.stdout == ""
    assert tree(tmp_path) == before


def test_fetch_prints_one_summary_line(tmp_path):
    with ReplayLimeSurvey() as server:
        round_dir = write_round(tmp_path / "ronde", server.url)
        done = samenspel("fetch", str(round_dir))
        assert server.released == server.issued
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    [line] = done.stdout.splitlines()
    [folder] = [p for p in (round_dir / "exports").iterdir()]
    assert folder.name.startswith("fetched-")
    assert f"ronde/exports/{folder.name}" in line
    assert "81 responses (70 complete, 11 incomplete)" in line
    files = [p for p in folder.rglob("*") if p.is_file()]
    assert f"{len(files)} files" in line


def test_empty_survey_says_so(tmp_path):
    with ReplayLimeSurvey() as server:
        done = samenspel("fetch", str(write_round(tmp_path / "ronde3", server.url, 246137)))
    assert done.returncode == 0, done.stderr
    assert "no responses yet" in done.stdout


def test_missing_password_variable(tmp_path):
    with ReplayLimeSurvey() as server:
        round_dir = write_round(tmp_path / "ronde", server.url)
        done = samenspel("fetch", str(round_dir), password=None)
        assert sum(server.calls.values()) == 0
    assert done.returncode == 2
    assert len(done.stderr.splitlines()) == 1
    assert "LIMESURVEY_PASSWORD is not set" in done.stderr
    assert not (round_dir / "exports").exists()


def test_timeout_option(tmp_path):
    with ReplayLimeSurvey(delay=2.0) as server:
        done = samenspel("fetch", str(write_round(tmp_path / "ronde", server.url)), "--timeout", "0.5")
    assert done.returncode == 2
    assert "within 0.5 seconds" in done.stderr


def test_a_round_that_names_its_own_export_gets_a_note(tmp_path):
    with ReplayLimeSurvey() as server:
        round_dir = write_round(tmp_path / "ronde", server.url,
                                extra='[exports]\nresponses = "eigen.csv"\nstructure = "eigen.lss"\n')
        done = samenspel("fetch", str(round_dir))
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.splitlines()) == 1
    assert "[exports] names a responses file" in done.stdout
