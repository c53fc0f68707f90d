"""What can go wrong while fetching from LimeSurvey; each error says what to check."""

from __future__ import annotations

from pipeline.errors import FetchError


class LimeSurveyUnreachableError(FetchError):
    """No connection to the server (refused, unknown host, TLS failure)."""


class LimeSurveyTimeoutError(FetchError):
    """The server accepted the connection but did not answer in time."""


class LoginFailedError(FetchError):
    """LimeSurvey refused the user name or password."""


class LoginLockedError(FetchError):
    """Too many failed logins from this computer: LimeSurvey refuses every login for ten minutes."""


class SessionExpiredError(FetchError):
    """The session key stopped working, and logging in again did not help."""


class NoPermissionError(FetchError):
    """The survey does not exist, or this user may not read it."""


class ServerError(FetchError):
    """The server answered with an HTTP error page instead of a JSON-RPC reply."""


class WrongEndpointError(FetchError):
    """The URL answers, but not as LimeSurvey's RemoteControl JSON-RPC interface."""


class MalformedReplyError(FetchError):
    """The reply could not be understood: not JSON, wrong shape, or an export that is not base64."""


class LimeSurveyApiError(FetchError):
    """LimeSurvey reported an error of its own (shown as it sent it)."""
