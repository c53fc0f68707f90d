"""Generate a round of the demo survey's shape with any number of initiatives.

The rows are the demo round's real answers, re-used: each synthetic initiative is an
"other" answer to the initiative question (the .lss has twelve listed ones), so the real
structure file still describes every column. Used by the benchmarks; nothing here is
imported by the package.

Two kinds of round:

- ``make_round(folder, initiatives=30)``: the demo's survey as it is, four answers per
  initiative (the report speed benchmark's 30 and 300);
- ``make_national_round(folder)``: the demo's look at a national network's scale, 1,500
  initiatives x 33 answers in 12 regions. The survey structure gains a region list question
  (``regio``, the twelve provinces) that every answer of an initiative gives alike, and
  round.toml names it the round's group (``[questions] group = "regio"``) when this
  version of samenspel knows that key (``group_key``).

Both are deterministic for a seed, take seconds, and are written where they are asked to
be (a temporary folder): generated, never committed as data.
"""

from __future__ import annotations

import csv
import random
import shutil
from dataclasses import fields
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
DEMO = PROJECT / "surveys" / "demo" / "ronde-2"
EXPORT = "responses_csv_code_short_all.csv"

# the region question of the national round: code, Dutch and English name, and the share of
# initiatives in it (roughly the provinces' shares of the population, so regions differ in size)
REGION_QUESTION = "regio"
REGIONS = (
    ("GR", "Groningen", "Groningen", 3),
    ("FR", "Friesland", "Friesland", 4),
    ("DR", "Drenthe", "Drenthe", 3),
    ("OV", "Overijssel", "Overijssel", 7),
    ("FL", "Flevoland", "Flevoland", 2),
    ("GE", "Gelderland", "Gelderland", 12),
    ("UT", "Utrecht", "Utrecht", 8),
    ("NH", "Noord-Holland", "North Holland", 17),
    ("ZH", "Zuid-Holland", "South Holland", 21),
    ("ZE", "Zeeland", "Zeeland", 2),
    ("NB", "Noord-Brabant", "North Brabant", 15),
    ("LI", "Limburg", "Limburg", 6),
)
# free ids in the demo's .lss for the added question, its answers and their texts
_QID, _AID, _L10N = 900, 900, 9000


def _demo_rows() -> tuple[list[str], list[dict[str, str]]]:
    """Return the demo export's header and its complete rows."""
    with (DEMO / "exports" / EXPORT).open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle, delimiter=";")
        return list(reader.fieldnames or []), [row for row in reader if row["submitdate"]]


def _write_export(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)


def _round_toml(folder: Path, round_id: str, *, group: str | None = None, aspect_labels: bool = True) -> None:
    text = (DEMO / "round.toml").read_text(encoding="utf-8")
    if not aspect_labels:
        # the [aspects] table names the aspects as the statements do; versions before it knew
        # the table refuse it, and without it their pages and ours are the same
        start = text.index("[aspects]")
        text = text[:start] + text[text.index("\n[", start) + 1:]
    text = text.replace('previous = "../ronde-1"\n', "")
    text = text.replace('participants = "exports/participants.json"\n', "")
    text = text.replace('id = "ronde-2"', f'id = "{round_id}"')
    text = text.replace('names_file = "../names.txt"', f'names_file = "{(DEMO.parent / "names.txt").as_posix()}"')
    text = text.replace('codebook = "../codebook.toml"', f'codebook = "{(DEMO.parent / "codebook.toml").as_posix()}"')
    if group is not None:
        text = text.replace('aspects = "samenwerking"', f'aspects = "samenwerking"\ngroup = "{group}"', 1)
        text = text.replace('reportable = ["initiatief", ', f'reportable = ["initiatief", "{group}", ', 1)
    (folder / "round.toml").write_text(text, encoding="utf-8")


def make_round(
    folder: Path, *, initiatives: int, per_initiative: int = 4, seed: int = 0, aspect_labels: bool = True,
) -> Path:
    """Write a round folder with ``initiatives`` x ``per_initiative`` complete responses; return it.

    ``aspect_labels=False`` leaves out round.toml's ``[aspects]`` table, which versions of
    samenspel before it refuse (for ``report_speed.py --baseline`` with such a version).
    """
    rng = random.Random(seed)
    header, rows = _demo_rows()
    exports = folder / "exports"
    exports.mkdir(parents=True, exist_ok=True)
    out_rows = []
    number = 0
    for i in range(initiatives):
        for _ in range(per_initiative):
            number += 1
            row = dict(rng.choice(rows))
            row["id"] = str(number)
            row["initiatief"] = "-oth-"
            row["initiatief[other]"] = f"Initiatief {i + 1:04d}"
            row["token"] = f"tok{number:08d}"
            row["email"] = ""
            row["telefoon"] = ""
            out_rows.append(row)
    _write_export(exports / EXPORT, header, out_rows)
    lss = next((DEMO / "exports").glob("*.lss"))
    shutil.copy(lss, exports / lss.name)
    _round_toml(folder, f"synthetic-{initiatives}", aspect_labels=aspect_labels)
    return folder


