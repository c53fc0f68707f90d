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

from pipeline.messages import say


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar=say("codebook.action_metavar"))
    copy = actions.add_parser("copy", help=say("codebook.copy"), description=say("codebook.copy"))
    copy.add_argument("file", type=Path, metavar="FILE", help=say("codebook.copy.file"))

    check = actions.add_parser("check", help=say("codebook.check"), description=say("codebook.check"))
    check.add_argument("file", type=Path, metavar="FILE")

    for name in ("groups", "promote"):
        text = say(f"codebook.{name}")
        sub = actions.add_parser(name, help=text, description=text)
        sub.add_argument("source", type=Path, metavar="SOURCE", help=say("codebook.arg.source"))
        sub.add_argument("--text-column", default=None, metavar="COL", help=say("codebook.arg.text_column"))
        sub.add_argument("--codebook", type=Path, default=None, metavar="FILE", help=say("codebook.arg.codebook"))
        sub.add_argument("--random-state", type=int, default=None, metavar="N", help=say("codebook.arg.random_state"))
        if name == "promote":
            sub.add_argument("--group", required=True, metavar="ID", help=say("codebook.arg.group"))
            sub.add_argument("--id", required=True, dest="theme_id", metavar="NEW", help=say("codebook.arg.id"))
            sub.add_argument("--name", default=None, metavar="NAAM", help=say("codebook.arg.name"))
            sub.add_argument("--name-en", default=None, metavar="NAME", help=say("codebook.arg.name_en"))


def _texts_and_settings(args: argparse.Namespace) -> tuple[list[str], Path | None, int]:
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
        raise ConfigError(key="codebook.needs_text_column", source=source)
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
    text = f"{say('codebook.copied.line', round_file=example / ROUND_FILE)}\n{line}"
    if file.name == COMMUNITY_CODEBOOK:
        text += "\n" + say("codebook.copied.beside", file=file)
    return text


def handle(args: argparse.Namespace) -> int:
    from pipeline.errors import ConfigError
    from pipeline.obstacles import ObstacleThemer, builtin_codebook_path, load_codebook, promote_group, save_codebook
    from pipeline.obstacles.codebook import append_theme

    if args.action is None:
        raise ConfigError(key="codebook.no_action")
    if args.action == "copy":
        if args.file.exists():
            raise ConfigError(key="codebook.exists", file=args.file)
        save_codebook(load_codebook(None), args.file)
        print(say("codebook.copied", file=args.file))
        print(_codebook_advice(args.file))
        return 0
    if args.action == "check":
        codebook = load_codebook(args.file)
        print(say("codebook.checked", file=args.file, n=len(codebook.themes)))
        for theme in codebook.themes:
            print(say("codebook.theme_line", id=theme.id, name=theme.name_nl, keywords=len(theme.keywords),
                      examples=len(theme.examples)))
        return 0

    texts, codebook_path, seed = _texts_and_settings(args)
    codebook = load_codebook(codebook_path)
    themer = ObstacleThemer(codebook, random_state=seed)
    themer.fit(texts)
    groups = {g.id: g for g in themer.emergent_groups_}
    if args.action == "groups":
        if not groups:
            print(say("codebook.no_groups"))
        for group in groups.values():
            print(say("codebook.group_line", id=group.id, label=group.label_nl, size=group.size))
            for example in group.examples:
                print(f"    - {example}")
        return 0

    if args.group not in groups:
        known = ", ".join(groups) or say("init.none")
        raise ConfigError(key="codebook.unknown_group", group=args.group, source=args.source, known=known)
    if codebook_path is None or Path(codebook_path).resolve() == builtin_codebook_path().resolve():
        raise ConfigError(key="codebook.builtin")
    promoted = promote_group(
        codebook, groups[args.group], theme_id=args.theme_id, name_nl=args.name, name_en=args.name_en
    )
    theme = promoted.theme(args.theme_id)
    # appended, so that the facilitator's comments and layout stay as they are
    append_theme(codebook_path, theme)
    print(say("codebook.promoted", id=theme.id, name=theme.name_nl, file=codebook_path, keywords=", ".join(theme.keywords)))
    print(say("codebook.promoted_next"))
    return 0
