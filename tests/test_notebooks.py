"""The notebooks: documented in notebooks/README.md, clean when committed, and runnable top to
bottom in the project's ``samenspel`` kernel on the demo round."""

from __future__ import annotations

import ast
import csv
import json
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import papermill
import pytest

PROJECT = Path(__file__).resolve().parents[1]
NOTEBOOKS = PROJECT / "notebooks"
README = NOTEBOOKS / "README.md"
DEMO_ROUND = PROJECT / "surveys" / "demo" / "ronde-2"
KERNEL = "samenspel"
ROW = re.compile(r"^\|\s*`(?P<name>\w+)`\s*\|\s*(?P<type>[^|]+?)\s*\|\s*`(?P<default>[^`]*)`\s*\|(?P<meaning>[^|]+)\|\s*$")


def committed_notebooks() -> list[str]:
    """Return every notebook under notebooks/ (relative, posix), checkpoints left out."""
    return sorted(
        p.relative_to(NOTEBOOKS).as_posix()
        for p in NOTEBOOKS.rglob("*.ipynb")
        if ".ipynb_checkpoints" not in p.parts
    )


def readme_sections() -> dict[str, dict]:
    """Return per notebook in the README: its audience line and its parameter rows."""
    sections: dict[str, dict] = {}
    current = None
    for line in README.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^## `([^`]+\.ipynb)`\s*$", line)
        if heading:
            current = sections.setdefault(heading.group(1), {"audience": "", "parameters": {}})
            continue
        if line.startswith("## "):
            current = None
        if current is None:
            continue
        if line.startswith("**Audience:**"):
            current["audience"] = line.removeprefix("**Audience:**").strip()
        row = ROW.match(line)
        if row:
            current["parameters"][row["name"]] = {
                "type": row["type"], "default": row["default"], "meaning": row["meaning"].strip(),
            }
    return sections


def default_type(default: str) -> str:
    """Return the Python type name of a parameter's default, read from its source text."""
    return type(ast.literal_eval(default)).__name__


# ---------------------------------------------------------------- (a) README in sync

def test_readme_lists_exactly_the_notebooks():
    assert sorted(readme_sections()) == committed_notebooks()
    assert "templates/new-analysis.ipynb" in committed_notebooks()


@pytest.mark.parametrize("notebook", committed_notebooks())
def test_readme_parameters_match_papermill(notebook):
    section = readme_sections()[notebook]
    assert section["audience"], f"{notebook}: no **Audience:** line in notebooks/README.md"
    inspected = papermill.inspect_notebook(str(NOTEBOOKS / notebook))
    documented = section["parameters"]
    assert list(documented) == list(inspected), f"{notebook}: README lists {list(documented)}"
    for name, found in inspected.items():
        row = documented[name]
        assert ast.literal_eval(row["default"]) == ast.literal_eval(found["default"]), name
        # papermill names the type only when the cell annotates it; otherwise the default's type
        declared = found["inferred_type_name"]
        expected = declared if declared != "None" else default_type(found["default"])
        assert row["type"] == expected, f"{notebook} {name}: README says {row['type']}, notebook {expected}"
        assert row["meaning"], f"{notebook} {name}: no meaning given"


def test_readme_parser_sees_a_wrong_default(tmp_path, monkeypatch):
    """The sync test can fail: a README with a changed default no longer matches."""
    changed = README.read_text(encoding="utf-8").replace('`"I01"`', '`"I02"`')
    fake = tmp_path / "README.md"
    fake.write_text(changed, encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "README", fake)
    documented = readme_sections()["initiative.ipynb"]["parameters"]["initiative"]["default"]
    found = papermill.inspect_notebook(str(NOTEBOOKS / "initiative.ipynb"))["initiative"]["default"]
    assert ast.literal_eval(documented) != ast.literal_eval(found)


# ---------------------------------------------------------------- (c) committed notebooks are clean

@pytest.mark.parametrize("notebook", committed_notebooks())
def test_committed_notebook_is_clean(notebook):
    nb = nbformat.read(NOTEBOOKS / notebook, as_version=4)
    nbformat.validate(nb)
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    assert code, notebook
    assert "parameters" in code[0].metadata.get("tags", []), f"{notebook}: first code cell not tagged 'parameters'"
    for cell in code:
        assert cell.outputs == [], f"{notebook}: outputs committed"
        assert cell.execution_count is None, f"{notebook}: execution counts committed"
        tree = ast.parse(cell.source)
        defined = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)]
        assert not defined, f"{notebook}: a def/class belongs in the package: {cell.source[:80]!r}"
    assert "papermill" not in nb.metadata, f"{notebook}: an executed copy was committed"
    assert nb.metadata.kernelspec.name == KERNEL


def test_make_lab_registers_the_kernel_the_notebooks_use():
    makefile = (PROJECT / "Makefile").read_text(encoding="utf-8")
    lab = makefile[makefile.index("\nlab:"):].split("\n\n")[0]
    assert f"ipykernel install --sys-prefix --name {KERNEL}" in lab
    assert "jupyter lab" in lab


# ---------------------------------------------------------------- (b) every notebook runs in the kernel

@pytest.fixture(scope="session")
def samenspel_kernel() -> str:
    """Install the project's kernel into the venv, the way ``make lab`` does; return its name."""
    done = subprocess.run(
        [sys.executable, "-m", "ipykernel", "install", "--sys-prefix", "--name", KERNEL, "--display-name", KERNEL],
        capture_output=True, text=True,
    )
    from jupyter_client.kernelspec import KernelSpecManager

    # a parallel test worker may be installing the same kernel at this moment: then theirs is used
    assert done.returncode == 0 or KERNEL in KernelSpecManager().find_kernel_specs(), done.stderr

    spec = KernelSpecManager().get_kernel_spec(KERNEL)
    # the kernel runs the project's own interpreter, so `import pipeline` finds this checkout
    assert Path(spec.argv[0]).resolve() == Path(sys.executable).resolve()
    return KERNEL


