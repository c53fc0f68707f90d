"""Nothing in the package assumes one operating system: text files are UTF-8 by name, and
the names samenspel makes are folder names on Windows, macOS and Linux."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conftest import DEMO, PROJECT
from pipeline.config import load_round_config
from pipeline.errors import ConfigError
from pipeline.exportsets import set_name

TEXT_METHODS = {"read_text", "write_text"}


def _mode(call: ast.Call, position: int) -> str | None:
    for keyword in call.keywords:
        if keyword.arg == "mode" and isinstance(keyword.value, ast.Constant):
            return keyword.value.value
    if len(call.args) > position and isinstance(call.args[position], ast.Constant):
        return call.args[position].value
    return "r"


def text_io_without_encoding(source: str) -> list[int]:
    """Return the lines of ``source`` that read or write a text file without naming its encoding."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or any(k.arg == "encoding" for k in node.keywords):
            continue
        func = node.func
        name = getattr(func, "attr", getattr(func, "id", ""))
        if name in TEXT_METHODS:
            lines.append(node.lineno)
        elif name == "open" and isinstance(func, ast.Name):
            mode = _mode(node, 1)  # builtin open(path, mode)
            if isinstance(mode, str) and "b" not in mode:
                lines.append(node.lineno)
        elif name == "open" and getattr(func.value, "id", "") not in ("os", "self"):
            # Path.open(mode); os.open works on bytes, a zip member's open(name) takes no mode
            first = node.args[0] if node.args else None
            if first is None or isinstance(first, ast.Constant):
                mode = _mode(node, 0)
                if isinstance(mode, str) and "b" not in mode:
                    lines.append(node.lineno)
    return lines


def test_the_scan_finds_text_io_without_an_encoding():
    assert text_io_without_encoding("p.read_text()\nopen(p)\np.open('w')\np.open()\n") == [1, 2, 3, 4]
    assert text_io_without_encoding(
        "p.read_text(encoding='utf-8')\nopen(p, 'rb')\np.open('xb')\nos.open(p, 1)\nopen(p, encoding='utf-8')\n"
        "archive.open(name)\nself.open()\n"
    ) == []


def test_every_text_file_the_package_reads_or_writes_names_its_encoding():
    found = {
        str(path.relative_to(PROJECT)): lines
        for path in sorted((PROJECT / "pipeline").rglob("*.py"))
        if (lines := text_io_without_encoding(path.read_text(encoding="utf-8")))
    }
    assert found == {}


def test_fetched_set_names_hold_no_colon():
    from datetime import UTC, datetime

    name = set_name(datetime(2026, 11, 21, 10, 0, 5, tzinfo=UTC))
    assert name == "fetched-20261121T100005Z"


@pytest.mark.parametrize("round_id", ["con", "AUX", "nul.2026", "com1", "lpt9", "ronde:3", "ronde?", 'a"b',
                                      "ronde-3.", "ronde|3", "<ronde>"])
def test_a_round_id_that_cannot_name_a_folder_everywhere_is_refused(tmp_path, round_id):
    text = (DEMO / "ronde-1" / "round.toml").read_text(encoding="utf-8")
    folder = tmp_path / "ronde"
    folder.mkdir()
    escaped = round_id.replace('"', '\\"')
    (folder / "round.toml").write_text(text.replace('id = "ronde-1"', f'id = "{escaped}"', 1), encoding="utf-8")
    with pytest.raises(ConfigError, match="cannot be a folder name") as caught:
        load_round_config(folder)
    assert "Windows" in str(caught.value)


@pytest.mark.parametrize("round_id", ["console", "ronde-3", "2026-voorjaar", "auxiliar", "com10"])
def test_ordinary_round_ids_pass(tmp_path, round_id):
    text = (DEMO / "ronde-1" / "round.toml").read_text(encoding="utf-8")
    assert 'id = "ronde-1"' in text
    folder = tmp_path / "ronde"
    folder.mkdir()
    (folder / "round.toml").write_text(text.replace('id = "ronde-1"', f'id = "{round_id}"', 1), encoding="utf-8")
    assert load_round_config(folder).id == round_id
