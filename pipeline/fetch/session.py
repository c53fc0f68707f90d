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
from pipeline.messages import Term
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



class LimeSurveyStatus(LimeSurveyApiError):
    """LimeSurvey answered with ``result.status``: a failure that is not one of the known ones."""

    def __init__(
        self,
        message: str = "",
        *,
        status: str = "",
        hint: str = "",
        key: str | None = None,
        hint_key: str | None = None,
        **values: object,
    ) -> None:
        super().__init__(message, hint=hint, key=key, hint_key=hint_key, **values)
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


def _connection_reason(exc: BaseException) -> Term:
    """Return a short, plain reason for a connection failure."""
    text = str(exc)
    if "refused" in text.lower():
        return Term("fetch.reason.refused")
    if any(s in text for s in ("NameResolution", "Name or service not known", "getaddrinfo", "nodename nor servname")):
        return Term("fetch.reason.unknown_host")
    if "timed out" in text.lower():
        return Term("fetch.reason.timed_out")
    return Term("fetch.reason.no_connection")


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
            raise SessionExpiredError(key="fetch.session_expired", url=self.url, method=method) from None

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
            reason = Term(
                "fetch.reason.certificate"
                if "CERTIFICATE_VERIFY_FAILED" in str(exc) or "certificate verify failed" in str(exc)
                else "fetch.reason.tls_failed"
            )
            raise LimeSurveyUnreachableError(key="fetch.tls", url=url, reason=reason) from None
        except requests.exceptions.ConnectTimeout:
            raise LimeSurveyUnreachableError(key="fetch.unreachable", url=url,
                                             reason=Term("fetch.reason.timed_out")) from None
        except requests.exceptions.ReadTimeout:
            raise LimeSurveyTimeoutError(key="fetch.slow", url=url, method=method,
                                         seconds=self._read_timeout()) from None
        except requests.exceptions.ConnectionError as exc:
            raise LimeSurveyUnreachableError(key="fetch.unreachable", url=url, reason=_connection_reason(exc)) from None
        except requests.exceptions.HTTPError as exc:
            raise self._http_error(method, exc.response) from None
        except requests.exceptions.RequestException as exc:
            raise LimeSurveyUnreachableError(key="fetch.no_talk", url=url, reason=type(exc).__name__) from None
        except citric_errors.RPCInterfaceNotEnabledError:
            raise WrongEndpointError(key="fetch.empty_page", url=url, method=method) from None
        except citric_errors.ResponseMismatchError:
            # LimeSurvey answers a request it cannot read with id null ("unable to decode malformed json")
            raise MalformedReplyError(key="fetch.mismatch", url=url, method=method) from None
        except citric_errors.InvalidJSONResponseError:
            raise MalformedReplyError(key="fetch.not_json_rpc", url=url, method=method) from None
        except citric_errors.LimeSurveyStatusError as exc:
            raise self._status_error(method, str(exc)) from None
        except citric_errors.LimeSurveyApiError as exc:
            raise LimeSurveyApiError(key="fetch.api_error", url=url, method=method,
                                     error=self._scrub(str(exc))) from None
        except (KeyError, TypeError, AttributeError):
            # citric reads data["id"], data["result"]: JSON of the wrong shape ends up here
            raise MalformedReplyError(key="fetch.wrong_json", url=url, method=method) from None

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
            return ServerError(key="fetch.http_500", url=self.url, status=status, method=method, detail=detail)
        return WrongEndpointError(key="fetch.http_status", url=self.url, status=status, method=method, detail=detail)

    def _status_error(self, method: str, status: str) -> FetchError:
        status = " ".join(status.split())
        if status.startswith(STATUS_INVALID_SESSION):
            raise _SessionKeyRejected
        if status.startswith(STATUS_INVALID_LOGIN):
            return LoginFailedError(key="fetch.login_failed", url=self.url, username=self._username)
        if status.startswith(STATUS_LOCKED_OUT):
            return LoginLockedError(key="fetch.locked", url=self.url)
        if status.startswith(STATUS_NO_PERMISSION) or status.startswith(STATUS_INVALID_SURVEY):
            return NoPermissionError(key="fetch.no_permission", url=self.url, method=method, status=status,
                                     username=self._username)
        if status.startswith(STATUS_NO_DATA):
            return NoResponsesYet(key="fetch.no_responses_yet", status=status)
        return LimeSurveyStatus(key="fetch.status", status=status, url=self.url, method=method,
                                reply=self._scrub(status))
