"""Read LimeSurvey's participants list: RC2 list_participants JSON, the .lst XML, or an .lsa."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.errors import InputError
from pipeline.ingest.detect import sniff_kind, wrong_content
from pipeline.ingest.safety import open_archive, parse_xml_safely, read_bytes_limited

PARTICIPANT_COLUMNS = ("tid", "token", "firstname", "lastname", "email", "language", "completed")


def _frame(records: list[dict[str, Any]]) -> pd.DataFrame:
    rows = []
    attributes: dict[str, None] = {}
    for r in records:
        found = r.get("participant_info")
        info: dict[str, Any] = found if isinstance(found, dict) else {}
        row = {k: r.get(k, info.get(k)) for k in PARTICIPANT_COLUMNS}
        # LimeSurvey's extra attributes (attribute_1, ...): one may name the initiative's group
        extra = {k: v for k, v in {**info, **r}.items() if str(k).startswith("attribute_") and not isinstance(v, dict)}
        attributes.update(dict.fromkeys(map(str, extra)))
        row.update({str(k): v for k, v in extra.items()})
        rows.append({k: ("" if v is None else str(v)) for k, v in row.items()})
    frame = pd.DataFrame(rows, columns=[*PARTICIPANT_COLUMNS, *sorted(attributes)])
    out = frame.astype("string")
    out["tid"] = pd.to_numeric(frame["tid"], errors="coerce").astype("Int64")
    # LimeSurvey stores "N" for not completed, else the completion date (or "Y")
    completed = frame["completed"].str.strip()
    out["completed"] = (~completed.isin(["", "N"])).astype("boolean")
    return out


def _from_lst(data: bytes, where: str) -> pd.DataFrame:
    root = parse_xml_safely(data, where)
    if root.findtext("LimeSurveyDocType") != "Tokens":
        raise InputError(key="ingest.not_lst", where=where)
    records = [{c.tag: (c.text or "") for c in row} for row in root.findall("tokens/rows/row")]
    return _frame(records)


def read_participants(path: Path, *, max_megabytes: int = 200) -> pd.DataFrame:
    """Return the participants: tid, token, firstname, lastname, email, language, completed, and
    any extra attributes (``attribute_1``, ...) the list has."""
    path = Path(path)
    if not path.is_file():
        raise InputError(key="ingest.no_participants_file", path=path)
    data = read_bytes_limited(path, max_megabytes)
    kind = sniff_kind(path, data[:4096])
    if kind in ("html", "pdf"):
        # LimeSurvey's login page saved after a timed-out session, or a print-out
        raise wrong_content(path, kind)
    if data.startswith(b"PK\x03\x04"):
        with open_archive(path, max_megabytes) as archive:
            name = archive.member_with_suffix(".lst")
            if name is None:
                return _frame([])
            return _from_lst(archive.read(name), f"{path} ({name})")
    start = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if start == b"<":
        return _from_lst(data, str(path))
    try:
        payload = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise InputError(key="ingest.not_participants", path=path) from None
    if isinstance(payload, dict) and "status" in payload:
        # RC2 answers {"status": "No survey participants found."} for an empty table
        return _frame([])
    if not isinstance(payload, list) or not all(isinstance(r, dict) for r in payload):
        raise InputError(key="ingest.json_not_participants", path=path)
    return _frame(payload)
