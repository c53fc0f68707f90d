"""samenspel: reports for learning communities of neighbourhood initiatives.

The package is the repeatable part; notebooks in ``notebooks/`` are thin and call it.
A researcher starts in JupyterLab (opened on ``notebooks/`` by ``make lab``) with three
lines:

>>> import pipeline
>>> r = pipeline.load_round("../surveys/demo/ronde-2")
>>> r.responses[["initiative", "initiative_name", "aspect_ambitie"]].head(3)
            initiative                initiative_name  aspect_ambitie
response_id
1                  I04  Speeltuinvereniging De Bolder             5.0
2                  I05       Buurtkamer De Zonnebloem             3.0
3                  I05       Buurtkamer De Zonnebloem             3.0

``r.structure.questions`` is the questions table, ``r.ledger`` says for every raw row of
the export whether it was included and why not:

>>> r.ledger["status"].value_counts().to_dict() == {
...     "included": len(r.responses), "excluded": len(r.excluded)}
True

A ``Round`` holds the raw answers, personal ones included: for anything you show or
share, use ``public_responses`` (pseudonyms, allow-listed columns, redacted texts) or the
tidy data files of a run (``load_analysis``), and ``privacy.breakdown`` for cross-tabs.

Obstacle themes come from a scikit-learn style estimator (the built-in Dutch codebook;
answers it does not cover form emergent groups; non-answers get ""):

>>> themer = pipeline.ObstacleThemer(random_state=0)
>>> themer.fit_predict(["We hebben te weinig vrijwilligers", "n.v.t."]).tolist()
['vrijwilligers', '']

The tidy data of a round, with the privacy rules applied, is what ``samenspel run``
writes to ``data/`` through ``analyse_round``; ``load_analysis`` reads it back:

>>> import tempfile
>>> folder = tempfile.TemporaryDirectory()
>>> _ = pipeline.analyse_round("../surveys/demo/ronde-1", folder.name)
>>> analysis = pipeline.load_analysis(folder.name)
>>> analysis.meta["round"], len(analysis.responses) == analysis.meta["included"]
('ronde-1', True)
>>> "email" in analysis.responses.columns, analysis.responses.index.name
(False, 'response')
>>> folder.cleanup()

Everything is imported on first use, so ``import pipeline`` stays quick.
"""

from __future__ import annotations

import importlib
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

# one place for the version: pyproject.toml, read back from the installed metadata
try:
    __version__ = metadata.version("samenspel")
except metadata.PackageNotFoundError:  # a bare source tree on sys.path, never installed
    __version__ = "0+unknown"

if TYPE_CHECKING:
    import pandas as pd

    from pipeline.model import Round

# public name -> module that defines it; imported on first use (PEP 562)
_LAZY: dict[str, str] = {
    "load_round": "pipeline.ingest",
    "load_round_config": "pipeline.config",
    "Round": "pipeline.model",
    "Structure": "pipeline.model",
    "PipelineError": "pipeline.errors",
    "ObstacleThemer": "pipeline.obstacles",
    "theme_obstacles": "pipeline.obstacles",
    "load_codebook": "pipeline.obstacles",
    "aspect_scores": "pipeline.compare",
    "community_aspects": "pipeline.compare",
    "compare_initiatives": "pipeline.compare",
    "compare_rounds": "pipeline.compare",
    "community_trend": "pipeline.compare",
    "participation": "pipeline.compare",
    "data_dictionary": "pipeline.dictionary",
    "dictionary_markdown": "pipeline.dictionary",
    "Analysis": "pipeline.report.analysis",
    "analyse_round": "pipeline.report.analysis",
    "load_analysis": "pipeline.report.analysis",
    "breakdown": "pipeline.privacy",
}
# sub-packages reachable as attributes without an import of their own
_SUBMODULES = ("compare", "config", "dictionary", "errors", "ingest", "model", "obstacles", "privacy", "report", "trends")

__all__ = sorted([*_LAZY, "__version__", "load_history", "public_responses"])


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value  # later look-ups skip this function
        return value
    if name in _SUBMODULES:
        return importlib.import_module(f"pipeline.{name}")
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")


def __dir__() -> list[str]:
    # what tab completion offers: the public API, not this module's own imports
    return sorted({*__all__, *_SUBMODULES})


def public_responses(round: Round, *, secret: bytes | None = None, language: str | None = None) -> pd.DataFrame:
    """Return the publishable responses of ``round``: pseudonyms, allow-listed columns, redacted texts.

    Without ``secret`` the community's key is used (``$SAMENSPEL_SECRET`` or the key file
    outside the project), so pseudonyms match the reports and the other rounds. ``language``
    (``"nl"`` or ``"en"``; None: the round's) is the language of the redaction marks.

    >>> import pipeline
    >>> r = pipeline.load_round("../surveys/demo/ronde-2")
    >>> public = pipeline.public_responses(r)
    >>> public.index.name, len(public) == len(r.responses)
    ('response', True)
    >>> sorted({"email", "telefoon", "token", "ipaddr"} & set(public.columns))
    []
    """
    from pipeline import privacy
    from pipeline.i18n import Language

    if language is not None and language not in set(Language):
        raise ValueError(f"language {language!r} is not one samenspel writes in: choose one of {', '.join(Language)}")
    if secret is None:
        secret = privacy.community_secret(round.config.community)
    return privacy.public_responses(round, secret=secret, language=None if language is None else Language(language))


def load_history(round_dir: str | Path) -> list[Round]:
    """Return the round in ``round_dir`` and the rounds before it (``[round] previous``), oldest first.

    >>> import pipeline
    >>> [r.id for r in pipeline.load_history("../surveys/demo/ronde-2")]
    ['ronde-1', 'ronde-2']
    """
    from pipeline.config import load_round_config, round_history
    from pipeline.ingest import load_round

    return [load_round(config) for config in reversed(round_history(load_round_config(Path(round_dir))))]