def knows_group_key() -> bool:
    """Return whether this version of samenspel reads ``[questions] group`` in round.toml."""
    from pipeline.config import QuestionRoles

    return "group" in {f.name for f in fields(QuestionRoles)}


def _cdata(tag: str, value: object) -> str:
    return f"    <{tag}><![CDATA[{value}]]></{tag}>\n"


def _insert_rows(text: str, section: str, rows: list[dict[str, object]]) -> str:
    """Return the .lss ``text`` with ``rows`` appended to the rows of ``section``."""
    start = text.index(f"<{section}>")
    end = text.index("</rows>", start)
    added = "".join(
        "   <row>\n" + "".join(_cdata(k, v) if v is not None else f"    <{k}/>\n" for k, v in row.items()) + "   </row>\n"
        for row in rows
    )
    return text[:end] + added.lstrip(" ") + "  " + text[end:]


def _with_region_question(lss: str) -> str:
    """Return the demo's .lss with the region list question added to its first group."""
    qid = _QID
    lss = _insert_rows(lss, "questions", [{
        "qid": qid, "parent_qid": 0, "sid": 246136, "gid": 13, "type": "L", "title": REGION_QUESTION,
        "preg": None, "other": "N", "mandatory": "Y", "encrypted": "N", "question_order": 7, "scale_id": 0,
        "same_default": 0, "relevance": 1, "question_theme_name": "listradio", "modulename": None, "same_script": 0,
    }])
    lss = _insert_rows(lss, "question_l10ns", [
        {"id": _L10N, "qid": qid, "question": "In welke regio is het initiatief actief?", "help": None,
         "script": None, "language": "nl"},
        {"id": _L10N + 1, "qid": qid, "question": "In which region is the initiative active?", "help": None,
         "script": None, "language": "en"},
    ])
    lss = _insert_rows(lss, "answers", [
        {"aid": _AID + i, "qid": qid, "code": code, "sortorder": i + 1, "assessment_value": 0, "scale_id": 0}
        for i, (code, *_rest) in enumerate(REGIONS)
    ])
    texts = []
    for i, (_code, nl, en, _share) in enumerate(REGIONS):
        texts.append({"id": _L10N + 10 + 2 * i, "aid": _AID + i, "answer": nl, "language": "nl"})
        texts.append({"id": _L10N + 11 + 2 * i, "aid": _AID + i, "answer": en, "language": "en"})
    return _insert_rows(lss, "answer_l10ns", texts)


def make_national_round(
    folder: Path, *, initiatives: int = 1500, per_initiative: int = 33, seed: int = 0, group_key: bool | None = None,
) -> Path:
    """Write the national synthetic round (``initiatives`` x ``per_initiative`` complete
    responses in the twelve regions of ``REGIONS``) to ``folder``; return it.

    ``group_key``: name the region question the round's group in round.toml (None: when
    this version of samenspel knows the key).
    """
    rng = random.Random(seed)
    header, rows = _demo_rows()
    header.insert(header.index("telefoon") + 1, REGION_QUESTION)
    codes = [code for code, *_ in REGIONS]
    weights = [share for *_, share in REGIONS]
    exports = folder / "exports"
    exports.mkdir(parents=True, exist_ok=True)
    out_rows = []
    number = 0
    for i in range(initiatives):
        region = rng.choices(codes, weights)[0]
        name = f"Initiatief {i + 1:04d}"
        for row in rng.choices(rows, k=per_initiative):
            number += 1
            out_rows.append({
                **row, "id": str(number), "initiatief": "-oth-", "initiatief[other]": name,
                "token": f"tok{number:08d}", "email": "", "telefoon": "", REGION_QUESTION: region,
            })
    _write_export(exports / EXPORT, header, out_rows)
    lss = next((DEMO / "exports").glob("*.lss"))
    (exports / lss.name).write_text(_with_region_question(lss.read_text(encoding="utf-8")), encoding="utf-8")
    if group_key is None:
        group_key = knows_group_key()
    _round_toml(folder, f"national-{initiatives}", group=REGION_QUESTION if group_key else None)
    return folder
