"""Download a round from LimeSurvey's RemoteControl 2 API into a new, dated export set.

``fetch_round`` logs in, downloads the responses (CSV, code headings, short answers, every
completion state: the variant the ingest reads best) and the structure calls (LimeSurvey 6
has no ``.lss`` export over RemoteControl), writes them into a hidden folder under
``ROUND_DIR/exports/``, writes ``manifest.json`` last and renames the folder into place. An
earlier set is never touched. The session key is released on every path out.
"""

from __future__ import annotations

import csv
import io
import ipaddress
import json
import os
import secrets
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pipeline import __version__
from pipeline.config import LimeSurveySettings, load_round_config
from pipeline.errors import ConfigError, FetchError
from pipeline.exportsets import (
    EXPORTS_DIR,
    MANIFEST,
    MANIFEST_FORMAT,
    PARTICIPANTS_FILE,
    RESPONSES_FILE,
    STRUCTURE_DIR,
    ExportSet,
    export_set_by_name,
    set_name,
)
from pipeline.files import file_sha256
from pipeline.fetch.client import RemoteControlClient
from pipeline.fetch.session import (
    DEFAULT_BACKOFF,
    DEFAULT_RETRIES,
    DEFAULT_TIMEOUT,
    NoResponsesYet,
    RemoteControlSession,
    Timeout,
)

__all__ = ["FetchResult", "PASSWORD_VARIABLE", "fetch_round", "check_url", "is_loopback"]

PASSWORD_VARIABLE = "LIMESURVEY_PASSWORD"
_PARTICIPANTS_PAGE = 1000


@dataclass(frozen=True)
class FetchResult:
    """What one fetch wrote: the new set and the response counts in it."""

    export_set: ExportSet
    responses: int
    complete: int
    incomplete: int
    files: int
    server_version: str | None

    @property
    def no_responses(self) -> bool:
        return not self.export_set.has_responses


