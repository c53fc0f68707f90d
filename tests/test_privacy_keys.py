"""The community secret and keyed pseudonyms."""

from __future__ import annotations

import csv
import hashlib
import hmac
import json
import stat
from pathlib import Path

import pandas as pd
import pytest

from pipeline.errors import PrivacyError
from pipeline.ingest import load_round
from pipeline.privacy import community_secret, pseudonymise, response_pseudonyms

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "surveys" / "demo"


@pytest.fixture()
def key_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "keys"
    monkeypatch.delenv("SAMENSPEL_SECRET", raising=False)
    monkeypatch.setenv("SAMENSPEL_HOME", str(home))
    return home


def test_key_file_is_created_once_private_and_reused(key_home: Path) -> None:
    first = community_secret("demo")
    path = key_home / "demo.key"
    assert path.is_file()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(first) == 32
    assert bytes.fromhex(path.read_text().strip()) == first
    assert community_secret("demo") == first
    assert community_secret("andere-gemeenschap") != first


def test_xdg_config_home_is_used_without_samenspel_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SAMENSPEL_SECRET", raising=False)
    monkeypatch.delenv("SAMENSPEL_HOME", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    community_secret("demo")
    assert (tmp_path / "cfg" / "samenspel" / "demo.key").is_file()


def test_environment_secret_wins_hex_or_text(key_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAMENSPEL_SECRET", "ab" * 32)
    assert community_secret("demo") == bytes.fromhex("ab" * 32)
    monkeypatch.setenv("SAMENSPEL_SECRET", "een lange geheime zin voor de demo")
    assert community_secret("demo") == b"een lange geheime zin voor de demo"
    assert not key_home.exists()


def test_short_secret_is_refused_without_showing_it(key_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAMENSPEL_SECRET", "geheim123")
    with pytest.raises(PrivacyError) as caught:
        community_secret("demo")
    assert "geheim123" not in str(caught.value)
    assert "too short" in str(caught.value)


def test_key_folder_inside_a_repository_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    monkeypatch.delenv("SAMENSPEL_SECRET", raising=False)
    monkeypatch.setenv("SAMENSPEL_HOME", str(tmp_path / "repo" / "keys"))
    with pytest.raises(PrivacyError, match="repository"):
        community_secret("demo")
    assert not (tmp_path / "repo" / "keys").exists()


def test_community_name_cannot_escape_the_key_folder(key_home: Path) -> None:
    with pytest.raises(PrivacyError):
        community_secret("../../etc/demo")


def test_pseudonyms_are_keyed_stable_and_short() -> None:
    ids = pd.Series(["1", "2", "1", None], dtype="string")
    before = ids.copy()
    one = pseudonymise(ids, secret=b"k" * 32)
    again = pseudonymise(ids, secret=b"k" * 32)
    other_key = pseudonymise(ids, secret=b"q" * 32)
    pd.testing.assert_series_equal(one, again)
    pd.testing.assert_series_equal(ids, before)
    assert one[0] == one[2] != one[1]
    assert pd.isna(one[3])
    assert one[0] != other_key[0]
    assert one[0].startswith("r-") and len(one[0]) == 14
    # independently: the HMAC-SHA256 of the value under the key, never the raw id
    digest = hmac.new(b"k" * 32, "\x1f1".encode(), hashlib.sha256).hexdigest()
    assert one[0] == "r-" + digest[:12]


def _included_person_keys(round_dir: Path, included_ids: set[int]) -> dict[int, str]:
    """Return response id -> participant e-mail, read with csv/json from the raw files."""
    participants = json.loads((round_dir / "exports" / "participants.json").read_text(encoding="utf-8"))
    by_token = {p["token"]: p["participant_info"]["email"].lower() for p in participants}
    people = {}
    with open(round_dir / "exports" / "responses_csv_code_short_all.csv", encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f, delimiter=";"):
            rid = int(row["id"])
            if rid in included_ids:
                email = by_token.get(row["token"]) or row["email"].strip().lower()
                if email:
                    people[rid] = email
    return people


def test_the_same_person_keeps_one_pseudonym_across_rounds() -> None:
    secret = b"s" * 32
    rounds = [load_round(DEMO / "ronde-1"), load_round(DEMO / "ronde-2")]
    pseudonyms = [response_pseudonyms(r, secret=secret) for r in rounds]
    for r, p in zip(rounds, pseudonyms, strict=True):
        assert p.is_unique
        assert len(p) == len(r.responses)
        raw = set(r.responses.index.astype(str)) | set(r.responses["token"].dropna())
        assert not raw & set(p)
    people = [
        _included_person_keys(DEMO / name, set(r.responses.index))
        for name, r in zip(("ronde-1", "ronde-2"), rounds, strict=True)
    ]
    shared_people = set(people[0].values()) & set(people[1].values())
    assert shared_people  # the demo has returning participants
    shared_pseudonyms = set(pseudonyms[0]) & set(pseudonyms[1])
    assert len(shared_pseudonyms) == len(shared_people)
    for email in shared_people:
        first = [rid for rid, e in people[0].items() if e == email][0]
        second = [rid for rid, e in people[1].items() if e == email][0]
        assert pseudonyms[0][first] == pseudonyms[1][second]
