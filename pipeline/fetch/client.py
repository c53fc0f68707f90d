"""One typed method per RemoteControl 2 call that ``samenspel fetch`` uses.

Parameters are passed positionally in the order of LimeSurvey's PHP signatures, as in the
recorded exchanges. Every result is checked for the shape the call promises, so a strange
reply becomes a ``MalformedReplyError`` here instead of a confusing failure later.
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import Any, Literal

from pipeline.fetch.errors import MalformedReplyError
from pipeline.fetch.session import LimeSurveyStatus, RemoteControlSession

DocumentType = Literal["csv", "json", "xls"]
CompletionStatus = Literal["all", "complete", "incomplete"]
HeadingType = Literal["code", "abbreviated", "full"]
ResponseType = Literal["short", "long"]

# what LimeSurvey answers list_participants with when there is nobody (or no table) to list
_NO_PARTICIPANTS = ("No survey participants found", "Error: No survey participants table", "No participants found")
_BASE64 = re.compile(rb"^[A-Za-z0-9+/]*={0,2}$")


class RemoteControlClient:
    """Typed RC2 calls over a logged-in ``RemoteControlSession``."""

    def __init__(self, session: RemoteControlSession) -> None:
        self.session = session

    def _expect(self, method: str, result: Any, kind: type) -> Any:
        if not isinstance(result, kind):
            raise MalformedReplyError(key="fetch.unexpected_type", hint_key="fetch.not_limesurvey.hint",
                                      url=self.session.url, method=method, found=type(result).__name__,
                                      expected=kind.__name__)
        return result

    def get_survey_properties(self, survey_id: int) -> dict[str, Any]:
        """Return every property of a survey (base language, additional languages, settings)."""
        result = self.session.call("get_survey_properties", survey_id)
        return self._expect("get_survey_properties", result, dict)

    def get_language_properties(self, survey_id: int, language: str) -> dict[str, Any]:
        """Return a survey's texts (title, welcome, end text ...) in one language."""
        result = self.session.call("get_language_properties", survey_id, None, language)
        return self._expect("get_language_properties", result, dict)

    def list_groups(self, survey_id: int, language: str) -> list[dict[str, Any]]:
        """Return the question groups of a survey in one language."""
        result = self.session.call("list_groups", survey_id, language)
        return self._expect("list_groups", result, list)

    def list_questions(self, survey_id: int, language: str) -> list[dict[str, Any]]:
        """Return every question and subquestion of a survey (flat, unsorted) in one language."""
        result = self._expect("list_questions", self.session.call("list_questions", survey_id, None, language), list)
        for question in result:
            if not isinstance(question, dict) or not {"qid", "title", "parent_qid"} <= question.keys():
                raise MalformedReplyError(key="fetch.not_a_question", hint_key="fetch.not_limesurvey.hint",
                                          url=self.session.url)
        return result

    def get_question_properties(self, question_id: int, language: str) -> dict[str, Any]:
        """Return all properties of one question (answer options, subquestions, attributes)."""
        result = self.session.call("get_question_properties", question_id, None, language)
        return self._expect("get_question_properties", result, dict)

    def get_summary(self, survey_id: int) -> dict[str, Any]:
        """Return response counts, and participant counts when there is a participants table."""
        result = self.session.call("get_summary", survey_id)
        return self._expect("get_summary", result, dict)

    def list_participants(
        self,
        survey_id: int,
        *,
        start: int = 0,
        limit: int = 1000,
        attributes: tuple[str, ...] = ("completed", "usesleft", "language"),
    ) -> list[dict[str, Any]]:
        """Return one page of the participants table (an empty list when there is nobody)."""
        try:
            result = self.session.call("list_participants", survey_id, start, limit, False, list(attributes), {})
        except LimeSurveyStatus as exc:
            if exc.status.startswith(_NO_PARTICIPANTS):
                return []
            raise
        return self._expect("list_participants", result, list)

    def get_site_setting(self, name: str) -> Any:
        """Return one global setting (only for super administrators)."""
        return self.session.call("get_site_settings", name)

    def export_responses(
        self,
        survey_id: int,
        *,
        document_type: DocumentType = "csv",
        language: str | None = None,
        completion_status: CompletionStatus = "all",
        heading_type: HeadingType = "code",
        response_type: ResponseType = "short",
    ) -> bytes:
        """Return the exported file's bytes, decoded from the one base64 string LimeSurvey sends."""
        result = self.session.call(
            "export_responses", survey_id, document_type, language, completion_status, heading_type, response_type
        )
        if not isinstance(result, str):
            raise MalformedReplyError(key="fetch.export_not_text", hint_key="fetch.not_limesurvey.hint",
                                      url=self.session.url, found=type(result).__name__)
        return decode_export(result, url=self.session.url)


def decode_export(payload: str, *, url: str) -> bytes:
    """Return the bytes of a base64 export, or raise MalformedReplyError when it is not clean base64."""
    raw = payload.encode("ascii", errors="replace")
    try:
        if not raw or len(raw) % 4 or not _BASE64.match(raw):
            raise binascii.Error("not standard padded base64")
        data = base64.b64decode(raw, validate=True)
    except binascii.Error:
        raise MalformedReplyError(key="fetch.bad_base64", url=url, length=len(payload)) from None
    return data
