"""A fitted theme model as plain numbers and words: stored once, loaded by every later process.

The file is a NumPy ``.npz`` of float arrays plus one JSON text (vocabularies, class names,
settings, the key); it is read with ``allow_pickle=False``, so loading it runs no code. Its
name and its recorded key are a SHA-256 of everything the fit depends on: the training
statements and their weights, the codebook, the settings, the source of the modules that
turn text into features, and the versions of the numerical libraries. A file whose key does
not match is never used; a missing, unreadable or stale one is simply fitted again.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from pipeline.files import write_atomically

CACHE_ENV = "SAMENSPEL_CACHE"
# bump when the stored layout changes
FORMAT = 1
# the modules whose code decides the features or the fit
_CODE_MODULES = ("model.py", "stored.py", "text.py", "matching.py", "codebook.py")
_LIBRARIES = ("numpy", "scipy", "scikit-learn", "snowballstemmer")
# older files beyond this many are removed (each community's corrections make a model of their own)
KEEP_FILES = 24


@dataclass(frozen=True, eq=False)
class LinearThemes:
    """The fitted parameters of a theme model: TF-IDF vocabularies and weights, a linear model.

    ``coef`` has one row per class and one column per feature: word features, then character
    n-gram features, then one codebook score per codebook theme (``n_scores``).
    """

    classes: tuple[str, ...]
    word_vocabulary: tuple[str, ...]
    word_idf: np.ndarray
    char_vocabulary: tuple[str, ...]
    char_idf: np.ndarray
    char_ngrams: tuple[int, int]
    codebook_weight: float
    n_scores: int
    coef: np.ndarray
    intercept: np.ndarray
    key: str = ""


def cache_folder() -> Path:
    """Return the folder of stored models: ``$SAMENSPEL_CACHE``, else the user's cache folder."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV]).expanduser() / "themes"
    # the OS's own place: ~/.cache (or $XDG_CACHE_HOME) on Linux, ~/Library/Caches on macOS,
    # %LOCALAPPDATA% on Windows
    from platformdirs import user_cache_path

    return user_cache_path("samenspel", appauthor=False) / "themes"


def _code_digest() -> str:
    here = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for name in _CODE_MODULES:
        digest.update(name.encode())
        digest.update((here / name).read_bytes())
    for library in _LIBRARIES:
        try:
            digest.update(f"{library}={metadata.version(library)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{library}=?".encode())
    return digest.hexdigest()


def model_key(*parts: Any) -> str:
    """Return the SHA-256 key of a fit: the layout, the code and libraries, and ``parts``
    (text: the codebook, the training statements, the settings)."""
    digest = hashlib.sha256(f"samenspel-themes-{FORMAT}\n{_code_digest()}\n".encode())
    for part in parts:
        digest.update(str(part).encode("utf-8"))
        digest.update(b"\x00")
    return digest.hexdigest()


def to_bytes(params: LinearThemes) -> bytes:
    """Return the model as the bytes of an ``.npz`` file (no pickled objects)."""
    meta = {
        "format": FORMAT,
        "key": params.key,
        "classes": list(params.classes),
        "word_vocabulary": list(params.word_vocabulary),
        "char_vocabulary": list(params.char_vocabulary),
        "char_ngrams": list(params.char_ngrams),
        "codebook_weight": params.codebook_weight,
        "n_scores": params.n_scores,
    }
    buffer = io.BytesIO()
    np.savez(
        buffer,
        meta=np.array(json.dumps(meta, ensure_ascii=False, sort_keys=True)),
        word_idf=params.word_idf,
        char_idf=params.char_idf,
        coef=params.coef,
        intercept=params.intercept,
    )
    return buffer.getvalue()


def from_bytes(data: bytes) -> LinearThemes:
    """Return the model stored by ``to_bytes`` (ValueError or KeyError when it is not one)."""
    with np.load(io.BytesIO(data), allow_pickle=False) as stored:
        meta = json.loads(str(stored["meta"]))
        if meta.get("format") != FORMAT:
            raise ValueError(f"stored model format {meta.get('format')!r}, expected {FORMAT}")
        return LinearThemes(
            classes=tuple(meta["classes"]),
            word_vocabulary=tuple(meta["word_vocabulary"]),
            word_idf=np.asarray(stored["word_idf"], dtype=np.float64),
            char_vocabulary=tuple(meta["char_vocabulary"]),
            char_idf=np.asarray(stored["char_idf"], dtype=np.float64),
            char_ngrams=(int(meta["char_ngrams"][0]), int(meta["char_ngrams"][1])),
            codebook_weight=float(meta["codebook_weight"]),
            n_scores=int(meta["n_scores"]),
            coef=np.asarray(stored["coef"], dtype=np.float64),
            intercept=np.asarray(stored["intercept"], dtype=np.float64),
            key=str(meta["key"]),
        )


def load_stored(key: str, folder: Path | None = None) -> LinearThemes | None:
    """Return the stored model with this key, or None when there is none (or it is unusable)."""
    path = (folder or cache_folder()) / f"{key}.npz"
    try:
        params = from_bytes(path.read_bytes())
    except (OSError, ValueError, KeyError, TypeError, EOFError):
        return None
    return params if params.key == key else None


def store(params: LinearThemes, folder: Path | None = None) -> Path | None:
    """Write the model under its key (atomically); return the path, None when the folder is not writable."""
    folder = folder or cache_folder()
    try:
        path = write_atomically(folder / f"{params.key}.npz", to_bytes(params))
        _prune(folder)
    except OSError:
        return None
    return path


def _prune(folder: Path) -> None:
    """Remove all but the ``KEEP_FILES`` most recently written models."""
    dated = []
    for path in folder.glob("*.npz"):
        try:
            dated.append((path.stat().st_mtime, path.name, path))
        except OSError:  # removed meanwhile by another process
            continue
    for _, _, old in sorted(dated, reverse=True)[KEEP_FILES:]:
        old.unlink(missing_ok=True)
