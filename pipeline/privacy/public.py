"""The allow-list: what of a round may reach participants, and every personal value it holds."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from pipeline.errors import PrivacyError
from pipeline.i18n import Language
from pipeline.limesurvey import TEXT_TYPES, UPLOAD_TYPES
from pipeline.model import Round
from pipeline.privacy.keys import pseudonymise
from pipeline.privacy.patterns import EMAIL, IPV4, phone_digits, phone_matches
from pipeline.privacy.redact import load_names, redact_texts


# never published, whatever round.toml says
NEVER_PUBLIC = ("token", "ipaddr", "refurl", "seed", "startlanguage", "lastpage", "id")
DATE_FIELDS = ("submitdate", "startdate", "datestamp")
# file uploads (UPLOAD_TYPES) hold file names and metadata of what people sent in: never public
# group: the initiative's region or sub-community ([questions] group), a category, not personal
ROLE_COLUMNS = ("initiative", "initiative_name", "obstacle_text", "helped_text", "group")
TEXT_ROLE_COLUMNS = ("initiative_name", "obstacle_text", "helped_text")
# answers to a personal question that identify no one ("geen", "n.v.t.")
_NON_ANSWERS = {"geen", "nvt", "n.v.t.", "n.v.t", "onbekend", "weet niet", "none", "nee", "ja", "-"}
MIN_VALUE_CHARS = 4


def _columns_table(round: Round) -> pd.DataFrame:
    columns = round.columns
    needed = {"column", "question", "part"}
    if columns is None or not needed <= set(columns.columns):
        # without the column table, fall back on the naming convention q, q_sq, q_other
        names = [c for c in round.responses.columns]
        return pd.DataFrame({
            "column": names,
            "question": [c.split("_")[0] for c in names],
            "part": ["system" if c in (*NEVER_PUBLIC, *DATE_FIELDS) else "" for c in names],
            "type": ["" for _ in names],
        })
    if "type" not in columns.columns:
        columns = columns.assign(type="")
    return columns


def check_reportable(round: Round) -> None:
    """Raise a PrivacyError if round.toml marks a personal field reportable or sets unsafe thresholds."""
    from pipeline.privacy.suppress import check_privacy_settings

    privacy = round.config.privacy
    check_privacy_settings(privacy, file=round.config.config_file)
    personal = set(round.config.questions.personal)
    wrong = [code for code in privacy.reportable if code in personal or code in NEVER_PUBLIC]
    if wrong:
        raise PrivacyError(key="privacy.personal_reportable", file=round.config.config_file,
                           fields=", ".join(map(repr, wrong)))
    if any(code in DATE_FIELDS for code in privacy.reportable) and not privacy.include_dates:
        raise PrivacyError(key="privacy.dates_not_included", file=round.config.config_file)


def public_columns(round: Round) -> list[str]:
    """Return the columns of ``round.responses`` that may be published, in survey order."""
    check_reportable(round)
    privacy = round.config.privacy
    personal = set(round.config.questions.personal)
    reportable = set(privacy.reportable)
    table = _columns_table(round)
    allowed = []
    for row in table.itertuples(index=False):
        column, question, part = str(row.column), str(row.question), str(row.part)
        kind = str(getattr(row, "type", "") or "")
        if column not in round.responses.columns or column in NEVER_PUBLIC:
            continue
        if part == "system":
            if column in DATE_FIELDS and privacy.include_dates:
                allowed.append(column)
            continue
        if question in personal or kind in UPLOAD_TYPES or part == "filecount":
            continue
        if question in reportable:
            allowed.append(column)
    roles = [c for c in round.responses.columns if c in ROLE_COLUMNS or str(c).startswith("aspect_")]
    return list(dict.fromkeys([*allowed, *roles]))


def text_columns(round: Round, columns: Iterable[str]) -> list[str]:
    """Return which of ``columns`` hold typed text that must be redacted."""
    table = _columns_table(round).set_index("column")
    texts = []
    for column in columns:
        if column in TEXT_ROLE_COLUMNS:
            texts.append(column)
        elif column in table.index:
            row = table.loc[column]
            if isinstance(row, pd.DataFrame):
                row = row.iloc[0]
            if str(row["part"]) in ("other", "comment") or str(row.get("type", "")) in TEXT_TYPES:
                texts.append(column)
        elif pd.api.types.is_string_dtype(round.responses[column].dtype) and column not in ("initiative",):
            texts.append(column)
    return texts


def _email_key(value: object) -> str | None:
    if value is None or value is pd.NA or not isinstance(value, str):
        return None
    value = value.strip().casefold()
    return value if EMAIL.fullmatch(value) else None


def response_pseudonyms(round: Round, *, secret: bytes) -> pd.Series:
    """Return the pseudonym of each included response, the same for a person in every round.

    Keyed, in order of preference, on: the participant's e-mail address in the participants
    table (found through the response's token; tokens differ per survey, addresses do not),
    the e-mail address the respondent typed in a personal question, the token, and last
    the survey and response id (response ids restart at 1 in every survey).
    """
    responses = round.responses
    survey = round.structure.survey_id if round.structure is not None else None
    keys = pd.Series(
        [f"response:{survey if survey is not None else round.id}:{i}" for i in responses.index],
        index=responses.index,
        dtype=object,
    )
    personal = set(round.config.questions.personal)
    table = _columns_table(round)
    personal_columns = [
        c for c in table.loc[table["question"].astype(str).isin(personal), "column"].astype(str)
        if c in responses.columns
    ]
    for column in personal_columns:
        typed = responses[column].map(_email_key, na_action="ignore")
        keys = keys.where(typed.isna(), "participant:" + typed.astype(object).fillna(""))
    if "token" in responses.columns:
        tokens = responses["token"].astype(object)
        by_token = tokens.map(lambda t: f"token:{t}" if isinstance(t, str) and t.strip() else None)
        keys = keys.where(by_token.isna() | keys.str.startswith("participant:"), by_token)
        emails = {
            row["token"]: _email_key(row.get("email"))
            for row in _participants(round)
            if row.get("token")
        }
        listed = tokens.map(lambda t: emails.get(t) if isinstance(t, str) else None)
        keys = keys.where(listed.isna(), "participant:" + listed.astype(object).fillna(""))
    # one person answering twice (a token with several uses) still needs two pseudonyms
    repeated = keys.duplicated(keep="first")
    keys[repeated] = [f"response:{survey}:{i}" for i in responses.index[repeated]]
    pseudonyms = pseudonymise(pd.Series(keys, index=responses.index), secret=secret)
    return pseudonyms.rename("response")


def public_responses(round: Round, *, secret: bytes, language: Language | None = None) -> pd.DataFrame:
    """Return the publishable part of the responses: allow-listed columns, texts redacted.

    Index ``response``: the keyed pseudonym, never LimeSurvey's id or token. Dates (only
    with ``include_dates``) are cut to the day.
    """
    language = language or round.config.language
    columns = public_columns(round)
    frame = round.responses.loc[:, columns].copy()
    names = personal_names(round)
    # an initiative's name is public, also when typed in as "other": no first-name list there
    named = {"initiative_name", f"{round.config.questions.initiative}_other"}
    for column in text_columns(round, columns):
        name_list = round.config.privacy.first_name_list and column not in named
        frame[column] = redact_texts(frame[column], names=names, language=language, name_list=name_list)
    for column in DATE_FIELDS:
        if column in frame.columns:
            frame[column] = pd.to_datetime(frame[column], errors="coerce").dt.normalize()
    frame.index = pd.Index(response_pseudonyms(round, secret=secret).to_numpy(), name="response")
    if frame.index.has_duplicates:
        raise PrivacyError(key="privacy.duplicate_pseudonym", round=round.id)
    return frame


def _participants(round: Round) -> list[dict[str, str]]:
    """Return the round's participants as flat dicts of text: from ingest, else from the file."""
    frame = getattr(round, "participants", None)
    # read by ingest (it has columns, even with no rows: an archive without participants)
    if isinstance(frame, pd.DataFrame) and len(frame.columns):
        return [
            {str(k): "" if v is None or v is pd.NA or (isinstance(v, float) and v != v) else str(v)
             for k, v in record.items()}
            for record in frame.to_dict("records")
        ]
    return _participants_file(round.config.exports.participants)


