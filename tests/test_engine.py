"""The in-process engine writes executed notebooks that nbformat's schema accepts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat

from conftest import PROJECT

SCRIPT = """
import sys, papermill
from pipeline.report import engine
try:
    papermill.execute_notebook(sys.argv[1], sys.argv[2], engine_name=engine.ENGINE_NAME, kernel_name="python3",
                               progress_bar=False, parameters={"n": 3})
except papermill.PapermillExecutionError:
    pass
"""


def test_every_kind_of_output_the_engine_records_is_valid_nbformat(tmp_path: Path) -> None:
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    parameters = nbformat.v4.new_code_cell("n = 1")
    parameters.metadata["tags"] = ["parameters"]
    notebook.cells = [
        parameters,
        nbformat.v4.new_code_cell("print('stdout', n)\nimport sys\nprint('stderr', file=sys.stderr)"),
        nbformat.v4.new_code_cell("from IPython.display import HTML, display\ndisplay(HTML('<p>shown</p>'))"),
        nbformat.v4.new_code_cell("n * 2"),
        nbformat.v4.new_code_cell("raise ValueError('on purpose')"),
    ]
    source, executed = tmp_path / "in.ipynb", tmp_path / "out.ipynb"
    nbformat.write(notebook, source)
    subprocess.run([sys.executable, "-c", SCRIPT, str(source), str(executed)], cwd=PROJECT, check=True, timeout=120)
    result = nbformat.read(executed, as_version=4)
    # the schema of the notebook format, not the engine, judges the file
    nbformat.validate(result)
    kinds = [(o["output_type"], o.get("name")) for cell in result.cells for o in cell.get("outputs", [])]
    assert ("stream", "stdout") in kinds and ("stream", "stderr") in kinds
    assert ("display_data", None) in kinds and ("execute_result", None) in kinds and ("error", None) in kinds
    shown = [o for cell in result.cells for o in cell.get("outputs", []) if o["output_type"] == "execute_result"]
    assert shown[0]["data"]["text/plain"] == "6" and shown[0]["execution_count"] is not None
