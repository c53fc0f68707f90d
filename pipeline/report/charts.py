"""Charts as self-contained ``<img>`` tags: SVG or PNG embedded, alt text, colour-blind-safe."""

from __future__ import annotations

import base64
import io
import math
import re
import string
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from markupsafe import Markup  # noqa: E402
from matplotlib.font_manager import get_font  # noqa: E402
from matplotlib.ft2font import LoadFlags  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from pipeline.report.templating import render  # noqa: E402

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from matplotlib.typing import RcKeyType

# Okabe & Ito's palette: distinguishable with every common colour-vision deficiency
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
_RC: dict[RcKeyType, Any] = {
    "font.size": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": "#333333",
    "axes.labelcolor": "#1a1a1a",
    "xtick.color": "#1a1a1a",
    "ytick.color": "#1a1a1a",
    "svg.hashsalt": "samenspel",
    "figure.dpi": 100,
}


def _img(fig: Figure, alt: str) -> Markup:
    buffer = io.BytesIO()
    # no creation date or software version in the file: same inputs, same bytes
    # the layout engine placed everything at creation: one draw, no "tight" second pass
    fig.savefig(buffer, format="png", dpi=110, metadata={"Software": None})
    plt.close(fig)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return render("chart.html.j2", mime="image/png", data=data, alt=alt)


# -- grouped bars: an SVG laid out here, written by a template ----------------------------
# Drawn on every initiative page, so without matplotlib's figure machinery (~80 ms a chart):
# the geometry is plain arithmetic in pixels of a 110 dpi figure 6.4 inches wide, the look
# that of the matplotlib charts beside it (same palette, hatches, ticks, grid, legend below).

_DPI = 110
_PX = _DPI / 72  # pixels per point
_FONT_PT = 10.0
_FS = _FONT_PT * _PX  # font size in pixels
_FONT_FAMILY = "DejaVu Sans, Verdana, Arial, sans-serif"
# a viewer without DejaVu Sans sets the texts in a fallback font that may be wider
_WIDER = 1.12
_ASCENT, _DESCENT = 0.76 * _FS, 0.21 * _FS  # of a line of text ("lp"), as matplotlib aligns it
_WIDTH = 6.4 * _DPI
_PAD = 3 * _PX  # around the figure, as constrained layout leaves it
_TICK = 3.5 * _PX  # tick length, and the gap between a tick and its label
_LABEL_PAD = 4 * _PX  # between the tick labels and the axis label
_MIN_AXES = 260.0  # the bars keep at least this width; a figure with longer labels grows wider
# a label wider than this goes on more lines (at spaces), so the bars keep most of the width
_LABEL_COLUMN = 0.5 * _WIDTH
_LINE = 1.2 * _FS  # from one line of a label to the next
_HATCHES = ("", "//", "..", "xx")
_HATCH_TILE = _DPI / 6  # one hatch line every 1/6 inch, as matplotlib draws "//"
# tick steps as matplotlib's default locator chooses them
_STEPS = (1, 2, 2.5, 5, 10)
# what labels, legends and axes are mostly written in: measured once in the warm parent
_EVERYDAY = string.printable.strip() + " àáâäçèéêëíìîïñóòôöúùûüÀÁÄÇÈÉËÏÓÖÜ€–—‘’“”…·×"
# characters XML 1.0 cannot hold (control characters): an SVG with one would not show at all
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@lru_cache(maxsize=4096)
def _advance(character: str, size: float) -> float:
    """Return the advance (pixels) of one character of DejaVu Sans at ``size`` points, as FreeType gives it to matplotlib."""
    # matplotlib's own copy of the font, not whichever version the system has: the same bytes on every machine
    font = get_font(Path(matplotlib.get_data_path(), "fonts", "ttf", "DejaVuSans.ttf"))
    font.set_size(size, _DPI)
    # a character DejaVu Sans lacks is measured as its placeholder box; the viewer's fallback font draws it
    return font.load_char(ord(character), flags=LoadFlags.NO_HINTING).linearHoriAdvance / 65536


@lru_cache(maxsize=4096)
def _text_width(text: str, size: float = _FONT_PT) -> float:
    """Return the width (pixels) of ``text`` in DejaVu Sans at ``size`` points.

    The sum of the characters' advances, without kerning (which mostly narrows a text, so the
    room left is on the safe side); a character is measured once per process, so a page's
    labels cost microseconds.
    """
    return sum(_advance(character, size) for character in text)


