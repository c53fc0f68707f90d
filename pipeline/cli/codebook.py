"""``samenspel codebook``: copy, check and grow a community's codebook of obstacle themes.

    samenspel codebook copy FILE                  an editable copy of the built-in codebook
    samenspel codebook check FILE                 check a codebook and list its themes
    samenspel codebook groups SOURCE              the new groups the codebook does not cover
    samenspel codebook promote SOURCE --group ID --id NEW --name NAAM
                                                  add a new group to the codebook as a theme

SOURCE is a round folder (its round.toml names the codebook) or a CSV file with
``--text-column``; the groups are the ones the reports (or ``samenspel obstacles``) show.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    copy = actions.add_parser("copy", help="write an editable copy of the built-in codebook")
    copy.add_argument("file", type=Path, metavar="FILE", help="where to write it (must not exist yet)")

    check = actions.add_parser("check", help="check a codebook and list its themes")
    check.add_argument("file", type=Path, metavar="FILE")

    for name, text in (
        ("groups", "list the new groups of answers that the codebook does not cover"),
        ("promote", "add one of those groups to the codebook as a theme"),
    ):
        sub = actions.add_parser(name, help=text, description=text)
        sub.add_argument("source", type=Path, metavar="SOURCE", help="a round folder, or a CSV file with --text-column")
        sub.add_argument("--text-column", default=None, metavar="COL", help="the text column when SOURCE is a CSV file")
        sub.add_argument("--codebook", type=Path, default=None, metavar="FILE",
                         help="the codebook (default: the one round.toml names; required for a CSV file when promoting)")
        sub.add_argument("--random-state", type=int, default=None, metavar="N",
                         help="seed (default: the round's, or 0)")
        if name == "promote":
            sub.add_argument("--group", required=True, metavar="ID", help="the group to promote, e.g. emergent-2")
            sub.add_argument("--id", required=True, dest="theme_id", metavar="NEW",
                             help="the new theme's id: lower-case letters, digits, '-'")
            sub.add_argument("--name", default=None, metavar="NAAM", help="the theme's Dutch name (default: the group's label)")
            sub.add_argument("--name-en", default=None, metavar="NAME", help="the theme's English name")


def _texts_and_settings(args: argparse.Namespace):
    """Return (texts, codebook path or None, random_state) for a round folder or a CSV file."""
    from pipeline.errors import ConfigError

    source: Path = args.source
    if source.is_dir() or source.name == "round.toml":
        from pipeline.config import load_round_config
        from pipeline.ingest import load_round

        config = load_round_config(source)
        responses = load_round(config).responses
        texts = [t if isinstance(t, str) else "" for t in responses["obstacle_text"].tolist()]
        codebook = args.codebook or config.obstacles.codebook
        seed = config.obstacles.random_state if args.random_state is None else args.random_state
        return texts, codebook, seed
    if args.text_column is None:
        raise ConfigError(
            f"{source} is not a round folder, so --text-column is needed.",
            hint="Give the column with the answers, for example --text-column belemmeringen.",
        )
    from pipeline.obstacles.files import read_text_csv

    texts = read_text_csv(source, args.text_column)["text"].tolist()
    return texts, args.codebook, 0 if args.random_state is None else args.random_state


def _codebook_advice(file: Path) -> str:
    """Return what to write in a round's round.toml to use ``file``, with the path as seen from there."""
    from pipeline.config import COMMUNITY_CODEBOOK, ROUND_FILE

    folder = file.resolve().parent
    rounds = sorted(p.parent for p in folder.glob(f"*/{ROUND_FILE}"))
    example = rounds[0] if rounds else folder / "ronde-1"
    line = f'  [obstacles]\n  codebook = "{os.path.relpath(file.resolve(), example).replace(os.sep, "/")}"'
    text = (f"In the round.toml of a round folder beside it ({example / ROUND_FILE}), write:\n{line}")
    if file.name == COMMUNITY_CODEBOOK:
        text += f"\nA round folder beside it without that line uses {file} by itself."
    return text


def handle(args: argparse.Namespace) -> int:
    from pipeline.errors import ConfigError
    from pipeline.obstacles import ObstacleThemer, builtin_codebook_path, load_codebook, promote_group, save_codebook
    from pipeline.obstacles.codebook import append_theme

    if args.action is None:
        raise ConfigError("samenspel codebook needs an action.", hint="Use copy, check, groups or promote (see --help).")
    if args.action == "copy":
        if args.file.exists():
            raise ConfigError(f"{args.file} already exists; it was left as it is.", hint="Choose a new file name.")
        save_codebook(load_codebook(None), args.file)
        print(f"Wrote an editable codebook to {args.file}.")
        print(_codebook_advice(args.file))
        return 0
    if args.action == "check":
        codebook = load_codebook(args.file)
        print(f"{args.file}: {len(codebook.themes)} themes, all valid.")
        for theme in codebook.themes:
            print(f"  {theme.id:16s} {theme.name_nl} ({len(theme.keywords)} keywords, {len(theme.examples)} examples)")
        return 0

    texts, codebook_path, seed = _texts_and_settings(args)
    codebook = load_codebook(codebook_path)
    themer = ObstacleThemer(codebook, random_state=seed)
    themer.fit(texts)
    groups = {g.id: g for g in themer.emergent_groups_}
    if args.action == "groups":
        if not groups:
            print("Every answer fits a theme of the codebook: there are no new groups.")
        for group in groups.values():
            print(f"{group.id}: {group.label_nl} ({group.size} answers)")
            for example in group.examples:
                print(f"    - {example}")
        return 0

    if args.group not in groups:
        known = ", ".join(groups) or "none"
        raise ConfigError(f"There is no group {args.group!r} in {args.source}.", hint=f"Groups found: {known}.")
    if codebook_path is None or Path(codebook_path).resolve() == builtin_codebook_path().resolve():
        raise ConfigError(
            "The answers are grouped with the built-in codebook, which cannot be changed.",
            hint="Make a copy with 'samenspel codebook copy FILE', point round.toml at it "
            "([obstacles] codebook = ...) or pass --codebook FILE, and promote again.",
        )
    promoted = promote_group(
        codebook, groups[args.group], theme_id=args.theme_id, name_nl=args.name, name_en=args.name_en
    )
    theme = promoted.theme(args.theme_id)
    # appended, so that the facilitator's comments and layout stay as they are
    append_theme(codebook_path, theme)
    print(f"Added theme {theme.id} ({theme.name_nl}) to {codebook_path} with keywords: {', '.join(theme.keywords)}.")
    print("Edit its keywords, definition and examples there; the next run uses them.")
    return 0
