"""The data dictionary of a round: every variable, where it comes from, what it means.

A run writes it beside the data files (``data/data_dictionary.csv``, ``.parquet`` and
``.md``). The examples read the demo round from ``notebooks/``, where ``make lab`` opens.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from pipeline.model import Round

SYSTEM_FIELDS = {
    "id": "LimeSurvey's response id (never published: responses carry a pseudonym)",
    "submitdate": "when the response was submitted; empty means incomplete",
    "lastpage": "the last page the respondent left",
    "startlanguage": "the language the respondent started in",
    "seed": "LimeSurvey's randomisation seed",
    "token": "participant access code (personal)",
    "startdate": "when the respondent started",
    "datestamp": "when the respondent last acted",
    "ipaddr": "IP address (personal)",
    "refurl": "the page the respondent came from (personal)",
}
ROLE_COLUMNS = {
    "initiative": "initiative",
    "initiative_name": "initiative",
    "obstacle_text": "obstacles",
    "helped_text": "helped",
    "group": "group",
}
PERSONAL_SYSTEM = {"token", "ipaddr", "refurl"}
# the data files whose columns the dictionary describes besides the responses' variables
FILE_COLUMNS: dict[str, dict[str, str]] = {
    "trends": {
        "round": "the round (every round of the `previous` chain, oldest first)",
        "round_order": "1 for the oldest round",
        "initiative": "the initiative's code; empty for figures of the whole community",
        "measure": "responses (value: included responses, n: raw rows), initiatives (that answered), "
        "aspect_median / aspect_q1 / aspect_q3 (the community's scores on an aspect), question_median "
        "(a numeric question, by question code), theme_share (share of the initiatives that named the "
        "theme; n: how many), aspect_mean (an initiative's own mean; empty when held back), theme_answers "
        "(an initiative's answers naming the theme), obstacle_new / obstacle_no_longer (a theme an "
        "initiative names for the first time, or no longer, since the last round it answered)",
        "item": "the aspect, question code or theme the measure is about",
        "value": "the figure; empty is a gap: the round did not ask the question, or the figure is held back",
        "n": "the number of answers (or initiatives) the value rests on",
    },
    "question_changes": {
        "round": "the round that changed the questionnaire, compared with the round before it",
        "change": "added, removed, type, text, subquestion_added, subquestion_removed, subquestion_text, "
        "option_added, option_removed or option_renamed",
        "question": "the question code (rounds are matched by question code)",
        "subquestion / answer": "the subquestion or answer option code, where the change is about one",
        "old / new": "the text, label or type before and after",
    },
    "peers": {
        "initiative": "the initiative whose list this is",
        "theme": "an obstacle theme the initiative names",
        "list": "contact (helpers first, then initiatives that share the theme) or also_named (only those "
        "that share it)",
        "peer": "another initiative's code, the first [report] peers of the list",
        "kind": "helps (its 'what helped' answers address the theme) or shares (it names the theme too)",
        "rank": "1 for the first of the list: by kind, the helped answer's score, the overlap of the two "
        "initiatives' obstacle themes (Jaccard), the same group, the code",
        "total": "the list's full length: the page says 'and total - shown others' (every pair: "
        "peer_pairs.parquet in the research data)",
    },
    "groups": {
        "group": "the group (region) as [questions] group gives it",
        "slug": "its page's file name under groups/",
        "initiatives / answers": "its initiatives and their answers",
        "status": "published, or primary / complementary: held back by the small-group rules (no page, no "
        "figures); group_aspects and group_themes hold figures of published groups only",
    },
    "meeting_tables": {
        "table": "the table number at the next meeting (1, 2, ...)",
        "theme": "the obstacle theme the table is about",
        "initiative": "the initiative's code; every initiative that answered sits at exactly one table",
        "role": "helps (its 'what helped' answers address the theme), struggles (it names the theme "
        "as an obstacle) or other",
    },
}


def _labels(options: pd.DataFrame, column: str) -> str:
    if column not in options:
        return ""
    return "; ".join(f"{code} = {label}" for code, label in zip(options["code"], options[column], strict=True))


def data_dictionary(round: Round) -> pd.DataFrame:
    """Return one row per variable of the round's responses frame.

    Columns: ``variable`` (name in the responses frame), ``limesurvey`` (the code heading),
    ``question``, ``subquestion``, ``part``, ``type``, ``text_<lang>`` and ``labels_<lang>``
    per survey language, ``personal``, ``reportable``, ``role``.

    >>> from pipeline.ingest import load_round
    >>> dictionary = data_dictionary(load_round("../surveys/demo/ronde-2"))
    >>> rol = dictionary.set_index("variable").loc["rol"]
    >>> print(rol["text_nl"]); print(rol["labels_nl"])
    Wat is uw rol binnen het initiatief?
    vrijw = Vrijwilliger; coord = Coördinator; bestu = Bestuurslid; prof = Beroepskracht (professional)
    >>> print(rol["text_en"])
    What is your role within the initiative?
    >>> dictionary.loc[dictionary["personal"], "variable"].tolist()
    ['token', 'ipaddr', 'refurl', 'email', 'telefoon']
    """
    structure = round.structure
    config = round.config
    languages = list(structure.languages)
    questions = structure.questions.set_index("code")
    subs = structure.subquestions
    answers = structure.answers
    personal = set(config.questions.personal)
    reportable = set(config.privacy.reportable)
    roles = {
        config.questions.initiative: "initiative",
        config.questions.obstacles: "obstacles",
        config.questions.helped: "helped",
        config.questions.aspects: "aspects",
        config.questions.respondent_role: "respondent_role",
    }
    rows = []
    for entry in round.columns.itertuples(index=False):
        row = {
            "variable": entry.column,
            "limesurvey": entry.heading,
            "question": entry.question,
            "subquestion": entry.subquestion,
            "part": entry.part,
            "type": entry.type,
        }
        for lang in languages:
            text, labels = "", ""
            if entry.part == "system":
                text = SYSTEM_FIELDS.get(entry.column, "")
            elif entry.question in questions.index:
                text = str(questions.loc[entry.question, f"text_{lang}"] or "")
                if entry.subquestion:
                    sub = subs[(subs["question"] == entry.question) & (subs["code"] == entry.subquestion)]
                    if len(sub):
                        text += f" [{sub.iloc[0][f'text_{lang}']}]"
                if entry.part in ("other", "comment"):
                    text += f" ({entry.part})"
                elif not entry.subquestion or entry.type in ("F", "A", "B", "C", "E", "H", "1", ":", ";"):
                    labels = _labels(answers[answers["question"] == entry.question], f"label_{lang}")
            row[f"text_{lang}"] = text
            row[f"labels_{lang}"] = labels
        row["personal"] = entry.question in personal or entry.column in PERSONAL_SYSTEM
        row["reportable"] = entry.question in reportable and not row["personal"]
        row["role"] = roles.get(entry.question, "") if entry.part == "" else ""
        rows.append(row)
    for column, role in ROLE_COLUMNS.items():
        if column not in round.responses:
            continue
        source = getattr(config.questions, role)
        row = {"variable": column, "limesurvey": source, "question": source, "subquestion": "",
               "part": "role", "type": "", "personal": False, "reportable": True, "role": role}
        for lang in languages:
            text = str(questions.loc[source, f"text_{lang}"]) if source in questions.index else ""
            if column == "initiative_name":
                text += " (name)" if lang == "en" else " (naam)"
            row[f"text_{lang}"] = text
            row[f"labels_{lang}"] = ""
        rows.append(row)
    for column in [c for c in round.responses.columns if c.startswith("aspect_")]:
        sq = column.removeprefix("aspect_")
        row = {"variable": column, "limesurvey": f"{config.questions.aspects}[{sq}]",
               "question": config.questions.aspects, "subquestion": sq, "part": "role", "type": "F",
               "personal": False, "reportable": True, "role": "aspects"}
        for lang in languages:
            sub = subs[(subs["question"] == config.questions.aspects) & (subs["code"] == sq)]
            row[f"text_{lang}"] = str(sub.iloc[0][f"text_{lang}"]) if len(sub) else sq
            row[f"labels_{lang}"] = "1 .. 5 (score)"
        rows.append(row)
    columns = ["variable", "limesurvey", "question", "subquestion", "part", "type"]
    for lang in languages:
        columns += [f"text_{lang}", f"labels_{lang}"]
    columns += ["personal", "reportable", "role"]
    return pd.DataFrame(rows, columns=columns)


def _md(value: object) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def dictionary_markdown(
    dictionary: pd.DataFrame, *, title: str, files: Iterable[str] = (), parquet_only: dict[str, int] | None = None,
) -> str:
    """Return the data dictionary as a Markdown document; ``files`` adds the columns of those data files
    (``parquet_only``: those written as Parquet only, with their number of rows).

    >>> from pipeline.ingest import load_round
    >>> dictionary = data_dictionary(load_round("../surveys/demo/ronde-2"))
    >>> markdown = dictionary_markdown(dictionary, title="Ronde 2")
    >>> print(markdown.splitlines()[0])
    # Data dictionary: Ronde 2
    >>> print(markdown.splitlines()[4])
    | variable | LimeSurvey | type | text (nl) | text (en) | answers (nl) | answers (en) | personal | reportable |
    """
    languages = [c.removeprefix("text_") for c in dictionary.columns if c.startswith("text_")]
    headers = ["variable", "LimeSurvey", "type", *[f"text ({lang})" for lang in languages],
               *[f"answers ({lang})" for lang in languages], "personal", "reportable"]
    lines = [f"# Data dictionary: {_md(title)}", "",
             "Every variable of the round's responses. Personal variables never reach reports or public data files.", "",
             "| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    for row in dictionary.itertuples(index=False):
        record = row._asdict()
        cells = [record["variable"], record["limesurvey"], record["type"],
                 *[record[f"text_{lang}"] for lang in languages],
                 *[record[f"labels_{lang}"] for lang in languages],
                 "yes" if record["personal"] else "no", "yes" if record["reportable"] else "no"]
        lines.append("| " + " | ".join(_md(c) for c in cells) + " |")
    parquet_only = parquet_only or {}
    for name in files:
        written = f"{name}.parquet (no CSV)" if name in parquet_only else f"{name}.csv (and {name}.parquet)"
        lines += ["", f"## {written}", "", "| column | meaning |", "|---|---|"]
        lines += [f"| {_md(column)} | {_md(text)} |" for column, text in FILE_COLUMNS[name].items()]
    if parquet_only:
        lines += ["", "## Parquet only", "",
                  "These tables are too long for a spreadsheet to be of use: they are written as Parquet only "
                  "(read them with pandas, R or DuckDB).", ""]
        lines += [f"- {name}.parquet: {rows:,} rows" for name, rows in parquet_only.items()]
    return "\n".join(lines) + "\n"
