"""Read a survey's structure from any of LimeSurvey's structure formats into a ``Structure``.

Formats: the ``.lss`` XML (modern with ``*_l10ns`` tables, and older files whose rows carry
a ``language`` column), the ``.lsa`` archive (its ``.lss``), the admin UI's ``.tsv`` and
``.json`` structure exports, and a folder of RemoteControl structure calls saved as JSON.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.errors import InputError
from pipeline.ingest.safety import check_size, open_archive, parse_xml_safely, read_bytes_limited
from pipeline.model import Structure

_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


def plain_text(value: Any) -> str:
    """Return ``value`` as plain text: HTML tags removed, entities decoded, spaces collapsed."""
    if value is None:
        return ""
    text = html.unescape(_TAG.sub(" ", str(value)))
    return _SPACE.sub(" ", text.replace("\u00a0", " ")).strip()


@dataclass
class _Parts:
    """The pieces every structure format is reduced to before the frames are built."""

    survey_id: int | None = None
    base_language: str = ""
    languages: list[str] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)
    settings: dict[str, str] = field(default_factory=dict)
    group_order: dict[str, int] = field(default_factory=dict)
    # qid -> dict(qid, gid, code, type, order, mandatory, other, texts, attributes)
    questions: dict[str, dict[str, Any]] = field(default_factory=dict)
    # qid -> dict(qid, parent, code, order, scale, texts)
    subquestions: dict[str, dict[str, Any]] = field(default_factory=dict)
    # (qid, code, scale) -> dict(order, labels)
    answers: dict[tuple[str, str, int], dict[str, Any]] = field(default_factory=dict)


def _int(value: Any, default: int = 0) -> int:
    try:
        return int(float(str(value).strip()))
    except (TypeError, ValueError):
        return default


def _yes(value: Any) -> bool:
    return str(value).strip().upper() in {"Y", "1", "TRUE"}


def _languages(base: str, additional: str | Iterable[str]) -> list[str]:
    extra = additional.split() if isinstance(additional, str) else list(additional)
    out = [base] if base else []
    for lang in extra:
        if lang and lang not in out:
            out.append(lang)
    return out


# --------------------------------------------------------------------------- .lss / .json


def _tables_from_xml(root: Any) -> tuple[dict[str, list[dict[str, str]]], dict[str, Any]]:
    tables: dict[str, list[dict[str, str]]] = {}
    head: dict[str, Any] = {}
    for child in root:
        rows = child.find("rows")
        if rows is not None:
            tables[child.tag] = [{c.tag: (c.text or "") for c in row} for row in rows.findall("row")]
        elif child.tag == "languages":
            head["languages"] = [(c.text or "").strip() for c in child]
        else:
            head[child.tag] = (child.text or "").strip()
    return tables, head


def _tables_from_json(data: dict[str, Any]) -> tuple[dict[str, list[dict[str, str]]], dict[str, Any]]:
    tables: dict[str, list[dict[str, str]]] = {}
    head: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict) and "rows" in value:
            rows = value["rows"]
            rows = rows.get("row", []) if isinstance(rows, dict) else rows
            if isinstance(rows, dict):
                rows = [rows]
            tables[key] = [
                {k: ("" if v is None or isinstance(v, dict | list) else str(v)) for k, v in r.items()}
                for r in (rows or [])
                if isinstance(r, dict)
            ]
        elif key == "languages":
            langs = value.get("language", []) if isinstance(value, dict) else value
            head["languages"] = [langs] if isinstance(langs, str) else list(langs or [])
        else:
            head[key] = value
    return tables, head


def _parts_from_tables(tables: dict[str, list[dict[str, str]]], head: dict[str, Any], where: str) -> _Parts:
    if "questions" not in tables or "surveys" not in tables:
        raise InputError(key="structure.no_questions_or_settings", where=where)
    parts = _Parts()
    survey = tables["surveys"][0] if tables["surveys"] else {}
    parts.settings = dict(survey)
    parts.survey_id = _int(survey.get("sid"), 0) or None
    base = (survey.get("language") or "").strip()
    listed = head.get("languages") or []
    parts.base_language = base or (listed[0] if listed else "")
    parts.languages = _languages(parts.base_language, survey.get("additional_languages", "") or listed)
    for lang in listed:
        if lang and lang not in parts.languages:
            parts.languages.append(lang)
    for row in tables.get("surveys_languagesettings", []):
        parts.titles[row.get("surveyls_language", "")] = plain_text(row.get("surveyls_title"))
    for row in tables.get("groups", []):
        parts.group_order[row.get("gid", "")] = _int(row.get("group_order"))

    modern = "question_l10ns" in tables
    for row in tables["questions"]:
        qid = row.get("qid", "")
        if _int(row.get("parent_qid")) != 0:
            continue
        q = parts.questions.setdefault(qid, {
            "qid": qid, "gid": row.get("gid", ""), "code": row.get("title", "").strip(),
            "type": row.get("type", "").strip(), "order": _int(row.get("question_order")),
            "mandatory": _yes(row.get("mandatory")), "other": _yes(row.get("other")),
            "texts": {}, "attributes": {},
        })
        if not modern and row.get("language"):
            q["texts"][row["language"]] = plain_text(row.get("question"))
    sub_rows = list(tables.get("subquestions", []))
    sub_rows += [r for r in tables["questions"] if _int(r.get("parent_qid")) != 0]
    for row in sub_rows:
        qid = row.get("qid", "")
        sq = parts.subquestions.setdefault(qid, {
            "qid": qid, "parent": row.get("parent_qid", ""), "code": row.get("title", "").strip(),
            "order": _int(row.get("question_order")), "scale": _int(row.get("scale_id")), "texts": {},
        })
        if not modern and row.get("language"):
            sq["texts"][row["language"]] = plain_text(row.get("question"))
    for row in tables.get("question_l10ns", []):
        target = parts.questions.get(row.get("qid", "")) or parts.subquestions.get(row.get("qid", ""))
        if target is not None:
            target["texts"][row.get("language", "")] = plain_text(row.get("question"))
    for row in tables.get("question_attributes", []):
        question = parts.questions.get(row.get("qid", ""))
        if question is not None and not row.get("language"):
            question["attributes"][row.get("attribute", "")] = row.get("value", "")

    by_aid: dict[str, tuple[str, str, int]] = {}
    for row in tables.get("answers", []):
        key = (row.get("qid", ""), row.get("code", "").strip(), _int(row.get("scale_id")))
        entry = parts.answers.setdefault(key, {"order": _int(row.get("sortorder")), "labels": {}})
        if row.get("aid"):
            by_aid[row["aid"]] = key
        if "answer" in row and row.get("language"):
            entry["labels"][row["language"]] = plain_text(row.get("answer"))
    for row in tables.get("answer_l10ns", []):
        found = by_aid.get(row.get("aid", ""))
        if found is not None:
            parts.answers[found]["labels"][row.get("language", "")] = plain_text(row.get("answer"))
    return parts


def _parts_from_lss_bytes(data: bytes, where: str) -> _Parts:
    root = parse_xml_safely(data, where)
    if root.tag != "document":
        raise InputError(key="structure.xml_not_lss", where=where)
    tables, head = _tables_from_xml(root)
    if head.get("LimeSurveyDocType", "Survey") != "Survey":
        raise InputError(key="structure.part_only", where=where, kind=head.get("LimeSurveyDocType"))
    return _parts_from_tables(tables, head, where)


# --------------------------------------------------------------------------- .tsv


def _parts_from_tsv(text: str, where: str) -> _Parts:
    reader = csv.DictReader(io.StringIO(text), delimiter="\t")
    if not reader.fieldnames or "class" not in reader.fieldnames or "name" not in reader.fieldnames:
        raise InputError(key="structure.tsv_columns", where=where)
    parts = _Parts()
    settings: dict[str, str] = {}
    group = 0
    counter = 0
    current_q: dict[str, Any] | None = None
    sub_order = 0
    answer_order = 0
    for row in reader:
        cls = (row.get("class") or "").strip()
        lang = (row.get("language") or "").strip()
        name = (row.get("name") or "").strip()
        text = plain_text(row.get("text"))
        if cls == "S":
            settings[name] = (row.get("text") or "").strip()
        elif cls == "SL":
            if name == "surveyls_title" and lang:
                parts.titles[lang] = text
        elif cls == "G":
            gid = (row.get("id") or "").strip() or f"g{group + 1}"
            if gid not in parts.group_order:
                group += 1
                parts.group_order[gid] = group
            current_gid = gid
            current_q = None
            parts.settings["_current_gid"] = current_gid
        elif cls == "Q":
            qid = (row.get("id") or "").strip() or f"{name}"
            q = parts.questions.get(qid)
            if q is None:
                counter += 1
                q = parts.questions[qid] = {
                    "qid": qid, "gid": parts.settings.get("_current_gid", ""), "code": name,
                    "type": (row.get("type/scale") or "").strip(), "order": counter,
                    "mandatory": _yes(row.get("mandatory")), "other": _yes(row.get("other")),
                    "texts": {}, "attributes": {},
                }
                sub_order = 0
                answer_order = 0
            q["texts"][lang] = text
            for attribute in ("hidden", "other_replace_text"):
                if (row.get(attribute) or "").strip() and (attribute == "hidden" or lang == parts.base_language):
                    q["attributes"][attribute] = (row.get(attribute) or "").strip()
            current_q = q
        elif cls == "SQ" and current_q is not None:
            sid_ = (row.get("id") or "").strip() or f"{current_q['qid']}:{name}"
            sq = parts.subquestions.get(sid_)
            if sq is None:
                sub_order += 1
                sq = parts.subquestions[sid_] = {
                    "qid": sid_, "parent": current_q["qid"], "code": name, "order": sub_order,
                    "scale": _int(row.get("type/scale")), "texts": {},
                }
            sq["texts"][lang] = text
        elif cls == "A" and current_q is not None:
            key = (current_q["qid"], name, _int(row.get("type/scale")))
            if key not in parts.answers:
                answer_order += 1
                parts.answers[key] = {"order": answer_order, "labels": {}}
            parts.answers[key]["labels"][lang] = text
    parts.settings.pop("_current_gid", None)
    parts.settings.update(settings)
    parts.survey_id = _int(settings.get("sid"), 0) or None
    parts.base_language = settings.get("language", "")
    parts.languages = _languages(parts.base_language, settings.get("additional_languages", ""))
    if not parts.questions:
        raise InputError(key="structure.tsv_no_questions", where=where)
    return parts


# --------------------------------------------------------------------------- RC2 folder


def _load_json(path: Path) -> Any:
    try:
        return json.loads(read_bytes_limited(path, 50).decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(key="structure.bad_json_file", path=path, reason=exc.__class__.__name__) from None


def _parts_from_rc2_dir(folder: Path) -> _Parts:
    props_file = folder / "get_survey_properties.json"
    if not props_file.is_file():
        raise InputError(key="structure.not_a_structure_folder", folder=folder)
    props = _load_json(props_file)
    if not isinstance(props, dict) or "language" not in props:
        raise InputError(key="structure.no_properties", path=props_file)
    parts = _Parts()
    parts.settings = {k: "" if v is None else str(v) for k, v in props.items() if not isinstance(v, dict | list)}
    parts.survey_id = _int(props.get("sid"), 0) or None
    parts.base_language = str(props.get("language") or "")
    parts.languages = _languages(parts.base_language, str(props.get("additional_languages") or ""))
    found = sorted(p.name[len("list_questions_"):-5] for p in folder.glob("list_questions_*.json"))
    for lang in found:
        if lang not in parts.languages:
            parts.languages.append(lang)
    if not found:
        raise InputError(key="structure.no_question_list", folder=folder)
    for lang in parts.languages:
        lp = folder / f"get_language_properties_{lang}.json"
        if lp.is_file():
            data = _load_json(lp)
            if isinstance(data, dict):
                parts.titles[lang] = plain_text(data.get("surveyls_title"))
        lg = folder / f"list_groups_{lang}.json"
        if lg.is_file():
            for g in _load_json(lg) or []:
                if isinstance(g, dict):
                    parts.group_order[str(g.get("gid"))] = _int(g.get("group_order"))
        lq = folder / f"list_questions_{lang}.json"
        if not lq.is_file():
            continue
        rows = _load_json(lq)
        if not isinstance(rows, list):
            raise InputError(key="structure.not_question_list", path=lq)
        for row in rows:
            if not isinstance(row, dict):
                continue
            qid = str(row.get("qid"))
            if _int(row.get("parent_qid")) == 0:
                q = parts.questions.setdefault(qid, {
                    "qid": qid, "gid": str(row.get("gid")), "code": str(row.get("title", "")).strip(),
                    "type": str(row.get("type", "")).strip(), "order": _int(row.get("question_order")),
                    "mandatory": _yes(row.get("mandatory")), "other": _yes(row.get("other")),
                    "texts": {}, "attributes": {},
                })
                q["texts"][lang] = plain_text(row.get("question"))
            else:
                sq = parts.subquestions.setdefault(qid, {
                    "qid": qid, "parent": str(row.get("parent_qid")), "code": str(row.get("title", "")).strip(),
                    "order": _int(row.get("question_order")), "scale": _int(row.get("scale_id")), "texts": {},
                })
                sq["texts"][lang] = plain_text(row.get("question"))
        qp = folder / f"get_question_properties_{lang}.json"
        if qp.is_file():
            props_by_code = _load_json(qp)
            if isinstance(props_by_code, dict):
                by_code = {q["code"]: q for q in parts.questions.values()}
                for code, qprops in props_by_code.items():
                    if code not in by_code or not isinstance(qprops, dict):
                        continue
                    q = by_code[code]
                    attrs = qprops.get("attributes")
                    if isinstance(attrs, dict):
                        q["attributes"].update({k: "" if v is None else str(v) for k, v in attrs.items()})
                    options = qprops.get("answeroptions")
                    if isinstance(options, dict):
                        for acode, opt in options.items():
                            if not isinstance(opt, dict):
                                continue
                            key = (q["qid"], str(acode), _int(opt.get("scale_id")))
                            entry = parts.answers.setdefault(key, {"order": _int(opt.get("order")), "labels": {}})
                            entry["labels"][lang] = plain_text(opt.get("answer"))
    return parts


# --------------------------------------------------------------------------- frames


def _in_survey_order(children: pd.DataFrame, position: dict[str, int]) -> pd.DataFrame:
    """Return subquestion or answer rows sorted by their question's place, then scale and order."""
    if children.empty:
        return children
    return (
        children.assign(_pos=children["question"].map(position))
        .sort_values(["_pos", "scale", "order"], kind="stable")
        .drop(columns="_pos")
        .reset_index(drop=True)
    )


