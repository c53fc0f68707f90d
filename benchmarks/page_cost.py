"""What one initiative page costs at 30 initiatives and at 1,500: the page builders' CPU seconds a page.

For each size the national synthetic round (33 answers an initiative, 12 regions; with
--kind demo the demo survey's, 4 answers) is generated and analysed once, and the privacy
scan prepared as a run prepares it. Then a sample of initiative pages, spread over the round,
is built through the real page builders (a fork of a warm process per page: papermill, the
HTML export, the privacy scan), in two ways in the same process:

- ``slices``: the run's way, each page reads its own slice (the page store beside data/);
- ``whole``: the initiative notebook as it was before issue 12, which reads the round's whole
  tables (``load_analysis(data_dir)``) on every page.

The figure is the CPU time of the page builders (``RUSAGE_CHILDREN``): on a machine others
share it does not grow with their load, as wall time does (printed too, as the pace of the
pages after the first).

    python benchmarks/page_cost.py [--sizes 30 1500] [--pages 30] [--kind national|demo]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic_round import PROJECT, make_national_round, make_round  # noqa: E402

NOTEBOOK = PROJECT / "notebooks" / "initiative.ipynb"
SLICED_CALL = "sections.load_analysis(data_dir, initiative=initiative)"
WHOLE_CALL = "sections.load_analysis(data_dir)"


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def whole_tables_notebook(folder: Path) -> Path:
    """Return a copy of the initiative notebook that reads the whole tables (as before issue 12)."""
    text = NOTEBOOK.read_text(encoding="utf-8")
    assert json.dumps(SLICED_CALL)[1:-1] in text, "the initiative notebook no longer loads its slice"
    path = folder / "initiative-whole.ipynb"
    path.write_text(text.replace(json.dumps(SLICED_CALL)[1:-1], json.dumps(WHOLE_CALL)[1:-1]), encoding="utf-8")
    return path


def page_cost(folder: Path, work: Path, pages: int) -> dict[str, tuple[float, float]]:
    """Return, per way, (CPU seconds a page, wall seconds between pages) for a sample of pages."""
    from pipeline.config import load_round_config
    from pipeline.i18n import Language
    from pipeline.ingest import load_round
    from pipeline.limesurvey import slug
    from pipeline.report.analysis import analyse_round, load_analysis, write_page_store
    from pipeline.report.context import privacy_scanner
    from pipeline.report.pages import PageContext, Task, run_tasks

    config = load_round_config(folder)
    build = work / "build"
    data = build / "data"
    started = time.perf_counter()
    analyse_round(folder, data, lang="nl")
    print(f"    analysis {time.perf_counter() - started:.1f} s", flush=True)
    whole = load_analysis(data)
    codes = [str(c) for c in whole.initiatives["initiative"]]
    sample = codes[:: max(1, len(codes) // pages)][:pages]
    started = time.perf_counter()
    write_page_store(whole, data)
    print(f"    page store {time.perf_counter() - started:.1f} s", flush=True)
    scanner = privacy_scanner(config, load_round(config), None)
    context = PageContext(lang=Language.NL, build=build, out=build, scanner=scanner)
    results = {}
    for way, notebook in (("slices", NOTEBOOK), ("whole", whole_tables_notebook(work))):
        tasks = [
            Task(f"initiative {code}", notebook, build / way / f"{slug(code)}.ipynb",
                 {"data_dir": str(data), "lang": "nl", "round_id": config.id, "initiative": code}, code,
                 participant_html=build / way / f"{slug(code)}.html")
            for code in sample
        ]
        done: list[float] = []
        before = children_cpu()
        run_tasks(tasks, jobs=1, pages=context, on_done=lambda task, result: done.append(time.perf_counter()))
        cpu = (children_cpu() - before) / len(tasks)
        pace = (done[-1] - done[0]) / (len(done) - 1) if len(done) > 1 else float("nan")
        size = max((build / way / f"{slug(code)}.html").stat().st_size for code in sample)
        results[way] = (cpu, pace)
        print(f"    {way:6s}: {cpu:.3f} s CPU a page, {pace:.3f} s between pages (largest page {size / 1000:.0f} kB)",
              flush=True)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[30, 1500])
    parser.add_argument("--pages", type=int, default=30, help="initiative pages built per size and way (default 30)")
    parser.add_argument("--kind", choices=("national", "demo"), default="national")
    args = parser.parse_args()
    os.environ.setdefault("SAMENSPEL_HOME", tempfile.mkdtemp(prefix="samenspel-bench-key-"))
    costs = {}
    with tempfile.TemporaryDirectory(prefix="samenspel-pages-") as tmp:
        for size in args.sizes:
            work = Path(tmp) / f"{size}"
            if args.kind == "national":
                folder = make_national_round(work / "round", initiatives=size)
            else:
                folder = make_round(work / "round", initiatives=size)
            print(f"{size:>5} initiatives ({args.kind} round):", flush=True)
            costs[size] = page_cost(folder, work, args.pages)
            shutil.rmtree(work, ignore_errors=True)
    if len(costs) >= 2:
        small, large = min(costs), max(costs)
        for way in ("slices", "whole"):
            print(f"{way:6s}: a page at {large} / at {small} initiatives: CPU {costs[large][way][0] / costs[small][way][0]:.2f}, "
                  f"wall {costs[large][way][1] / costs[small][way][1]:.2f}")
        print(f"at {large}: slices / whole tables: CPU {costs[large]['slices'][0] / costs[large]['whole'][0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
