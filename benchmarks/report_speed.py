"""How fast a round's reports are built: samenspel beside the plain loop, in the same run.

The plain loop is what people do without samenspel: for every notebook the ``papermill``
command, then the ``jupyter nbconvert --to html`` command. samenspel is timed as a
facilitator runs it: ``samenspel run ROUND --jobs N`` as a subprocess, imports included.

Rounds of 30 and 300 initiatives are generated from the demo round (benchmarks/
synthetic_round.py). The plain loop for 300 initiatives takes about twenty minutes, so by
default it is measured on 30 of them and scaled (said in the output); --full measures all.

    python benchmarks/report_speed.py [--sizes 30 300] [--jobs N] [--full]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic_round import PROJECT, make_round  # noqa: E402

BIN = Path(sys.executable).parent
NOTEBOOKS = PROJECT / "notebooks"


def run(command: list[str], **kwargs) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, **kwargs)
    return time.perf_counter() - started


def samenspel_seconds(round_dir: Path, out: Path, jobs: int) -> float:
    return run([str(BIN / "samenspel"), "run", str(round_dir), "--out", str(out), "--jobs", str(jobs)])


def plain_notebook(source: Path, out: Path, parameters: dict[str, str]) -> float:
    command = [str(BIN / "papermill"), str(source), str(out), "-k", "python3", "--no-progress-bar"]
    for key, value in parameters.items():
        command += ["-p", key, value]
    seconds = run(command)
    return seconds + run([str(BIN / "jupyter"), "nbconvert", "--to", "html", str(out)])


def plain_seconds(round_dir: Path, work: Path, initiatives: list[str], measured: int) -> tuple[float, int]:
    """Return the plain loop's seconds for the round (scaled when fewer were measured)."""
    data = work / "data"
    base = {"data_dir": str(data), "lang": "nl", "round_id": round_dir.name}
    fixed = plain_notebook(NOTEBOOKS / "analysis.ipynb", work / "analysis.ipynb", {**base, "round_dir": str(round_dir)})
    fixed += plain_notebook(NOTEBOOKS / "community.ipynb", work / "community.ipynb", base)
    sample = initiatives[:measured]
    each = 0.0
    for code in sample:
        each += plain_notebook(NOTEBOOKS / "initiative.ipynb", work / f"{code}.ipynb", {**base, "initiative": code})
    return fixed + each / len(sample) * len(initiatives), len(sample)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[30, 300])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--full", action="store_true", help="run the plain loop for every initiative")
    parser.add_argument("--sample", type=int, default=30, help="initiatives the plain loop measures (default 30)")
    args = parser.parse_args()
    os.environ.setdefault("SAMENSPEL_HOME", tempfile.mkdtemp(prefix="samenspel-bench-key-"))
    results = {}
    with tempfile.TemporaryDirectory(prefix="samenspel-bench-") as tmp:
        for size in args.sizes:
            folder = make_round(Path(tmp) / f"round-{size}", initiatives=size)
            out = Path(tmp) / f"reports-{size}"
            ours = samenspel_seconds(folder, out, args.jobs)
            initiatives = [p.stem for p in sorted((out / "notebooks" / "initiatives").glob("*.ipynb"))]
            codes = []
            import pandas as pd

            codes = pd.read_csv(out / "data" / "initiatives.csv", dtype=str)["initiative"].tolist()
            assert len(codes) == size == len(initiatives), (len(codes), size)
            work = Path(tmp) / f"plain-{size}"
            work.mkdir()
            measured = size if args.full else min(size, args.sample)
            plain, counted = plain_seconds(folder, work, codes, measured)
            results[size] = (ours, plain)
            note = "" if counted == size else f" (plain loop measured on {counted} of {size} initiatives, scaled)"
            print(f"{size:>5} initiatives: samenspel {ours:7.1f} s | plain loop {plain:7.1f} s | "
                  f"ratio {ours / plain:.3f} (1/{plain / ours:.1f}){note}", flush=True)
            shutil.rmtree(work)
    sizes = sorted(results)
    if len(sizes) >= 2:
        small, large = sizes[0], sizes[-1]
        extra = (results[large][0] - results[small][0]) / (large - small)
        plain_extra = (results[large][1] - results[small][1]) / (large - small)
        print(f"each extra initiative: samenspel {extra:.3f} s, plain loop {plain_extra:.3f} s "
              f"(ratio {extra / plain_extra:.3f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
