"""Compare two builds of the same round's reports: are they the same, apart from what must differ?

Data files (``data/`` and the row-level ``<round>-research/data/``) must be byte-identical.
Pages and executed notebooks must be identical apart from what differs between any two
runs: papermill's random cell ids and per-cell timings, the run's start and end times,
where the reports were written (the output and temporary build folders) and where the
project was (the input paths in ``provenance.json``). One character may also be written as
different, equivalent references: ``&#x27;`` and ``&#39;`` for ``'``, ``&quot;`` and ``&#34;``
for ``"`` (Python's ``html.escape`` writes the first, Jinja2's autoescape the second); they
count as the same. ``&lt;``, ``&gt;`` and ``&amp;`` are left alone, so text that lost its
escaping still shows as a difference.

    python benchmarks/compare_reports.py REPORTS_A REPORTS_B [--project-a DIR] [--project-b DIR]

REPORTS_A and REPORTS_B are folders holding one round's reports each (e.g. reports/ronde-2),
built from the same inputs, for instance by two versions of samenspel. Exit status 0 when
they match, 1 with every difference listed when not.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
from pathlib import Path

RESEARCH_SUFFIX = "-research"
# papermill's and nbclient's per-run values inside an executed notebook
RUN_KEYS = {"start_time", "end_time", "duration", "exception", "input_path", "output_path"}
CELL_ID = re.compile(r"(cell-id=|\"id\": \")[0-9a-f-]{8,}")
# equivalent spellings of one character in HTML, each mapped to one of them
EQUIVALENT_REFERENCES = (("&#39;", "&#x27;"), ("&#34;", "&quot;"))


def _files(folder: Path) -> dict[str, Path]:
    return {p.relative_to(folder).as_posix(): p for p in sorted(folder.rglob("*")) if p.is_file()}


def _folders(reports: Path) -> dict[str, Path]:
    """Return the report folder and its research sibling, by the role they play."""
    research = reports.with_name(reports.name + RESEARCH_SUFFIX)
    return {"reports": reports, "research": research}


def _paths(reports: Path, project: Path | None) -> list[tuple[re.Pattern[str], str]]:
    """Return the replacements that make a text independent of where it was built."""
    parent = re.escape(str(reports.parent))
    name = re.escape(reports.name)
    rules = [
        # the temporary build folder, any version's name for it, then the published one
        (re.compile(rf"{parent}/\.{name}\.building-[0-9-]+"), "<OUT>"),
        (re.compile(rf"{parent}/{name}"), "<OUT>"),
        (re.compile(rf"\.{name}\.building-[0-9-]+"), "<OUT-NAME>"),
    ]
    if project is not None:
        rules.append((re.compile(re.escape(str(project))), "<PROJECT>"))
    return rules


def _notebook_text(path: Path) -> str:
    notebook = json.loads(path.read_text(encoding="utf-8"))

    def scrub(value: object) -> object:
        if isinstance(value, dict):
            return {k: scrub(v) for k, v in value.items() if k not in RUN_KEYS and k != "id"}
        if isinstance(value, list):
            return [scrub(v) for v in value]
        return value

    return json.dumps(scrub(notebook), indent=1, sort_keys=True, ensure_ascii=False)


def _provenance_text(path: Path) -> str:
    record = json.loads(path.read_text(encoding="utf-8"))
    for key in ("started_at", "finished_at"):
        record.pop(key, None)
    return json.dumps(record, indent=1, sort_keys=True, ensure_ascii=False)


def normalised(path: Path, rules: list[tuple[re.Pattern[str], str]]) -> str:
    """Return a page's or notebook's text with what differs between any two runs taken out."""
    if path.suffix == ".ipynb":
        text = _notebook_text(path)
    elif path.name == "provenance.json":
        text = _provenance_text(path)
    else:
        text = path.read_text(encoding="utf-8")
    text = CELL_ID.sub(r"\1<ID>", text)
    for spelling, canonical in EQUIVALENT_REFERENCES:
        text = text.replace(spelling, canonical)
    for pattern, replacement in rules:
        text = pattern.sub(replacement, text)
    return text


def compare(a: Path, b: Path, *, project_a: Path | None = None, project_b: Path | None = None) -> list[str]:
    """Return every difference between the reports in ``a`` and ``b`` (empty: they match)."""
    problems = []
    rules_a, rules_b = _paths(a, project_a), _paths(b, project_b)
    for role, folder_a in _folders(a).items():
        folder_b = _folders(b)[role]
        files_a, files_b = _files(folder_a), _files(folder_b)
        for name in sorted(set(files_a) ^ set(files_b)):
            problems.append(f"{role}/{name}: only in {'A' if name in files_a else 'B'}")
        for name in sorted(set(files_a) & set(files_b)):
            path_a, path_b = files_a[name], files_b[name]
            is_data = role == "research" or name.startswith("data/")
            if path_a.read_bytes() == path_b.read_bytes():
                continue
            if is_data:
                problems.append(f"{role}/{name}: data file differs (must be byte-identical)")
                continue
            text_a, text_b = normalised(path_a, rules_a), normalised(path_b, rules_b)
            if text_a != text_b:
                diff = difflib.unified_diff(text_a.splitlines(), text_b.splitlines(), "A", "B", n=0, lineterm="")
                shown = "\n    ".join(line[:200] for line in list(diff)[2:8])
                problems.append(f"{role}/{name}: differs\n    {shown}")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("a", type=Path)
    parser.add_argument("b", type=Path)
    parser.add_argument("--project-a", type=Path, help="the project folder A's inputs were read from")
    parser.add_argument("--project-b", type=Path, help="the project folder B's inputs were read from")
    args = parser.parse_args()
    problems = compare(args.a.resolve(), args.b.resolve(), project_a=args.project_a, project_b=args.project_b)
    files = sum(len(_files(folder)) for folder in _folders(args.a.resolve()).values())
    if problems:
        print("\n".join(problems))
        print(f"{len(problems)} difference(s) in {files} files")
        return 1
    print(f"identical: {files} files (data byte for byte; pages and notebooks apart from run ids, times and folders)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