def _frames(parts: _Parts, source: Path | None) -> Structure:
    langs = parts.languages or ([parts.base_language] if parts.base_language else ["nl"])
    base = parts.base_language or langs[0]
    ordered = sorted(
        parts.questions.values(),
        key=lambda q: (parts.group_order.get(q["gid"], 0), q["order"], _int(q["qid"], 0)),
    )
    q_rows = []
    for position, q in enumerate(ordered, start=1):
        row = {
            "code": q["code"], "type": q["type"], "group": parts.group_order.get(q["gid"], 0),
            "order": position, "mandatory": q["mandatory"], "other": q["other"],
            "comment": q["type"] in {"O", "P"}, "qid": str(q["qid"]), "gid": str(q["gid"]),
            "hidden": _yes(q["attributes"].get("hidden", "0")),
        }
        for lang in langs:
            row[f"text_{lang}"] = q["texts"].get(lang, "")
        q_rows.append(row)
    q_cols = ["code", "type", "group", "order", "mandatory", "other", "comment", "qid", "gid", "hidden"]
    q_cols += [f"text_{lang}" for lang in langs]
    questions = pd.DataFrame(q_rows, columns=q_cols)
    code_of = {q["qid"]: q["code"] for q in ordered}

    sq_rows = []
    for sq in sorted(parts.subquestions.values(), key=lambda s: (s["parent"], s["scale"], s["order"])):
        if sq["parent"] not in code_of:
            continue
        row = {"question": code_of[sq["parent"]], "code": sq["code"], "order": sq["order"], "scale": sq["scale"]}
        for lang in langs:
            row[f"text_{lang}"] = sq["texts"].get(lang, "")
        sq_rows.append(row)
    subquestions = pd.DataFrame(sq_rows, columns=["question", "code", "order", "scale", *[f"text_{x}" for x in langs]])
    place = {q["code"]: i for i, q in enumerate(ordered)}
    subquestions = _in_survey_order(subquestions, place)

    a_rows = []
    for (qid, code, scale), entry in parts.answers.items():
        if qid not in code_of:
            continue
        row = {"question": code_of[qid], "code": code, "order": entry["order"], "scale": scale}
        for lang in langs:
            row[f"label_{lang}"] = entry["labels"].get(lang, "")
        a_rows.append(row)
    answers = pd.DataFrame(a_rows, columns=["question", "code", "order", "scale", *[f"label_{x}" for x in langs]])
    answers = _in_survey_order(answers, place)
    settings = {k: str(v) for k, v in parts.settings.items()}
    return Structure(
        survey_id=parts.survey_id,
        base_language=base,
        languages=tuple(langs),
        titles=dict(parts.titles),
        questions=questions,
        subquestions=subquestions,
        answers=answers,
        source=source,
        settings=settings,
    )


