"""Compare two builds of a round's reports: pages identical apart from papermill's cell ids.

Build the same round twice (e.g. once from ``main``, once from a branch) and compare:

    python benchmarks/compare_pages.py BEFORE_DIR AFTER_DIR [--projects BEFORE_CHECKOUT AFTER_CHECKOUT]

Every file must be in both folders. Pages (``*.html``) are compared after two
normalisations that change no character a reader or a browser sees:

- papermill gives every executed cell a random id (``id="cell-id=…"``);
- a researcher page shows the notebook's parameters, with the folder the run built in
  (``<out>/.ronde-2.building-<pid>/data``): the output folder and the process id differ, and
  so does the round folder when the two builds ran from two checkouts (``--projects``);
- a character may be written as different, equivalent references: ``&#x27;`` and ``&#39;``
  for ``'``, ``&quot;`` and ``&#34;`` for ``"`` (Python's ``html.escape`` writes the first,
  Jinja2's autoescape the second). ``&lt;``, ``&gt;`` and ``&amp;`` are left alone, so an
  answer that lost its escaping still shows as a difference.

Data files (CSV, Parquet, JSON, Markdown) must be byte-identical. Executed notebooks and
``provenance.json`` record times and paths of the run and are not compared.
Exit status 0 when everything matches, 1 with the list of differences otherwise.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

CELL_ID = re.compile(rb'cell-id=[0-9a-f-]+')
BUILDING = re.compile(rb'/\.([^/"]+)\.building-[0-9]+/')
EQUIVALENT = ((b"&#39;", b"&#x27;"), (b"&#34;", b"&quot;"))
NOT_COMPARED = {".ipynb"}
RUN_RECORDS = {"provenance.json"}


def normalise_page(data: bytes, out: Path, project: Path | None = None) -> bytes:
    """Return a page without its cell ids and build folder, one spelling per equivalent reference."""
    data = CELL_ID.sub(b"cell-id=", data)
    data = data.replace(str(out).encode(), b"<out>")
    if project is not None:
        data = data.replace(str(project).encode(), b"<project>")
    data = BUILDING.sub(rb"/\1/", data)
    for spelling, canonical in EQUIVALENT:
        data = data.replace(spelling, canonical)
    return data


def first_difference(a: bytes, b: bytes, context: int = 120) -> str:
    at = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    show = slice(max(0, at - context), at + context)
    return f"    before: {a[show]!r}\n    after:  {b[show]!r}"


def compare(before: Path, after: Path, projects: tuple[Path, Path] | None = None) -> list[str]:
    """Return one line (or a few) per difference between the two report folders."""
    files_before = {p.relative_to(before) for p in before.rglob("*") if p.is_file()}
    files_after = {p.relative_to(after) for p in after.rglob("*") if p.is_file()}
    problems = [f"only in {before}: {p}" for p in sorted(files_before - files_after)]
    problems += [f"only in {after}: {p}" for p in sorted(files_after - files_before)]
    for relative in sorted(files_before & files_after):
        if relative.suffix in NOT_COMPARED or relative.name in RUN_RECORDS:
            continue
        a, b = (before / relative).read_bytes(), (after / relative).read_bytes()
        if relative.suffix == ".html":
            project_before, project_after = projects or (None, None)
            a, b = normalise_page(a, before, project_before), normalise_page(b, after, project_after)
        if a != b:
            problems.append(f"differs: {relative}\n{first_difference(a, b)}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--projects", type=Path, nargs=2, metavar=("BEFORE_CHECKOUT", "AFTER_CHECKOUT"),
                        help="the checkouts the two builds ran from, when they differ")
    args = parser.parse_args(argv)
    problems = compare(args.before, args.after, tuple(args.projects) if args.projects else None)
    for problem in problems:
        print(problem)
    compared = sum(1 for p in args.after.rglob("*") if p.is_file())
    print(f"{len(problems)} differences in {compared} files under {args.after}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
