"""Quotes: redacted, never tied to a person or a role, small groups left out."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from pipeline.config import PrivacySettings
from pipeline.errors import PrivacyError
from pipeline.ingest import load_round
from pipeline.privacy import load_names, public_quotes, public_responses

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "surveys" / "demo"


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "initiative": ["I02", "I01", "I01", "I03", "I03", "I02", "I01"],
            "initiative_name": ["Buurthuis Oost", "De Bolder", "De Bolder", "Repair Café", "Repair Café", "Buurthuis Oost", "De Bolder"],
            "rol": ["vrijw", "vrijw", "coord", "vrijw", "vrijw", "vrijw", "bestu"],
            "obstacle_text": ["Te veel formulieren.", "Bel Henk Meijer: 06-12345678", None, "  ", "Geen vast aanspreekpunt.", "De huur stijgt.", "Subsidie te laat."],
        },
        index=pd.Index([f"r-{i:012x}" for i in range(7)], name="response"),
    ).astype("string")


def test_quotes_name_the_initiative_never_the_person_or_role() -> None:
    frame = _frame()
    before = frame.copy()
    quotes = public_quotes(frame, "obstacle_text", settings=PrivacySettings(), names=("Henk Meijer",))
    pd.testing.assert_frame_equal(frame, before)
    table = quotes.table
    assert list(table.columns) == ["quote", "initiative", "initiative_name"]
    assert "rol" not in table.columns and table.index.name is None
    assert not set(frame.index) & {str(v) for v in table.to_numpy().ravel()}
    # empty and blank answers are no quotes; the others all are, redacted
    assert len(table) == 5
    assert "Bel [naam]: [telefoon]" in table["quote"].tolist()
    # ordered by initiative and text, not by who answered first
    assert table["initiative"].tolist() == ["I01", "I01", "I02", "I02", "I03"]
    assert quotes.held_back == ""


def test_without_permission_quotes_do_not_name_the_initiative() -> None:
    quotes = public_quotes(_frame(), "obstacle_text", settings=PrivacySettings(attribute_quotes_to_initiative=False))
    assert list(quotes.table.columns) == ["quote"]
    assert quotes.table["quote"].tolist() == sorted(quotes.table["quote"].tolist())


def test_quotes_by_a_respondent_attribute_leave_small_groups_out() -> None:
    settings = PrivacySettings(min_group_size=3)
    quotes = public_quotes(_frame(), "obstacle_text", settings=settings, by="rol")
    # vrijw: 4 quotes (>= 3) shown; coord has none; bestu 1 quote: held back
    assert set(quotes.table["rol"]) == {"vrijw"}
    assert len(quotes.table) == 4
    assert quotes.held_back.startswith("1 antwoord niet getoond")
    assert "minder dan 3" in quotes.held_back


def test_unknown_columns_are_privacy_errors() -> None:
    with pytest.raises(PrivacyError, match="helped"):
        public_quotes(_frame(), "helped", settings=PrivacySettings())
    with pytest.raises(PrivacyError, match="taal"):
        public_quotes(_frame(), "obstacle_text", settings=PrivacySettings(), by="taal")


def test_demo_quotes_by_role_hold_back_the_small_role() -> None:
    round_ = load_round(DEMO / "ronde-2")
    frame = public_responses(round_, secret=b"s" * 32)
    names = load_names(round_.config.privacy.names_file)
    quotes = public_quotes(frame, "obstacle_text", settings=round_.config.privacy, names=names, by="rol")
    answered = round_.responses.loc[round_.responses["obstacle_text"].fillna("").str.strip() != ""]
    per_role = answered["rol"].value_counts()
    small = per_role[per_role < 5]
    assert len(small)  # the demo has a small role group
    assert set(quotes.table["rol"]) == set(per_role[per_role >= 5].index)
    assert len(quotes.table) == int(per_role[per_role >= 5].sum())
    assert quotes.held_back.startswith(f"{int(small.sum())} antwoord")