def structure_from_lss_bytes(data: bytes, where: str, source: Path | None = None) -> Structure:
    """Return the structure held by the bytes of an ``.lss`` file."""
    return _frames(_parts_from_lss_bytes(data, where), source)


def read_structure(path: Path, *, max_megabytes: int = 200) -> Structure:
    """Return the survey structure in ``path`` (.lss, .lsa, .tsv/.txt, .json, or an RC2 folder)."""
    path = Path(path)
    if not path.exists():
        raise InputError(key="structure.missing", path=path)
    if path.is_dir():
        return _frames(_parts_from_rc2_dir(path), path)
    check_size(path, max_megabytes)
    data = read_bytes_limited(path, max_megabytes)
    if not data.strip():
        raise InputError(key="structure.empty", path=path)
    head = data[:8]
    if path.suffix.lower() == ".lsa" and not head.startswith(b"PK\x03\x04"):
        raise InputError(key="structure.lsa_not_zip", path=path)
    if head.startswith(b"PK\x03\x04"):
        with open_archive(path, max_megabytes) as archive:
            lss = archive.member_with_suffix(".lss")
            if lss is None:
                raise InputError(key="structure.zip_without_lss", path=path)
            return structure_from_lss_bytes(archive.read(lss), f"{path} ({lss})", path)
    text_start = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if text_start == b"<":
        return structure_from_lss_bytes(data, str(path), path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(key="structure.not_text", path=path) from None
    if text_start in (b"{", b"["):
        try:
            payload = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(key="structure.bad_json", path=path, line=exc.lineno) from None
        if not isinstance(payload, dict):
            raise InputError(key="structure.json_not_structure", path=path)
        tables, meta = _tables_from_json(payload.get("document", payload))
        return _frames(_parts_from_tables(tables, meta, str(path)), path)
    first_line = text.split("\n", 1)[0]
    if "\t" in first_line and "class" in first_line.split("\t"):
        return _frames(_parts_from_tsv(text, str(path)), path)
    raise InputError(key="structure.unknown_kind", path=path)
