"""What a real LimeSurvey 6.4.2 server taught: an empty survey, and plain http.

The replay server serves the recorded empty survey (246137, ``fixtures/limesurvey/round3_empty``)
over plain http on loopback. No test sends anything to an address off this computer: the
refusal of such an address is checked before any connection is made.
"""

from __future__ import annotations

import shutil
import socket
import time
from pathlib import Path

import pytest

from conftest import DEMO, samenspel
from limesurvey_server import PASSWORD, ReplayLimeSurvey, tree, write_round
from pipeline.errors import ConfigError
from pipeline.fetch import check_url, fetch_round, is_loopback

EMPTY_SURVEY = 246137
# TEST-NET-1 (RFC 5737): never routed, and never contacted here
FAR_AWAY = "http://192.0.2.10/index.php/admin/remotecontrol"


def empty_round(folder: Path, url: str) -> Path:
    """The demo's ronde-1 settings, fetching the recorded survey that nobody answered."""
    text = (DEMO / "ronde-1" / "round.toml").read_text(encoding="utf-8")
    before, after = text.split("[exports]", 1)
    rest = after[after.index("\n["):]
    round_dir = folder / "ronde-3"
    round_dir.mkdir(parents=True)
    for name in ("names.txt", "codebook.toml"):
        shutil.copyfile(DEMO / name, folder / name)
    (round_dir / "round.toml").write_text(
        f'{before}{rest}\n[limesurvey]\nurl = "{url}"\nsurvey_id = {EMPTY_SURVEY}\nusername = "admin"\n',
        encoding="utf-8",
    )
    return round_dir


@pytest.fixture(scope="module")
def fetched_empty(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("empty")
    with ReplayLimeSurvey() as server:
        assert server.url.startswith("http://127.0.0.1:")  # plain http, on loopback: allowed
        round_dir = empty_round(folder, server.url)
        done = samenspel("fetch", round_dir, env={"LIMESURVEY_PASSWORD": PASSWORD})
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"samenspel: survey {EMPTY_SURVEY} has no responses yet.")
    assert "fetch the round again once people have answered" in done.stdout
    return round_dir


def test_the_fetch_of_an_empty_survey_says_so_in_dutch(tmp_path):
    with ReplayLimeSurvey() as server:
        done = samenspel("fetch", write_round(tmp_path / "r", server.url, EMPTY_SURVEY),
                         env={"LIMESURVEY_PASSWORD": PASSWORD, "SAMENSPEL_LANG": "nl"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"samenspel: enquête {EMPTY_SURVEY} heeft nog geen antwoorden.")


@pytest.mark.parametrize("command", ["validate", "run"])
def test_validate_and_run_say_there_are_no_responses_yet(fetched_empty, tmp_path, command):
    before = tree(fetched_empty)
    extra = ["--out", tmp_path / "out"] if command == "run" else []
    done = samenspel(command, fetched_empty, *extra)
    assert done.returncode == 2
    assert done.stderr.startswith(f"samenspel: Survey {EMPTY_SURVEY} had no responses yet when it was fetched at ")
    assert "Nothing is wrong with the export." in done.stderr
    assert "export again" not in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.splitlines()) == 1
    dutch = samenspel(command, fetched_empty, *extra, env={"SAMENSPEL_LANG": "nl"})
    assert dutch.returncode == 2
    assert dutch.stderr.startswith(f"samenspel: Enquête {EMPTY_SURVEY} had nog geen antwoorden toen hij op ")
    assert tree(fetched_empty) == before
    assert not (tmp_path / "out").exists()


def test_an_empty_export_that_was_not_fetched_still_says_export_again(tmp_path):
    empty = tmp_path / "responses.csv"
    empty.write_bytes(b"\r\n")
    done = samenspel("validate", empty)
    assert done.returncode == 2
    assert "export again with 'all responses'" in done.stderr


@pytest.mark.parametrize(("host", "expected"), [
    ("localhost", True), ("127.0.0.1", True), ("127.8.9.10", True), ("::1", True), ("[::1]", True),
    ("app.localhost", True), ("LOCALHOST.", True),
    ("192.0.2.10", False), ("10.0.0.5", False), ("localhost.example.org", False), ("enquete.example.org", False),
    ("::ffff:c000:20a", False),
])
def test_loopback_is_decided_from_the_address_alone(host, expected):
    assert is_loopback(host) is expected


def test_plain_http_is_refused_off_loopback_unless_asked_for():
    with pytest.raises(ConfigError) as caught:
        check_url(FAR_AWAY, "round.toml, [limesurvey] url")
    assert caught.value.key == "fetch.plain_http"
    assert "unencrypted" in str(caught.value) and "--insecure-http" in str(caught.value)
    assert check_url(FAR_AWAY, "round.toml", insecure_http=True) == FAR_AWAY
    https = FAR_AWAY.replace("http://", "https://")
    assert check_url(https, "round.toml") == https


def test_fetch_refuses_plain_http_before_connecting(tmp_path, monkeypatch):
    # any connection attempt in this process would fail the test instead of leaving the machine
    def no_connection(*args, **kwargs):
        raise AssertionError("fetch tried to connect")

    monkeypatch.setattr(socket, "create_connection", no_connection)
    monkeypatch.setattr(socket.socket, "connect", no_connection)
    round_dir = write_round(tmp_path / "ronde", FAR_AWAY)
    before = tree(tmp_path)
    with pytest.raises(ConfigError, match="did not connect"):
        fetch_round(round_dir, password=PASSWORD)
    assert tree(tmp_path) == before


def test_the_command_refuses_plain_http_in_one_line_and_writes_nothing(tmp_path):
    round_dir = write_round(tmp_path / "ronde", FAR_AWAY)
    before = tree(tmp_path)
    started = time.monotonic()
    # no password either: the address is refused first, before anything else is asked
    done = samenspel("fetch", round_dir, env={"LIMESURVEY_PASSWORD": ""})
    assert done.returncode == 2
    assert done.stderr == (
        f"samenspel: {round_dir / 'round.toml'}, [limesurvey] url: {FAR_AWAY} starts with http://, so the "
        "password and every answer would cross the network to 192.0.2.10 unencrypted; samenspel did not "
        "connect. Use the server's https:// address. If that is really impossible (a test server on a closed "
        "network), add --insecure-http.\n"
    )
    assert time.monotonic() - started < 30  # no connection timeout was waited for
    assert tree(tmp_path) == before
    dutch = samenspel("fetch", round_dir, env={"LIMESURVEY_PASSWORD": "", "SAMENSPEL_LANG": "nl"})
    assert dutch.returncode == 2
    assert "onversleuteld" in dutch.stderr and "--insecure-http" in dutch.stderr


def test_insecure_http_lets_a_loopback_server_through_without_a_warning(tmp_path):
    with ReplayLimeSurvey() as server:
        done = samenspel("fetch", write_round(tmp_path / "r", server.url), "--insecure-http",
                         env={"LIMESURVEY_PASSWORD": PASSWORD})
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert "fetched survey 246135" in done.stdout
