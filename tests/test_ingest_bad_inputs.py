"""Every broken or hostile input: exit status 2, one plain line naming the file, nothing written."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline.cli import main
try:
    from tests.bad_inputs import GOOD_CSV, GOOD_LSS, BadInput, build_corpus
except ImportError:  # pytest run from inside tests/ (rootdir not on sys.path)
    from bad_inputs import GOOD_CSV, GOOD_LSS, BadInput, build_corpus  # type: ignore[no-redef]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[BadInput]:
    return build_corpus(tmp_path_factory.mktemp("bad"))


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p): (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.rglob("*")}


def validate_args(item: BadInput) -> list[str]:
    args = ["validate", str(item.path)]
    if item.role == "responses" and item.structure is not None:
        args += ["--structure", str(item.structure)]
    if item.role == "structure":
        args = ["validate", str(item.path)]
    if item.max_megabytes is not None:
        args += ["--max-megabytes", str(item.max_megabytes)]
    return args


def test_the_corpus_is_big_enough(corpus: list[BadInput]) -> None:
    assert len(corpus) >= 40
    assert len({item.name for item in corpus}) == len(corpus)


def check_message(err: str, item: BadInput) -> None:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("samenspel: ")
    assert "Traceback" not in err
    assert (item.named or item.path.name) in lines[0], lines[0]


def test_validate_refuses_every_bad_input(corpus: list[BadInput], capsys: pytest.CaptureFixture[str]) -> None:
    folder = corpus[0].path.parent
    before = snapshot(folder)
    for item in corpus:
        status = main(validate_args(item))
        err = capsys.readouterr().err
        assert status == 2, f"{item.name}: exit {status}"
        check_message(err, item)
    assert snapshot(folder) == before


def _round_for(item: BadInput, folder: Path) -> Path:
    if item.role == "round":
        return item.path
    round_dir = folder / f"run_{item.name.replace('.', '_')}"
    responses = item.path if item.role in {"responses", "archive"} else GOOD_CSV
    structure = item.path if item.role in {"structure", "archive"} else (item.structure or GOOD_LSS)
    extra = f"max_megabytes = {item.max_megabytes}\n" if item.max_megabytes else ""
    round_dir.mkdir()
    (round_dir / "round.toml").write_text(
        f'[round]\nid = "bad"\ntitle = "bad"\n\n[exports]\nresponses = "{responses.as_posix()}"\n'
        f'structure = "{structure.as_posix()}"\n{extra}', encoding="utf-8")
    return round_dir


def test_run_refuses_every_bad_input(corpus: list[BadInput], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = corpus[0].path.parent
    for item in corpus:
        round_dir = _round_for(item, tmp_path)
        out = tmp_path / f"out_{item.name}"
        before = snapshot(folder)
        status = main(["run", str(round_dir), "--out", str(out)])
        err = capsys.readouterr().err
        assert status == 2, f"{item.name}: exit {status}: {err}"
        check_message(err, item)
        assert not out.exists(), item.name
        assert snapshot(folder) == before
        expected = ["round.toml"] if item.name != "round_without_toml" else []
        assert sorted(os.listdir(round_dir)) == expected
