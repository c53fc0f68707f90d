"""What ``samenspel validate`` reports about an export, a structure, an archive or a round folder."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from pipeline.config import ROUND_FILE, check_codebook, load_round_config, round_history
from pipeline.errors import InputError, PipelineError
from pipeline.ingest.detect import sniff_kind
from pipeline.ingest.ledger import build_ledger, ledger_counts
from pipeline.ingest.responses import Export, read_export
from pipeline.ingest.safety import check_size
from pipeline.messages import Term
from pipeline.model import Structure


def _questions(structure: Structure) -> list[dict[str, Any]]:
    subs = structure.subquestions
    out = []
    for _, q in structure.questions.iterrows():
        mine = subs[subs["question"] == q["code"]]
        entry: dict[str, Any] = {"code": q["code"], "type": q["type"],
                                 "text": q.get(f"text_{structure.base_language}", "")}
        entry["subquestions"] = [
            {"code": s["code"], "scale": int(s["scale"]), "text": s.get(f"text_{structure.base_language}", "")}
            for _, s in mine.iterrows()
        ]
        out.append(entry)
    return out


def _questions_from_columns(export: Export) -> list[dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for _, row in export.columns.iterrows():
        if row["part"] in {"system", "attribute", "timing"}:
            continue
        entry = out.setdefault(row["question"], {"code": row["question"], "type": row["type"] or None,
                                                 "subquestions": []})
        if row["subquestion"] and row["part"] == "" and row["subquestion"] not in {s["code"] for s in entry["subquestions"]}:
            entry["subquestions"].append({"code": row["subquestion"]})
    return list(out.values())


def _structure_summary(structure: Structure, kind: str) -> dict[str, Any]:
    types = Counter(structure.questions["type"])
    return {
        "kind": kind,
        "survey_id": structure.survey_id,
        "titles": structure.titles,
        "base_language": structure.base_language,
        "languages": list(structure.languages),
        "questions": _questions(structure),
        "questions_by_type": dict(sorted(types.items())),
        "responses": 0,
        "complete": 0,
        "incomplete": 0,
        "unmapped_columns": [],
    }


def _export_summary(export: Export, structure: Structure | None) -> dict[str, Any]:
    frame = export.frame
    if "submitdate" in frame:
        complete = int(frame["submitdate"].notna().sum())
    else:
        complete = int(len(frame))
    if structure is not None:
        base = _structure_summary(structure, export.kind)
        base["structure"] = str(structure.source) if structure.source else None
    else:
        questions = _questions_from_columns(export)
        base = {
            "kind": export.kind, "survey_id": None, "titles": {}, "base_language": None,
            "languages": [], "questions": questions,
            "questions_by_type": dict(Counter(q["type"] or "?" for q in questions)), "structure": None,
        }
    if "startlanguage" in frame:
        seen = sorted(set(frame["startlanguage"].dropna().astype(str)))
        base["languages"] = list(dict.fromkeys([*base["languages"], *seen]))
    answer_columns = list(export.answer_fields)
    ledger = build_ledger(frame, answer_columns)
    base.update({
        "file": str(export.path),
        "responses": int(len(frame)),
        "complete": complete,
        "incomplete": int(len(frame)) - complete,
        "ledger": ledger_counts(ledger),
        "delimiter": export.delimiter,
        "encoding": export.encoding,
        "heading_style": export.heading_style,
        "answer_style": export.answer_style,
        "columns": len(export.headings),
        "unmapped_columns": list(export.unmapped),
        "warnings": list(export.warnings),
    })
    return base


def _structure_nearby(path: Path) -> Structure | None:
    """Return the one survey structure (.lss) beside an export or one folder up, if there is exactly one."""
    from pipeline.ingest.structure import read_structure

    for folder in (path.parent, path.parent.parent):
        found = sorted(folder.glob("*.lss"))
        if len(found) == 1:
            try:
                return read_structure(found[0])
            except PipelineError:
                return None
    return None


def summarise(path: Path, structure_path: Path | None = None, *, max_megabytes: int = 200) -> dict[str, Any]:
    """Return the summary ``samenspel validate --json`` prints for ``path``."""
    from pipeline.ingest.rounds import load_round
    from pipeline.ingest.structure import read_structure

    path = Path(path)
    if not path.exists():
        raise InputError(key="ingest.missing_path", path=path)
    if path.is_dir():
        if (path / ROUND_FILE).is_file():
            # the previous rounds first, as run reads them: a chain that points at itself or at another
            # community, a previous round's export copied in unchanged
            config = load_round_config(path)
            round_history(config)
            rnd = load_round(config)
            check_codebook(rnd.config)
            export = read_export(rnd.export_files[0], rnd.structure, max_megabytes=rnd.config.exports.max_megabytes)
            summary = _export_summary(export, rnd.structure)
            summary["kind"] = "round"
            summary["round"] = rnd.config.id
            summary["ledger"] = ledger_counts(rnd.ledger)
            summary["included"] = int(len(rnd.responses))
            return summary
        if (path / "get_survey_properties.json").is_file():
            return _structure_summary(read_structure(path, max_megabytes=max_megabytes), "structure-rc2")
        raise InputError(key="ingest.plain_folder", path=path)
    check_size(path, max_megabytes)
    structure = read_structure(structure_path, max_megabytes=max_megabytes) if structure_path else None
    with path.open("rb") as handle:
        head = handle.read(4096)
    sniffed = sniff_kind(path, head)
    suffix = path.suffix.lower()
    if sniffed == "xml" and b"<LimeSurveyDocType>Survey" in head and suffix not in {".lss", ".xml", ""}:
        raise InputError(key="ingest.structure_as_export", path=path, suffix=suffix)
    if suffix == ".lss" or (sniffed == "xml" and b"<LimeSurveyDocType>Survey" in head):
        return _structure_summary(read_structure(path, max_megabytes=max_megabytes), "structure-lss")
    if suffix == ".lsa":
        archive_structure = read_structure(path, max_megabytes=max_megabytes)
        export = read_export(path, structure or archive_structure, max_megabytes=max_megabytes)
        return _export_summary(export, structure or archive_structure)
    if sniffed == "text" and suffix in {".tsv", ".txt"} and head.lstrip(b"\xef\xbb\xbf").startswith(b"id\trelated_id\tclass"):
        return _structure_summary(read_structure(path, max_megabytes=max_megabytes), "structure-tsv")
    if sniffed == "json" and b'"status"' in head and b'"responses"' not in head:
        return _export_summary(read_export(path, structure, max_megabytes=max_megabytes), structure)
    if sniffed == "json" and b'"responses"' not in head and suffix == ".json":
        return _structure_summary(read_structure(path, max_megabytes=max_megabytes), "structure-json")
    if structure is None:
        structure = _structure_nearby(path)
        if structure is not None:
            try:
                export = read_export(path, structure, max_megabytes=max_megabytes)
                if not export.unmapped:
                    return _export_summary(export, structure)
            except InputError:
                pass
        export = read_export(path, None, max_megabytes=max_megabytes)
        return _export_summary(export, None)
    export = read_export(path, structure, max_megabytes=max_megabytes)
    if export.unmapped:
        shown = ", ".join(repr(h) for h in export.unmapped[:5])
        raise InputError(key="ingest.unmapped_with", path=path, n=len(export.unmapped), survey=structure.survey_id,
                         structure=structure_path.name if structure_path else Term("ingest.the_structure_given"),
                         columns=shown)
    return _export_summary(export, structure)
