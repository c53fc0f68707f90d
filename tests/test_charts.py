"""The grouped bar chart: an SVG in an ``<img>``, checked element by element against values computed here."""

from __future__ import annotations

import base64
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import matplotlib
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import font_manager, ft2font  # noqa: E402

from pipeline.report.charts import OKABE_ITO, grouped_bars  # noqa: E402

SVG = "{http://www.w3.org/2000/svg}"
ASPECTS = ["Ambitie", "Belangen", "Proces", "Organisatie", "Samenwerking met de gemeente"]
OWN = [3.2, None, 4.1, 2.5, 3.9]
BEFORE = [2.9, 3.0, None, 2.2, 4.0]
MEDIAN = [3.5, 3.1, 3.8, None, 3.6]
# the tolerance of a coordinate: the chart writes them to a hundredth of a pixel
PX = 0.02


class _Img(HTMLParser):
    def __init__(self):
        super().__init__()
        self.images: list[dict[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.images.append(dict(attrs))


def img(markup) -> dict[str, str | None]:
    """Return the one ``<img>`` of ``markup``'s attributes, as a browser reads them."""
    parser = _Img()
    parser.feed(str(markup))
    assert len(parser.images) == 1
    return parser.images[0]


def svg_of(markup) -> tuple[bytes, ET.Element]:
    """Return the SVG document of a chart's ``<img>``: its bytes and its parsed root."""
    src = img(markup)["src"]
    prefix = "data:image/svg+xml;base64,"
    assert src.startswith(prefix)
    data = base64.b64decode(src[len(prefix):], validate=True)
    return data, ET.fromstring(data)


def by_class(root: ET.Element, name: str) -> list[ET.Element]:
    return [e for e in root.iter() if name in (e.get("class") or "").split()]


def axis(root: ET.Element) -> tuple[float, float, float]:
    """Return (left, right, bottom) of the x axis' line."""
    (line,) = by_class(root, "x-axis")
    assert line.get("y1") == line.get("y2")
    return float(line.get("x1")), float(line.get("x2")), float(line.get("y1"))


def diamond_centre(path: ET.Element) -> tuple[float, float]:
    """Return the centre of a diamond drawn as M x,top l m,m l -m,m l -m,-m z."""
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", path.get("d"))]
    x, top, m = numbers[0], numbers[1], numbers[2]
    assert numbers[2:] == [m, m, -m, m, -m, -m]
    return x, top + m


def texts(root: ET.Element) -> list[str]:
    """Return the texts of ``root`` as a reader reads them: a label's lines joined by a space."""
    found = []
    for element in root.iter(f"{SVG}text"):
        lines = list(element.iter(f"{SVG}tspan"))
        found.append(" ".join("".join(line.itertext()) for line in lines) if lines else "".join(element.itertext()))
    return found


def aspects_chart(**overrides):
    arguments = {
        "labels": ASPECTS,
        "series": [("Dit initiatief", OWN), ("Vorige ronde", BEFORE)],
        "reference": ("Leergemeenschap (mediaan)", MEDIAN),
        "xlabel": "Score (1 tot 5)",
        "xlim": (0, 5),
        "alt": "Staafdiagram",
    } | overrides
    return grouped_bars(arguments.pop("labels"), arguments.pop("series"), **arguments)


def test_the_chart_is_an_svg_image_as_wide_as_the_png_was_with_its_alt_text():
    markup = aspects_chart(alt='Gemiddelde "score" <per> aspect')
    attributes = img(markup)
    assert attributes["class"] == "chart"
    assert attributes["alt"] == 'Gemiddelde "score" <per> aspect'
    _, root = svg_of(markup)
    assert root.tag == f"{SVG}svg"
    # 6.4 inches at 110 dpi, as the matplotlib PNG was: a browser's naturalWidth
    assert float(root.get("width")) == pytest.approx(704)
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"
    assert "DejaVu Sans" in root.get("font-family") and root.get("font-family").endswith("sans-serif")


def test_bars_are_as_long_as_their_values_over_the_x_limits_and_none_has_no_bar():
    _, root = svg_of(aspects_chart())
    left, right, _ = axis(root)
    groups = by_class(root, "group")
    assert len(groups) == len(ASPECTS)
    for group, label, own, before in zip(groups, ASPECTS, OWN, BEFORE, strict=True):
        assert texts(group) == [label]
        bars = by_class(group, "bar")
        expected = [(i, v) for i, v in enumerate((own, before)) if v is not None]
        assert [int(b.get("class").split("series-")[1]) for b in bars] == [i for i, _ in expected]
        for bar, (_, value) in zip(bars, expected, strict=True):
            assert float(bar.get("x")) == pytest.approx(left, abs=PX)
            assert float(bar.get("width")) == pytest.approx(value / 5 * (right - left), abs=PX)
    # one bar per value that is there: 8 of the 10
    assert len(by_class(root, "bar")) == sum(v is not None for v in OWN + BEFORE)


def test_bars_of_a_group_sit_side_by_side_around_their_label():
    _, root = svg_of(aspects_chart())
    groups = by_class(root, "group")
    ys = [float(by_class(group, "tick")[0].get("y1")) for group in groups]
    # the labels top to bottom in the order given, evenly spaced
    steps = [b - a for a, b in zip(ys, ys[1:])]
    assert all(s > 0 for s in steps) and max(steps) - min(steps) < 2 * PX
    step = steps[0]
    for group, centre in zip(groups, ys, strict=True):
        for bar in by_class(group, "bar"):
            top, height = float(bar.get("y")), float(bar.get("height"))
            series = int(bar.get("class").split("series-")[1])
            # matplotlib's layout: the group fills 0.8 of a step, each of the two series 0.4 of it (92 % drawn)
            expected_top = centre - 0.4 * step + series * 0.4 * step + 0.04 * 0.4 * step
            assert top == pytest.approx(expected_top, abs=2 * PX)
            assert height == pytest.approx(0.92 * 0.4 * step, abs=2 * PX)


def test_one_diamond_per_reference_value_at_its_place_on_the_axis():
    _, root = svg_of(aspects_chart())
    left, right, _ = axis(root)
    (reference,) = by_class(root, "reference")
    diamonds = [diamond_centre(p) for p in reference.iter(f"{SVG}path")]
    assert len(diamonds) == sum(v is not None for v in MEDIAN)
    ticks = [float(by_class(g, "tick")[0].get("y1")) for g in by_class(root, "group")]
    present = [(value, y) for value, y in zip(MEDIAN, ticks, strict=True) if value is not None]
    for (x, y), (value, label_y) in zip(diamonds, present, strict=True):
        assert x == pytest.approx(left + value / 5 * (right - left), abs=PX)
        assert y == pytest.approx(label_y, abs=PX)


def test_without_x_limits_the_axis_is_matplotlibs_autoscale_with_its_ticks():
    labels = ["Papierwerk en regels", "Subsidies", "Gemeente als verhuurder", "Vrijwilligers raken uitgeput"]
    counts = [12.0, 7.0, 3.0, 9.0]
    _, root = svg_of(grouped_bars(labels, [("Initiatieven", counts)], xlabel="Aantal initiatieven", alt="x"))
    # what matplotlib itself makes of these bars
    fig, ax = plt.subplots(figsize=(6.4, 2.7))
    ax.barh(range(len(counts)), counts)
    low, high = ax.get_xlim()
    expected_ticks = [t for t in ax.get_xticks() if low <= t <= high]
    plt.close(fig)
    assert (low, high) == pytest.approx((0, 12.6))
    left, right, _ = axis(root)
    widths = [float(b.get("width")) for b in by_class(root, "bar")]
    assert widths == pytest.approx([c / high * (right - left) for c in counts], abs=PX)
    (ticks,) = by_class(root, "x-ticks")
    assert texts(ticks) == [f"{t:.0f}" for t in expected_ticks]
    tick_x = [float(line.get("x1")) for line in ticks.iter(f"{SVG}line")]
    assert tick_x == pytest.approx([left + t / high * (right - left) for t in expected_ticks], abs=PX)


def test_labels_axis_label_and_legend_are_text_and_a_script_stays_text():
    hostile = '<script>alert("x")</script> & co'
    data, root = svg_of(aspects_chart(
        labels=[hostile, *ASPECTS[1:]],
        series=[("Dit <b>initiatief</b>", OWN), ("Vorige ronde", BEFORE)],
        xlabel="Score & <i>schaal</i>",
    ))
    assert {e.tag for e in root.iter()} <= {f"{SVG}{t}" for t in
                                            ("svg", "defs", "pattern", "rect", "path", "circle", "g", "line", "text", "tspan")}
    assert b"<script" not in data and b"&lt;script&gt;" in data
    words = texts(root)
    assert hostile in words and "Score & <i>schaal</i>" in words
    (legend,) = by_class(root, "legend")
    assert texts(legend) == ["Dit <b>initiatief</b>", "Vorige ronde", "Leergemeenschap (mediaan)"]


def test_a_control_character_in_a_label_still_gives_a_valid_image():
    _, root = svg_of(grouped_bars(["tab\there\n", "bell\x07"], [("s", [1.0, 2.0])], xlabel="x", alt="x"))
    # white space as the SVG shows it, a character XML cannot hold replaced
    assert [texts(g) for g in by_class(root, "group")] == [["tab here"], ["bell\ufffd"]]


def test_the_legend_names_what_is_drawn_and_the_reference_is_a_diamond():
    _, root = svg_of(aspects_chart(series=[("Leergemeenschap (mediaan)", [None] * 5)]))
    # a placeholder series without values draws nothing and has no legend entry
    assert by_class(root, "bar") == []
    (legend,) = by_class(root, "legend")
    assert texts(legend) == ["Leergemeenschap (mediaan)"]
    assert len(list(legend.iter(f"{SVG}path"))) == 1 and len(list(legend.iter(f"{SVG}rect"))) == 0


def test_series_differ_by_hatching_as_well_as_colour():
    values = [1.0, 2.0]
    _, root = svg_of(grouped_bars(["a", "b"], [(f"s{i}", values) for i in range(4)], xlabel="x", alt="x"))
    patterns = {p.get("id"): p for p in root.iter(f"{SVG}pattern")}
    fills = {}
    for bar in by_class(root, "bar"):
        fills.setdefault(int(bar.get("class").split("series-")[1]), set()).add(bar.get("fill"))
    assert all(len(f) == 1 for f in fills.values())
    fills = {i: f.pop() for i, f in fills.items()}
    # the first series plain, each other one a pattern of its own colour with white lines or dots
    assert fills[0] == OKABE_ITO[0]
    drawn = set()
    for i in (1, 2, 3):
        pattern = patterns[re.fullmatch(r"url\(#(.+)\)", fills[i]).group(1)]
        (background,) = pattern.iter(f"{SVG}rect")
        assert background.get("fill") == OKABE_ITO[i]
        marks = [e for e in pattern if e.tag in (f"{SVG}path", f"{SVG}circle")]
        assert marks and all("#ffffff" in (m.get("stroke"), m.get("fill")) for m in marks)
        drawn.add(ET.tostring(marks[0]))
    assert len(drawn) == 3


def freetype_width(text: str) -> float:
    """Return the width of ``text`` in pixels as FreeType sets it in DejaVu Sans, 10 points at 110 dpi."""
    font = ft2font.FT2Font(font_manager.findfont("DejaVu Sans"))
    font.set_size(10, 110)
    font.set_text(text, 0.0, flags=ft2font.LoadFlags.NO_HINTING)
    return font.get_width_height()[0] / 64


def label_lines(root: ET.Element, label: str) -> list[ET.Element]:
    """Return the lines (tspans) of the one label whose text is ``label``."""
    (element,) = [e for e, text in zip(root.iter(f"{SVG}text"), texts(root), strict=True) if text == label]
    assert element.get("text-anchor") == "end"
    return list(element.iter(f"{SVG}tspan"))


def test_a_label_fits_inside_the_image_and_a_long_one_goes_on_more_lines():
    short, long = "Samenwerking met de gemeente", "Huur, onderhoud, energie en andere zorgen over het gebouw van het buurthuis"
    _, root = svg_of(grouped_bars([short, long], [("s", [1.0, 2.0])], xlabel="x", alt="x"))
    left = axis(root)[0]
    assert float(root.get("width")) == pytest.approx(704)
    (line,) = label_lines(root, short)
    # measured independently: FreeType on matplotlib's DejaVu Sans; room for a wider fallback font, clear of the axis
    assert float(line.get("x")) - 1.08 * freetype_width(short) >= 0 and float(line.get("x")) < left
    lines = label_lines(root, long)
    assert len(lines) >= 2
    # about equally long: no word left alone on the last line
    widths = [freetype_width(line.text) for line in lines]
    assert max(widths) < 1.5 * min(widths)
    for line in lines:
        assert float(line.get("x")) - 1.08 * freetype_width(line.text) >= 0 and float(line.get("x")) < left
    # the lines one under the other, centred on the label's tick
    baselines = [float(line.get("y")) for line in lines]
    assert all(b > a for a, b in zip(baselines, baselines[1:]))
    tick = float(by_class(by_class(root, "group")[1], "tick")[0].get("y1"))
    assert abs((baselines[0] + baselines[-1]) / 2 - 0.38 * 15.28 - tick) < 1


def test_a_word_longer_than_the_figure_widens_it_and_the_legend_stays_inside():
    label = "Samenwerkingsovereenkomstenonderhandelingsprocedurebegeleidingscommissievergaderingsverslagen"
    names = ["Een initiatief met een lange naam", "Vorige ronde van dat initiatief", "De hele leergemeenschap (mediaan)"]
    _, root = svg_of(grouped_bars([label], [(names[0], [2.0]), (names[1], [3.0])], reference=(names[2], [2.5]),
                                  xlabel="x", alt="x", xlim=(0, 5)))
    width = float(root.get("width"))
    assert width > 704
    left, right, _ = axis(root)
    (line,) = label_lines(root, label)
    assert float(line.get("x")) - 1.08 * freetype_width(label) >= 0 and right - left >= 200
    (legend,) = by_class(root, "legend")
    for entry in legend.iter(f"{SVG}text"):
        start = float(entry.get("x"))
        assert start >= 0 and start + 1.08 * freetype_width("".join(entry.itertext())) <= width


def test_same_inputs_same_bytes():
    first, _ = svg_of(aspects_chart())
    assert svg_of(aspects_chart())[0] == first
    assert str(aspects_chart()) == str(aspects_chart())
    # and different values give a different picture
    assert svg_of(aspects_chart(series=[("Dit initiatief", [3.3, None, 4.1, 2.5, 3.9])]))[0] != first


def test_not_a_number_is_left_out_like_none():
    nan = float("nan")
    with_nan, _ = svg_of(grouped_bars(["a", "b"], [("s", [nan, 2.0])], reference=("r", [1.0, nan]), xlabel="x", alt="x",
                                      xlim=(0, 5)))
    with_none, _ = svg_of(grouped_bars(["a", "b"], [("s", [None, 2.0])], reference=("r", [1.0, None]), xlabel="x", alt="x",
                                       xlim=(0, 5)))
    assert with_nan == with_none
