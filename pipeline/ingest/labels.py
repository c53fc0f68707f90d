"""Answer codes -> labels in one of the survey's languages."""

from __future__ import annotations

import pandas as pd

from pipeline.errors import InputError
from pipeline.limesurvey import OTHER_CODE
from pipeline.model import Round, Structure

OTHER_LABEL = {"nl": "Overige", "en": "Other"}


def label_answers(round_or_structure: Round | Structure, question_code: str, codes: pd.Series,
                  language: str) -> pd.Series:
    """Return the label of each answer code of ``question_code`` in ``language`` (unknown codes kept as is)."""
    structure = round_or_structure.structure if isinstance(round_or_structure, Round) else round_or_structure
    if question_code not in set(structure.questions["code"]):
        raise InputError(key="ingest.no_question", survey=structure.survey_id, code=question_code,
                         known=", ".join(structure.questions["code"]))
    if language not in structure.languages:
        raise InputError(key="ingest.no_language", survey=structure.survey_id, language=language,
                         known=", ".join(structure.languages))
    answers = structure.answers
    mine = answers[(answers["question"] == question_code) & (answers["scale"] == 0)]
    lookup = dict(zip(mine["code"], mine[f"label_{language}"], strict=True))
    lookup.setdefault(OTHER_CODE, OTHER_LABEL.get(language, "Other"))
    text = codes.astype("string")
    return text.map(lambda c: lookup.get(c, c) if isinstance(c, str) else c).astype("string")
