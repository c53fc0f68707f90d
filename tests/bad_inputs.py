"""A corpus of broken and hostile inputs, generated into a folder at test time (no bombs committed)."""

from __future__ import annotations

import io
import json
import random
import zipfile
from dataclasses import dataclass
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures" / "limesurvey"
ROUND1 = FIXTURES / "round1"
GOOD_CSV = ROUND1 / "exports" / "responses_csv_code_short_all.csv"
GOOD_JSON = ROUND1 / "exports" / "responses_json_code_short_all.json"
GOOD_XLSX = ROUND1 / "exports" / "responses_xls_code_short_all.xlsx"
GOOD_LSS = ROUND1 / "survey_246135.lss"
OTHER_LSS = FIXTURES / "round2" / "survey_246136.lss"
GOOD_LSA = ROUND1 / "survey_archive_246135.lsa"


@dataclass(frozen=True)
class BadInput:
    """One hostile input: the file, what it stands in for, and how to run it."""

    name: str
    path: Path
    # "responses": an export (the round uses the good .lss); "structure": the round's .lss;
    # "archive": an .lsa used as both; "round": a whole round folder as it is
    role: str
    structure: Path | None = None
    max_megabytes: int | None = None
    # the file the message must name, when it is not ``path`` (round folders)
    named: str | None = None


