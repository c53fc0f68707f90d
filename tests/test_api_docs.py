"""The examples in the public API's docstrings run, the way a researcher runs them in JupyterLab."""

from __future__ import annotations

import doctest
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
DOCUMENTED = ("pipeline", "pipeline.compare", "pipeline.dictionary", "pipeline.trends", "pipeline.meeting")


@pytest.fixture
def in_notebooks(monkeypatch, secret_home):
    """Run from notebooks/, where ``make lab`` opens JupyterLab (the examples use ../surveys/...)."""
    monkeypatch.chdir(PROJECT / "notebooks")


@pytest.mark.parametrize("name", DOCUMENTED)
def test_docstring_examples_run(name, in_notebooks):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=FLAGS, verbose=False, report=True)
    assert result.attempted > 0, f"{name} has no examples"
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples in {name} failed (see above)"


@pytest.mark.parametrize("name", DOCUMENTED)
def test_every_public_function_has_an_example(name):
    module = importlib.import_module(name)
    finder = doctest.DocTestFinder()
    with_examples = {t.name.rsplit(".", 1)[-1] for t in finder.find(module) if t.examples}
    own = [
        attr for attr, value in vars(module).items()
        if callable(value) and not attr.startswith("_") and getattr(value, "__module__", None) == name
    ]
    assert own, name
    assert sorted(set(own) - with_examples) == []


def test_three_lines_in_jupyterlab(in_notebooks):
    """The module docstring's promise: import, load a round, look at its responses."""
    import csv

    import pipeline

    r = pipeline.load_round("../surveys/demo/ronde-2")
    head = r.responses.head()
    # independently: the complete rows of the raw export (submitdate filled), by the csv module
    raw = PROJECT / "surveys/demo/ronde-2/exports/responses_csv_code_short_all.csv"
    with raw.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    complete = [row for row in rows if row["submitdate"].strip()]
    assert len(r.responses) == len(complete)
    assert head.index.tolist() == sorted(int(row["id"]) for row in complete)[:5]
    first = next(row for row in complete if int(row["id"]) == head.index[0])
    assert head["initiative"].iloc[0] == first["initiatief"]


def test_public_api_is_listed_and_lazy():
    import pipeline

    for name in pipeline.__all__:
        assert getattr(pipeline, name) is not None, name
    assert set(dir(pipeline)) >= set(pipeline.__all__)
    with pytest.raises(AttributeError):
        pipeline.no_such_thing  # noqa: B018
    # a fresh interpreter: importing the package loads none of the heavy libraries
    code = "import sys, pipeline; print(sorted(m for m in ('pandas', 'sklearn', 'papermill') if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=PROJECT, check=True)
    assert done.stdout.strip() == "[]"


def test_submodules_reachable_after_import_pipeline():
    code = "import pipeline; print(pipeline.privacy.breakdown.__name__, pipeline.compare.compare_rounds.__name__)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=PROJECT, check=True)
    assert done.stdout.split() == ["breakdown", "compare_rounds"]


def test_load_history_follows_previous(in_notebooks):
    import tomllib

    import pipeline

    rounds = pipeline.load_history("../surveys/demo/ronde-2")
    # independently: round.toml's [round] previous, read with tomllib
    config = tomllib.loads((PROJECT / "surveys/demo/ronde-2/round.toml").read_text(encoding="utf-8"))
    previous = (PROJECT / "surveys/demo/ronde-2" / config["round"]["previous"]).resolve()
    before = tomllib.loads((previous / "round.toml").read_text(encoding="utf-8"))
    assert [r.id for r in rounds] == [before["round"]["id"], config["round"]["id"]]


def test_public_responses_refuses_a_language_samenspel_does_not_write(in_notebooks):
    """An unknown ``language`` was a bare KeyError from deep in the redaction; now a plain ValueError."""
    import pipeline

    r = pipeline.load_round("../surveys/demo/ronde-2")
    with pytest.raises(ValueError, match=r"'fr'.*nl, en"):
        pipeline.public_responses(r, language="fr")
    english = pipeline.public_responses(r, language="en")
    assert english.index.tolist() == pipeline.public_responses(r).index.tolist()
