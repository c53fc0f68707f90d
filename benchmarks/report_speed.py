"""How fast a round's reports are built: samenspel beside the plain loop, in the same run.

The plain loop is what people do without samenspel: for every notebook the ``papermill``
command, then the ``jupyter nbconvert --to html`` command. samenspel is timed as a
facilitator runs it: ``samenspel run ROUND --jobs N`` as a subprocess, imports included,
once with the page builders forked (Linux's default) and once spawned (what Windows and
macOS use; ``SAMENSPEL_START_METHOD=spawn``), which must stay within twice fork's time.
``--baseline DIR [DIR ...]`` also times the code in each DIR (a checkout of another version,
e.g. a ``git worktree`` of main) on the same rounds in the same run, for a before/after ratio
(on rounds of at most ``--baseline-sizes`` initiatives).
``--repeat N`` times each N times, interleaved, and reports the medians.

Rounds are generated (benchmarks/synthetic_round.py) in a temporary folder: up to 300
initiatives the demo round's survey with four answers each; from 1,000 on the national round,
33 answers each in 12 regions (--kind chooses for every size). The plain loop for 300
initiatives takes about twenty minutes, so by default it is measured on 30 of them and scaled
(said in the output); --full measures all, --no-plain skips it.

For each size it also prints what the issue of the national network asks of a round
(issue 12): the seconds per initiative (the whole run over the initiatives, and the
steady pace of the initiative pages: the span between the first and the last initiative page
written, per page), the peak memory of the run's whole process tree (sampled every
0.1 s with psutil: the sum of the processes' proportional set sizes, PSS, which counts a
page shared by a fork and its parent once, and the sum of their resident sets, RSS, which
counts it in each), the largest participant page and the size of the reports (the published
folder and the research folder beside it).

    python benchmarks/report_speed.py [--sizes 30 300] [--jobs N] [--full] [--no-plain]
                                      [--baseline DIR [DIR ...]] [--baseline-sizes N]
                                      [--repeat N] [--no-spawn]
                                      [--kind auto|demo|national]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic_round import PROJECT, make_national_round, make_round  # noqa: E402

BIN = Path(sys.executable).parent
NOTEBOOKS = PROJECT / "notebooks"


# from this many initiatives on, --kind auto generates the national round
NATIONAL_FROM = 1000
# participant pages: everything a participant opens (not the researchers' pages or notebooks)
RESEARCHER_PARTS = ("researchers", "notebooks", "data")


def run(command: list[str], **kwargs) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, **kwargs)
    return time.perf_counter() - started


class TreeMemory:
    """Sample the memory of a process and all its descendants while it runs; keep the peaks.

    PSS (proportional set size, Linux) shares each page among the processes that map it,
    so forks of a warm parent are not counted twice; RSS sums what each process maps.
    """

    def __init__(self, pid: int, every: float = 0.1) -> None:
        import psutil

        self.root = psutil.Process(pid)
        self.every = every
        self.peak_pss = self.peak_rss = 0
        self.peak_processes = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        import psutil

        while not self._stop.is_set():
            pss = rss = 0
            try:
                processes = [self.root, *self.root.children(recursive=True)]
            except psutil.Error:
                return
            for process in processes:
                try:
                    info = process.memory_full_info()
                except psutil.Error:
                    continue  # ended meanwhile
                rss += info.rss
                pss += getattr(info, "pss", info.rss)
            self.peak_pss = max(self.peak_pss, pss)
            self.peak_rss = max(self.peak_rss, rss)
            self.peak_processes = max(self.peak_processes, len(processes))
            self._stop.wait(self.every)


def measured_run(command: list[str], **kwargs) -> tuple[float, TreeMemory]:
    """Return the seconds ``command`` took and its process tree's memory peaks."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kwargs)
    with TreeMemory(process.pid) as memory:
        out, err = process.communicate()
    seconds = time.perf_counter() - started
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, command, out, err)
    return seconds, memory


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else 0


def participant_pages(out: Path) -> list[Path]:
    """Return the HTML pages a participant opens in a reports folder."""
    return [p for p in out.rglob("*.html") if p.relative_to(out).parts[0] not in RESEARCHER_PARTS]


def page_pace(out: Path) -> float:
    """Return the seconds between initiative pages at steady state: the span from the first
    initiative page written to the last, over the pages after the first."""
    times = sorted(p.stat().st_mtime for p in (out / "initiatives").glob("*.html"))
    return (times[-1] - times[0]) / (len(times) - 1) if len(times) > 1 else float("nan")


def round_figures(out: Path, seconds: float, memory: TreeMemory, jobs: int) -> str:
    """Return the line of figures the national network's issue asks for, of one built round."""
    research = out.with_name(out.name + "-research")
    pages = participant_pages(out)
    initiatives = len(list((out / "initiatives").glob("*.html")))
    largest = max(pages, key=lambda p: p.stat().st_size)
    pace = page_pace(out)
    return (f"per initiative {seconds / initiatives:.3f} s (run/initiatives), "
            f"page pace {pace:.3f} s ({pace * jobs:.3f} s a page on each of {jobs} jobs) | "
            f"peak memory PSS {memory.peak_pss / 2**20:.0f} MiB (RSS sum {memory.peak_rss / 2**20:.0f} MiB, "
            f"{memory.peak_processes} processes) | largest participant page {largest.relative_to(out)} "
            f"{largest.stat().st_size / 1000:.0f} kB | reports {folder_bytes(out) / 1e6:.1f} MB "
            f"+ research {folder_bytes(research) / 1e6:.1f} MB")


