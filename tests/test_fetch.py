"""fetch_round against a replay of a real LimeSurvey 6.4.2 server: what it writes, and export sets."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from datetime import UTC, datetime, timedelta

import pytest

from limesurvey_server import PASSWORD, ReplayLimeSurvey, data_file, tree, write_round
from pipeline.errors import ConfigError
from pipeline.exportsets import export_set_by_name, export_sets, latest_export_set
from pipeline.fetch import fetch_round

NOW = datetime(2026, 11, 21, 10, 0, 0, tzinfo=UTC)
FAST = {"retries": 1, "backoff": 0.0, "timeout": (2.0, 5.0)}


@pytest.fixture
def server():
    with ReplayLimeSurvey() as replay:
        yield replay


def csv_counts(data: bytes) -> tuple[int, int]:
    """(complete, incomplete) of an RC2 CSV, counted here with the csv module."""
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";")
    rows = [row for row in reader if row.get("id")]
    complete = sum(1 for row in rows if row["submitdate"] != "")
    return complete, len(rows) - complete


@pytest.mark.parametrize(("survey_id", "folder"), [(246135, "round1"), (246136, "round2")])
def test_fetch_saves_the_export_byte_for_byte_with_counts(tmp_path, server, survey_id, folder):
    round_dir = write_round(tmp_path / "ronde", server.url, survey_id)
    result = fetch_round(round_dir, password=PASSWORD, now=NOW, **FAST)

    recorded = data_file(f"{folder}/exports/responses_csv_code_short_all.csv").read_bytes()
    assert result.export_set.responses.read_bytes() == recorded
    complete, incomplete = csv_counts(recorded)
    info = json.loads(data_file("server_info.json").read_text("utf-8"))["surveys"][str(survey_id)]
    assert (complete, incomplete) == (info["complete"], info["incomplete"])
    assert (result.complete, result.incomplete, result.responses) == (complete, incomplete, complete + incomplete)
    assert result.export_set.path == round_dir / "exports" / "fetched-20261121T100000Z"
    assert server.calls["export_responses"] == 1


def test_structure_files_hold_the_recorded_structure_calls(tmp_path, server):
    round_dir = write_round(tmp_path / "ronde", server.url)
    found = fetch_round(round_dir, password=PASSWORD, now=NOW, **FAST).export_set
    recorded_dir = data_file("round1/structure")
    names = [
        "get_survey_properties", "get_summary", "list_participants",
        *(f"{call}_{lang}" for lang in ("nl", "en")
          for call in ("get_language_properties", "list_groups", "list_questions", "get_question_properties")),
    ]
    for name in names:
        fetched = json.loads((found.structure / f"{name}.json").read_text("utf-8"))
        assert fetched == json.loads((recorded_dir / f"{name}.json").read_text("utf-8")), name
    assert found.participants == found.structure / "list_participants.json"
    # get_question_properties is keyed by question code, top-level questions only, in survey order
    questions = json.loads((recorded_dir / "list_questions_nl.json").read_text("utf-8"))
    top = [q["title"] for q in questions if q["parent_qid"] == 0]
    assert list(json.loads((found.structure / "get_question_properties_nl.json").read_text("utf-8"))) == top


def test_the_ingest_reads_the_fetched_structure_folder(tmp_path, server):
    read_structure = pytest.importorskip("pipeline.ingest.structure").read_structure
    round_dir = write_round(tmp_path / "ronde", server.url)
    found = fetch_round(round_dir, password=PASSWORD, now=NOW, **FAST).export_set
    structure = read_structure(found.structure)
    recorded = json.loads(data_file("round1/structure/list_questions_nl.json").read_text("utf-8"))
    assert structure.survey_id == 246135
    assert sorted(structure.questions["code"]) == sorted(q["title"] for q in recorded if q["parent_qid"] == 0)


def test_manifest_lists_every_file_with_its_checksum(tmp_path, server):
    round_dir = write_round(tmp_path / "ronde", server.url)
    found = fetch_round(round_dir, password=PASSWORD, now=NOW, **FAST).export_set
    manifest = json.loads((found.path / "manifest.json").read_text("utf-8"))
    on_disk = {p.relative_to(found.path).as_posix() for p in found.path.rglob("*") if p.is_file()}
    assert {entry["file"] for entry in manifest["files"]} == on_disk - {"manifest.json"}
    for entry in manifest["files"]:
        data = (found.path / entry["file"]).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        assert entry["bytes"] == len(data)
        assert entry["fetched_at"] == "2026-11-21T10:00:00Z"
    assert manifest["survey_id"] == 246135
    assert manifest["fetched_at"] == "2026-11-21T10:00:00Z"
    assert manifest["server_version"] == json.loads(data_file("server_info.json").read_text("utf-8"))["limesurvey"]["versionnumber"]
    assert manifest["responses"]["file"] == "responses_csv_code_short_all.csv"
    assert manifest["url"] == server.url
    assert found.manifest == manifest


def test_the_session_key_is_released_and_never_written(tmp_path, server):
    round_dir = write_round(tmp_path / "ronde", server.url)
    fetch_round(round_dir, password=PASSWORD, now=NOW, **FAST)
    assert len(server.issued) == 1
    assert server.released == server.issued
    assert not server.keys
    files = tree(round_dir)
    assert len(files) == 14
    for name, data in files.items():
        # the recorded survey data never contains the word, so any hit would be a leak
        assert server.issued[0].encode() not in data, name
        assert b"password" not in data, name


def test_a_new_fetch_never_touches_an_earlier_set(tmp_path, server):
    round_dir = write_round(tmp_path / "ronde", server.url)
    first = fetch_round(round_dir, password=PASSWORD, now=NOW, **FAST).export_set
    before = tree(first.path)
    later = fetch_round(round_dir, password=PASSWORD, now=NOW + timedelta(hours=2), **FAST).export_set
    same_second = fetch_round(round_dir, password=PASSWORD, now=NOW + timedelta(hours=2), **FAST).export_set
    assert tree(first.path) == before
    assert [first.name, later.name, same_second.name] == [
        "fetched-20261121T100000Z", "fetched-20261121T120000Z", "fetched-20261121T120000Z-2"]
    assert latest_export_set(round_dir).path == same_second.path
    assert export_set_by_name(round_dir, first.name).path == first.path
    assert [s.name for s in export_sets(round_dir)] == [first.name, later.name, same_second.name]
    # no staging folder is left behind
    assert sorted(p.name for p in (round_dir / "exports").iterdir()) == [first.name, later.name, same_second.name]


def test_latest_set_skips_sets_that_are_changed_or_incomplete(tmp_path, server):
    round_dir = write_round(tmp_path / "ronde", server.url)
    old = fetch_round(round_dir, password=PASSWORD, now=NOW, **FAST).export_set
    new = fetch_round(round_dir, password=PASSWORD, now=NOW + timedelta(days=1), **FAST).export_set
    assert latest_export_set(round_dir).path == new.path

    # one changed byte in the newest set: it is not complete any more, the older one is used
    data = bytearray(new.responses.read_bytes())
    data[-3] ^= 0x01
    new.responses.write_bytes(bytes(data))
    assert latest_export_set(round_dir).path == old.path
    with pytest.raises(ConfigError, match="incomplete or was changed"):
        export_set_by_name(round_dir, new.name)

    # an extra file, or a missing manifest, also makes a set incomplete
    (old.path / "structure" / "notes.txt").write_text("extra", encoding="utf-8")
    assert latest_export_set(round_dir) is None
    (old.path / "structure" / "notes.txt").unlink()
    assert latest_export_set(round_dir).path == old.path
    (old.path / "manifest.json").unlink()
    assert latest_export_set(round_dir) is None

    with pytest.raises(ConfigError, match="no fetched export set called 'fetched-2020'"):
        export_set_by_name(round_dir, "fetched-2020")


def test_no_exports_folder_means_no_set(tmp_path):
    assert latest_export_set(tmp_path) is None
    (tmp_path / "exports" / ".fetching-abc").mkdir(parents=True)
    assert latest_export_set(tmp_path) is None


def test_a_survey_without_responses_gives_an_empty_set_not_an_error(tmp_path, server):
    round_dir = write_round(tmp_path / "ronde3", server.url, 246137)
    result = fetch_round(round_dir, password=PASSWORD, now=NOW, **FAST)
    found = result.export_set
    assert result.no_responses and not found.has_responses
    assert (result.responses, result.complete, result.incomplete) == (0, 0, 0)
    assert found.responses.read_bytes() == b""
    assert found.participants is None
    assert json.loads((found.structure / "list_questions_nl.json").read_text("utf-8")) == json.loads(
        data_file("round3_empty/structure/list_questions_nl.json").read_text("utf-8"))
    assert server.calls["list_participants"] == 0
    assert server.released == server.issued


def test_configuration_problems_are_reported_before_connecting(tmp_path, server):
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "round.toml").write_text('[round]\nid = "r"\ntitle = "t"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"no \[limesurvey\] table"):
        fetch_round(plain, password=PASSWORD)

    with_secret = write_round(tmp_path / "secret", server.url.replace("http://", "http://admin:hunter2@"))
    with pytest.raises(ConfigError, match="contains a user name or password") as caught:
        fetch_round(with_secret, password=PASSWORD)
    assert "hunter2" not in str(caught.value)

    ftp = write_round(tmp_path / "ftp", "ftp://example.org/remotecontrol")
    with pytest.raises(ConfigError, match="is not a web address"):
        fetch_round(ftp, password=PASSWORD)

    nopass = write_round(tmp_path / "nopass", server.url)
    with pytest.raises(ConfigError, match="No LimeSurvey password"):
        fetch_round(nopass, password="")
    assert sum(server.calls.values()) == 0
    assert not any((tmp_path / name / "exports").exists() for name in ("plain", "secret", "ftp", "nopass"))


def test_load_round_reads_the_newest_complete_set(tmp_path, server):
    load_round = pytest.importorskip("pipeline.ingest.rounds").load_round
    round_dir = write_round(tmp_path / "ronde", server.url)
    old = fetch_round(round_dir, password=PASSWORD, now=NOW, **FAST).export_set
    new = fetch_round(round_dir, password=PASSWORD, now=NOW + timedelta(days=1), **FAST).export_set
    loaded = load_round(round_dir)
    assert loaded.export_files[0] == new.responses
    assert loaded.export_files[1] == new.structure
    complete, incomplete = csv_counts(new.responses.read_bytes())
    assert len(loaded.ledger) == complete + incomplete
    # once the newest set is damaged, the older one is read instead
    (new.path / "manifest.json").unlink()
    assert load_round(round_dir).export_files[0] == old.responses