def _participants_file(path: Path | None) -> list[dict[str, str]]:
    """Return the participants file's rows as flat dicts (list_participants JSON or tokens .lst)."""
    if path is None or not Path(path).is_file():
        return []
    data = Path(path).read_bytes()
    rows: list[dict[str, str]] = []
    if data.lstrip()[:1] in (b"[", b"{"):
        try:
            parsed = json.loads(data.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise PrivacyError(key="privacy.participants_not_json", path=path) from None
        if isinstance(parsed, dict):
            parsed = parsed.get("result", parsed.get("participants", [parsed]))
        for item in parsed if isinstance(parsed, list) else []:
            if isinstance(item, dict):
                flat = {k: v for k, v in item.items() if not isinstance(v, dict)}
                flat.update(item.get("participant_info", {}) if isinstance(item.get("participant_info"), dict) else {})
                rows.append({str(k): "" if v is None else str(v) for k, v in flat.items()})
        return rows
    from defusedxml import ElementTree

    try:
        root = ElementTree.fromstring(data)
    except Exception:  # defusedxml raises several kinds; any means "not readable"
        raise PrivacyError(key="privacy.participants_unknown", path=path) from None
    for row in root.iter("row"):
        rows.append({child.tag: (child.text or "") for child in row})
    return rows


def personal_names(round: Round) -> tuple[str, ...]:
    """Return the names to redact: the names file and the participants' first + last names."""
    names = list(load_names(round.config.privacy.names_file))
    for row in _participants(round):
        full = " ".join(p for p in (row.get("firstname", "").strip(), row.get("lastname", "").strip()) if p)
        if full:
            names.append(full)
    return tuple(dict.fromkeys(names))


def _kind_of(value: str) -> str | None:
    """Return the scan kind of a personal question's answer, or None when it identifies no one."""
    if EMAIL.fullmatch(value.strip()):
        return "email"
    if any(True for _ in phone_matches(value)) or phone_digits(value):
        return "phone"
    if IPV4.match(value.strip()):
        return "ipaddr"
    if value.strip().casefold() in _NON_ANSWERS:
        return None
    return "personal"


def _add(values: dict[str, set[str]], kind: str, value: object) -> None:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return
    text = str(value).strip()
    if len(text) < MIN_VALUE_CHARS:
        return
    # a short number ("2026", a house number) would match every year and count in the reports
    if kind == "personal" and not re.search(r"[^\W\d_]", text) and len(re.sub(r"\D", "", text)) < 6:
        return
    values.setdefault(kind, set()).add(text)
    if kind == "phone":
        for number in phone_matches(text):
            digits = phone_digits(number)
            if digits:
                values["phone"].add(digits)
                values["phone"].add(f"+31{digits[1:]}")
        digits = phone_digits(text)
        if digits:
            values["phone"].add(digits)


def personal_values(round: Round) -> dict[str, set[str]]:
    """Return every personal value of the raw export (included and excluded rows), by kind.

    Kinds: ``email``, ``phone`` (as typed and as digits), ``token``, ``ipaddr``, ``name``
    (participants file and names file) and ``personal`` (other answers to personal questions).
    """
    values: dict[str, set[str]] = {}
    personal = set(round.config.questions.personal)
    # the group (a region) names many initiatives, no one person: the pages show it
    group = round.config.questions.group
    table = _columns_table(round)
    personal_columns = set(table.loc[table["question"].astype(str).isin(personal), "column"].astype(str))
    frames = [f for f in (round.responses, round.excluded) if f is not None and not f.empty]
    for frame in frames:
        for column in frame.columns:
            name = str(column)
            if name == "token":
                kind: str | None = "token"
            elif name == "ipaddr":
                kind = "ipaddr"
            elif name == group or name == "group":
                continue
            elif name in personal_columns or name.startswith("attribute_") or name in personal:
                kind = ""
            else:
                continue
            for value in frame[column].dropna().astype(str).unique():
                found = kind if kind else _kind_of(value)
                if name.startswith("attribute_") and found == "personal" and re.search(r"(first|last)name", name):
                    found = "name"
                if found:
                    _add(values, found, value)
    for row in _participants(round):
        _add(values, "email", row.get("email"))
        _add(values, "token", row.get("token"))
        full = " ".join(p for p in (row.get("firstname", "").strip(), row.get("lastname", "").strip()) if p)
        _add(values, "name", full)
        for key, value in row.items():
            if key.startswith("attribute_") and value and key != group:
                found = _kind_of(value)
                if found:
                    _add(values, found, value)
    for name in load_names(round.config.privacy.names_file):
        _add(values, "name", name)
    return values
