"""Regions (``[questions] group``): ingest, the held-back small groups, region pages compared with
the network, the index per region; and the bounded lists and summaries of a large round."""

from __future__ import annotations

import dataclasses
import html
import re
from pathlib import Path

import pandas as pd
import pytest

from pipeline.cli import main
from pipeline.ingest import load_round
from pipeline.limesurvey import slug
from pipeline.privacy import SUPPRESSED_MARKER
from pipeline.report import sections
from pipeline.report.analysis import Analysis, ParquetTables, load_analysis
from regions import REGIONS, demo_with_regions
from test_privacy_suppress import recoverable_numeric

ASPECTS = ["ambitie", "belangen", "proces", "organisatie", "relatie"]


def _text(path: Path) -> str:
    """Return a page's text: tags out, references resolved, white space collapsed."""
    raw = path.read_text(encoding="utf-8")
    raw = re.sub(r"<style.*?</style>|<img[^>]*>", " ", raw, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", raw)).split())


def _section(path: Path, anchor: str) -> str:
    raw = path.read_text(encoding="utf-8")
    part = raw[raw.index(f'id="{anchor}"'):]
    part = part[: part.index("</section>")]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", part)).split())


@pytest.fixture(scope="module")
def region_round(tmp_path_factory) -> Path:
    return demo_with_regions(tmp_path_factory.mktemp("region-round"))


def test_the_group_comes_from_the_participants_list_through_the_token(region_round: Path) -> None:
    responses = load_round(region_round).responses
    expected = responses["initiative"].map(REGIONS)
    assert responses["group"].astype(object).tolist() == expected.tolist()


def test_a_group_the_round_does_not_have_is_one_plain_message(tmp_path: Path, capsys) -> None:
    round_dir = demo_with_regions(tmp_path)
    config = round_dir / "round.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('group = "attribute_1"', 'group = "provincie"'),
                      encoding="utf-8")
    assert main(["run", str(round_dir), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "[questions] group = 'provincie'" in err and "attribute_1" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()


def _independent_means(round_dir: Path) -> pd.DataFrame:
    """Return the mean and n per region and aspect (and "" for the network), straight from the exports."""
    responses = load_round(round_dir).responses
    rows = []
    for aspect in ASPECTS:
        values = pd.to_numeric(responses[f"aspect_{aspect}"], errors="coerce")
        regions = responses["initiative"].map(REGIONS)
        for region in ["", *sorted(set(REGIONS.values()))]:
            chosen = values[regions == region] if region else values
            rows.append({"group": region, "aspect": aspect, "n": int(chosen.notna().sum()), "mean": chosen.mean()})
    return pd.DataFrame(rows).set_index(["group", "aspect"])


@pytest.mark.slow
def test_region_pages_exist_and_compare_with_the_network(region_reports: Path, region_round: Path) -> None:
    expected = _independent_means(region_round)
    # Oostpoort has 4 answers (< 5): held back; Noord (13, the smallest of the rest) with it
    assert sorted(p.name for p in (region_reports / "groups").iterdir()) == ["midden.html", "zuid.html"]
    for region in ("Midden", "Zuid"):
        text = _text(region_reports / "groups" / f"{slug(region)}.html")
        assert f"Gemiddelde {region}" in text and "Gemiddelde hele netwerk" in text
        for aspect, label in zip(ASPECTS, ["Ambitie", "Belangen", "Proces", "Organisatie", "Relatie"], strict=True):
            mine, whole = expected.loc[(region, aspect)], expected.loc[("", aspect)]
            row = (f"{label} {mine['mean']:.1f} (n = {int(mine['n'])}) ".replace(".", ",")
                   + f"{whole['mean']:.1f} (n = {int(whole['n'])})".replace(".", ","))
            assert row in text, row
        members = sorted(code for code, r in REGIONS.items() if r == region)
        names = load_analysis(region_reports / "data").initiatives.set_index("initiative")["name"]
        listed = _section(region_reports / "groups" / f"{slug(region)}.html", "initiatives")
        assert all(names[code] in listed for code in members)
    index = _text(region_reports / "index.html")
    assert "Rapport voor Midden" in index and "Rapport voor Zuid" in index
    assert "Noord: geen eigen rapport" in index and "Oostpoort: geen eigen rapport" in index


@pytest.mark.slow
def test_an_initiative_page_compares_with_its_region_and_the_network(region_reports: Path) -> None:
    midden = _section(region_reports / "initiatives" / "i05.html", "aspects")
    assert "Vergeleken met Midden en het hele netwerk" in midden
    noord = _section(region_reports / "initiatives" / "i01.html", "aspects")
    assert "Noord heeft te weinig antwoorden" in noord and "Gemiddelde Noord" not in noord


@pytest.mark.slow
def test_small_regions_are_held_back_so_that_none_can_be_worked_out(region_reports: Path) -> None:
    analysis = load_analysis(region_reports / "data")
    status = analysis.groups.set_index("group")["status"].to_dict()
    assert status == {"Midden": "published", "Noord": "complementary", "Oostpoort": "primary", "Zuid": "published"}
    table = analysis.group_aspects
    for aspect in ASPECTS:
        rows = table[table["aspect"] == aspect]
        order = [*sorted(g for g in rows["group"] if g), ""]
        shown = rows.set_index("group").loc[order, ["n", "mean"]].astype(object)
        shown[rows.set_index("group").loc[order, "status"].ne("published").to_numpy()] = SUPPRESSED_MARKER
        # the attacker knows the published cells, the network's total and the 1..5 scale
        assert recoverable_numeric(shown, 1, 5) == [], aspect


def test_without_a_complement_the_small_region_would_be_recoverable(region_round: Path) -> None:
    expected = _independent_means(region_round)
    naive = expected.xs("ambitie", level="aspect").loc[["Midden", "Noord", "Oostpoort", "Zuid", ""], ["n", "mean"]]
    naive = naive.astype(object)
    naive.loc["Oostpoort"] = SUPPRESSED_MARKER
    assert recoverable_numeric(naive, 1, 5) == ["Oostpoort: n", "Oostpoort: mean"]


@pytest.mark.slow
def test_the_demo_still_shows_every_initiative_where_it_did(demo_reports: Path) -> None:
    out = demo_reports / "ronde-2"
    analysis = load_analysis(out / "data")
    assert not analysis.meta.large and analysis.meta.initiatives == 15
    names = analysis.initiatives.set_index("initiative")["name"]
    participation = _section(out / "community.html", "participation")
    aspects = _section(out / "community.html", "aspects")
    assert all(name in participation and name in aspects for name in names)
    matrix = pd.read_csv(out / "data" / "theme_initiative.csv", encoding="utf-8-sig").set_index("theme")
    for code in names.index:
        if code not in matrix.columns or not (matrix[code] > 0).any():
            continue
        shown = _section(out / "initiatives" / f"{slug(code)}.html", "obstacles")
        for theme in matrix.index[matrix[code] > 0]:
            sharers = [names[c] for c in matrix.columns if c != code and matrix.loc[theme, c] > 0]
            assert all(name in shown for name in sharers), (code, theme)
        assert not re.search(r"en \d+ andere|en 1 ander\b", shown)


def _large(data: Path, *, peers: int, summary_above: int) -> Analysis:
    analysis = load_analysis(data)
    meta = dataclasses.replace(analysis.meta, peers=peers, summary_above=summary_above)
    return Analysis(meta=meta, source=ParquetTables(data))


@pytest.mark.slow
def test_a_large_round_names_at_most_n_peers_and_counts_the_others(region_reports: Path) -> None:
    analysis = _large(region_reports / "data", peers=3, summary_above=10)
    assert analysis.meta.large
    matrix = analysis.theme_initiative.set_index("theme")
    names = analysis.initiatives.set_index("initiative")["name"]
    labels = analysis.themes.set_index("theme")["label_nl"]
    for code in ("I05", "I10"):
        page = str(sections.initiative_obstacles(analysis, "nl", code).data)
        rows = re.findall(r"<tr><th scope=\"row\">(.*?)</th><td>(.*?)</td><td>(.*?)</td></tr>", page)
        assert rows
        for label, shared, contact in rows:
            theme = labels[labels == html.unescape(label)].index[0]
            sharers = int((matrix.loc[theme] > 0).sum()) - 1  # counted here, from the theme matrix
            text = html.unescape(shared)
            named = [n for n in names if n in text]
            assert len(named) <= 3
            if sharers > 3:
                rest = sharers - 3
                assert text.endswith(f"en {rest} andere" if rest > 1 else "en 1 ander"), text
            else:
                assert len(named) == sharers
            assert len([n for n in names if n in html.unescape(contact)]) <= 3
    community = str(sections.community_aspects(analysis, "nl").data)
    assert "Spreiding over de initiatieven" in community and "Buurthuis De Ketel" not in community
    # the explanation describes what is shown: no per-initiative means on a large round's page
    assert "Per initiatief het gemiddelde" not in community
    learn = str(sections.learn_from(analysis, "nl").data)
    assert "12 initiatieven" in learn  # the 12 that struggle with the building are counted, not named


@pytest.mark.slow
def test_a_large_rounds_meeting_page_counts_instead_of_drawing_every_pair(region_reports: Path) -> None:
    from pipeline.report import meeting_page

    analysis = _large(region_reports / "data", peers=3, summary_above=10)
    network = str(meeting_page.meeting_network(analysis, "nl").data)
    assert "<img" not in network
    edges = analysis.help_edges
    # per region and theme the number of pairs, counted here from help_edges
    for (region, theme), n in edges.groupby(["region", "theme"]).size().items():
        label = html.escape(analysis.themes.set_index("theme").loc[theme, "label_nl"])
        assert re.search(rf"{re.escape(label)}</th><td>{n}</td>", network.replace("&#39;", "'")), (region, theme)
    agenda = str(meeting_page.meeting_agenda(analysis, "nl").data)
    for cell in re.findall(r"<td>([^<]*)</td></tr>", agenda):
        assert len([n for n in analysis.initiatives["name"] if html.escape(n) in cell]) <= 3
    tables = str(meeting_page.meeting_tables(analysis, "nl").data)
    assert "<blockquote" not in tables and tables.count("<tr>") == analysis.meeting_tables["table"].nunique() + 1
