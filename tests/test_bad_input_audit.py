"""Bad input the way facilitators really make it, run as they run it (``samenspel`` as a subprocess).

Each case is one realistic mistake, built from the demo community in ``tmp_path``. For every
one: exit status 2; stderr one line, in Dutch, naming the file (and line or column where it
applies) and what to do; the round's reports and every raw export exactly as before.
Some changes are not mistakes (a CSV that Excel saved as Windows-1252, a round.toml with a
byte-order mark, a round folder named "Ronde 3 – coördinatie"): those must work, and the
tests at the end show that the text comes out right.
"""

from __future__ import annotations

import csv
import errno
import io
import os
import re
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest

from conftest import DEMO, PROJECT, samenspel, tree_digest
from limesurvey_server import PASSWORD, ReplayLimeSurvey, write_round

EXPORT = "responses_csv_code_short_all.csv"
# the facilitator's default language (conftest makes every other test's commands speak English)
DUTCH = {"SAMENSPEL_LANG": "nl"}


# -- the community a facilitator has on disk ---------------------------------------------------


@dataclass(frozen=True)
class Community:
    """A copy of the demo community: two rounds, codebook, names list, and last round's good reports."""

    root: Path

    @property
    def folder(self) -> Path:
        return self.root / "buurthuizen"

    @property
    def round(self) -> Path:
        return self.folder / "ronde-2"

    @property
    def exports(self) -> Path:
        return self.round / "exports"

    @property
    def export(self) -> Path:
        return self.exports / EXPORT

    @property
    def structure(self) -> Path:
        return self.exports / "survey_246136.lss"

    @property
    def toml(self) -> Path:
        return self.round / "round.toml"

    @property
    def reports(self) -> Path:
        return self.root / "reports"

    @property
    def out(self) -> Path:
        return self.reports / "ronde-2"

    def set_toml(self, old: str, new: str) -> None:
        text = self.toml.read_text(encoding="utf-8")
        assert old in text, old
        self.toml.write_text(text.replace(old, new, 1), encoding="utf-8")

    def digest(self) -> dict[str, str]:
        """Every file and folder under the community and its reports, with the files' sha256."""
        files = tree_digest(self.root)
        folders = {str(p.relative_to(self.root)) + "/": "" for p in self.root.rglob("*") if p.is_dir()}
        return {**files, **folders}


def make_community(root: Path) -> Community:
    c = Community(root)
    c.folder.mkdir(parents=True)
    for name in ("ronde-1", "ronde-2"):
        shutil.copytree(DEMO / name, c.folder / name)
    for name in ("codebook.toml", "names.txt"):
        shutil.copy(DEMO / name, c.folder / name)
    # last round's reports as a facilitator has them: a failed run must leave them as they are
    (c.out / "data").mkdir(parents=True)
    (c.out / "index.html").write_text("<!doctype html><title>Ronde 2</title>\n", encoding="utf-8")
    (c.out / "provenance.json").write_text('{"round": "ronde-2"}\n', encoding="utf-8")
    (c.out / "data" / "themes.csv").write_text("theme,n\ngeld,4\n", encoding="utf-8")
    (c.reports / "ronde-2-research" / "data").mkdir(parents=True)
    (c.reports / "ronde-2-research" / "data" / "ledger.csv").write_text("row,status\n1,included\n", encoding="utf-8")
    return c


# -- what Excel does to LimeSurvey's CSV ------------------------------------------------------


def read_rows(path: Path) -> list[list[str]]:
    """Return the rows of a LimeSurvey CSV export (without the blank line RC2 ends it with)."""
    rows = csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline=""), delimiter=";")
    return [row for row in rows if row]


