"""Every failure shape recorded from a real LimeSurvey server gives one clear FetchError and writes nothing."""

from __future__ import annotations

import shutil
import subprocess
import time
from datetime import UTC, datetime

import pytest

from limesurvey_server import PASSWORD, ReplayLimeSurvey, closed_port_url, recorded, tree, write_round
from pipeline.errors import FetchError
from pipeline.fetch import fetch_round
from pipeline.fetch.client import RemoteControlClient
from pipeline.fetch.errors import (
    LimeSurveyApiError,
    LimeSurveyTimeoutError,
    LimeSurveyUnreachableError,
    LoginFailedError,
    LoginLockedError,
    MalformedReplyError,
    NoPermissionError,
    ServerError,
    SessionExpiredError,
    WrongEndpointError,
)
from pipeline.fetch.session import RemoteControlSession

NOW = datetime(2026, 11, 21, 10, 0, 0, tzinfo=UTC)
FAST = {"retries": 0, "backoff": 0.0, "timeout": (2.0, 5.0), "now": NOW}


def fetch_fails(round_dir, error, *, password=PASSWORD, **options):
    """Run fetch_round, expect ``error``, check nothing was written, and return the exception."""
    before = tree(round_dir)
    with pytest.raises(error) as caught:
        fetch_round(round_dir, password=password, **{**FAST, **options})
    assert tree(round_dir) == before
    assert not (round_dir / "exports").exists()
    message = str(caught.value)
    assert "\n" not in message
    if password != PASSWORD:
        # the recorded password is a plain word that messages use; the others are distinctive
        assert password not in message
    return caught.value


def test_server_down(tmp_path):
    url = closed_port_url()
    error = fetch_fails(write_round(tmp_path / "r", url), LimeSurveyUnreachableError)
    assert url in str(error)
    assert "connection was refused" in str(error)
    assert "[limesurvey] url" in error.hint


def test_retries_with_backoff_on_connection_errors(tmp_path):
    url = closed_port_url()
    start = time.monotonic()
    fetch_fails(write_round(tmp_path / "r", url), LimeSurveyUnreachableError, retries=2, backoff=0.2)
    # urllib3 sleeps 0, then backoff * 2 = 0.4 s, between the three attempts
    assert time.monotonic() - start >= 0.35


def test_too_slow(tmp_path):
    with ReplayLimeSurvey(delay=1.5) as server:
        error = fetch_fails(write_round(tmp_path / "r", server.url), LimeSurveyTimeoutError, timeout=(1.0, 0.3))
    assert "did not answer get_session_key within 0.3 seconds" in str(error)
    assert "--timeout" in error.hint


def test_too_slow_mid_download_releases_the_key(tmp_path):
    with ReplayLimeSurvey(delay=1.5, delay_methods=("export_responses",)) as server:
        error = fetch_fails(write_round(tmp_path / "r", server.url), LimeSurveyTimeoutError, timeout=(1.0, 0.5))
        assert "export_responses" in str(error)
        assert server.calls["release_session_key"] == 1
        assert server.released == server.issued


def test_http_500_page(tmp_path):
    with ReplayLimeSurvey(http_500=True) as server:
        error = fetch_fails(write_round(tmp_path / "r", server.url), ServerError, retries=2)
        # one try and two retries, no more
        assert server.calls["get_session_key"] == 3
    assert "HTTP 500" in str(error)
    # the visible text of the recorded page is shown, not its HTML
    assert "call_user_func_array()" in str(error)
    assert "<html" not in str(error)


def test_a_transient_500_is_retried_and_the_fetch_succeeds(tmp_path):
    with ReplayLimeSurvey(http_500_times=2) as server:
        result = fetch_round(write_round(tmp_path / "r", server.url), password=PASSWORD, **{**FAST, "retries": 2})
        assert server.calls["get_session_key"] == 3
    assert result.responses == 81


def test_garbage_body(tmp_path):
    with ReplayLimeSurvey(garbage=True) as server:
        error = fetch_fails(write_round(tmp_path / "r", server.url), MalformedReplyError)
    assert "not a JSON-RPC reply" in str(error)


def test_rpc_switched_off_gives_the_empty_page(tmp_path):
    with ReplayLimeSurvey(rpc_disabled=True) as server:
        error = fetch_fails(write_round(tmp_path / "r", server.url), WrongEndpointError)
    assert "empty page" in str(error)
    assert "JSON-RPC" in error.hint


