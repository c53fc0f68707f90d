"""``samenspel fetch ROUND_DIR``: download a round from LimeSurvey into a new dated export set."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

PASSWORD_VARIABLE = "LIMESURVEY_PASSWORD"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("round_dir", type=Path, metavar="ROUND_DIR", help="round folder whose round.toml has a [limesurvey] table")
    parser.add_argument(
        "--timeout",
        type=float,
        default=None,
        metavar="SECONDS",
        help="how long to wait for each answer from LimeSurvey (default: 120; connecting: at most 10)",
    )
    parser.epilog = (
        f"The password is read from the environment variable {PASSWORD_VARIABLE}, never from a file. "
        "Each fetch writes a new folder exports/fetched-<UTC time>/ with a manifest; earlier downloads are kept."
    )


def handle(args: argparse.Namespace) -> int:
    from pipeline.config import load_round_config
    from pipeline.errors import ConfigError
    from pipeline.fetch import fetch_round
    from pipeline.fetch.session import DEFAULT_TIMEOUT

    # the round.toml is checked first, so a wrong folder is reported before a missing password
    config = load_round_config(args.round_dir)
    if config.limesurvey is None:
        raise ConfigError(
            f"{config.config_file} has no [limesurvey] table, so there is nothing to fetch from.",
            hint='Add [limesurvey] with url = "https://…/index.php/admin/remotecontrol", survey_id = 123456 '
            f'and username = "…"; the password goes in the environment variable {PASSWORD_VARIABLE}.',
        )
    password = os.environ.get(PASSWORD_VARIABLE, "")
    if not password:
        raise ConfigError(
            f"The environment variable {PASSWORD_VARIABLE} is not set, so samenspel cannot log in to "
            f"LimeSurvey as {config.limesurvey.username!r}.",
            hint=f"Set it for this command only, e.g. '{PASSWORD_VARIABLE}=… samenspel fetch {args.round_dir}' "
            "(or 'read -s' it first); never write the password in round.toml or any other file.",
        )
    if args.timeout is not None and args.timeout <= 0:
        raise ConfigError(f"--timeout must be more than 0 seconds, not {args.timeout:g}.", hint="For example --timeout 300.")
    timeout = DEFAULT_TIMEOUT if args.timeout is None else (min(DEFAULT_TIMEOUT[0], args.timeout), args.timeout)

    result = fetch_round(args.round_dir, password=password, timeout=timeout)
    found = result.export_set
    where = found.path.relative_to(config.round_dir.parent) if found.path.is_relative_to(config.round_dir.parent) else found.path
    if result.no_responses:
        counts = "no responses yet (LimeSurvey has none for this survey; the set holds the structure only)"
    else:
        counts = f"{result.responses} responses ({result.complete} complete, {result.incomplete} incomplete)"
    version = f", LimeSurvey {result.server_version}" if result.server_version else ""
    note = ""
    if config.exports.responses is not None:
        note = (" Note: round.toml [exports] names a responses file, so 'samenspel run' reads that file; "
                "remove responses and structure from [exports] to use the newest download.")
    print(f"samenspel: fetched survey {found.survey_id} into {where}: {counts}, {result.files} files{version}.{note}")
    return 0