def cpu_seconds() -> float:
    """Return the CPU time (user + system) of every finished child process so far, theirs included."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def samenspel_seconds(round_dir: Path, out: Path, jobs: int, *, method: str = "",
                      code: Path | None = None) -> tuple[float, TreeMemory]:
    """Time ``samenspel run`` with the page builders started by ``method`` ("": the OS's default),
    from the package in ``code`` (None: the installed one); return the seconds and the memory."""
    env = {k: v for k, v in os.environ.items() if k not in ("SAMENSPEL_START_METHOD", "PYTHONPATH")}
    if method:
        env["SAMENSPEL_START_METHOD"] = method
    if code is not None:
        env["PYTHONPATH"] = str(code)
    for folder in (out, out.with_name(out.name + "-research")):
        if folder.exists():
            shutil.rmtree(folder)
    command = [sys.executable, "-m", "pipeline", "run", str(round_dir), "--out", str(out), "--jobs", str(jobs)]
    return measured_run(command, env=env, cwd=code or PROJECT)


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
    parser.add_argument("--baseline", type=Path, metavar="DIR", nargs="+", default=[],
                        help="also time the samenspel in each DIR (a checkout of another version) on the same rounds")
    parser.add_argument("--repeat", type=int, default=1, metavar="N", help="time samenspel N times (medians)")
    parser.add_argument("--no-spawn", action="store_true", help="time the forked page builders only")
    parser.add_argument("--kind", choices=("auto", "demo", "national"), default="auto",
                        help=f"the round generated: the demo survey (4 answers an initiative), the national one "
                             f"(33 answers, 12 regions), or auto: national from {NATIONAL_FROM} initiatives on")
    parser.add_argument("--baseline-sizes", type=int, default=300, metavar="N",
                        help="time --baseline only on rounds of at most N initiatives (default 300)")
    args = parser.parse_args()
    os.environ.setdefault("SAMENSPEL_HOME", tempfile.mkdtemp(prefix="samenspel-bench-key-"))
    results = {}
    paces: dict[int, tuple[float, float]] = {}
    with tempfile.TemporaryDirectory(prefix="samenspel-bench-") as tmp:
        for size in args.sizes:
            national = args.kind == "national" or (args.kind == "auto" and size >= NATIONAL_FROM)
            started = time.perf_counter()
            if national:
                folder = make_national_round(Path(tmp) / f"round-{size}", initiatives=size)
            else:
                # without [aspects] (the same labels as the statements') when a baseline may predate it
                folder = make_round(Path(tmp) / f"round-{size}", initiatives=size,
                                    aspect_labels=not (args.baseline and size <= args.baseline_sizes))
            print(f"{size:>5} initiatives: {'national round (33 answers each, 12 regions)' if national else 'demo round (4 answers each)'}"
                  f" generated in {time.perf_counter() - started:.1f} s", flush=True)
            out = Path(tmp) / f"reports-{size}"
            variants = {"fork": ("fork", None)}
            if not args.no_spawn:
                variants["spawn"] = ("spawn", None)
            if size <= args.baseline_sizes:
                for number, code in enumerate(args.baseline):
                    variants[f"baseline {number + 1} ({code.name})"] = ("fork", code.resolve())
            times: dict[str, list[float]] = {name: [] for name in variants}
            cpu: dict[str, list[float]] = {name: [] for name in variants}
            figures: dict[str, str] = {}
            for _ in range(args.repeat):
                for number, (name, (method, code)) in enumerate(variants.items()):
                    before = cpu_seconds()
                    built = Path(tmp) / f"{name if name in ('fork', 'spawn') else f'variant{number}'}-{size}"
                    seconds, memory = samenspel_seconds(folder, built, args.jobs, method=method, code=code)
                    times[name].append(seconds)
                    cpu[name].append(cpu_seconds() - before)
                    figures[name] = round_figures(built, seconds, memory, args.jobs)
            median = {name: statistics.median(values) for name, values in times.items()}
            # CPU time does not grow when other programs share the machine: the steadier figure
            median_cpu = {name: statistics.median(values) for name, values in cpu.items()}
            line = f"{size:>5} initiatives: samenspel fork {median['fork']:7.1f} s"
            if "spawn" in median:
                line += f" | spawn {median['spawn']:7.1f} s (spawn/fork {median['spawn'] / median['fork']:.2f})"
            line += f" | CPU: fork {median_cpu['fork']:.1f} s"
            if "spawn" in median:
                line += f", spawn {median_cpu['spawn']:.1f} s (spawn/fork {median_cpu['spawn'] / median_cpu['fork']:.2f})"
            for name in median:
                if name.startswith("baseline"):
                    line += (f" | {name} {median[name]:7.1f} s (this/baseline {median['fork'] / median[name]:.3f}; "
                             f"CPU {median_cpu[name]:.1f} s, this/baseline {median_cpu['fork'] / median_cpu[name]:.3f})")
            print(line + f" [median of {args.repeat}: " + "; ".join(
                f"{name} {', '.join(f'{v:.1f}' for v in values)}" for name, values in times.items()) + "]", flush=True)
            for name, text in figures.items():
                print(f"{size:>5} initiatives, {name} (last run): {text}", flush=True)
            paces[size] = (median["fork"] / size, page_pace(Path(tmp) / f"fork-{size}"))
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
    if len(paces) >= 2:
        small, large = min(paces), max(paces)
        print(f"per initiative at {large} / at {small}: run/initiatives {paces[large][0] / paces[small][0]:.2f}, "
              f"page pace {paces[large][1] / paces[small][1]:.2f}")
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
