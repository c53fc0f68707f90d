"""Quality of the obstacle themes on a labelled set: codebook matching beside TF-IDF + k-means.

Prints the adjusted Rand index and the macro-averaged per-theme F1 (each labelled theme
scored against its best-matching predicted group) of both methods on the same answers.

    python benchmarks/obstacles_quality.py [CSV] [--text-column text] [--label-column theme]

The default set is ``benchmarks/data/obstacles_dev.csv``: statements written for development,
not real survey answers; a separate evaluation on real statements judges the method.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from pathlib import Path

import numpy as np
from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_rand_score

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.obstacles import ObstacleThemer, load_codebook  # noqa: E402

DEFAULT = Path(__file__).resolve().parent / "data" / "obstacles_dev.csv"


def per_theme_f1(truth: list[str], predicted: list[str]) -> dict[str, float]:
    """Return, per true theme, the F1 of the predicted group that matches it best."""
    result = {}
    pred_sizes = Counter(predicted)
    for theme, size in sorted(Counter(truth).items()):
        overlap = Counter(p for t, p in zip(truth, predicted) if t == theme)
        best = 0.0
        for group, both in overlap.items():
            precision = both / pred_sizes[group]
            recall = both / size
            best = max(best, 2 * precision * recall / (precision + recall))
        result[theme] = best
    return result


def baseline(texts: list[str], k: int, seed: int) -> list[str]:
    """Return TF-IDF + k-means cluster labels (k = number of labelled themes)."""
    matrix = TfidfVectorizer(lowercase=True, sublinear_tf=True).fit_transform(texts)
    labels = KMeans(n_clusters=k, n_init=10, random_state=seed).fit_predict(matrix)
    return [f"cluster-{label}" for label in labels]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--text-column", default="text")
    parser.add_argument("--label-column", default="theme")
    parser.add_argument("--codebook", type=Path, default=None)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--details", action="store_true", help="print the misassigned answers")
    args = parser.parse_args(argv)

    with open(args.csv, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    texts = [r[args.text_column] for r in rows]
    truth = [r[args.label_column] for r in rows]
    k = len(set(truth))

    themer = ObstacleThemer(load_codebook(args.codebook), random_state=args.seed)
    ours = [str(p) for p in themer.fit_predict(texts)]
    theirs = baseline(texts, k, args.seed)

    print(f"{len(texts)} labelled answers, {k} themes ({args.csv.name})")
    print(f"{'method':28s} {'ARI':>6s} {'macro F1':>9s} {'worst theme F1':>15s}")
    for name, predicted in (("codebook (samenspel)", ours), ("TF-IDF + k-means baseline", theirs)):
        f1 = per_theme_f1(truth, predicted)
        worst = min(f1, key=f1.get)
        print(
            f"{name:28s} {adjusted_rand_score(truth, predicted):6.3f} {np.mean(list(f1.values())):9.3f}"
            f" {f1[worst]:8.3f} ({worst})"
        )
    f1 = per_theme_f1(truth, ours)
    print("per theme (codebook): " + ", ".join(f"{t} {v:.2f}" for t, v in f1.items()))
    emergent = sum(p.startswith("emergent-") for p in ours)
    print(f"assigned to a codebook theme: {len(ours) - emergent}, to new groups: {emergent}")
    if args.details:
        for text, t, p in zip(texts, truth, ours):
            if t != p:
                print(f"  {t:14s} -> {p:14s} {text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
