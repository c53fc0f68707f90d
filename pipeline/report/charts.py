"""Charts as self-contained ``<img>`` tags: PNG embedded, alt text, colour-blind-safe."""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from markupsafe import Markup  # noqa: E402

from pipeline.report.templating import render  # noqa: E402

# Okabe & Ito's palette: distinguishable with every common colour-vision deficiency
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
_RC = {
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


def _img(fig, alt: str) -> Markup:
    buffer = io.BytesIO()
    # no creation date or software version in the file: same inputs, same bytes
    # the layout engine placed everything at creation: one draw, no "tight" second pass
    fig.savefig(buffer, format="png", dpi=110, metadata={"Software": None})
    plt.close(fig)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return render("chart.html.j2", data=data, alt=alt)


def grouped_bars(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    xlabel: str,
    alt: str,
    xlim: tuple[float, float] | None = None,
    reference: tuple[str, Sequence[float | None]] | None = None,
) -> Markup:
    """Return an ``<img>`` of horizontal grouped bars, one group per label.

    ``series`` are (legend name, one value per label; None leaves the bar out);
    ``reference`` draws one marker per label (e.g. the community median).
    """
    with plt.rc_context(_RC):
        height = max(1.8, 0.45 * len(labels) * max(1, len(series)) + 0.9)
        fig, ax = plt.subplots(figsize=(6.4, height), layout="constrained")
        n = max(1, len(series))
        bar = 0.8 / n
        positions = list(range(len(labels)))
        hatches = ("", "//", "..", "xx")
        for i, (name, values) in enumerate(series):
            ys = [p - 0.4 + bar * (i + 0.5) for p in positions]
            xs = [0.0 if v is None else float(v) for v in values]
            bars = ax.barh(
                ys, xs, height=bar * 0.92, label=name, color=OKABE_ITO[i % len(OKABE_ITO)],
                hatch=hatches[i % len(hatches)], edgecolor="white", linewidth=0.5,
            )
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
        return _img(fig, alt)


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
