"""Speed of preparing the next meeting at 100 initiatives: seating, agenda, who can help whom, the picture.

    python benchmarks/meeting_speed.py [--initiatives 100]

Builds a synthetic round of the demo survey's shape (``synthetic_round.py``: the demo's real
answers, four per initiative), reads and themes it once, then times what the meeting page
adds: the "what helped" themes, the table groups (``scipy.optimize.milp``), the agenda, the
help edges and the network picture. Target: under 10 seconds at 100 initiatives.

Beside it, in the same process on the same round, it times the obstacle themes of the round
(the step every report already waits for) and prints the ratio, so the figure means
something on a noisy machine too; and the seating beside a simple greedy seating, with both
seatings' figures.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic_round import make_round  # noqa: E402

from pipeline import meeting, privacy  # noqa: E402
from pipeline.ingest import load_round  # noqa: E402
from pipeline.obstacles import load_codebook, theme_obstacles  # noqa: E402
from pipeline.report.analysis import THEME_COLUMNS, _helps, _struggles  # noqa: E402
from pipeline.report.charts import help_network  # noqa: E402


def greedy_seating(people, struggles, low: int, high: int) -> dict[str, str]:
    """The simple seating a facilitator would do by hand: each initiative to its most shared obstacle."""
    counts = struggles["theme"].value_counts()
    own: dict[str, list[str]] = {}
    for initiative, theme in zip(struggles["initiative"], struggles["theme"], strict=True):
        own.setdefault(initiative, []).append(theme)
    return {p: max(own.get(p, [counts.index[0]]), key=lambda t: (counts[t], t)) for p in people}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--initiatives", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        round_dir = make_round(Path(folder) / "synthetic", initiatives=args.initiatives)
        current = load_round(round_dir)
        secret = b"benchmark-secret-not-for-use"
        public = privacy.public_responses(current, secret=secret)
        codebook = load_codebook(current.config.obstacles.codebook)

        start = time.perf_counter()
        themes = theme_obstacles(public[THEME_COLUMNS], codebook=codebook, random_state=0)
        baseline = time.perf_counter() - start

        start = time.perf_counter()
        struggles = _struggles(themes.matrix)
        helps = _helps(public, codebook)
        people = public["initiative"].dropna().astype(str).unique().tolist()
        seat_start = time.perf_counter()
        tables = meeting.seat_tables(people, struggles, helps, table_size=current.config.meeting.table_size)
        seating = time.perf_counter() - seat_start
        shares = themes.themes.assign(share=themes.themes["initiatives"] / len(people), previous_share=float("nan"))
        meeting.meeting_agenda(shares[["theme", "initiatives", "share", "previous_share"]], helps)
        edges = meeting.help_edges(struggles, helps)
        help_network(list(zip(edges["helper"], edges["initiative"], edges["theme"], strict=True)),
                     labels={}, theme_names={}, alt="who can help whom")
        total = time.perf_counter() - start

        greedy_start = time.perf_counter()
        simple = greedy_seating(people, struggles, *current.config.meeting.table_size)
        greedy = time.perf_counter() - greedy_start

    pairs = set(zip(struggles["initiative"], struggles["theme"], strict=True))
    simple_own = sum((p, t) in pairs for p, t in simple.items())
    print(f"initiatives: {len(people)}, tables: {tables['table'].nunique()}, help edges: {len(edges)}")
    print(f"meeting (helped themes, seating, agenda, edges, picture): {total:.2f} s  (target < 10 s)")
    print(f"baseline, obstacle themes of the same round: {baseline:.2f} s  -> ratio {total / baseline:.2f}")
    print(f"seating by milp: {seating:.3f} s, {meeting.seated_on_own_obstacle(tables, struggles)} at a table about "
          f"their own obstacle; greedy by hand: {greedy:.4f} s, {simple_own} (ignores table sizes and helpers)")
    return 0 if total < 10 else 1


if __name__ == "__main__":
    sys.exit(main())
