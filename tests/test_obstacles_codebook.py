"""The codebook: built-in themes, validation with clear errors, editing, rerunning, carrying over."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pandas as pd
import pytest

from pipeline.errors import ConfigError
from pipeline.obstacles import (
    builtin_codebook_path,
    load_codebook,
    promote_group,
    save_codebook,
    theme_obstacles,
)

PROJECT = Path(__file__).resolve().parents[1]
REQUIRED_THEMES = {
    "financiering", "verantwoording", "regels", "bureaucratie", "gebouw", "vrijwilligers",
    "autonomie", "samenwerking", "waarde", "bereik", "erkenning", "kennis",
}


def _frame(texts: list[str], initiatives: list[str] | None = None) -> pd.DataFrame:
    initiatives = initiatives or [f"I{i % 4}" for i in range(len(texts))]
    return pd.DataFrame(
        {
            "initiative": initiatives,
            "initiative_name": [f"Buurthuis {c}" for c in initiatives],
            "obstacle_text": texts,
            "helped_text": [pd.NA] * len(texts),
        },
        index=[f"r{i}" for i in range(len(texts))],
    )


def test_builtin_codebook_has_the_required_themes_complete():
    raw = tomllib.loads(builtin_codebook_path().read_text(encoding="utf-8"))
    ids = {t["id"] for t in raw["theme"]}
    assert REQUIRED_THEMES <= ids
    codebook = load_codebook(None)
    assert set(codebook.ids) == ids
    for theme in codebook.themes:
        assert theme.name_nl and theme.name_en and theme.definition_nl
        assert len(theme.keywords) >= 30, theme.id
        assert len(theme.examples) >= 3, theme.id
        assert theme.origin == "builtin"


def test_demo_community_codebook_matches_the_builtin_one():
    demo = load_codebook(PROJECT / "surveys" / "demo" / "codebook.toml")
    builtin = load_codebook(None)
    assert demo.ids == builtin.ids
    assert [t.keywords for t in demo.themes] == [t.keywords for t in builtin.themes]


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "codebook.toml"
    path.write_text(text, encoding="utf-8")
    return path


GOOD_THEME = """
[[theme]]
id = "veiligheid"
name_nl = "Veiligheid"
name_en = "Safety"
definition_nl = "Overlast en onveiligheid rond het gebouw."
keywords = ["overlast", "inbraak", "onveilig"]
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (GOOD_THEME.replace('keywords = ["overlast", "inbraak", "onveilig"]', 'keywords = []'), "'keywords' is empty"),
        (GOOD_THEME.replace('name_en = "Safety"\n', ""), "missing name_en"),
        (GOOD_THEME + 'colour = "red"\n', "unknown key 'colour'"),
        (GOOD_THEME + GOOD_THEME, "id 'veiligheid' is used twice"),
        (GOOD_THEME.replace('id = "veiligheid"', 'id = "Veilig Heid"'), "not a valid theme id"),
        (GOOD_THEME.replace('keywords = ["overlast", "inbraak", "onveilig"]', 'keywords = "overlast"'), "must be a list of texts"),
        ("[codebook]\nname = 'x'\n", "has no themes"),
        (GOOD_THEME + "[[theme]\n", "the layout is wrong"),
    ],
)
def test_a_bad_codebook_names_file_and_theme(tmp_path, text, expected):
    path = _write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_codebook(path)
    message = str(caught.value)
    assert expected in message
    assert str(path) in message
    if "theme 1" in message or "theme 2" in message:
        assert "veiligheid" in message or "Veilig Heid" in message


def test_a_missing_codebook_says_where_to_look(tmp_path):
    with pytest.raises(ConfigError, match="does not exist"):
        load_codebook(tmp_path / "nope.toml")


def test_save_and_load_round_trip(tmp_path):
    codebook = load_codebook(None)
    path = save_codebook(codebook, tmp_path / "copy.toml")
    again = load_codebook(path)
    assert again.ids == codebook.ids
    assert [t.keywords for t in again.themes] == [t.keywords for t in codebook.themes]
    assert [t.examples for t in again.themes] == [t.examples for t in codebook.themes]
    assert not list(tmp_path.glob(".codebook-*"))


