"""Speed of one grouped bar chart: the SVG from a template (today) against matplotlib's PNG (before issue 12).

    python benchmarks/chart_speed.py [--repeat 5] [--charts 40]

Every initiative page draws one grouped bar chart (its five aspects beside the community), so
at 1,500 initiatives the chart's cost is paid 1,500 times. Two charts are timed, each way, in
the same process: an initiative's aspects (5 labels, 2 series and the community's markers,
x from 0 to 5) and a community's themes (12 labels, 2 series, x autoscaled). The baseline is
the matplotlib version that ``grouped_bars`` was until issue 12 (constrained layout, PNG at
110 dpi), kept here as it was. The SVG is timed twice: with every text already measured (the second chart of a page) and
as a freshly forked page draws its first chart: the measures emptied, then ``charts.prepare()``
(what the runner's warm-up does before it forks), then the chart.

Printed: milliseconds a chart (median of ``--repeat`` rounds of ``--charts`` charts), the
ratio to the baseline, and the size of the ``<img>`` each way.
"""

from __future__ import annotations

import argparse
import base64
import io
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from pipeline.report import charts  # noqa: E402
from pipeline.report.templating import render  # noqa: E402


def matplotlib_grouped_bars(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    xlabel: str,
    alt: str,
    xlim: tuple[float, float] | None = None,
    reference: tuple[str, Sequence[float | None]] | None = None,
) -> str:
    """The baseline: ``grouped_bars`` as matplotlib drew it before issue 12 (a PNG in an ``<img>``)."""
    with plt.rc_context(charts._RC):
        height = max(1.8, 0.45 * len(labels) * max(1, len(series)) + 0.9)
        fig, ax = plt.subplots(figsize=(6.4, height), layout="constrained")
        n = max(1, len(series))
        bar = 0.8 / n
        positions = list(range(len(labels)))
        hatches = ("", "//", "..", "xx")
        for i, (name, values) in enumerate(series):
            ys = [p - 0.4 + bar * (i + 0.5) for p in positions]
            xs = [0.0 if v is None else float(v) for v in values]
            bars = ax.barh(ys, xs, height=bar * 0.92, label=name, color=charts.OKABE_ITO[i % len(charts.OKABE_ITO)],
                           hatch=hatches[i % len(hatches)], edgecolor="white", linewidth=0.5)
            for rect, v in zip(bars, values, strict=True):
                if v is None:
                    rect.set_visible(False)
        if reference is not None:
            name, values = reference
            xs = [float(v) for v in values if v is not None]
            ys = [p for p, v in zip(positions, values, strict=True) if v is not None]
            ax.scatter(xs, ys, marker="D", s=42, color="#000000", zorder=3, label=name)
        ax.set_yticks(positions, labels=list(labels))
        ax.invert_yaxis()
        ax.set_xlabel(xlabel)
        if xlim:
            ax.set_xlim(*xlim)
        ax.grid(axis="x", color="#dddddd", linewidth=0.6)
        ax.set_axisbelow(True)
        fig.legend(loc="outside lower center", ncol=min(3, n + (1 if reference else 0)), frameon=False)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=110, metadata={"Software": None})
        plt.close(fig)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return str(render("chart.html.j2", mime="image/png", data=data, alt=alt))


ASPECTS = ["Ambitie", "Belangen", "Proces", "Organisatie", "Relatie"]
THEMES = [
    "Het gebouw: huur, onderhoud en energie", "Regels, vergunningen en wetgeving", "Papierwerk en verantwoording",
    "Financiering en subsidies", "Vrijwilligers en sleutelfiguren", "Vertrouwen, erkenning en gelijkwaardigheid",
    "Samenwerking met welzijn en professionele organisaties", "Schotten tussen afdelingen", "Wisselende contactpersonen",
    "Trage besluitvorming", "Communicatie en bereikbaarheid", "Overig",
]
CASES: dict[str, dict] = {
    "initiative aspects": {
        "labels": ASPECTS,
        "series": [("Dit initiatief", [4.0, 3.0, 1.5, 2.0, 3.7]), ("Vorige ronde", [3.8, 3.2, 1.8, None, 3.3])],
        "reference": ("Leergemeenschap (mediaan)", [4.0, 3.0, 2.0, 2.0, 4.0]),
        "xlabel": "Score (1 = helemaal oneens, 5 = helemaal eens)", "xlim": (0, 5), "alt": "Staafdiagram",
    },
    "community themes": {
        "labels": THEMES,
        "series": [("Initiatieven", [float(11 - i % 9) for i in range(12)]),
                   ("Vorige ronde", [float(3 + i % 7) if i % 5 else None for i in range(12)])],
        "xlabel": "Aantal initiatieven", "alt": "Staafdiagram",
    },
}


def per_chart(draw: Callable[..., object], case: dict, charts_per_round: int, repeat: int, before: Callable[[], None]) -> float:
    """Return the median over ``repeat`` rounds of the seconds one chart takes."""
    case = dict(case)
    labels, series = case.pop("labels"), case.pop("series")
    draw(labels, series, **case)  # imports, templates and fonts loaded before the clock starts
    rounds = []
    for _ in range(repeat):
        elapsed = 0.0
        for _ in range(charts_per_round):
            before()
            start = time.perf_counter()
            draw(labels, series, **case)
            elapsed += time.perf_counter() - start
        rounds.append(elapsed / charts_per_round)
    return statistics.median(rounds)


def fresh_page() -> None:
    """Put the chart module's measures back as a page forked from the warm runner finds them."""
    charts._text_width.cache_clear()
    charts._advance.cache_clear()
    charts.prepare()
    charts._text_width.cache_clear()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--charts", type=int, default=40, help="charts per round (the SVG draws 25 times as many)")
    args = parser.parse_args()
    print(f"{'chart':<20} {'matplotlib PNG':>15} {'SVG':>9} {'SVG fresh':>9} {'ratio':>7} {'ratio fresh':>11}"
          f" {'PNG img':>9} {'SVG img':>9}")
    for name, case in CASES.items():
        png = per_chart(matplotlib_grouped_bars, case, args.charts, args.repeat, lambda: None)
        svg = per_chart(charts.grouped_bars, case, 25 * args.charts, args.repeat, lambda: None)
        cold = per_chart(charts.grouped_bars, case, 25 * args.charts, args.repeat, fresh_page)
        arguments = dict(case)
        labels, series = arguments.pop("labels"), arguments.pop("series")
        png_size = len(matplotlib_grouped_bars(labels, series, **arguments))
        svg_size = len(str(charts.grouped_bars(labels, series, **arguments)))
        print(f"{name:<20} {png * 1000:>12.2f} ms {svg * 1000:>6.2f} ms {cold * 1000:>6.2f} ms {png / svg:>6.0f}x"
              f" {png / cold:>10.0f}x {png_size / 1000:>6.1f} kB {svg_size / 1000:>6.1f} kB")


if __name__ == "__main__":
    main()