def test_wrong_endpoint_form_gives_http_400(tmp_path):
    with ReplayLimeSurvey() as server:
        url = server.url.replace("/index.php/admin/remotecontrol", "/index.php?r=admin/remotecontrol")
        error = fetch_fails(write_round(tmp_path / "r", url), WrongEndpointError)
    exchange = recorded("42_")
    assert f"HTTP {exchange['http_status']}" in str(error)


def test_export_that_is_not_base64(tmp_path):
    with ReplayLimeSurvey(bad_base64=True) as server:
        error = fetch_fails(write_round(tmp_path / "r", server.url), MalformedReplyError)
        assert server.released == server.issued
    assert "not valid base64" in str(error)


def test_wrong_password_is_tried_once_and_warns_about_the_lock(tmp_path):
    with ReplayLimeSurvey() as server:
        error = fetch_fails(write_round(tmp_path / "r", server.url), LoginFailedError, password=PASSWORD + "-wrong")
        assert server.calls["get_session_key"] == 1
    assert "'admin'" in str(error)
    assert "three failed logins" in error.hint
    assert "not-the-password" not in str(error)


def test_lock_out_after_three_failures_even_with_the_right_password(tmp_path):
    round_dir = write_round(tmp_path / "r", "")
    with ReplayLimeSurvey() as server:
        write_round(round_dir, server.url)
        for attempt in ("wrong-1", "wrong-2", "wrong-3"):
            fetch_fails(round_dir, LoginFailedError, password=attempt)
        error = fetch_fails(round_dir, LoginLockedError, password=PASSWORD)
    assert "ten minutes" in error.hint


def test_session_expiry_mid_download_logs_in_again_once(tmp_path):
    with ReplayLimeSurvey() as reference:
        expected = tree(fetch_round(write_round(tmp_path / "a", reference.url), password=PASSWORD, **FAST).export_set.path)
    with ReplayLimeSurvey(expire_after_calls=10) as server:
        result = fetch_round(write_round(tmp_path / "b", server.url), password=PASSWORD, **FAST)
        assert server.calls["get_session_key"] == 2
        assert server.released == server.issued[1:]
    fetched = tree(result.export_set.path)
    # only the url (another port) differs, in the manifest
    fetched.pop("manifest.json"), expected.pop("manifest.json")
    assert fetched == expected


def test_a_session_key_that_never_works(tmp_path):
    with ReplayLimeSurvey(always_expire=True) as server:
        error = fetch_fails(write_round(tmp_path / "r", server.url), SessionExpiredError)
        assert server.calls["get_session_key"] == 2
    assert "get_survey_properties" in str(error)


def test_unknown_survey(tmp_path):
    with ReplayLimeSurvey() as server:
        error = fetch_fails(write_round(tmp_path / "r", server.url, 999999), NoPermissionError)
        assert server.released == server.issued
    assert "Error: Invalid survey ID" in str(error)
    assert "survey_id" in error.hint


@pytest.mark.parametrize(
    ("survey_id", "options", "error", "text"),
    [
        (999999, {}, NoPermissionError, "No permission"),
        (246135, {"language": "de"}, FetchError, "Language code not found for this survey."),
        (246135, {"document_type": "xml"}, LimeSurveyApiError, "Writer for xml should implement IWriter"),
    ],
)
def test_export_failure_shapes_from_the_recordings(survey_id, options, error, text):
    """The client maps the recorded export failures (the replay answers with the transcripts' replies)."""
    names = {"No permission": "23_", "Language code not found for this survey.": "24_",
             "Writer for xml should implement IWriter": "25_"}
    exchange = recorded(names[text])
    with ReplayLimeSurvey() as server:
        with RemoteControlSession(server.url, "admin", PASSWORD, retries=0) as session:
            with pytest.raises(error) as caught:
                RemoteControlClient(session).export_responses(survey_id, **options)
    assert text in str(caught.value)
    assert text in str(exchange["response"])


def test_a_read_timeout_is_not_retried(tmp_path):
    with ReplayLimeSurvey(delay=1.0) as server:
        fetch_fails(write_round(tmp_path / "r", server.url), LimeSurveyTimeoutError, timeout=(1.0, 0.2), retries=2)
        time.sleep(0.1)
        assert server.calls["get_session_key"] == 1