def _write(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def _round(folder: Path, name: str, responses: Path, structure: Path, extra: str = "") -> Path:
    round_dir = folder / name
    round_dir.mkdir()
    (round_dir / "round.toml").write_text(
        f'[round]\nid = "{name}"\ntitle = "Bad input {name}"\n\n[exports]\n'
        f'responses = "{responses.as_posix()}"\nstructure = "{structure.as_posix()}"\n{extra}',
        encoding="utf-8",
    )
    return round_dir


def build_corpus(folder: Path) -> list[BadInput]:
    """Write every bad input into ``folder`` and return them."""
    good = GOOD_CSV.read_bytes()
    text = good.decode("utf-8-sig")
    lines = text.split("\r\n")
    header = lines[0]
    lss = GOOD_LSS.read_bytes()
    rng = random.Random(20261121)
    out: list[BadInput] = []

    def add(name: str, data: bytes | str, role: str = "responses", **kw: object) -> None:
        out.append(BadInput(name, _write(folder, name, data), role, **kw))  # type: ignore[arg-type]

    # --- response exports
    add("empty.csv", b"")
    add("only_bom.csv", b"\xef\xbb\xbf")
    add("no_match.csv", b"\r\n")
    add("header_only.csv", "\ufeff" + header + "\r\n")
    cut = text.index("De energierekening") + 40
    add("truncated_in_value.csv", text[:cut].encode("utf-8"))
    add("truncated_between_fields.csv", (text[: text.index('"2";') + 60].rsplit(";", 1)[0]).encode("utf-8"))
    add("binary_junk.csv", bytes(rng.randrange(256) for _ in range(4096)))
    add("nul_bytes.csv", good[:500] + b"\x00\x00\x00" + good[500:])
    add("xlsx_renamed.csv", GOOD_XLSX.read_bytes())
    add("json_renamed.csv", GOOD_JSON.read_bytes())
    add("csv_renamed.xlsx", good)
    add("csv_renamed.json", good)
    add("structure_as_export.csv", lss)
    add("html_error_page.csv", "<!DOCTYPE html><html><body><h1>500 Internal Server Error</h1></body></html>")
    add("old_excel.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512))
    dup = header.replace('"vrijwilligers";', '"rol";', 1)
    add("duplicate_columns.csv", "\ufeff" + "\r\n".join([dup, *lines[1:]]))
    add("no_id_column.csv", "naam,leeftijd\r\nAnna,34\r\n")
    add("non_numeric_id.csv", "\ufeff" + "\r\n".join([header, lines[1].replace('"1";', '"een";', 1), *lines[2:]]))
    add("unreadable_submit_date.csv",
        "\ufeff" + "\r\n".join([header, lines[1].replace('"2026-03-02 08:14:56"', '"gisteren"', 1), *lines[2:]]))
    add("duplicate_ids.csv", "\ufeff" + "\r\n".join([header, lines[1], lines[1], *lines[2:]]))
    add("extra_field.csv", "\ufeff" + "\r\n".join([header, lines[1] + ';"te veel"', *lines[2:]]))
    mixed = "\r\n".join(lines[:20]) + "\n" + "\n".join(lines[20:40]) + "\r\n" + "\r\n".join(lines[40:])
    add("mixed_line_endings.csv", mixed.encode("utf-8"))
    add("bom_mid_file.csv", good + good)
    broken_utf8 = bytearray(good)
    where = good.index("ë".encode("utf-8")) if "ë".encode("utf-8") in good else len(good) // 2
    broken_utf8[where] = 0xFF
    add("invalid_utf8.csv", bytes(broken_utf8))
    add("truncated_utf8.csv", good[: good.index("ë".encode("utf-8")) + 1] if "ë".encode("utf-8") in good else good[:-1] + b"\xc3")
    add("columns_match_nothing.csv", "\ufeff" + '"id";"submitdate";"foo";"bar"\r\n"1";"2026-01-01 10:00:00";"a";"b"\r\n',
        structure=GOOD_LSS)
    add("other_survey_structure.csv", good, structure=OTHER_LSS)
    as_structure = _write(folder, "export_as_structure.csv", good)
    out.append(BadInput("export_as_structure.csv", as_structure, "responses", structure=as_structure))
    add("bad_json.json", GOOD_JSON.read_bytes()[:3000])
    add("rc2_status.json", json.dumps({"status": "No Data, could not get max id."}))
    add("no_responses.json", json.dumps({"responses": []}))
    add("responses_not_a_list.json", json.dumps({"responses": {"a": 1}}))
    add("responses_of_strings.json", json.dumps({"responses": ["a", "b"]}))
    add("truncated.xlsx", GOOD_XLSX.read_bytes()[:2000])
    buffer = io.BytesIO()
    from openpyxl import Workbook

    Workbook().save(buffer)
    add("empty_sheet.xlsx", buffer.getvalue())
    big = "\ufeff" + header + "\r\n" + "\r\n".join(lines[1:81] * 40) + "\r\n"
    add("over_size_limit.csv", big.encode("utf-8"), max_megabytes=1)

    # --- structures
    add("empty.lss", b"", role="structure")
    add("truncated.lss", lss[: len(lss) // 2], role="structure")
    xxe = ('<?xml version="1.0"?><!DOCTYPE document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
           "<document><LimeSurveyDocType>&xxe;</LimeSurveyDocType></document>")
    add("xxe.lss", xxe, role="structure")
    laughs = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    laughs += "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    laughs += "]><document><LimeSurveyDocType>&lol9;</LimeSurveyDocType></document>"
    add("billion_laughs.lss", laughs, role="structure")
    add("html.lss", "<html><body>Login required</body></html>", role="structure")
    add("not_a_survey.lss", "<document><LimeSurveyDocType>Survey</LimeSurveyDocType></document>", role="structure")
    add("group_only.lss", "<document><LimeSurveyDocType>Group</LimeSurveyDocType></document>", role="structure")
    add("binary.lss", bytes(rng.randrange(256) for _ in range(2048)), role="structure")
    add("structure_no_questions.tsv", "id\trelated_id\tclass\ttype/scale\tname\trelevance\ttext\tlanguage\n\t\tS\t\tsid\t\t1\t\n",
        role="structure")
    add("structure.json", json.dumps({"rows": []}), role="structure")

    # --- archives
    bomb = folder / "zip_bomb.lsa"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("survey_246135.lss", "w") as member:
            chunk = b"\0" * (1 << 20)
            for _ in range(24):
                member.write(chunk)
    out.append(BadInput("zip_bomb.lsa", bomb, "archive"))
    add("csv_renamed.lsa", good, role="archive")
    out.append(BadInput("empty_zip.lsa", _zip(folder / "empty_zip.lsa", {"readme.txt": b"nothing"}), "archive"))
    add("truncated.lsa", GOOD_LSA.read_bytes()[:1500], role="archive")
    out.append(BadInput("xxe_in_archive.lsa", _zip(folder / "xxe_in_archive.lsa",
                                                    {"survey_1.lss": xxe.encode(), "survey_1_responses.lsr": xxe.encode()}),
                        "archive"))

    # --- round folders
    out.append(BadInput("round_other_survey", _round(folder, "round_other_survey", GOOD_CSV, OTHER_LSS), "round",
                        named=GOOD_CSV.name))
    out.append(BadInput("round_columns_match_nothing", _round(folder, "round_columns_match_nothing",
                                                              folder / "columns_match_nothing.csv", GOOD_LSS), "round",
                        named="columns_match_nothing.csv"))
    out.append(BadInput("round_missing_export", _round(folder, "round_missing_export", folder / "missing.csv", GOOD_LSS),
                        "round", named="missing.csv"))
    out.append(BadInput("round_without_toml", folder / "empty_round", "round", named="empty_round"))
    (folder / "empty_round").mkdir()
    return out