def prepare() -> None:
    """Measure the characters of everyday Dutch and English text and draw one chart: forked pages start with both ready."""
    _text_width(_EVERYDAY)
    grouped_bars(["a"], [("b", [1.0])], xlabel="x", alt="warm-up")


def _wrapped(label: str, limit: float) -> list[str]:
    """Return ``label`` broken at spaces, greedily, into lines no wider than ``limit`` (a longer word on its own)."""
    lines: list[str] = []
    for word in label.split(" "):
        if lines and _text_width(f"{lines[-1]} {word}") * _WIDER <= limit:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


def _lines(label: str) -> list[str]:
    """Return the lines of a label: as few as fit the labels' column, about equally long (no word alone on the last)."""
    lines = _wrapped(label, _LABEL_COLUMN)
    if len(lines) == 1:
        return lines
    even = _text_width(label) * _WIDER / len(lines)
    for slack in (1.05, 1.15, 1.3):
        balanced = _wrapped(label, min(_LABEL_COLUMN, even * slack))
        if len(balanced) == len(lines):
            return balanced
    return lines


def _clean(text: object) -> str:
    """Return ``text`` as an SVG shows it (white space collapsed), with what XML cannot hold replaced."""
    return _NOT_XML.sub("\ufffd", " ".join(str(text).split()))


def _value(v: object) -> float | None:
    if v is None:
        return None
    number = float(v)  # type: ignore[arg-type]
    return None if math.isnan(number) else number


def _px(x: float) -> float:
    """Return ``x`` rounded to a hundredth of a pixel (and never -0.0): the same inputs give the same bytes."""
    return round(x, 2) + 0.0


def _x_range(values: Sequence[float], xlim: tuple[float, float] | None) -> tuple[float, float]:
    """Return the x axis' limits: ``xlim``, or matplotlib's autoscale of bars (from 0, 5 % margin on the far side)."""
    if xlim:
        low, high = float(xlim[0]), float(xlim[1])
        return (low, high) if high != low else (low - 0.5, high + 0.5)
    low, high = min([0.0, *values]), max([0.0, *values])
    if high == low:
        return 0.0, 1.0
    margin = 0.05 * (high - low)
    # a bar's base at 0 sticks to the edge, as in matplotlib
    return (low - margin if low < 0 else low), (high + margin if high > 0 else high)