SAFETY = [
    "Er is veel overlast van hangjongeren bij de ingang.",
    "Na de derde inbraak voelen vrijwilligers zich onveilig in het gebouw.",
    "Overlast en vernielingen in het weekend.",
]
OTHERS = [
    "De subsidie is gekort en we hebben geen geld voor de vaste lasten.",
    "Het dak lekt en de gemeente als eigenaar repareert het niet.",
    "We vinden geen nieuwe bestuursleden, de penningmeester stopt.",
    "n.v.t.",
]


def test_an_edited_codebook_is_used_and_survives_reruns(tmp_path):
    path = tmp_path / "codebook.toml"
    save_codebook(load_codebook(None), path)
    edited = path.read_text(encoding="utf-8") + GOOD_THEME
    path.write_text(edited, encoding="utf-8")

    frame = _frame(SAFETY + OTHERS)
    first = theme_obstacles(frame, codebook=load_codebook(path), random_state=0)
    second = theme_obstacles(frame, codebook=load_codebook(path), random_state=0)
    themes = dict(zip(first.assignments["response"], first.assignments["theme"]))
    assert [themes[f"r{i}"] for i in range(3)] == ["veiligheid"] * 3
    assert themes["r3"] == "financiering" and themes["r4"] == "gebouw" and themes["r5"] == "vrijwilligers"
    assert themes["r6"] == ""
    pd.testing.assert_frame_equal(first.assignments, second.assignments)
    # running never writes to the codebook: the facilitator's edit is still there, byte for byte
    assert path.read_text(encoding="utf-8") == edited
    # without the edit the same answers are not in a "veiligheid" theme
    plain = theme_obstacles(frame, codebook=load_codebook(None), random_state=0)
    assert "veiligheid" not in set(plain.assignments["theme"])


def test_a_promoted_group_carries_over_to_the_next_round(tmp_path):
    round_1 = _frame(
        [
            "De buren klagen steeds over lawaai van de muziek.",
            "Lawaai en harde muziek zorgen voor klachten van de buren.",
            "Klachten van buren over het lawaai op zaterdag.",
            *OTHERS,
        ]
    )
    path = tmp_path / "codebook.toml"
    save_codebook(load_codebook(None), path)
    result_1 = theme_obstacles(round_1, codebook=load_codebook(path), random_state=0)
    groups = [g for g in result_1.emergent_groups if g.size >= 3]
    assert groups, result_1.assignments[["text", "theme"]]
    group = groups[0]
    assert "lawaai" in group.label_nl or "buren" in group.label_nl
    assert 2 <= len(group.examples) <= 3

    promoted = promote_group(load_codebook(path), group, theme_id="overlast", name_nl="Overlast", name_en="Nuisance")
    assert load_codebook(path).ids == load_codebook(None).ids  # promoting alone changes no file
    save_codebook(promoted, path)

    round_2 = _frame(["De buren klagen weer over het lawaai.", "Het dak lekt nog steeds."], ["I9", "I8"])
    result_2 = theme_obstacles(round_2, codebook=load_codebook(path), random_state=0)
    assert list(result_2.assignments["theme"]) == ["overlast", "gebouw"]
    assert not result_2.assignments["emergent"].any()
    row = result_2.themes.set_index("theme").loc["overlast"]
    assert row["label_nl"] == "Overlast" and not row["emergent"] and row["initiatives"] == 1


def test_promote_refuses_an_existing_id():
    codebook = load_codebook(None)
    from pipeline.obstacles import EmergentGroup

    group = EmergentGroup(id="emergent-1", label_nl="x", keywords=("x",), examples=())
    with pytest.raises(ConfigError, match="already has a theme"):
        promote_group(codebook, group, theme_id="gebouw")
    assert promote_group(codebook, group, theme_id="nieuw").ids[-1] == "nieuw"
    assert "nieuw" not in codebook.ids