def is_loopback(host: str) -> bool:
    """True when ``host`` names this computer itself (``localhost``, 127.0.0.0/8, ``::1``), without a DNS look-up."""
    host = host.strip("[]").rstrip(".").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_url(url: str, where: str, *, insecure_http: bool = False) -> str:
    """Return the RemoteControl URL if it can be used, else raise ConfigError saying why.

    Plain ``http://`` would send the password and every answer unencrypted, so it is refused
    for anything but this computer itself unless ``insecure_http`` is given.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(key="fetch.not_an_address", where=where, url=url)
    if parts.username is not None or parts.password is not None:
        raise ConfigError(key="fetch.credentials_in_url", where=where, variable=PASSWORD_VARIABLE)
    if parts.scheme == "http" and not insecure_http and not is_loopback(parts.hostname):
        raise ConfigError(key="fetch.plain_http", where=where, url=url, host=parts.hostname)
    return url


def _json_bytes(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _utc_text(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _completion_counts(data: bytes) -> tuple[int, int]:
    """Return (complete, incomplete) rows of an RC2 CSV export, by its submitdate column."""
    if not data:
        return 0, 0
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FetchError(key="fetch.not_utf8") from None
    rows = [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=";") if row]
    if not rows:
        return 0, 0
    header, records = rows[0], rows[1:]
    if "submitdate" not in header:
        return len(records), 0
    at = header.index("submitdate")
    complete = sum(1 for r in records if at < len(r) and r[at].strip())
    return complete, len(records) - complete


class _SetWriter:
    """Writes the files of one set into a hidden folder and records each one for the manifest."""

    def __init__(self, folder: Path, clock: Any) -> None:
        self.folder = folder
        self.clock = clock
        self.entries: list[dict[str, Any]] = []

    def write(self, name: str, data: bytes) -> None:
        path = self.folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("xb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        self.entries.append(
            {"file": name, "sha256": file_sha256(path), "bytes": len(data), "fetched_at": _utc_text(self.clock())}
        )


@dataclass(frozen=True)
class _Downloaded:
    properties: dict[str, Any]
    responses: bytes
    server_version: str | None
    languages: list[str]
    no_responses: bool
    participants: str | None


def _structure_name(call: str, language: str | None = None) -> str:
    return f"{STRUCTURE_DIR}/{call}_{language}.json" if language else f"{STRUCTURE_DIR}/{call}.json"


def _download(
    client: RemoteControlClient, survey_id: int, writer: _SetWriter
) -> _Downloaded:
    """Fetch the structure calls and the responses into ``writer``; return what the manifest needs."""
    properties = client.get_survey_properties(survey_id)
    writer.write(_structure_name("get_survey_properties"), _json_bytes(properties))
    base = str(properties.get("language") or "").strip()
    extra = str(properties.get("additional_languages") or "").split()
    languages = [lang for lang in dict.fromkeys([base, *extra]) if lang]

    summary = client.get_summary(survey_id)
    writer.write(_structure_name("get_summary"), _json_bytes(summary))

    for language in languages:
        writer.write(
            _structure_name("get_language_properties", language),
            _json_bytes(client.get_language_properties(survey_id, language)),
        )
        writer.write(_structure_name("list_groups", language), _json_bytes(client.list_groups(survey_id, language)))
        questions = client.list_questions(survey_id, language)
        writer.write(_structure_name("list_questions", language), _json_bytes(questions))
        by_code: dict[str, Any] = {}
        for question in questions:
            if int(question.get("parent_qid") or 0) == 0:
                by_code[str(question["title"])] = client.get_question_properties(int(question["qid"]), language)
        writer.write(_structure_name("get_question_properties", language), _json_bytes(by_code))

    participants: str | None = None
    # get_summary lists token_* counts only when the survey has a participants table
    if int(summary.get("token_count") or 0) > 0:
        people: list[dict[str, Any]] = []
        while True:
            page = client.list_participants(survey_id, start=len(people), limit=_PARTICIPANTS_PAGE)
            people.extend(page)
            if len(page) < _PARTICIPANTS_PAGE:
                break
        writer.write(PARTICIPANTS_FILE, _json_bytes(people))
        participants = PARTICIPANTS_FILE

    try:
        version = client.get_site_setting("versionnumber")
        server_version = version if isinstance(version, str) and version.strip() else None
    except FetchError:
        # only super administrators may read site settings; the version is optional
        server_version = None

    no_responses = False
    try:
        responses = client.export_responses(
            survey_id, document_type="csv", completion_status="all", heading_type="code", response_type="short"
        )
    except NoResponsesYet:
        responses, no_responses = b"", True
    writer.write(RESPONSES_FILE, responses)
    return _Downloaded(properties, responses, server_version, languages, no_responses, participants)


def fetch_round(
    round_dir: Path,
    *,
    password: str,
    timeout: Timeout = DEFAULT_TIMEOUT,
    now: datetime | None = None,
    retries: int = DEFAULT_RETRIES,
    backoff: float = DEFAULT_BACKOFF,
    verify: bool | str = True,
    insecure_http: bool = False,
) -> FetchResult:
    """Download the round's survey into a new dated set under ``ROUND_DIR/exports/`` and return it."""
    config = load_round_config(Path(round_dir))
    settings: LimeSurveySettings | None = config.limesurvey
    if settings is None:
        raise ConfigError(key="fetch.no_table", file=config.config_file, variable=PASSWORD_VARIABLE)
    url = check_url(settings.url, f"{config.config_file}, [limesurvey] url", insecure_http=insecure_http)
    if not password:
        raise ConfigError(key="fetch.password_missing", username=settings.username, variable=PASSWORD_VARIABLE)
    fetched_at = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    clock = (lambda: fetched_at) if now is not None else (lambda: datetime.now(UTC))
    exports = config.round_dir / EXPORTS_DIR

    with RemoteControlSession(
        url, settings.username, password, timeout=timeout, retries=retries, backoff=backoff, verify=verify
    ) as session:
        # logged in: only now is anything written
        created_exports = not exports.exists()
        staging = exports / f".fetching-{secrets.token_hex(6)}"
        try:
            staging.mkdir(parents=True)
            writer = _SetWriter(staging, clock)
            got = _download(RemoteControlClient(session), settings.survey_id, writer)
            complete, incomplete = _completion_counts(got.responses)
            name = _free_set_name(exports, fetched_at)
            manifest = {
                "format": MANIFEST_FORMAT,
                "name": name,
                "fetched_at": _utc_text(fetched_at),
                "fetched_by": f"samenspel {__version__}",
                "url": url,
                "username": settings.username,
                "survey_id": settings.survey_id,
                "survey_title": _title(writer, got.languages),
                "server_version": got.server_version,
                "languages": got.languages,
                "responses": {
                    "file": RESPONSES_FILE,
                    "document_type": "csv",
                    "heading_type": "code",
                    "response_type": "short",
                    "completion_status": "all",
                    "no_responses": got.no_responses,
                    "complete": complete,
                    "incomplete": incomplete,
                },
                "structure": STRUCTURE_DIR,
                "participants": got.participants,
                "files": writer.entries,
            }
            # the manifest is written last: a set without one is never used
            with (staging / MANIFEST).open("xb") as handle:
                handle.write(_json_bytes(manifest))
                handle.flush()
                os.fsync(handle.fileno())
            # a rename never replaces a non-empty folder, so an earlier set cannot be overwritten
            staging.rename(exports / name)
        except BaseException as exc:
            shutil.rmtree(staging, ignore_errors=True)
            if created_exports:
                try:
                    exports.rmdir()
                except OSError:
                    pass
            if isinstance(exc, OSError):
                raise FetchError(key="fetch.write_failed", folder=exports, reason=exc.strerror or str(exc)) from None
            raise

    export_set = export_set_by_name(config.round_dir, name)
    return FetchResult(
        export_set=export_set,
        responses=complete + incomplete,
        complete=complete,
        incomplete=incomplete,
        files=len(writer.entries) + 1,
        server_version=export_set.manifest["server_version"],
    )


def _title(writer: _SetWriter, languages: list[str]) -> str | None:
    """Return the survey title in its base language, read back from the saved language properties."""
    if not languages:
        return None
    path = writer.folder / _structure_name("get_language_properties", languages[0])
    try:
        title = json.loads(path.read_text(encoding="utf-8")).get("surveyls_title")
    except (OSError, ValueError, AttributeError):
        return None
    return title if isinstance(title, str) else None


def _free_set_name(exports: Path, fetched_at: datetime) -> str:
    """Return a set name that no folder uses yet (a suffix when two fetches share a second)."""
    name = set_name(fetched_at)
    candidate, n = name, 1
    while (exports / candidate).exists():
        n += 1
        candidate = f"{name}-{n}"
    return candidate
