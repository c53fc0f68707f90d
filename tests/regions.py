"""The demo community with regions: a copy of its rounds whose participants list names each
participant's region (``attribute_1``), and ``[questions] group = "attribute_1"`` in round 2."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd

DEMO = Path(__file__).resolve().parents[1] / "surveys" / "demo"
# answers per region in round 2: Noord 13, Midden 16, Zuid 19, Oostpoort 4 (below min_group_size 5)
REGIONS = {
    **dict.fromkeys(["I01", "I02", "I03", "I04"], "Noord"),
    **dict.fromkeys(["I05", "I06", "I07", "I08"], "Midden"),
    **dict.fromkeys(["I09", "I10", "I11", "I12", "oth-taalcafe-het-woord", "oth-moestuin-achter-de-kerk"], "Zuid"),
    "oth-repair-cafe-oostpoort": "Oostpoort",
}


def demo_with_regions(folder: Path, *, regions: dict[str, str] | None = None, extra: str = "") -> Path:
    """Copy the demo community into ``folder`` with regions in round 2; return round 2's folder."""
    from pipeline.ingest import load_round

    regions = REGIONS if regions is None else regions
    community = folder / "demo"
    shutil.copytree(DEMO, community)
    round_dir = community / "ronde-2"
    responses = load_round(round_dir).responses
    region_of_token = {
        str(token): regions.get(str(initiative), "")
        for token, initiative in zip(responses["token"], responses["initiative"], strict=True)
        if isinstance(token, str)
    }
    path = round_dir / "exports" / "participants.json"
    people = json.loads(path.read_text(encoding="utf-8"))
    for person in people:
        person["attribute_1"] = region_of_token.get(person["token"], "")
    path.write_text(json.dumps(people, ensure_ascii=False, indent=2), encoding="utf-8")
    config = (round_dir / "round.toml").read_text(encoding="utf-8")
    config = config.replace('personal = ["email", "telefoon"]', f'personal = ["email", "telefoon"]\ngroup = "attribute_1"\n{extra}')
    (round_dir / "round.toml").write_text(config, encoding="utf-8")
    return round_dir


def answers_per_region(round_dir: Path) -> pd.Series:
    """Return the number of answers per region, counted from the exports independently of the analysis."""
    from pipeline.ingest import load_round

    responses = load_round(round_dir).responses
    return responses["initiative"].map(REGIONS).value_counts().sort_index()
