"""``samenspel obstacles`` run the way a researcher runs it: as a subprocess on a CSV file."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

from pipeline.obstacles import builtin_codebook_path, load_codebook
from pipeline.obstacles.files import read_text_csv

PROJECT = Path(__file__).resolve().parents[1]
DEMO_EXPORT = PROJECT / "surveys" / "demo" / "ronde-2" / "exports" / "responses_csv_code_short_all.csv"


def run(*args: str | Path, hash_seed: str = "0") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", "obstacles", *map(str, args)],
        capture_output=True, text=True, cwd=PROJECT, timeout=120,
        env={**os.environ, "PYTHONHASHSEED": hash_seed},
    )


def run_here(*args: str | Path) -> subprocess.CompletedProcess:
    """Run the command in this process (same code path as the console script, faster)."""
    import contextlib
    import io

    from pipeline.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["obstacles", *map(str, args)])
    return subprocess.CompletedProcess(args, code, out.getvalue(), err.getvalue())


def read(path: Path, delimiter: str = ",") -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=delimiter))


def test_themes_any_csv_one_row_per_input_row(tmp_path):
    source = tmp_path / "antwoorden.csv"
    rows = [
        ("a1", "De huur van ons pand is verdubbeld."),
        ("a2", "n.v.t."),
        ("a3", "We vinden geen nieuwe vrijwilligers, de kern is overbelast."),
        ("a4", ""),
        ("a5", "Voor het straatfeest hebben we een evenementenvergunning nodig, dat duurt weken."),
        ("a6", "Klachten van de buren over lawaai van de muziek."),
    ]
    with open(source, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["nummer", "tekst", "extra"])
        for key, text in rows:
            writer.writerow([key, text, "x"])
    out = tmp_path / "themes.csv"
    done = run(source, "--text-column", "tekst", "--id-column", "nummer", "--out", out)
    assert done.returncode == 0, done.stderr
    result = read(out)
    assert list(result[0].keys()) == ["id", "theme", "label", "score"]
    assert [r["id"] for r in result] == [key for key, _ in rows]
    themes = {r["id"]: r["theme"] for r in result}
    assert themes["a1"] == "gebouw" and themes["a3"] == "vrijwilligers" and themes["a5"] == "regels"
    assert themes["a2"] == "" and themes["a4"] == ""
    assert themes["a6"].startswith("emergent-")
    labels = {r["id"]: r["label"] for r in result}
    assert labels["a1"] == load_codebook(None).theme("gebouw").name_nl
    assert all(0.0 <= float(r["score"]) <= 1.0 for r in result)
    assert "6 rows" in done.stdout
    # a rerun in a fresh process (other hash seed) writes the very same bytes
    again = tmp_path / "again.csv"
    assert run(source, "--text-column", "tekst", "--id-column", "nummer", "--out", again, hash_seed="12345").returncode == 0
    assert again.read_bytes() == out.read_bytes()


def test_the_demo_export_without_id_column_uses_row_numbers(tmp_path):
    out = tmp_path / "themes.csv"
    done = run_here(DEMO_EXPORT, "--text-column", "belemmeringen", "--out", out, "--lang", "en")
    assert done.returncode == 0, done.stderr
    raw = read(DEMO_EXPORT, ";")
    result = read(out)
    assert [r["id"] for r in result] == [str(i) for i in range(1, len(raw) + 1)]
    empty = [i for i, r in enumerate(raw) if not r["belemmeringen"].strip()]
    assert all(result[i]["theme"] == "" for i in empty)
    assert "Building" in {r["label"].split(":")[0] for r in result} or any("building" in r["label"].lower() for r in result)


def test_a_missing_column_lists_the_columns_and_writes_nothing(tmp_path):
    out = tmp_path / "themes.csv"
    done = run(DEMO_EXPORT, "--text-column", "obstakels", "--out", out)
    assert done.returncode == 2
    assert "obstakels" in done.stderr and "belemmeringen" in done.stderr
    assert "Traceback" not in done.stderr
    assert not out.exists() and not list(tmp_path.iterdir())


def test_a_csv_saved_by_excel_in_windows_1252_is_read_and_damaged_utf8_is_refused(tmp_path):
    # Excel's "CSV (gescheiden door lijstscheidingsteken)": Windows-1252, the text comes out right
    source = tmp_path / "excel.csv"
    source.write_bytes("id;tekst\r\n7;Coördinatie kost € 300 per maand\r\n".encode("cp1252"))
    done = run_here(source, "--text-column", "tekst", "--id-column", "id", "--out", tmp_path / "out.csv")
    assert done.returncode == 0, done.stderr
    assert read_text_csv(source, "tekst", "id").to_dict("records") == [
        {"id": "7", "text": "Coördinatie kost € 300 per maand"}]
    # UTF-8 cut in the middle of a letter on line 3: not Windows-1252, so refused, naming the line
    broken = tmp_path / "broken.csv"
    broken.write_bytes("tekst\nCoördinatie\nCo".encode() + b"\xc3\n")
    done = run_here(broken, "--text-column", "tekst", "--out", tmp_path / "out2.csv")
    assert done.returncode == 2 and "UTF-8" in done.stderr and "line 3" in done.stderr, done.stderr
    assert not (tmp_path / "out2.csv").exists()


def test_a_broken_codebook_is_named(tmp_path):
    codebook = tmp_path / "codebook.toml"
    codebook.write_text('[[theme]]\nid = "x"\n', encoding="utf-8")
    done = run_here(DEMO_EXPORT, "--text-column", "belemmeringen", "--codebook", codebook, "--out", tmp_path / "out.csv")
    assert done.returncode == 2
    assert str(codebook) in done.stderr and "missing" in done.stderr
    assert not (tmp_path / "out.csv").exists()


def test_an_edited_codebook_from_the_command_line(tmp_path):
    codebook = tmp_path / "codebook.toml"
    codebook.write_text(
        builtin_codebook_path().read_text(encoding="utf-8")
        + '\n[[theme]]\nid = "geluid"\nname_nl = "Geluid"\nname_en = "Noise"\n'
        'definition_nl = "Lawaai en klachten van buren."\nkeywords = ["lawaai", "buren", "geluidsoverlast"]\n',
        encoding="utf-8",
    )
    source = tmp_path / "in.csv"
    source.write_text("tekst\nKlachten van de buren over lawaai.\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    done = run_here(source, "--text-column", "tekst", "--codebook", codebook, "--out", out)
    assert done.returncode == 0, done.stderr
    assert read(out)[0]["theme"] == "geluid"


def codebook_here(*args: str | Path) -> subprocess.CompletedProcess:
    import contextlib
    import io

    from pipeline.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["codebook", *map(str, args)])
    return subprocess.CompletedProcess(args, code, out.getvalue(), err.getvalue())


def test_a_facilitator_copies_the_codebook_and_promotes_a_new_group(tmp_path):
    codebook = tmp_path / "codebook.toml"
    assert codebook_here("copy", codebook).returncode == 0
    assert load_codebook(codebook).ids == load_codebook(None).ids
    again = codebook_here("copy", codebook)
    assert again.returncode == 2 and "already exists" in again.stderr

    source = tmp_path / "antwoorden.csv"
    source.write_text(
        "tekst\n"
        "Klachten van de buren over lawaai van de muziek.\n"
        "De buren klagen over lawaai en harde muziek.\n"
        "Lawaai van muziek geeft klachten van buren.\n"
        "De huur van het pand is verdubbeld.\n",
        encoding="utf-8",
    )
    listed = codebook_here("groups", source, "--text-column", "tekst", "--codebook", codebook)
    assert listed.returncode == 0 and "emergent-1" in listed.stdout and "lawaai" in listed.stdout

    refused = codebook_here("promote", source, "--text-column", "tekst", "--group", "emergent-1", "--id", "geluid")
    assert refused.returncode == 2 and "built-in codebook" in refused.stderr

    missing = codebook_here("promote", source, "--text-column", "tekst", "--codebook", codebook,
                            "--group", "emergent-9", "--id", "geluid")
    assert missing.returncode == 2 and "emergent-1" in missing.stderr

    edited = codebook.read_text(encoding="utf-8") + "\n# eigen aantekening: lawaai komt vaak terug\n"
    codebook.write_text(edited, encoding="utf-8")
    done = codebook_here("promote", source, "--text-column", "tekst", "--codebook", codebook,
                         "--group", "emergent-1", "--id", "geluid", "--name", "Geluidsoverlast", "--name-en", "Noise")
    assert done.returncode == 0, done.stderr
    # everything the facilitator had in the file, comments too, is kept as it was
    assert codebook.read_text(encoding="utf-8").startswith(edited)
    theme = load_codebook(codebook).theme("geluid")
    assert theme.name_nl == "Geluidsoverlast" and theme.origin == "emergent" and "lawaai" in theme.keywords

    # the next run puts those answers in the new theme, and a new answer too
    out = tmp_path / "out.csv"
    source.write_text(source.read_text(encoding="utf-8") + "Weer lawaai van de buren.\n", encoding="utf-8")
    assert run_here(source, "--text-column", "tekst", "--codebook", codebook, "--out", out).returncode == 0
    assert [r["theme"] for r in read(out)] == ["geluid", "geluid", "geluid", "gebouw", "geluid"]
