"""A local LimeSurvey stand-in for tests: replays the exchanges recorded from a real 6.4.2 server.

Every reply is built from the recorded transcripts in ``tests/fixtures/rpc/`` (status code,
content type, envelope, status texts, the HTTP 500 HTML page) and from the recorded survey
data (structure calls and ``export_responses`` files, base64-encoded exactly as LimeSurvey
sends them). It runs ``http.server.ThreadingHTTPServer`` on 127.0.0.1, port 0, in a thread.

Faults are switches on ``ReplayLimeSurvey``: ``delay`` (slow replies), ``http_500`` (the
recorded error page), ``garbage`` (a body that is not JSON), ``bad_base64`` (an export that
does not decode), ``locked`` / automatic lock-out after three failed logins, and
``expire_after_calls`` (the session key stops working mid-download).

Two answers are not in the recordings and are marked as such below: ``get_site_settings``
(answered with the version in ``server_info.json``) and ``list_participants`` on a survey
without a participants table.
"""

from __future__ import annotations

import base64
import json
import secrets
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

TESTS = Path(__file__).resolve().parent
RPC_DIR = TESTS / "fixtures" / "rpc"
DATA_DIR = TESTS / "fixtures" / "limesurvey"
ENDPOINT = "/index.php/admin/remotecontrol"
USERNAME = "admin"
# the deliberately fake admin login of the recorded throw-away server (server_info.json)
PASSWORD = json.loads((DATA_DIR / "server_info.json").read_text(encoding="utf-8"))["admin_credentials"]["password"]
SURVEYS = {246135: "round1", 246136: "round2", 246137: "round3_empty"}
_EXT = {"csv": "csv", "json": "json", "xls": "xlsx"}


def data_file(relative: str) -> Path:
    """Return a recorded data file from the project's copy in tests/fixtures/limesurvey/."""
    path = DATA_DIR / relative
    if not path.exists():
        raise FileNotFoundError(path)
    return path


def recorded(name: str) -> dict[str, Any]:
    """Return one recorded exchange from tests/fixtures/rpc/ by its file name prefix."""
    matches = sorted(RPC_DIR.glob(f"{name}*.json"))
    if not matches:
        raise FileNotFoundError(name)
    return json.loads(matches[0].read_text(encoding="utf-8"))


@dataclass
class Reply:
    status: int
    content_type: str
    body: bytes