def execute(notebook: str, out: Path, parameters: dict, kernel: str) -> nbformat.NotebookNode:
    """Run one notebook top to bottom with papermill in ``kernel``; return the executed copy."""
    executed = out / notebook.replace("/", "__")
    papermill.execute_notebook(
        str(NOTEBOOKS / notebook), str(executed), parameters=parameters, kernel_name=kernel,
        progress_bar=False, cwd=str(out),
    )
    nb = nbformat.read(executed, as_version=4)
    assert nb.metadata.papermill.parameters == parameters
    assert nb.metadata.kernelspec.name == kernel
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert all(o.output_type != "error" for o in cell.outputs), cell.source
            assert cell.execution_count is not None, f"{notebook}: a cell did not run"
    return nb


@pytest.fixture(scope="module")
def analysed(tmp_path_factory, secret_home, samenspel_kernel) -> Path:
    """Run the analysis notebook (the others read what it writes); return its data folder."""
    out = tmp_path_factory.mktemp("notebooks")
    data = out / "data"
    execute("analysis.ipynb", out, {"round_dir": str(DEMO_ROUND), "data_dir": str(data), "lang": "nl",
                                    "round_id": "ronde-2"}, samenspel_kernel)
    return data


def first_initiative(data: Path) -> str:
    with (data / "initiatives.csv").open(encoding="utf-8-sig", newline="") as handle:
        return next(csv.DictReader(handle))["initiative"]


# every notebook under notebooks/ must be here, with the parameters it gets in this test
RUNS = {
    "analysis.ipynb": None,  # run by the ``analysed`` fixture
    "community.ipynb": lambda data: {"data_dir": str(data), "lang": "nl", "round_id": "ronde-2"},
    "initiative.ipynb": lambda data: {"data_dir": str(data), "lang": "nl", "round_id": "ronde-2",
                                      "initiative": first_initiative(data)},
    "meeting.ipynb": lambda data: {"data_dir": str(data), "lang": "nl", "round_id": "ronde-2"},
    # the demo has no regions: the page says the group has too few answers of its own
    "group.ipynb": lambda data: {"data_dir": str(data), "lang": "nl", "round_id": "ronde-2", "group": "Noord"},
    "templates/new-analysis.ipynb": lambda data: {"data_dir": str(data), "lang": "nl", "round_id": "ronde-2"},
}


def test_every_notebook_is_executed_here():
    assert sorted(RUNS) == committed_notebooks()


def test_analysis_notebook_writes_the_data(analysed):
    meta = json.loads((analysed / "round.json").read_text(encoding="utf-8"))
    assert meta["round"] == "ronde-2"
    with (DEMO_ROUND / "exports" / "responses_csv_code_short_all.csv").open(encoding="utf-8-sig", newline="") as handle:
        complete = [row for row in csv.DictReader(handle, delimiter=";") if row["submitdate"].strip()]
    # the row-level data sits beside the reports folder ("notebooks0" -> "notebooks0-research")
    research = analysed.parent.with_name(analysed.parent.name + "-research") / "data"
    with (research / "responses.csv").open(encoding="utf-8-sig", newline="") as handle:
        public = list(csv.DictReader(handle))
    assert len(public) == len(complete)
    assert (analysed / "data_dictionary.md").exists()


@pytest.fixture(scope="module")
def run_notebook(analysed, samenspel_kernel, tmp_path_factory):
    """Return a function that runs a notebook of RUNS once in this module and returns the executed copy."""
    done: dict[str, nbformat.NotebookNode] = {}

    def run(notebook: str) -> nbformat.NotebookNode:
        if notebook not in done:
            out = tmp_path_factory.mktemp("executed")
            done[notebook] = execute(notebook, out, RUNS[notebook](analysed), samenspel_kernel)
        return done[notebook]

    return run


@pytest.mark.parametrize("notebook", [name for name, run in RUNS.items() if run is not None])
def test_notebook_runs_top_to_bottom(notebook, run_notebook):
    nb = run_notebook(notebook)
    shown = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs]
    assert shown, f"{notebook} showed nothing"


def test_template_holds_back_small_groups(analysed, run_notebook):
    """The template's cross-tab shows 'x' for every group smaller than min_group_size."""
    nb = run_notebook("templates/new-analysis.ipynb")
    cell = next(c for c in nb.cells if c.cell_type == "code" and "breakdown(" in c.source)
    by, value = re.search(r'by, value = "(\w+)", "(\w+)"', cell.source).groups()
    text = "".join(o.get("text", "") or o.get("data", {}).get("text/plain", "") for o in cell.outputs)
    # independently: group sizes from the public CSV, with the csv module
    sizes: dict[str, int] = {}
    # the row-level data sits beside the reports folder ("notebooks0" -> "notebooks0-research")
    research = analysed.parent.with_name(analysed.parent.name + "-research") / "data"
    with (research / "responses.csv").open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            if row[value].strip() and row[by].strip():
                sizes[row[by]] = sizes.get(row[by], 0) + 1
    minimum = json.loads((analysed / "round.json").read_text(encoding="utf-8"))["min_group_size"]
    small = [group for group, n in sizes.items() if n < minimum]
    assert small, "the demo should have a small group for this test to mean something"
    lines = {line.split()[0]: line.split()[1:] for line in text.splitlines() if line.split()}
    for group in small:
        assert set(lines[group]) == {"x"}, (group, lines[group])
    for group, n in sizes.items():
        if n >= minimum and set(lines[group]) != {"x"}:  # shown groups show their true count
            assert lines[group][0] == str(n)
