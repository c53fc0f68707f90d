"""A RemoteControl 2 session: JSON-RPC over ``requests``, and the one place that maps failures.

citric's ``Session`` does the JSON-RPC work (envelope, request id check, session key on
every call, ``release_session_key`` on close). This module gives it a ``requests.Session``
with timeouts, retries with backoff and TLS verification, logs in again once when LimeSurvey
forgets the key, and turns every failure shape seen on a real LimeSurvey 6 server into one
``FetchError`` that says what to check.

The password lives only in this object's memory: it is never logged, written or put into
an error message.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from types import TracebackType
from typing import Any, Self, TypeVar

import requests
from citric import exceptions as citric_errors
from citric.session import Session as CitricSession
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from pipeline.errors import FetchError
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

T = TypeVar("T")

Timeout = float | tuple[float, float]
# (connect, read): a large export can take a while to build on the server
DEFAULT_TIMEOUT: tuple[float, float] = (10.0, 120.0)
DEFAULT_RETRIES = 3
DEFAULT_BACKOFF = 0.5
RETRY_STATUSES = (500, 502, 503, 504)

# LimeSurvey's result.status texts, as recorded from a real 6.4.2 server
STATUS_INVALID_LOGIN = "Invalid user name or password"
STATUS_LOCKED_OUT = "You have exceeded the number of maximum login attempts"
STATUS_INVALID_SESSION = "Invalid session key"
STATUS_NO_PERMISSION = "No permission"
STATUS_INVALID_SURVEY = "Error: Invalid survey ID"
STATUS_NO_DATA = "No Data"

_CHECK_URL = "Check the [limesurvey] url in round.toml (it ends in /index.php/admin/remotecontrol)"


class LimeSurveyStatus(LimeSurveyApiError):
    """LimeSurvey answered with ``result.status``: a failure that is not one of the known ones."""

    def __init__(self, message: str, *, status: str, hint: str = "") -> None:
        super().__init__(message, hint=hint)
        self.status = status


class NoResponsesYet(FetchError):
    """An export was refused because the survey has no responses yet (not a failure for fetch)."""


class _SessionKeyRejected(Exception):
    """Internal: LimeSurvey no longer knows the session key."""


class _TimeoutAdapter(HTTPAdapter):
    """An HTTPAdapter that applies a default (connect, read) timeout, and an explicit CA bundle, to every request."""

    def __init__(self, timeout: Timeout, verify: bool | str, **kwargs: Any) -> None:
        self._timeout = timeout
        self._verify = verify
        super().__init__(**kwargs)

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = self._timeout
        if isinstance(self._verify, str):
            # requests lets REQUESTS_CA_BUNDLE override a session's own bundle; an explicit one wins here
            kwargs["verify"] = self._verify
        return super().send(request, **kwargs)


def http_session(*, timeout: Timeout, retries: int, backoff: float, verify: bool | str) -> requests.Session:
    """Return a requests.Session with timeouts, retries with backoff on connection errors and 5xx."""
    retry = Retry(
        total=retries,
        connect=retries,
        # a read timeout is not retried: a slow server would only make the wait longer
        read=False,
        status=retries,
        other=0,
        redirect=0,
        backoff_factor=backoff,
        status_forcelist=RETRY_STATUSES,
        # every RC2 call is a POST; the calls fetch makes only read, so repeating them is safe
        allowed_methods=frozenset({"POST"}),
        # hand the last error page back so that it can be described
        raise_on_status=False,
        respect_retry_after_header=False,
    )
    session = requests.Session()
    adapter = _TimeoutAdapter(timeout, verify, max_retries=retry)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.verify = verify
    return session


def _visible_text(body: str, limit: int = 200) -> str:
    """Return the readable text of an HTML error page, shortened to one line."""
    body = re.sub(r"(?is)<(script|style|head)\b.*?</\1>", " ", body)
    text = html.unescape(re.sub(r"<[^>]+>", " ", body))
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _connection_reason(exc: BaseException) -> str:
    """Return a short, plain reason for a connection failure."""
    text = str(exc)
    if "refused" in text.lower():
        return "the connection was refused"
    if any(s in text for s in ("NameResolution", "Name or service not known", "getaddrinfo", "nodename nor servname")):
        return "the host name is unknown"
    if "timed out" in text.lower():
        return "the connection timed out"
    return "no connection could be made"


class RemoteControlSession:
    """A logged-in RemoteControl 2 session; use as a context manager so the key is always released."""

    def __init__(
        self,
        url: str,
        username: str,
        password: str,
        *,
        timeout: Timeout = DEFAULT_TIMEOUT,
        retries: int = DEFAULT_RETRIES,
        backoff: float = DEFAULT_BACKOFF,
        verify: bool | str = True,
    ) -> None:
        self.url = url
        self._username = username
        self._password = password
        self._timeout = timeout
        self._http = http_session(timeout=timeout, retries=retries, backoff=backoff, verify=verify)
        self._rpc: CitricSession | None = None
        self.logins = 0

    # -- life cycle -------------------------------------------------------------------------

    def open(self) -> Self:
        """Log in and keep the session key."""
        if self._rpc is None:
            self._rpc = self._login()
        return self

    def close(self) -> None:
        """Release the session key (failures to release are ignored) and close the connections."""
        rpc, self._rpc = self._rpc, None
        try:
            if rpc is not None:
                self._translated("release_session_key", rpc.release_session_key)
        except (FetchError, _SessionKeyRejected):
            # the key expires on the server by itself; a failed release must not hide the real error
            pass
        finally:
            self._http.close()

    def __enter__(self) -> Self:
        try:
            return self.open()
        except BaseException:
            self._http.close()
            raise

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- calls --------------------------------------------------------------------------------

    def call(self, method: str, *params: Any) -> Any:
        """Return the result of an RC2 method (the session key goes first); log in again once if needed."""
        if self._rpc is None:
            raise RuntimeError("RemoteControlSession.call before open()")
        try:
            return self._translated(method, lambda: self._rpc.rpc(method, *params))  # type: ignore[union-attr]
        except _SessionKeyRejected:
            pass
        # the key expired or was dropped by the server: log in again, once, and repeat the call
        self._rpc = self._login()
        try:
            return self._translated(method, lambda: self._rpc.rpc(method, *params))  # type: ignore[union-attr]
        except _SessionKeyRejected:
            raise SessionExpiredError(
                f"LimeSurvey at {self.url} rejected the session key for {method} "
                "even right after logging in again.",
                hint="Check that the server's clock and session settings are sane, then try again; "
                "if it keeps happening, ask the LimeSurvey administrator.",
            ) from None

    def _login(self) -> CitricSession:
        self.logins += 1
        return self._translated(
            "get_session_key",
            lambda: CitricSession(self.url, self._username, self._password, requests_session=self._http),
        )

    # -- the one place where failures are mapped ----------------------------------------------

    def _translated(self, method: str, action: Callable[[], T]) -> T:
        """Run one RPC action and turn every failure into a FetchError that says what to check."""
        url = self.url
        try:
            return action()
        except requests.exceptions.SSLError as exc:
            reason = (
                "its certificate could not be verified"
                if "CERTIFICATE_VERIFY_FAILED" in str(exc) or "certificate verify failed" in str(exc)
                else "the secure connection failed"
            )
            raise LimeSurveyUnreachableError(
                f"Could not set up a secure (TLS) connection to LimeSurvey at {url}: {reason}.",
                hint=f"{_CHECK_URL}. If the server uses a certificate from your own organisation, "
                "set REQUESTS_CA_BUNDLE to that certificate file; never switch verification off.",
            ) from None
        except requests.exceptions.ConnectTimeout:
            raise LimeSurveyUnreachableError(
                f"Could not reach LimeSurvey at {url}: the connection timed out.",
                hint=f"{_CHECK_URL}, that the server is up, and your network connection.",
            ) from None
        except requests.exceptions.ReadTimeout:
            raise LimeSurveyTimeoutError(
                f"LimeSurvey at {url} did not answer {method} within {self._read_timeout():g} seconds.",
                hint="The server may be busy: try again later, or allow more time with --timeout SECONDS.",
            ) from None
        except requests.exceptions.ConnectionError as exc:
            raise LimeSurveyUnreachableError(
                f"Could not reach LimeSurvey at {url}: {_connection_reason(exc)}.",
                hint=f"{_CHECK_URL}, that the server is up, and your network connection.",
            ) from None
        except requests.exceptions.HTTPError as exc:
            raise self._http_error(method, exc.response) from None
        except requests.exceptions.RequestException as exc:
            raise LimeSurveyUnreachableError(
                f"Could not talk to LimeSurvey at {url} ({type(exc).__name__}).",
                hint=f"{_CHECK_URL} and that the server is up.",
            ) from None
        except citric_errors.RPCInterfaceNotEnabledError:
            raise WrongEndpointError(
                f"{url} answered {method} with an empty page instead of a JSON-RPC reply.",
                hint=f"{_CHECK_URL}, and that RemoteControl is switched on in LimeSurvey "
                "(Configuration > Global settings > Interfaces: JSON-RPC).",
            ) from None
        except citric_errors.ResponseMismatchError:
            # LimeSurvey answers a request it cannot read with id null ("unable to decode malformed json")
            raise MalformedReplyError(
                f"LimeSurvey at {url} answered {method} with a reply that does not belong to the request.",
                hint="The request may have been altered on the way (a proxy or firewall in between); "
                "check the [limesurvey] url in round.toml and try again.",
            ) from None
        except citric_errors.InvalidJSONResponseError:
            raise MalformedReplyError(
                f"LimeSurvey at {url} answered {method} with something that is not a JSON-RPC reply.",
                hint=f"{_CHECK_URL}; a proxy or login page in front of LimeSurvey can cause this.",
            ) from None
        except citric_errors.LimeSurveyStatusError as exc:
            raise self._status_error(method, str(exc)) from None
        except citric_errors.LimeSurveyApiError as exc:
            raise LimeSurveyApiError(
                f"LimeSurvey at {url} reported an error for {method}: {self._scrub(str(exc))}",
                hint="This is LimeSurvey's own message; show it to the LimeSurvey administrator.",
            ) from None
        except (KeyError, TypeError, AttributeError):
            # citric reads data["id"], data["result"]: JSON of the wrong shape ends up here
            raise MalformedReplyError(
                f"LimeSurvey at {url} answered {method} with JSON that is not a JSON-RPC reply.",
                hint=f"{_CHECK_URL}; a proxy in front of LimeSurvey can cause this.",
            ) from None

    def _scrub(self, text: str) -> str:
        """Return server-supplied text with the password and session key blanked out, on one line."""
        secrets = [self._password, getattr(self._rpc, "key", None) or ""]
        for secret in secrets:
            if len(secret) >= 4:
                text = text.replace(secret, "***")
        return " ".join(text.split())

    def _read_timeout(self) -> float:
        return self._timeout[1] if isinstance(self._timeout, tuple) else self._timeout

    def _http_error(self, method: str, response: requests.Response | None) -> FetchError:
        status = response.status_code if response is not None else 0
        page = self._scrub(_visible_text(response.text)) if response is not None else ""
        detail = f": {page}" if page else ""
        if status >= 500:
            return ServerError(
                f"LimeSurvey at {self.url} failed with HTTP {status} on {method}{detail}",
                hint="The server had an internal error: try again later; if it persists, "
                "show this message to the LimeSurvey administrator.",
            )
        return WrongEndpointError(
            f"{self.url} answered {method} with HTTP {status} instead of a JSON-RPC reply{detail}",
            hint=f"{_CHECK_URL}. If the server uses the '?r=admin/remotecontrol' form, use that instead "
            "(LimeSurvey answers HTTP 400 when the form does not match its URL format).",
        )

    def _status_error(self, method: str, status: str) -> FetchError:
        status = " ".join(status.split())
        where = f"LimeSurvey at {self.url}"
        if status.startswith(STATUS_INVALID_SESSION):
            raise _SessionKeyRejected
        if status.startswith(STATUS_INVALID_LOGIN):
            return LoginFailedError(
                f"{where} refused the login of user {self._username!r}: wrong user name or password.",
                hint="Check [limesurvey] username in round.toml and the password in LIMESURVEY_PASSWORD. "
                "Careful: after three failed logins LimeSurvey locks this computer out for ten minutes.",
            )
        if status.startswith(STATUS_LOCKED_OUT):
            return LoginLockedError(
                f"{where} refuses logins from this computer after too many failed attempts.",
                hint="Wait ten minutes before trying again (even the right password is refused until then), "
                "and check [limesurvey] username and the password in LIMESURVEY_PASSWORD first.",
            )
        if status.startswith(STATUS_NO_PERMISSION) or status.startswith(STATUS_INVALID_SURVEY):
            return NoPermissionError(
                f"{where} refused {method}: {status!r}. The survey does not exist, "
                f"or user {self._username!r} may not read it.",
                hint="Check [limesurvey] survey_id in round.toml (the number in the survey's address in "
                "LimeSurvey) and ask the survey's owner to give this user permission to export responses.",
            )
        if status.startswith(STATUS_NO_DATA):
            return NoResponsesYet(f"Survey has no responses yet ({status}).")
        return LimeSurveyStatus(
            f"{where} refused {method}: {self._scrub(status)!r}.",
            status=status,
            hint="This is LimeSurvey's own message; check round.toml's [limesurvey] table, "
            "or show the message to the LimeSurvey administrator.",
        )
