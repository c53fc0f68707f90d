"""A papermill engine that runs a notebook's cells in this process's IPython shell.

The report runner builds each report in a process that already imported pandas,
matplotlib, nbconvert and the package (a fork of the warm parent, or a warm spawned
worker) and executes the notebook there with this engine, in a fresh shell. Every report
so starts from the same clean state as a fresh kernel, without paying a kernel start and
the imports each time (measured in ``benchmarks/report_speed.py``). Outputs are recorded as
nbformat outputs, so the executed notebook looks as if a kernel had run it, and a failing
cell is marked the way papermill marks it.
"""

from __future__ import annotations

import sys
from io import StringIO
from typing import Any

import nbformat
from IPython.core.displayhook import DisplayHook
from IPython.core.displaypub import DisplayPublisher
from IPython.core.interactiveshell import InteractiveShell
from papermill.engines import Engine, papermill_engines

ENGINE_NAME = "samenspel-inprocess"


def _output(output_type: str, **fields: Any) -> nbformat.NotebookNode:
    """Return an nbformat output node, as ``nbformat.v4.new_output`` makes it but without
    checking it against the notebook schema one output at a time (a page's dozen checks
    cost more than its cells; papermill checks the whole notebook when it writes it)."""
    return nbformat.from_dict({"output_type": output_type, **fields})


class _Recorder:
    """Collects the outputs of the cell that is running."""

    def __init__(self) -> None:
        self.outputs: list[Any] = []

    def stream(self, name: str, text: str) -> None:
        if not text:
            return
        last = self.outputs[-1] if self.outputs else None
        if last is not None and last.get("output_type") == "stream" and last.get("name") == name:
            last["text"] += text
        else:
            self.outputs.append(_output("stream", name=name, text=text))


class _Publisher(DisplayPublisher):
    """Turns ``display(...)`` calls into ``display_data`` outputs."""

    recorder: _Recorder | None = None

    def publish(
        self,
        data: dict[str, Any],
        metadata: dict[str, Any] | None = None,
        source: Any = None,
        *,
        transient: dict[str, Any] | None = None,
        update: bool = False,
        **kwargs: Any,
    ) -> None:
        if self.recorder is not None:
            self.recorder.outputs.append(
                _output("display_data", data=data, metadata=metadata or {})
            )

    def clear_output(self, wait: bool = False) -> None:
        if self.recorder is not None:
            self.recorder.outputs.clear()


class _Hook(DisplayHook):
    """Turns a cell's last expression into an ``execute_result`` output."""

    recorder: _Recorder | None = None

    def write_output_prompt(self) -> None:
        pass

    def write_format_data(self, format_dict: dict[str, Any], md_dict: dict[str, Any] | None = None) -> None:
        if self.recorder is not None:
            self.recorder.outputs.append(
                _output(
                    "execute_result",
                    data=format_dict,
                    metadata=md_dict or {},
                    execution_count=self.prompt_count,
                )
            )

    def finish_displayhook(self) -> None:
        pass


class _Stream(StringIO):
    def __init__(self, recorder: _Recorder, name: str) -> None:
        super().__init__()
        self._recorder = recorder
        self._name = name

    def write(self, text: str) -> int:
        self._recorder.stream(self._name, text)
        return len(text)


def make_shell() -> InteractiveShell:
    """Return a fresh IPython shell wired to record outputs (create it before forking)."""
    shell = InteractiveShell(colors="nocolor")
    shell.display_pub = _Publisher(shell=shell, parent=shell)
    shell.displayhook = _Hook(shell=shell, cache_size=0, parent=shell)
    shell.display_trap.hook = shell.displayhook
    # the Jupyter display machinery picks the shell up through this singleton
    # traitlets declares the singleton's slot as plain None, so the checker takes it for None
    InteractiveShell._instance = shell  # type: ignore[assignment]
    return shell


def fresh_shell() -> InteractiveShell:
    """Return this process's recording shell with nothing of the last page left in it: its
    namespaces cleared and its counters back at one (``InteractiveShell.reset``); a new one
    when there is none yet.

    A builder that builds page after page resets its shell instead of making a new one per
    page: IPython keeps every shell it made alive, about 0.7 MB a page.
    """
    if InteractiveShell.initialized():
        shell = InteractiveShell.instance()
        if isinstance(shell.displayhook, _Hook):
            shell.reset(new_session=True)
            return shell
    return make_shell()


def replace_in_parameters(notebook: nbformat.NotebookNode, replacements: dict[str, str]) -> bool:
    """Replace text in what papermill recorded (paths, parameters, injected cell); return whether any changed.

    The report runner executes notebooks in a temporary build folder and publishes it under
    another name: the executed copy should name the published folder.
    """
    def replaced(text: str) -> str:
        for old, new in replacements.items():
            text = text.replace(old, new)
        return text

    changed = False
    papermill_record = notebook.metadata.get("papermill", {})
    for key in ("input_path", "output_path"):
        value = papermill_record.get(key)
        if isinstance(value, str) and replaced(value) != value:
            papermill_record[key] = replaced(value)
            changed = True
    recorded = papermill_record.get("parameters", {})
    for key, value in recorded.items():
        if isinstance(value, str) and replaced(value) != value:
            recorded[key] = replaced(value)
            changed = True
    for cell in notebook.cells:
        if "injected-parameters" in cell.metadata.get("tags", []) and replaced(cell.source) != cell.source:
            cell.source = replaced(cell.source)
            changed = True
    return changed


class InProcessEngine(Engine):
    """papermill engine: execute the cells in the current process's shell.

    ``replace_paths`` (old -> new text) is applied to the recorded parameters once the
    cells have run, before papermill writes the executed copy.
    """

    @classmethod
    def execute_managed_notebook(
        cls, nb_man: Any, kernel_name: str, replace_paths: dict[str, str] | None = None, **kwargs: Any
    ) -> nbformat.NotebookNode:
        shell = InteractiveShell.instance() if InteractiveShell.initialized() else make_shell()
        publisher, hook = shell.display_pub, shell.displayhook
        assert isinstance(publisher, _Publisher) and isinstance(hook, _Hook), "a shell from make_shell()"
        recorder = _Recorder()
        publisher.recorder = recorder
        hook.recorder = recorder

        def show_traceback(etype: type[BaseException], evalue: BaseException, stb: list[str]) -> None:
            recorder.outputs.append(
                _output(
                    "error", ename=etype.__name__, evalue=str(evalue), traceback=list(stb)
                )
            )

        # this shell's tracebacks become error outputs (an instance attribute over the method)
        shell._showtraceback = show_traceback  # type: ignore[method-assign]
        saved = sys.stdout, sys.stderr
        count = 0
        try:
            for index, cell in enumerate(nb_man.nb.cells):
                if cell.cell_type != "code":
                    continue
                nb_man.cell_start(cell, index)
                recorder.outputs = []
                sys.stdout = _Stream(recorder, "stdout")
                sys.stderr = _Stream(recorder, "stderr")
                try:
                    count += 1
                    shell.execution_count = count
                    result = shell.run_cell(cell.source, store_history=False, silent=False)
                finally:
                    sys.stdout, sys.stderr = saved
                cell.execution_count = count
                cell.outputs = recorder.outputs
                failed = not result.success
                if failed:
                    nb_man.cell_exception(cell, cell_index=index)
                nb_man.cell_complete(cell, cell_index=index)
                if failed:
                    break
        finally:
            sys.stdout, sys.stderr = saved
        if replace_paths:
            replace_in_parameters(nb_man.nb, replace_paths)
        return nb_man.nb


papermill_engines.register(ENGINE_NAME, InProcessEngine)