def _ticks(low: float, high: float, axes_width: float) -> list[tuple[float, str]]:
    """Return the x ticks (value, text) inside [low, high], chosen as matplotlib's default locator does."""
    bins = max(1, min(9, int(axes_width / _PX // (3 * _FONT_PT))))
    values = [float(v) for v in MaxNLocator(nbins=bins, steps=list(_STEPS)).tick_values(low, high)]
    tolerance = 1e-9 * (high - low)
    values = [v for v in values if low - tolerance <= v <= high + tolerance]
    decimals = next((d for d in range(7) if all(abs(round(v, d) - v) <= tolerance for v in values)), 6)
    # matplotlib writes a minus sign, not a hyphen
    return [(v, f"{round(v, decimals) + 0.0:.{decimals}f}".replace("-", "\u2212")) for v in values]


def grouped_bars(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    xlabel: str,
    alt: str,
    xlim: tuple[float, float] | None = None,
    reference: tuple[str, Sequence[float | None]] | None = None,
) -> Markup:
    """Return an ``<img>`` of horizontal grouped bars, one group per label (an SVG embedded in the page).

    ``series`` are (legend name, one value per label; None leaves the bar out);
    ``reference`` draws one marker per label (e.g. the community median). A series without
    any value keeps its place beside the others but has no entry in the legend. A label wider
    than half the figure goes on two or more lines of about equal length.
    """
    labels = [_clean(label) for label in labels]
    columns = [(_clean(name), [_value(v) for v in values]) for name, values in series]
    marks = None if reference is None else (_clean(reference[0]), [_value(v) for v in reference[1]])
    n_labels, n_series = len(labels), max(1, len(columns))
    shown = [v for _, values in columns for v in values if v is not None]
    shown += [] if marks is None else [v for v in marks[1] if v is not None]
    low, high = _x_range(shown, xlim)

    # legend entries: the series with a bar, then the reference with a marker
    entries = [
        {"kind": "bar", "fill": _fill(i), "text": name}
        for i, (name, values) in enumerate(columns) if any(v is not None for v in values)
    ]
    if marks is not None and any(v is not None for v in marks[1]):
        entries.append({"kind": "marker", "fill": "#000000", "text": marks[0]})
    handle, handle_pad, spacing = 2.0 * _FS, 0.8 * _FS, 2.0 * _FS
    ncol = min(3, len(entries))
    while ncol > 1 and _legend_width(entries, ncol, handle + handle_pad, spacing) > _WIDTH - 2 * _PAD:
        ncol -= 1
    legend_rows = -(-len(entries) // ncol) if entries else 0
    row_height = 1.5 * _FS

    # horizontal: the labels' column, the axes, room for the last tick label
    wrapped = [_lines(label) for label in labels]
    label_width = max((_text_width(line) for lines in wrapped for line in lines), default=0.0) * _WIDER
    left = _PAD + label_width + 2 * _TICK
    # the last tick's text may stand centred on the axis' end
    last = _ticks(low, high, _WIDTH - left)
    right_room = _PAD + 0.5 * _text_width(last[-1][1] if last else "") * _WIDER
    width = max(_WIDTH, left + _MIN_AXES + right_room, _legend_width(entries, ncol, handle + handle_pad, spacing) + 2 * _PAD)
    x0, x1 = left, width - right_room
    ticks = _ticks(low, high, x1 - x0)

    def x_of(v: float) -> float:
        return x0 + (min(max(v, low), high) - low) / (high - low) * (x1 - x0)

    # vertical: the figure's height as the matplotlib chart had it, the axes above the x axis' texts and the legend
    height = max(1.8, 0.45 * n_labels * n_series + 0.9) * _DPI
    below = 2 * _TICK + _ASCENT + _DESCENT + _LABEL_PAD + _ASCENT + _DESCENT
    legend_top = height - _PAD - legend_rows * row_height
    y0, y1 = _PAD + 0.5 * _FS, legend_top - 0.5 * _FS - below
    # data units as matplotlib's barh sets them: bars from p - 0.4 to p + 0.4, 5 % margin, the first label on top
    span = max(n_labels - 0.2, 0.8)
    top = -0.4 - 0.05 * span
    unit = (y1 - y0) / (span * 1.1)

    def y_of(p: float) -> float:
        return y0 + (p - top) * unit

    bar = 0.8 / n_series
    base = x_of(0.0)
    # half the diagonal of matplotlib's "D" marker at s=42 (points squared)
    diamond = 0.5 * math.sqrt(2 * 42) * _PX
    groups = []
    for p, (label, lines) in enumerate(zip(labels, wrapped, strict=True)):
        bars = []
        for i, (_, values) in enumerate(columns):
            v = values[p] if p < len(values) else None
            if v is None:
                continue
            centre = y_of(p - 0.4 + bar * (i + 0.5))
            start, end = sorted((base, x_of(v)))
            bars.append({"x": _px(start), "y": _px(centre - bar * 0.46 * unit), "w": _px(end - start),
                         "h": _px(bar * 0.92 * unit), "fill": _fill(i), "series": i})
        marker = None
        mark = marks[1][p] if marks is not None and p < len(marks[1]) else None
        if mark is not None:
            marker = {"x": _px(x_of(mark)), "y": _px(y_of(p)), "top": _px(y_of(p) - diamond)}
        # the lines of the label centred on its tick
        first = y_of(p) + 0.5 * _ASCENT - 0.5 * (len(lines) - 1) * _LINE
        groups.append({"label": label, "y": _px(y_of(p)), "bars": bars, "marker": marker,
                       "lines": [{"text": line, "baseline": _px(first + k * _LINE)} for k, line in enumerate(lines)]})

    # the legend: rows of ncol entries, centred under the figure
    legend = []
    if entries:
        widths = _legend_columns(entries, ncol, handle + handle_pad)
        start = (width - sum(widths) - spacing * (ncol - 1)) / 2
        for k, entry in enumerate(entries):
            row, col = divmod(k, ncol)
            x = start + sum(widths[:col]) + spacing * col
            middle = legend_top + row * row_height + 0.5 * row_height
            legend.append({**entry, "x": _px(x), "y": _px(middle - 0.35 * _FS), "w": _px(handle), "h": _px(0.7 * _FS),
                           "cx": _px(x + handle / 2), "top": _px(middle - diamond), "tx": _px(x + handle + handle_pad),
                           "baseline": _px(middle + 0.5 * _ASCENT - 0.5 * _DESCENT)})

    svg = render(
        "grouped_bars.svg.j2",
        width=_px(width), height=_px(height), font_family=_FONT_FAMILY, font_size=_px(_FS),
        x0=_px(x0), x1=_px(x1), y0=_px(y0), y1=_px(y1), tick_left=_px(x0 - _TICK), tick_bottom=_px(y1 + _TICK),
        ticks=[{"x": _px(x_of(v)), "text": text} for v, text in ticks],
        tick_baseline=_px(y1 + 2 * _TICK + _ASCENT), label_x=_px(x0 - 2 * _TICK),
        xlabel=_clean(xlabel), xlabel_x=_px((x0 + x1) / 2),
        xlabel_baseline=_px(y1 + 2 * _TICK + _ASCENT + _DESCENT + _LABEL_PAD + _ASCENT),
        groups=groups, legend=legend,
        patterns=[_pattern(i) for i in range(len(columns)) if _HATCHES[i % len(_HATCHES)]], marker=_px(diamond),
    )
    data = base64.b64encode(str(svg).encode("utf-8")).decode("ascii")
    return render("chart.html.j2", mime="image/svg+xml", data=data, alt=alt)


def _fill(i: int) -> str:
    """Return the SVG fill of series ``i``: its colour, or the pattern that hatches it."""
    return f"url(#hatch-{i})" if _HATCHES[i % len(_HATCHES)] else OKABE_ITO[i % len(OKABE_ITO)]


def _pattern(i: int) -> dict[str, object]:
    """Return the hatch pattern of series ``i``: its colour, white lines (or dots), the size of its tile."""
    hatch = _HATCHES[i % len(_HATCHES)]
    size = _HATCH_TILE / 2 if hatch == ".." else _HATCH_TILE
    return {"id": f"hatch-{i}", "colour": OKABE_ITO[i % len(OKABE_ITO)], "hatch": hatch, "size": _px(size),
            "middle": _px(size / 2), "near": _px(size - 1), "far": _px(size + 1)}


def _legend_columns(entries: Sequence[dict[str, Any]], ncol: int, before_text: float) -> list[float]:
    """Return the width of each column of the legend, entries placed row by row."""
    widths = [0.0] * ncol
    for k, entry in enumerate(entries):
        widths[k % ncol] = max(widths[k % ncol], before_text + _text_width(entry["text"]) * _WIDER)
    return widths


def _legend_width(entries: Sequence[dict[str, Any]], ncol: int, before_text: float, spacing: float) -> float:
    return sum(_legend_columns(entries, ncol, before_text)) + spacing * (max(1, ncol) - 1) if entries else 0.0


def help_network(
    edges: Sequence[tuple[str, str, str]],
    *,
    labels: dict[str, str],
    theme_names: dict[str, str],
    alt: str,
) -> Markup:
    """Return an ``<img>`` of who can help whom: initiatives as nodes, an arrow per (helper, initiative, theme).

    Arrows are coloured per theme (the page's table says the same in words); the layout is networkx's spring layout with a
    fixed seed, so the same edges give the same picture. One quiver per theme keeps a
    hundred initiatives quick to draw.
    """
    import networkx as nx
    import numpy as np

    graph = nx.DiGraph()
    graph.add_nodes_from(sorted({node for edge in edges for node in edge[:2]}))
    graph.add_edges_from((helper, initiative) for helper, initiative, _ in edges)
    themes = list(dict.fromkeys(theme for _, _, theme in edges))
    positions = nx.spring_layout(graph, seed=0, k=1.6 / max(1, len(graph)) ** 0.5)
    with plt.rc_context(_RC):
        size = min(9.0, 4.2 + 0.12 * len(graph))
        fig, ax = plt.subplots(figsize=(size, size * 0.8), layout="constrained")
        for i, theme in enumerate(themes):
            pairs = [(positions[a], positions[b]) for a, b, t in edges if t == theme]
            start = np.array([p[0] for p in pairs])
            end = np.array([p[1] for p in pairs])
            # stop short of the node so the head stays visible
            delta = (end - start) * 0.86
            colour = OKABE_ITO[i % len(OKABE_ITO)]
            ax.quiver(start[:, 0], start[:, 1], delta[:, 0], delta[:, 1], angles="xy", scale_units="xy", scale=1,
                      color=colour, width=0.003, headwidth=5, headlength=6, zorder=1)
            ax.plot([], [], color=colour, linewidth=2, label=theme_names.get(theme, theme))
        xy = np.array([positions[n] for n in graph])
        ax.scatter(xy[:, 0], xy[:, 1], s=300 if len(graph) < 40 else 120, color="#ffffff", edgecolors="#1a1a1a", zorder=2)
        for node, (x, y) in zip(graph, xy, strict=True):
            ax.annotate(labels.get(node, node), (x, y), fontsize=7, ha="center", va="center", zorder=3)
        ax.set_axis_off()
        fig.legend(loc="outside lower center", ncol=min(3, max(1, len(themes))), frameon=False)
        # plain text, not Markup: the sections concatenate it with other HTML text
        return _img(fig, alt)


def round_lines(
    rounds: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    ylabel: str,
    alt: str,
    ylim: tuple[float, float] | None = None,
) -> Markup:
    """Return an ``<img>`` of one line per series over the rounds; a None value is a gap in the line."""
    import numpy as np

    markers = ("o", "s", "D", "^", "v", "P", "X", "*")
    with plt.rc_context(_RC):
        fig, ax = plt.subplots(figsize=(6.4, 3.6), layout="constrained")
        x = np.arange(len(rounds))
        for i, (name, values) in enumerate(series):
            y = np.array([np.nan if v is None else float(v) for v in values])
            ax.plot(x, y, marker=markers[i % len(markers)], color=OKABE_ITO[i % len(OKABE_ITO)],
                    linewidth=1.8, label=name)
        ax.set_xticks(x, labels=list(rounds))
        ax.set_ylabel(ylabel)
        if ylim:
            ax.set_ylim(*ylim)
        ax.grid(axis="y", color="#dddddd", linewidth=0.6)
        ax.set_axisbelow(True)
        fig.legend(loc="outside right center", frameon=False)
        # plain text, not Markup: the sections concatenate it with other HTML text
        return _img(fig, alt)


def heat_map(
    rows: Sequence[str],
    columns: Sequence[str],
    values: Sequence[Sequence[float | None]],
    *,
    alt: str,
    fmt: str = "{:.0%}",
) -> Markup:
    """Return an ``<img>`` of a heat map with the value written in every cell; None is a hatched gap."""
    import numpy as np

    data = np.array([[np.nan if v is None else float(v) for v in row] for row in values], dtype=float)
    with plt.rc_context(_RC):
        fig, ax = plt.subplots(figsize=(min(12.0, 4.6 + 0.9 * len(columns)), 0.9 + 0.38 * len(rows)), layout="constrained")
        ax.imshow(np.nan_to_num(data, nan=0.0), cmap="Blues", vmin=0.0, vmax=max(1e-9, np.nanmax(data) if np.isfinite(data).any() else 1.0),
                  aspect="auto")
        for (r, c), value in np.ndenumerate(data):
            if np.isnan(value):
                ax.add_patch(plt.Rectangle((c - 0.5, r - 0.5), 1, 1, facecolor="#ffffff", hatch="//", edgecolor="#999999"))
                continue
            dark = value > 0.55 * (np.nanmax(data) or 1.0)
            ax.text(c, r, fmt.format(value), ha="center", va="center", fontsize=8,
                    color="#ffffff" if dark else "#1a1a1a")
        ax.set_xticks(range(len(columns)), labels=list(columns))
        ax.set_yticks(range(len(rows)), labels=list(rows))
        ax.tick_params(length=0)
        for side in ("left", "bottom"):
            ax.spines[side].set_visible(False)
        # plain text, not Markup: the sections concatenate it with other HTML text
        return _img(fig, alt)