def excel_csv(rows: list[list[str]], encoding: str = "cp1252", bom: bool = False, delimiter: str = ";") -> bytes:
    """Return rows as Excel saves a CSV: the region's list separator (Dutch: ';'), quotes only where needed, CRLF."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    # what Windows-1252 has no letter for (an emoji) Excel saves as "?"
    data = buffer.getvalue().encode(encoding, errors="replace")
    return (b"\xef\xbb\xbf" if bom else b"") + data


def with_euro(rows: list[list[str]]) -> list[list[str]]:
    """Return rows whose first obstacle text also names an amount in euros (cp1252 has the sign at 0x80)."""
    column = rows[0].index("belemmeringen")
    rows = [list(r) for r in rows]
    first = next(r for r in rows[1:] if r[column])
    first[column] += " Het tekort is € 1.200 per jaar; één keer kregen we café-subsidie."
    return rows


def edit_column(rows: list[list[str]], name: str, change: Callable[[str], str]) -> list[list[str]]:
    column = rows[0].index(name)
    return [rows[0]] + [[change(v) if i == column and v else v for i, v in enumerate(r)] for r in rows[1:]]


def excel_date(value: str) -> str:
    """'2026-10-05 12:34:07' as a Dutch Excel shows and saves it: '5-10-2026 12:34'."""
    day, time = value.split(" ")
    y, m, d = day.split("-")
    return f"{int(d)}-{int(m)}-{y} {time[:5]}"


def us_excel_date(value: str) -> str:
    """'2026-10-05 12:34:07' as an Excel with American settings saves it: '10/5/2026 12:34'."""
    day, time = value.split(" ")
    y, m, d = day.split("-")
    return f"{int(m)}/{int(d)}/{y} {time[:5]}"


# -- the cases -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Expect:
    """How to run the case and what its one line must name."""

    args: tuple[str | Path, ...]
    names: tuple[str, ...]  # substrings the line must hold: the file, a line or column, the fix


CASES: dict[str, Callable[[Community], Expect]] = {}


def case(function: Callable[[Community], Expect]) -> Callable[[Community], Expect]:
    CASES[function.__name__] = function
    return function


def run_round(c: Community, *names: str) -> Expect:
    return Expect(("run", c.round, "--out", c.out, "--jobs", "1"), names)


def validate_round(c: Community, *names: str) -> Expect:
    # the exports are read the same way by validate and run; validate starts in a fraction of the time
    return Expect(("validate", c.round), names)


@case
def zero_byte_export(c: Community) -> Expect:
    # the browser's download was interrupted at once, or the disk was full
    c.export.write_bytes(b"")
    return validate_round(c, str(c.export), "opnieuw")


@case
def csv_cut_mid_row(c: Community) -> Expect:
    # a download over a poor connection stops half-way through a row
    data = c.export.read_bytes()
    c.export.write_bytes(data[: data.index(b'"30";') + 120])
    return run_round(c, str(c.export), "opnieuw")


@case
def xlsx_cut_in_half(c: Community) -> Expect:
    # the Excel export, downloaded half: round.toml points at it
    source = PROJECT / "tests" / "fixtures" / "limesurvey" / "round1" / "exports" / "responses_xls_code_short_all.xlsx"
    target = c.exports / "antwoorden.xlsx"
    target.write_bytes(source.read_bytes()[: source.stat().st_size // 2])
    c.set_toml(f'responses = "exports/{EXPORT}"', 'responses = "exports/antwoorden.xlsx"')
    return validate_round(c, str(target), "opnieuw")


@case
def lss_cut(c: Community) -> Expect:
    # the survey structure, downloaded half
    data = c.structure.read_bytes()
    c.structure.write_bytes(data[: len(data) // 2])
    return validate_round(c, str(c.structure), "opnieuw")


LOGIN_PAGE = """<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8"><title>LimeSurvey - Inloggen</title></head>
<body><form id="loginform" action="/index.php/admin/authentication/sa/login" method="post">
<label for="user">Gebruikersnaam</label><input id="user" name="user">
<label for="password">Wachtwoord</label><input id="password" name="password" type="password">
<button type="submit">Inloggen</button></form></body></html>
"""


@case
def login_page_saved_as_csv(c: Community) -> Expect:
    # the LimeSurvey session had timed out: the "export" the browser saved is the login page
    c.export.write_text(LOGIN_PAGE, encoding="utf-8")
    return validate_round(c, str(c.export), "LimeSurvey")


@case
def login_page_saved_as_xlsx(c: Community) -> Expect:
    # the same, for the Excel export
    target = c.exports / "antwoorden.xlsx"
    target.write_text(LOGIN_PAGE, encoding="utf-8")
    c.set_toml(f'responses = "exports/{EXPORT}"', 'responses = "exports/antwoorden.xlsx"')
    return validate_round(c, str(target), "LimeSurvey")


@case
def login_page_saved_as_lss(c: Community) -> Expect:
    # the survey structure downloaded after the session timed out
    c.structure.write_text(LOGIN_PAGE, encoding="utf-8")
    return validate_round(c, str(c.structure), "inlogpagina", "opnieuw")


@case
def login_page_saved_as_participants(c: Community) -> Expect:
    # the participants list downloaded after the session timed out
    (c.exports / "participants.json").write_text(LOGIN_PAGE, encoding="utf-8")
    return validate_round(c, str(c.exports / "participants.json"), "inlogpagina", "opnieuw")


@case
def pdf_renamed_csv(c: Community) -> Expect:
    # the statistics PDF saved under the export's name
    c.export.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n" + bytes(range(256)) * 8)
    return validate_round(c, str(c.export), "LimeSurvey")


@case
def zip_renamed_csv(c: Community) -> Expect:
    # the export was zipped to mail it, and the zip got the CSV's name back
    data = c.export.read_bytes()
    with zipfile.ZipFile(c.export, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(EXPORT, data)
    return validate_round(c, str(c.export), "uit")  # "pak het uit": unzip it


@case
def previous_rounds_export(c: Community) -> Expect:
    # the round folder was copied from last round and its export never replaced
    shutil.copy(c.folder / "ronde-1" / "exports" / EXPORT, c.export)
    return validate_round(c, str(c.export), "ronde-1")


@case
def other_surveys_export(c: Community) -> Expect:
    # the responses of another survey (the test survey 246135) beside this survey's .lss, in a
    # community's first round (no previous round to compare the file with)
    source = PROJECT / "tests" / "fixtures" / "limesurvey" / "round1" / "exports" / EXPORT
    shutil.copy(source, c.export)
    c.set_toml('previous = "../ronde-1"\n', "")
    return validate_round(c, str(c.export), "246136")


@case
def export_renamed_by_second_download(c: Community) -> Expect:
    # downloaded twice: the browser named the new one "... (1).csv" and round.toml names a file that is gone
    c.export.rename(c.exports / "responses_csv_code_short_all (1).csv")
    return validate_round(c, str(c.export), "responses_csv_code_short_all (1).csv")


@case
def init_with_two_exports(c: Community) -> Expect:
    # two downloads of the same round in exports/, and init given the folder instead of a file
    shutil.copy(c.export, c.exports / "responses_csv_code_short_all (1).csv")
    target = c.folder / "ronde-3"
    return Expect(("init", target, "--export", c.exports), (str(c.exports), EXPORT, "responses_csv_code_short_all (1).csv"))


@case
def round_given_as_its_exports_folder(c: Community) -> Expect:
    # dragged the exports/ folder onto the command line instead of the round folder
    return Expect(("run", c.exports, "--out", c.out, "--jobs", "1"), (str(c.exports), str(c.round)))


@case
def responses_line_deleted_with_two_exports(c: Community) -> Expect:
    # two downloads in exports/, and the responses line taken out of round.toml "so it finds one itself"
    shutil.copy(c.export, c.exports / "responses_csv_code_short_all (1).csv")
    c.set_toml(f'responses = "exports/{EXPORT}"\n', "")
    return validate_round(c, str(c.toml), EXPORT, "responses_csv_code_short_all (1).csv")


@case
def toml_saved_by_notepad_as_txt(c: Community) -> Expect:
    # Notepad's "Save as" with "Text documents" adds .txt, and Explorer hides it: it looks like round.toml
    c.toml.rename(c.round / "round.toml.txt")
    return run_round(c, str(c.round), "'round.toml.txt'", "hernoem")


@case
def toml_smart_quotes(c: Community) -> Expect:
    # edited in Word, or Notepad with autocorrect: “curly quotes” instead of straight ones
    c.set_toml('title = "Leergemeenschap', 'title = “Leergemeenschap')
    c.set_toml('(najaar 2026)"', '(najaar 2026)”')
    return run_round(c, str(c.toml), "regel 6", "aanhalingstekens")


@case
def toml_missing_closing_quote(c: Community) -> Expect:
    # a quote deleted while editing the title
    c.set_toml('(najaar 2026)"', "(najaar 2026)")
    return run_round(c, str(c.toml), "regel 6")


@case
def toml_windows_path(c: Community) -> Expect:
    # the path typed as Windows Explorer shows it, between double quotes: "\s" is no escape TOML knows
    c.set_toml('structure = "exports/survey_246136.lss"', 'structure = "exports\\survey_246136.lss"')
    return run_round(c, str(c.toml), "regel 13", "enkele aanhalingstekens")


@case
def toml_windows_path_read_as_escape(c: Community) -> Expect:
    # "exports\responses…": TOML reads "\r" as a carriage return, so the path is silently another one
    c.set_toml(f'responses = "exports/{EXPORT}"', f'responses = "exports\\{EXPORT}"')
    return run_round(c, str(c.toml), "[exports] responses", "enkele aanhalingstekens")


@case
def toml_saved_by_textedit_as_rtf(c: Community) -> Expect:
    # edited on a Mac in TextEdit, whose default is formatted text (RTF)
    text = c.toml.read_text(encoding="utf-8").replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}")
    rtf = "{\\rtf1\\ansi\\ansicpg1252\\cocoartf2761\n{\\fonttbl\\f0\\fswiss Helvetica;}\n\\f0\\fs24 " + \
        text.replace("\n", "\\\n") + "}"
    c.toml.write_text(rtf, encoding="cp1252", errors="replace")
    return run_round(c, str(c.toml), "RTF", "TextEdit")


@case
def toml_saved_as_word_document(c: Community) -> Expect:
    # saved from Word as a document, under the name round.toml
    with zipfile.ZipFile(c.toml, "w") as document:
        document.writestr("word/document.xml", "<w:document/>")
    return run_round(c, str(c.toml), "Word")


@case
def toml_dutch_key_name(c: Community) -> Expect:
    # the facilitator wrote the key in Dutch: "titel" for "title"
    c.set_toml("title = ", "titel = ")
    return run_round(c, str(c.toml), "'titel'", "title")


@case
def toml_dutch_table_name(c: Community) -> Expect:
    # "[vragen]" for "[questions]"
    c.set_toml("[questions]", "[vragen]")
    return validate_round(c, str(c.toml), "'vragen'", "questions")


@case
def names_file_binary(c: Community) -> Expect:
    # names.txt replaced by a Word document saved under its name
    (c.folder / "names.txt").write_bytes(b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)) * 4)
    return run_round(c, "names.txt")


@case
def output_is_a_file(c: Community) -> Expect:
    # --out names a file (last round's zip of the reports, or a typo)
    shutil.rmtree(c.out)
    c.out.write_bytes(b"PK\x05\x06" + bytes(18))
    return run_round(c, str(c.out))


@case
def output_is_the_round_folder(c: Community) -> Expect:
    # --out pointed at the round folder itself: its exports must not be replaced by reports
    return Expect(("run", c.round, "--out", c.round, "--jobs", "1"), (str(c.round), "--out"))


@case
def output_is_the_reports_folder(c: Community) -> Expect:
    # --out reports instead of --out reports/ronde-2: every other round's reports are in it
    (c.reports / "ronde-1").mkdir()
    (c.reports / "ronde-1" / "index.html").write_text("ronde 1\n", encoding="utf-8")
    return Expect(("run", c.round, "--out", c.reports, "--jobs", "1"), (str(c.reports), "--out"))


@case
def output_is_another_rounds_reports(c: Community) -> Expect:
    # the command line recalled from last time, only the round folder changed: --out is ronde-1's reports
    other = c.reports / "ronde-1"
    other.mkdir()
    (other / "index.html").write_text("<!doctype html><title>Ronde 1</title>\n", encoding="utf-8")
    (other / "provenance.json").write_text('{"round": "ronde-1"}\n', encoding="utf-8")
    return Expect(("run", c.round, "--out", other, "--jobs", "1"), (str(other), "'ronde-1'", "'ronde-2'", str(c.out)))


@case
def output_inside_a_file(c: Community) -> Expect:
    # the parent of --out is a file: the build folder cannot be made there
    blocker = c.root / "rapporten"
    blocker.write_text("geen map\n", encoding="utf-8")
    return Expect(("run", c.round, "--out", blocker / "ronde-2", "--jobs", "1"), (str(blocker),))


@case
def output_read_only(c: Community) -> Expect:
    # a reports folder on a share the facilitator may only read
    if os.geteuid() == 0:
        pytest.skip("root may write in a read-only folder")
    c.reports.chmod(0o555)
    return Expect(("run", c.round, "--out", c.reports / "ronde-3", "--jobs", "1"), (str(c.reports),))


@case
def previous_is_itself(c: Community) -> Expect:
    # round.toml copied from last round, previous edited to the new round's own name
    c.set_toml('previous = "../ronde-1"', 'previous = "../ronde-2"')
    return run_round(c, str(c.toml), "previous")


@case
def previous_with_a_typo(c: Community) -> Expect:
    # "../ronde1" for "../ronde-1"
    c.set_toml('previous = "../ronde-1"', 'previous = "../ronde1"')
    return validate_round(c, str(c.toml), "previous", "'../ronde-1'")


@case
def previous_of_another_community(c: Community) -> Expect:
    # previous points at a round of another learning community kept beside this one
    other = c.root / "zorgcoops" / "ronde-1"
    shutil.copytree(c.folder / "ronde-1", other)
    for name in ("codebook.toml", "names.txt"):
        shutil.copy(c.folder / name, other.parent / name)
    text = (other / "round.toml").read_text(encoding="utf-8")
    (other / "round.toml").write_text(text.replace('community = "demo"', 'community = "zorgcoops"'), encoding="utf-8")
    c.set_toml('previous = "../ronde-1"', 'previous = "../../zorgcoops/ronde-1"')
    return validate_round(c, str(c.toml), "previous", "zorgcoops")


def with_limesurvey(c: Community, url: str, survey_id: str) -> None:
    text = c.toml.read_text(encoding="utf-8")
    c.toml.write_text(text + f'\n[limesurvey]\nurl = "{url}"\nsurvey_id = {survey_id}\nusername = "admin"\n',
                      encoding="utf-8")


@case
def fetch_url_without_https(c: Community) -> Expect:
    # the address typed without https://, as a browser shows it
    with_limesurvey(c, "enquete.example.org/index.php/admin/remotecontrol", "246136")
    return Expect(("fetch", c.round), (str(c.toml), "[limesurvey] url", "https://"))


@case
def fetch_survey_id_in_quotes(c: Community) -> Expect:
    # every other value has quotes, so the survey number got them too
    with_limesurvey(c, "https://enquete.example.org/index.php/admin/remotecontrol", '"246136"')
    return Expect(("fetch", c.round), (str(c.toml), "survey_id", "'246136'"))


@case
def obstacles_on_broken_utf8(c: Community) -> Expect:
    # a researcher's CSV whose UTF-8 was cut mid-character by a copy-paste tool
    source = c.root / "teksten.csv"
    source.write_bytes(b"id;tekst\r\n1;De co\xc3\r\n2;Geen geld voor het caf\xc3\xa9\r\n")
    out = c.root / "themas.csv"
    return Expect(("obstacles", source, "--text-column", "tekst", "--out", out), (str(source), "regel 2"))


@case
def codebook_copy_into_a_file(c: Community) -> Expect:
    # "codebook copy" aimed at a folder that is really a file of the same name
    blocker = c.root / "instellingen"
    blocker.write_text("geen map\n", encoding="utf-8")
    return Expect(("codebook", "copy", blocker / "codeboek.toml"), (str(blocker / "codeboek.toml"), "een bestand"))


@case
def obstacles_out_into_a_file(c: Community) -> Expect:
    # a researcher's --out in a folder that is really a file
    blocker = c.root / "uitvoer"
    blocker.write_text("geen map\n", encoding="utf-8")
    source = c.root / "teksten.csv"
    source.write_bytes(b"id;tekst\r\n1;Geen geld voor de huur\r\n")
    return Expect(("obstacles", source, "--text-column", "tekst", "--out", blocker / "themas.csv"),
                  (str(blocker / "themas.csv"), "een bestand"))


@case
def codebook_check_smart_quotes(c: Community) -> Expect:
    # the community's codebook edited in Word
    book = c.folder / "codebook.toml"
    text = book.read_text(encoding="utf-8")
    first = text.index('"', text.index("\nname_nl = "))
    book.write_text(text[:first] + "“" + text[first + 1:], encoding="utf-8")
    return Expect(("codebook", "check", book), (str(book), "aanhalingstekens"))


# -- the checks ---------------------------------------------------------------------------------

# words of an English sentence that a Dutch one does not use
ENGLISH = {"the", "not", "cannot", "could", "file", "line", "column", "use", "check", "again", "found",
           "expected", "invalid", "at", "and", "with", "or", "statement", "value", "character", "unclosed"}
DUTCH_WORDS = {"de", "het", "een", "is", "geen", "niet", "van", "en", "in", "op", "met", "of", "opnieuw", "dat"}


def words(line: str, c: Community) -> set[str]:
    """Return the words of ``line`` outside paths and quoted values."""
    line = line.replace(str(c.root), "")
    line = re.sub(r"\S*[/\\]\S*", " ", line)
    line = re.sub(r"'[^']*'|\"[^\"]*\"", " ", line)
    return {w.lower() for w in re.findall(r"[A-Za-zÀ-ÿ]+", line)}


@pytest.mark.parametrize("name", list(CASES))
def test_a_facilitators_mistake_gets_one_dutch_line_and_changes_nothing(name: str, tmp_path: Path) -> None:
    c = make_community(tmp_path / "gemeenschap")
    expect = CASES[name](c)
    before = c.digest()
    done = samenspel(*expect.args, env=DUTCH, timeout=120)
    try:
        assert done.returncode == 2, done.stderr[-3000:] + done.stdout[-2000:]
        lines = done.stderr.splitlines()
        assert len(lines) == 1, done.stderr
        line = lines[0]
        assert line.startswith("samenspel: ") and "Traceback" not in line
        for fragment in expect.names:
            assert fragment in line, f"{fragment!r} not in {line!r}"
        # what happened, then what to do: a second sentence, the hint
        assert re.search(r"[.?]\s+[A-Z][a-z]", line.replace(str(c.root), "")), f"no hint in {line!r}"
        seen = words(line, c)
        assert not seen & (ENGLISH - DUTCH_WORDS), f"English in {line!r}: {seen & ENGLISH}"
        assert len(seen & DUTCH_WORDS) >= 2, line
        assert c.digest() == before
    finally:
        if c.reports.exists():
            c.reports.chmod(0o755)


# -- what is not a mistake: it works, and the text comes out right --------------------------------


@pytest.mark.parametrize(("encoding", "bom", "delimiter", "date", "half"), [
    ("cp1252", False, ";", excel_date, ",5"),
    ("utf-8", True, ";", excel_date, ",5"),
    ("cp1252", False, ",", us_excel_date, ".5"),
    ("utf-16", False, "\t", excel_date, ",5"),
], ids=["excel-nl-csv", "excel-nl-csv-utf8", "excel-us-csv", "excel-unicode-text"])
def test_an_export_opened_and_saved_by_excel_is_read_as_downloaded(
    encoding: str, bom: bool, delimiter: str, date: Callable[[str], str], half: str, tmp_path: Path,
) -> None:
    """Excel with Dutch settings saves ';', quotes only where needed, dates as 5-10-2026 12:34 and
    decimals with a comma; "CSV" in Windows-1252, "CSV UTF-8" with a byte-order mark. With American
    settings: ',', 10/5/2026 12:34 (month first: the column's 10/25/2026 says so) and a decimal point.
    "Unicode-tekst" is UTF-16 with tabs, saved as .txt."""
    from pipeline.ingest import load_round

    c = make_community(tmp_path)
    original = with_euro(read_rows(c.export))
    saved = edit_column(original, "vrijwilligers", lambda v: v + half)
    for name in ("submitdate", "startdate", "datestamp"):
        saved = edit_column(saved, name, date)
    c.export.write_bytes(excel_csv(saved, encoding, bom, delimiter))
    if encoding == "utf-16":
        c.export.rename(c.exports / "antwoorden.txt")
        c.set_toml(f'responses = "exports/{EXPORT}"', 'responses = "exports/antwoorden.txt"')
    if encoding == "cp1252":
        assert b"\x80 1.200" in c.export.read_bytes()
        with pytest.raises(UnicodeDecodeError):
            c.export.read_bytes().decode("utf-8")

    done = samenspel("validate", c.round, env=DUTCH)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert "60 (52 volledig, 8 onvolledig)" in done.stdout

    responses = load_round(c.round).responses
    head, rows = original[0], {int(r[0]): dict(zip(original[0], r, strict=True)) for r in original[1:]}
    assert len(responses) == 52
    for rid, row in responses.iterrows():
        source = rows[int(rid)]
        expected = source["belemmeringen"].encode(encoding, errors="replace").decode(encoding)
        assert (row["obstacle_text"] if isinstance(row["obstacle_text"], str) else "") == expected
        assert row["submitdate"].strftime("%Y-%m-%d %H:%M") == source["submitdate"][:16]
        if source["vrijwilligers"]:
            assert row["vrijwilligers"] == int(source["vrijwilligers"]) + 0.5
    assert "€ 1.200" in "".join(responses["obstacle_text"].dropna()) and "belemmeringen" in head


def test_a_round_edited_in_notepad_in_a_folder_named_like_people_name_it(tmp_path: Path) -> None:
    """"Ronde 3 – coördinatie": spaces, a dash and a diaeresis in the path; round.toml saved by
    Notepad (byte-order mark, CRLF) and names.txt as Notepad's "Unicode" (UTF-16): it all runs."""
    from pipeline.privacy.redact import load_names

    c = make_community(tmp_path / "Mijn documenten")
    folder = c.folder / "Ronde 3 – coördinatie"
    shutil.copytree(DEMO / "ronde-3", folder)
    toml = folder / "round.toml"
    text = toml.read_text(encoding="utf-8")
    assert 'previous = "../ronde-2"' in text and "\r" not in text
    toml.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    names = c.folder / "names.txt"
    listed = [line.strip() for line in names.read_text(encoding="utf-8").splitlines()
              if line.strip() and not line.startswith("#")]
    assert any(not name.isascii() for name in listed)  # "Aïcha": the encoding matters
    names.write_bytes(names.read_text(encoding="utf-8").replace("\n", "\r\n").encode("utf-16"))
    assert load_names(names) == tuple(dict.fromkeys(listed))
    before = tree_digest(c.folder)

    done = samenspel("validate", folder, env=DUTCH)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    out = c.reports / "Ronde 3 – coördinatie"
    # made beforehand in Finder and Explorer, opened there: an empty folder all the same
    out.mkdir()
    for clutter in (".DS_Store", "Thumbs.db", "desktop.ini"):
        (out / clutter).write_bytes(b"\x00\x01")
    done = samenspel("run", folder, "--out", out, "--jobs", "2", env=DUTCH, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert (out / "index.html").is_file() and (out / "provenance.json").is_file()
    assert "Ronde 3" in (out / "index.html").read_text(encoding="utf-8")
    assert tree_digest(c.folder) == before  # the raw exports, round.toml and names.txt as they were


def test_init_writes_a_round_that_loads_from_a_folder_with_spaces_and_accents(tmp_path: Path) -> None:
    from pipeline.config import load_round_config

    c = make_community(tmp_path / "Gedeelde map")
    folder = c.folder / "Ronde 4 – coördinatie"
    (folder / "exports").mkdir(parents=True)
    for source in (c.export, c.structure):
        shutil.copy(source, folder / "exports" / source.name)
    done = samenspel("init", folder, "--export", folder / "exports" / EXPORT, env=DUTCH)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    config = load_round_config(folder)
    assert config.id == "Ronde 4 – coördinatie"
    assert config.exports.responses == (folder / "exports" / EXPORT).resolve()
    assert config.exports.structure == (folder / "exports" / c.structure.name).resolve()


def test_fetch_with_the_address_copied_from_the_browser(tmp_path: Path) -> None:
    """[limesurvey] url copied from the browser's address bar (a survey's admin page), not the
    RemoteControl address: one Dutch line that names the url and says what it should end with."""
    with ReplayLimeSurvey() as server:
        base = server.url.split("/index.php")[0]
        url = f"{base}/index.php/admin/survey/sa/view/surveyid/246135"
        round_dir = write_round(tmp_path / "ronde 1", url)
        before = tree_digest(tmp_path)
        done = samenspel("fetch", round_dir, env={**DUTCH, "LIMESURVEY_PASSWORD": PASSWORD})
    assert done.returncode == 2 and done.stdout == "", done.stderr
    [line] = done.stderr.splitlines()
    assert url in line and "Controleer de [limesurvey] url in round.toml" in line and "/index.php/admin/remotecontrol" in line
    assert tree_digest(tmp_path) == before and not (round_dir / "exports").exists()


def test_a_round_toml_saved_by_an_old_notepad_in_ansi_is_read_right(tmp_path: Path) -> None:
    """Notepad before Windows 10 (1903) saved "ANSI", Windows-1252: "coördinatie" is one byte 0xF6."""
    from pipeline.config import load_round_config

    c = make_community(tmp_path)
    text = c.toml.read_text(encoding="utf-8")
    title = "Ronde 2 – coördinatie, café en één loket"
    start = text.index('title = "') + len('title = "')
    text = text[:start] + title + text[text.index('"', start):]
    c.toml.write_bytes(text.replace("\n", "\r\n").encode("cp1252"))
    assert b"co\xf6rdinatie" in c.toml.read_bytes()
    assert load_round_config(c.round).title == title
    # the same file cut in the middle of a UTF-8 letter is not Windows-1252: refused, naming the line
    c.toml.write_bytes(text.encode("utf-8").replace("één".encode(), b"\xc3\xa9\xc3"))
    done = samenspel("validate", c.round, env=DUTCH)
    assert done.returncode == 2 and done.stderr == f"samenspel: {c.toml} is geen leesbare tekst: regel 6 is beschadigd " \
        "(half UTF-8). Herstel die regel en sla round.toml op als UTF-8.\n", done.stderr


def test_codes_whose_leading_zeros_excel_dropped_are_read_as_the_codes(tmp_path: Path) -> None:
    """A survey with numeric answer codes ("01" … "04"): Excel saves "01" as 1. The rule: a number
    that is the value of exactly one numeric code of the question is that code."""
    from pipeline.ingest import load_round

    c = make_community(tmp_path)
    numbered = {"vrijw": "01", "bestu": "02", "prof": "03", "coord": "04"}
    lss = c.structure.read_text(encoding="utf-8")
    for code, number in numbered.items():
        assert lss.count(f"<code><![CDATA[{code}]]></code>") == 1
        lss = lss.replace(f"<code><![CDATA[{code}]]></code>", f"<code><![CDATA[{number}]]></code>")
    c.structure.write_text(lss, encoding="utf-8")
    downloaded = edit_column(read_rows(c.export), "rol", lambda v: numbered[v])
    c.export.write_bytes(excel_csv(edit_column(downloaded, "rol", lambda v: str(int(v)))))
    assert b";1;" in c.export.read_bytes() and b";01;" not in c.export.read_bytes()

    responses = load_round(c.round).responses
    column = downloaded[0].index("rol")
    expected = {int(r[0]): r[column] for r in downloaded[1:]}
    got = {int(rid): value for rid, value in responses["rol"].items()}
    assert {rid: v if isinstance(v, str) else "" for rid, v in got.items()} == {rid: expected[rid] for rid in got}
    assert set(v for v in got.values() if isinstance(v, str)) == {"01", "02", "03", "04"}
    done = samenspel("validate", c.round, env=DUTCH)
    assert done.returncode == 0 and "rol" not in done.stdout.split("niet herkend")[1], done.stdout


def test_a_windows_path_between_single_quotes_works_on_every_system(tmp_path: Path) -> None:
    c = make_community(tmp_path)
    c.set_toml(f'responses = "exports/{EXPORT}"', f"responses = 'exports\\{EXPORT}'")
    done = samenspel("validate", c.round, env=DUTCH)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert "60 (52 volledig, 8 onvolledig)" in done.stdout


@pytest.mark.parametrize(("number", "words"), [
    (errno.EACCES, "alleen lezen"), (errno.EPERM, "alleen lezen"), (errno.EROFS, "alleen lezen"),
    (errno.ENOTDIR, "is een bestand"), (errno.ENOSPC, "schijf is vol"), (errno.EIO, "weigert"),
])
def test_why_a_reports_folder_could_not_be_made_in_plain_words(number: int, words: str) -> None:
    """The operating system's reasons (English, from the C library) said in the facilitator's words;
    root, who runs these tests, cannot be kept out of a read-only folder, so the reasons are built here."""
    from pipeline.files import why_not_written
    from pipeline.messages import say

    assert words in say(why_not_written(OSError(number, os.strerror(number))), "nl")


def test_a_value_typed_into_the_export_by_hand_is_a_dutch_warning_not_an_error(tmp_path: Path) -> None:
    """A facilitator "corrected" a role in Excel by typing a word where LimeSurvey wrote a code: it is
    kept, and validate says so in the facilitator's language (it said it in English)."""
    c = make_community(tmp_path)
    rows = read_rows(c.export)
    column = rows[0].index("rol")
    first = next(r for r in rows[1:] if r[column] == "vrijw")
    first[column] = "vrijwilliger"
    c.export.write_bytes(excel_csv(rows, "utf-8", bom=True))
    done = samenspel("validate", c.round, env=DUTCH)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    [warning] = [line for line in done.stdout.splitlines() if "'vrijwilliger'" in line]
    assert warning.split(":", 1)[1].strip() == ("Kolom 'rol': 1 waarde(n) zijn geen antwoordopties van vraag 'rol' "
                                                "in de structuur ('vrijwilliger'); ze blijven zoals ze zijn.")


def test_an_export_saved_again_as_an_excel_workbook_is_read_as_downloaded(tmp_path: Path) -> None:
    """Opened in Excel and saved as a workbook (.xlsx): the dates are real dates now, shown
    as 5-10-2026 12:34, and the numbers real numbers; round.toml names the new file."""
    from openpyxl import Workbook

    from pipeline.ingest import load_round

    c = make_community(tmp_path)
    rows = read_rows(c.export)
    book = Workbook()
    sheet = book.active
    sheet.append(rows[0])

    def cell(value: str) -> object:
        if re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", value):
            return datetime.strptime(value, "%Y-%m-%d %H:%M:%S")
        if value.isdigit() and not value.startswith("0"):
            return int(value)
        return value or None

    for row in rows[1:]:
        sheet.append([cell(v) for v in row])
    for line in sheet.iter_rows(min_row=2):
        for one in line:
            if isinstance(one.value, datetime):
                one.number_format = "d-m-yyyy h:mm"
    book.save(c.exports / "antwoorden.xlsx")
    c.set_toml(f'responses = "exports/{EXPORT}"', 'responses = "exports/antwoorden.xlsx"')

    responses = load_round(c.round).responses
    by_id = {int(r[0]): dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    assert len(responses) == 52
    for rid, row in responses.iterrows():
        source = by_id[int(rid)]
        assert row["submitdate"].strftime("%Y-%m-%d %H:%M:%S") == source["submitdate"]
        assert (row["obstacle_text"] if isinstance(row["obstacle_text"], str) else "") == source["belemmeringen"]
        assert (row["rol"] if isinstance(row["rol"], str) else "") == source["rol"]