def test_a_json_rpc_error_string_is_shown_as_sent(tmp_path):
    text = ("CDbCommand failed to execute the SQL statement: SQLSTATE[42883]: Undefined function: "
            "7 ERROR:  operator does not exist: boolean = integer")
    with ReplayLimeSurvey(login_error=text) as server:
        error = fetch_fails(write_round(tmp_path / "r", server.url), LimeSurveyApiError)
    assert " ".join(text.split()) in str(error)
    assert "LimeSurvey administrator" in error.hint


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ("77u/ImlkIg0K", b'\xef\xbb\xbf"id"\r\n'),
        ("IiIK", b'""\n'),
    ],
)
def test_clean_base64_decodes(payload, expected):
    from pipeline.fetch.client import decode_export

    assert decode_export(payload, url="u") == expected


@pytest.mark.parametrize("payload", ["", "77u/ImlkIg0", "77u/Iml\nkIg0K", "77u/ImlkIg0K==", "77u_ImlkIg0K", "€€€€"])
def test_base64_that_does_not_decode_is_refused(payload):
    from pipeline.fetch.client import decode_export

    with pytest.raises(MalformedReplyError, match="not valid base64"):
        decode_export(payload, url="u")


def test_the_reply_to_an_unreadable_request(tmp_path):
    with ReplayLimeSurvey(reply_all="37_") as server:
        error = fetch_fails(write_round(tmp_path / "r", server.url), MalformedReplyError)
    assert recorded("37_")["response"]["id"] is None
    assert "does not belong to the request" in str(error)


def test_a_folder_that_cannot_be_written_is_reported_and_the_key_released(tmp_path):
    with ReplayLimeSurvey() as server:
        round_dir = write_round(tmp_path / "r", server.url)
        (round_dir / "exports").write_text("a file where the exports folder should be", encoding="utf-8")
        before = tree(round_dir)
        with pytest.raises(FetchError, match="Could not write the download into") as caught:
            fetch_round(round_dir, password=PASSWORD, **FAST)
        assert server.released == server.issued
    assert tree(round_dir) == before
    assert "free disk space" in caught.value.hint


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """A self-signed certificate for 127.0.0.1, made with the openssl command."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("the openssl command is not installed")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-keyout", str(key), "-out", str(cert), "-days", "1", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )
    return cert, key


def test_tls_is_verified_by_default(tmp_path, certificate):
    with ReplayLimeSurvey(tls=certificate) as server:
        assert server.url.startswith("https://")
        error = fetch_fails(write_round(tmp_path / "r", server.url), LimeSurveyUnreachableError)
        assert sum(server.calls.values()) == 0
    assert "certificate could not be verified" in str(error)
    assert "REQUESTS_CA_BUNDLE" in error.hint


def test_tls_with_the_servers_own_certificate_authority(tmp_path, certificate):
    with ReplayLimeSurvey(tls=certificate) as server:
        result = fetch_round(write_round(tmp_path / "r", server.url), password=PASSWORD,
                             verify=str(certificate[0]), **FAST)
    assert result.responses == 81


def test_server_text_that_echoes_the_password_is_scrubbed(tmp_path):
    with ReplayLimeSurvey(login_error="SQLSTATE[22P02]: invalid input syntax near 'password' in user_pass") as server:
        error = fetch_fails(write_round(tmp_path / "r", server.url), LimeSurveyApiError)
    assert "near '***' in user_pass" in str(error)
    assert "'password'" not in str(error)


def test_a_failed_fetch_leaves_earlier_sets_as_they_were(tmp_path):
    with ReplayLimeSurvey() as server:
        round_dir = write_round(tmp_path / "r", server.url)
        first = fetch_round(round_dir, password=PASSWORD, **FAST).export_set
        before = tree(round_dir)
        server.bad_base64 = True
        with pytest.raises(MalformedReplyError):
            fetch_round(round_dir, password=PASSWORD, **{**FAST, "now": datetime(2026, 11, 22, tzinfo=UTC)})
    assert tree(round_dir) == before
    assert [p.name for p in (round_dir / "exports").iterdir()] == [first.name]
