"""``samenspel fetch ROUND_DIR``: download a round from LimeSurvey into a new dated export set."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

from pipeline.messages import say

PASSWORD_VARIABLE = "LIMESURVEY_PASSWORD"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("round_dir", type=Path, metavar="ROUND_DIR", help=say("fetch.arg.round_dir"))
    parser.add_argument("--timeout", type=float, default=None, metavar="SECONDS", help=say("fetch.arg.timeout"))
    parser.add_argument("--insecure-http", action="store_true", help=say("fetch.arg.insecure_http"))
    parser.epilog = say("fetch.epilog", variable=PASSWORD_VARIABLE)


def handle(args: argparse.Namespace) -> int:
    from pipeline.config import load_round_config
    from pipeline.errors import ConfigError
    from pipeline.fetch import check_url, fetch_round, is_loopback
    from pipeline.fetch.session import DEFAULT_TIMEOUT

    # the round.toml is checked first, so a wrong folder is reported before a missing password
    config = load_round_config(args.round_dir)
    if config.limesurvey is None:
        raise ConfigError(key="fetch.no_table", file=config.config_file, variable=PASSWORD_VARIABLE)
    # an unencrypted address is refused before the password is even asked for
    url = check_url(config.limesurvey.url, f"{config.config_file}, [limesurvey] url", insecure_http=args.insecure_http)
    password = os.environ.get(PASSWORD_VARIABLE, "")
    if not password:
        raise ConfigError(key="fetch.no_password", variable=PASSWORD_VARIABLE, username=config.limesurvey.username,
                          folder=args.round_dir)
    if args.timeout is not None and args.timeout <= 0:
        raise ConfigError(key="fetch.timeout", value=args.timeout)
    timeout = DEFAULT_TIMEOUT if args.timeout is None else (min(DEFAULT_TIMEOUT[0], args.timeout), args.timeout)
    if url.lower().startswith("http://") and not is_loopback(urlsplit(url).hostname or ""):
        print(say("fetch.insecure_warning", url=url), file=sys.stderr, flush=True)

    result = fetch_round(args.round_dir, password=password, timeout=timeout, insecure_http=args.insecure_http)
    found = result.export_set
    where = found.path.relative_to(config.round_dir.parent) if found.path.is_relative_to(config.round_dir.parent) else found.path
    version = say("fetch.version", version=result.server_version) if result.server_version else ""
    if result.no_responses:
        print(say("fetch.empty", survey=found.survey_id, where=where, files=result.files, version=version))
        return 0
    counts = say("fetch.counts", responses=result.responses, complete=result.complete, incomplete=result.incomplete)
    note = say("fetch.exports_note") if config.exports.responses is not None else ""
    print(say("fetch.done", survey=found.survey_id, where=where, counts=counts, files=result.files, version=version,
              note=note))
    return 0