@dataclass
class ReplayLimeSurvey:
    """The replay server and its fault switches; use as a context manager."""

    delay: float = 0.0
    delay_methods: tuple[str, ...] = ()
    http_500: bool = False
    http_500_times: int = 0
    rpc_disabled: bool = False
    always_expire: bool = False
    login_error: str | None = None
    # answer every well-formed request with this recorded exchange (a file name prefix such as "37_")
    reply_all: str | None = None
    # serve HTTPS with this certificate chain and key (PEM files) instead of plain HTTP
    tls: tuple[Path, Path] | None = None
    garbage: bool = False
    bad_base64: bool = False
    locked: bool = False
    expire_after_calls: int | None = None
    max_login_failures: int = 3
    calls: Counter = field(default_factory=Counter)
    log: list[str] = field(default_factory=list)
    keys: set[str] = field(default_factory=set)
    released: list[str] = field(default_factory=list)
    issued: list[str] = field(default_factory=list)
    login_failures: int = 0
    authenticated_calls: int = 0
    _server: ThreadingHTTPServer | None = None
    _thread: threading.Thread | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    # -- life cycle -----------------------------------------------------------------------------

    @property
    def url(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        scheme = "https" if self.tls else "http"
        return f"{scheme}://{host}:{port}{ENDPOINT}"

    def start(self) -> ReplayLimeSurvey:
        replay = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                reply = replay.answer(self.path, self.headers.get("Content-Type", ""), body)
                self._send(reply)

            def do_GET(self) -> None:  # noqa: N802
                exchange = recorded("41_")
                self._send(Reply(exchange["http_status"], exchange["response_content_type"], b""))

            def _send(self, reply: Reply) -> None:
                try:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", reply.content_type)
                    self.send_header("Content-Length", str(len(reply.body)))
                    self.end_headers()
                    self.wfile.write(reply.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout tests)

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request: Any, client_address: Any) -> None:
                pass

        self._server = Server(("127.0.0.1", 0), Handler)
        if self.tls is not None:
            import ssl

            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*self.tls)
            self._server.socket = context.wrap_socket(self._server.socket, server_side=True)
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> ReplayLimeSurvey:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- replies ----------------------------------------------------------------------------------

    @staticmethod
    def _json(request_id: Any, result: Any = None, error: Any = None) -> Reply:
        envelope = {"id": request_id, "result": result, "error": error}
        return Reply(200, "application/json", json.dumps(envelope).encode("utf-8"))

    def _recorded_reply(self, name: str, request_id: Any) -> Reply:
        """Return a recorded reply, with the request's id echoed as LimeSurvey does."""
        exchange = recorded(name)
        response = exchange["response"]
        if exchange["response_kind"] == "json":
            # a reply recorded with id null (the request could not be read) keeps its null
            echoed = request_id if response.get("id") is not None else None
            return self._json(echoed, response["result"], response["error"])
        return Reply(exchange["http_status"], exchange["response_content_type"], response.encode("utf-8"))

    def answer(self, path: str, content_type: str, body: bytes) -> Reply:
        """Return the reply a LimeSurvey 6.4.2 server gives to one POST."""
        if path != ENDPOINT:
            return self._recorded_reply("42_", None)
        if not content_type.startswith("application/json"):
            return Reply(200, "text/html; charset=UTF-8", b"")
        try:
            request = json.loads(body)
            method, params, request_id = request["method"], list(request.get("params") or []), request.get("id")
        except (ValueError, KeyError, TypeError):
            return self._recorded_reply("37_", None)
        with self._lock:
            self.calls[method] += 1
            self.log.append(method)
        if self.delay and (not self.delay_methods or method in self.delay_methods):
            time.sleep(self.delay)
        if request_id is None:
            return Reply(200, "text/html; charset=UTF-8", b"")
        with self._lock:
            transient = self.http_500_times > 0
            self.http_500_times -= 1 if transient else 0
        if self.reply_all is not None:
            return self._recorded_reply(self.reply_all, request_id)
        if self.http_500 or transient:
            return self._recorded_reply("35_", request_id)
        if self.rpc_disabled:
            # what RemoteControl answers when it does not treat the request as JSON-RPC (recorded 38, 40, 41)
            return Reply(200, "text/html; charset=UTF-8", b"")
        if self.garbage:
            return Reply(200, "application/json", b"\x00\x17<b>Fatal error</b>: {not json at all")

        if method == "get_session_key":
            return self._login(params, request_id)
        if method == "release_session_key":
            with self._lock:
                if params and params[0] in self.keys:
                    self.keys.discard(params[0])
                self.released.append(params[0] if params else "")
            return self._recorded_reply("43_", request_id)

        handler = getattr(self, f"_rc_{method}", None)
        if handler is None:
            return self._recorded_reply("35_", request_id)
        with self._lock:
            key_ok = bool(params) and params[0] in self.keys and not self.always_expire
            if key_ok:
                self.authenticated_calls += 1
                if self.expire_after_calls is not None and self.authenticated_calls > self.expire_after_calls:
                    # the server forgets every key once, as after a session timeout
                    self.keys.clear()
                    self.expire_after_calls = None
                    key_ok = False
        if not key_ok:
            return self._recorded_reply("04_", request_id)
        try:
            return handler(request_id, *params[1:])
        except TypeError:
            return self._recorded_reply("36_", request_id)

    def _login(self, params: list[Any], request_id: Any) -> Reply:
        if self.login_error is not None:
            # a JSON-RPC ``error`` string, as LimeSurvey 6.4 on PostgreSQL sent for every login (FORMATS.md 6.12)
            return self._json(request_id, None, self.login_error)
        with self._lock:
            if self.locked:
                return self._recorded_reply("47_", request_id)
            if params[:2] != [USERNAME, PASSWORD]:
                self.login_failures += 1
                if self.login_failures >= self.max_login_failures:
                    self.locked = True
                return self._recorded_reply("02_", request_id)
            key = secrets.token_urlsafe(24)[:32]
            self.keys.add(key)
            self.issued.append(key)
        return self._json(request_id, key)

    # -- RC2 methods (params after the session key, in PHP signature order) ---------------------

    def _survey(self, survey_id: Any) -> str | None:
        return SURVEYS.get(int(survey_id)) if str(survey_id).isdigit() else None

    def _structure(self, request_id: Any, survey_id: Any, name: str) -> Reply:
        folder = self._survey(survey_id)
        if folder is None:
            return self._recorded_reply("13_", request_id)
        return self._json(request_id, json.loads(data_file(f"{folder}/structure/{name}.json").read_text("utf-8")))

    def _rc_get_survey_properties(self, request_id: Any, survey_id: Any, settings: Any = None) -> Reply:
        return self._structure(request_id, survey_id, "get_survey_properties")

    def _rc_get_summary(self, request_id: Any, survey_id: Any, stat: Any = "all") -> Reply:
        return self._structure(request_id, survey_id, "get_summary")

    def _rc_get_language_properties(self, request_id: Any, survey_id: Any, settings: Any = None, lang: Any = None) -> Reply:
        return self._structure(request_id, survey_id, f"get_language_properties_{lang or 'nl'}")

    def _rc_list_groups(self, request_id: Any, survey_id: Any, lang: Any = None) -> Reply:
        return self._structure(request_id, survey_id, f"list_groups_{lang or 'nl'}")

    def _rc_list_questions(self, request_id: Any, survey_id: Any, group_id: Any = None, lang: Any = None) -> Reply:
        return self._structure(request_id, survey_id, f"list_questions_{lang or 'nl'}")

    def _rc_get_question_properties(self, request_id: Any, question_id: Any, settings: Any = None, lang: Any = None) -> Reply:
        for folder in SURVEYS.values():
            by_code = json.loads(data_file(f"{folder}/structure/get_question_properties_{lang or 'nl'}.json").read_text("utf-8"))
            for properties in by_code.values():
                if properties.get("qid") == int(question_id):
                    return self._json(request_id, properties)
        return self._json(request_id, {"status": "Error: Invalid questionid"})  # not recorded

    def _rc_list_participants(
        self, request_id: Any, survey_id: Any, start: int = 0, limit: int = 10, *rest: Any
    ) -> Reply:
        folder = self._survey(survey_id)
        if folder is None:
            return self._recorded_reply("13_", request_id)
        try:
            people = json.loads(data_file(f"{folder}/structure/list_participants.json").read_text("utf-8"))
        except FileNotFoundError:
            return self._json(request_id, {"status": "Error: No survey participants table"})  # not recorded
        page = people[int(start): int(start) + int(limit)]
        if not page:
            return self._json(request_id, {"status": "No survey participants found."})  # not recorded
        return self._json(request_id, page)

    def _rc_get_site_settings(self, request_id: Any, name: Any) -> Reply:
        # not recorded: answered from server_info.json, which the recording server reported
        info = json.loads(data_file("server_info.json").read_text("utf-8"))
        if name == "versionnumber":
            return self._json(request_id, info["limesurvey"]["versionnumber"])
        return self._json(request_id, {"status": "Invalid setting"})

    def _rc_export_responses(
        self,
        request_id: Any,
        survey_id: Any,
        document_type: Any,
        language: Any = None,
        completion: Any = "all",
        heading: Any = "code",
        response_type: Any = "short",
        *rest: Any,
    ) -> Reply:
        folder = self._survey(survey_id)
        if folder is None:
            return self._recorded_reply("23_", request_id)
        if folder == "round3_empty":
            return self._recorded_reply("22_", request_id)
        properties = json.loads(data_file(f"{folder}/structure/get_survey_properties.json").read_text("utf-8"))
        if language is not None and language not in [properties["language"], *properties["additional_languages"].split()]:
            return self._recorded_reply("24_", request_id)
        if document_type not in _EXT:
            return self._recorded_reply("25_", request_id)
        suffix = "_en" if language == "en" else ""
        name = f"{folder}/exports/responses_{document_type}_{heading}_{response_type}_{completion}{suffix}.{_EXT[document_type]}"
        if self.bad_base64:
            return self._json(request_id, "77u/ImlkIjsic3VibWl0ZGF0ZSI7!!not base64!!")
        return self._json(request_id, base64.b64encode(data_file(name).read_bytes()).decode("ascii"))


def closed_port_url() -> str:
    """Return a loopback RemoteControl URL on a port where nothing listens."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}{ENDPOINT}"


def write_round(round_dir: Path, url: str, survey_id: int = 246135, *, extra: str = "") -> Path:
    """Write a minimal round.toml with a [limesurvey] table into ``round_dir`` and return the folder."""
    round_dir.mkdir(parents=True, exist_ok=True)
    (round_dir / "round.toml").write_text(
        "[round]\n"
        f'id = "fetched-{survey_id}"\n'
        'title = "Opgehaalde ronde"\n'
        f"{extra}\n"
        "[limesurvey]\n"
        f'url = "{url}"\n'
        f"survey_id = {survey_id}\n"
        f'username = "{USERNAME}"\n',
        encoding="utf-8",
    )
    return round_dir


def tree(folder: Path) -> dict[str, bytes]:
    """Return every file under ``folder`` with its bytes (to prove nothing changed)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
