"""How fast a round's reports are built: samenspel beside the plain loop, in the same run.

The plain loop is what people do without samenspel: for every notebook the ``papermill``
command, then the ``jupyter nbconvert --to html`` command. samenspel is timed as a
facilitator runs it: ``samenspel run ROUND --jobs N`` as a subprocess, imports included,
once with the page builders forked (Linux's default) and once spawned (what Windows and
macOS use; ``SAMENSPEL_START_METHOD=spawn``), which must stay within twice fork's time.
``--baseline DIR`` also times the code in DIR (a checkout of another version, e.g. a
``git worktree`` of main) on the same rounds in the same run, for a before/after ratio.
``--repeat N`` times each N times, interleaved, and reports the medians.

Rounds of 30 and 300 initiatives are generated from the demo round (benchmarks/
synthetic_round.py). The plain loop for 300 initiatives takes about twenty minutes, so by
default it is measured on 30 of them and scaled (said in the output); --full measures all,
--no-plain skips it.

    python benchmarks/report_speed.py [--sizes 30 300] [--jobs N] [--full] [--no-plain]
                                      [--baseline DIR] [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
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


def cpu_seconds() -> float:
    """Return the CPU time (user + system) of every finished child process so far, theirs included."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def samenspel_seconds(round_dir: Path, out: Path, jobs: int, *, method: str = "", code: Path | None = None) -> float:
    """Time ``samenspel run`` with the page builders started by ``method`` ("": the OS's default),
    from the package in ``code`` (None: the installed one)."""
    env = {k: v for k, v in os.environ.items() if k not in ("SAMENSPEL_START_METHOD", "PYTHONPATH")}
    if method:
        env["SAMENSPEL_START_METHOD"] = method
    if code is not None:
        env["PYTHONPATH"] = str(code)
    if out.exists():
        shutil.rmtree(out)
    command = [sys.executable, "-m", "pipeline", "run", str(round_dir), "--out", str(out), "--jobs", str(jobs)]
    return run(command, env=env, cwd=code or PROJECT)


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
    parser.add_argument("--no-plain", action="store_true", help="skip the plain loop")
    parser.add_argument("--baseline", type=Path, metavar="DIR",
                        help="also time the samenspel in DIR (a checkout of another version) on the same rounds")
    parser.add_argument("--repeat", type=int, default=1, metavar="N", help="time samenspel N times (medians)")
    args = parser.parse_args()
    os.environ.setdefault("SAMENSPEL_HOME", tempfile.mkdtemp(prefix="samenspel-bench-key-"))
    results = {}
    with tempfile.TemporaryDirectory(prefix="samenspel-bench-") as tmp:
        for size in args.sizes:
            folder = make_round(Path(tmp) / f"round-{size}", initiatives=size)
            out = Path(tmp) / f"reports-{size}"
            variants = {"fork": ("fork", None), "spawn": ("spawn", None)}
            if args.baseline is not None:
                variants["baseline"] = ("fork", args.baseline.resolve())
            times: dict[str, list[float]] = {name: [] for name in variants}
            cpu: dict[str, list[float]] = {name: [] for name in variants}
            for _ in range(args.repeat):
                for name, (method, code) in variants.items():
                    before = cpu_seconds()
                    times[name].append(samenspel_seconds(folder, Path(tmp) / f"{name}-{size}", args.jobs,
                                                         method=method, code=code))
                    cpu[name].append(cpu_seconds() - before)
            median = {name: statistics.median(values) for name, values in times.items()}
            # CPU time does not grow when other programs share the machine: the steadier figure
            median_cpu = {name: statistics.median(values) for name, values in cpu.items()}
            line = (f"{size:>5} initiatives: samenspel fork {median['fork']:7.1f} s | spawn {median['spawn']:7.1f} s "
                    f"(spawn/fork {median['spawn'] / median['fork']:.2f})")
            line += (f" | CPU: fork {median_cpu['fork']:.1f} s, spawn {median_cpu['spawn']:.1f} s "
                     f"(spawn/fork {median_cpu['spawn'] / median_cpu['fork']:.2f})")
            if args.baseline is not None:
                line += (f" | baseline ({args.baseline.name}) {median['baseline']:7.1f} s "
                         f"(this/baseline {median['fork'] / median['baseline']:.3f}; CPU {median_cpu['baseline']:.1f} s, "
                         f"this/baseline {median_cpu['fork'] / median_cpu['baseline']:.3f})")
            print(line + f" [median of {args.repeat}: " + "; ".join(
                f"{name} {', '.join(f'{v:.1f}' for v in values)}" for name, values in times.items()) + "]", flush=True)
            if args.no_plain:
                continue
            shutil.copytree(Path(tmp) / f"fork-{size}", out)
            ours = median["fork"]
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
    if len(sizes) >= 2 and not args.no_plain:
        small, large = sizes[0], sizes[-1]
        extra = (results[large][0] - results[small][0]) / (large - small)
        plain_extra = (results[large][1] - results[small][1]) / (large - small)
        print(f"each extra initiative: samenspel {extra:.3f} s, plain loop {plain_extra:.3f} s "
              f"(ratio {extra / plain_extra:.3f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
