"""The per-community secret and the keyed pseudonyms made with it."""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from pipeline.errors import PrivacyError

SECRET_ENV = "SAMENSPEL_SECRET"
HOME_ENV = "SAMENSPEL_HOME"
# a shorter secret could be guessed by trying every key against the small response ids
MIN_SECRET_BYTES = 16
PSEUDONYM_HEX = 12


def key_folder() -> Path:
    """Return the folder that holds the community keys (outside any repository)."""
    if os.environ.get(HOME_ENV):
        return Path(os.environ[HOME_ENV]).expanduser()
    if os.environ.get("XDG_CONFIG_HOME"):
        return Path(os.environ["XDG_CONFIG_HOME"]).expanduser() / "samenspel"
    return Path.home() / ".config" / "samenspel"


def _secret_from_text(text: str, where: str) -> bytes:
    text = text.strip()
    if re.fullmatch(r"(?:[0-9a-fA-F]{2})+", text):
        secret = bytes.fromhex(text)
    else:
        secret = text.encode("utf-8")
    if len(secret) < MIN_SECRET_BYTES:
        # never echo the secret itself
        raise PrivacyError(key="privacy.short_secret", where=where, length=len(secret), minimum=MIN_SECRET_BYTES)
    return secret


def _inside_project(folder: Path) -> Path | None:
    """Return the repository or round folder that contains ``folder``, if any."""
    folder = folder.resolve()
    for parent in (folder, *folder.parents):
        if (parent / ".git").exists() or (parent / "round.toml").exists():
            return parent
    return None


def community_secret(community: str) -> bytes:
    """Return the community's pseudonym key: ``$SAMENSPEL_SECRET``, else a key file made once."""
    if os.environ.get(SECRET_ENV):
        return _secret_from_text(os.environ[SECRET_ENV], f"the environment variable {SECRET_ENV}")
    if not community or not re.fullmatch(r"[\w.-]+", community) or community.startswith("."):
        raise PrivacyError(key="privacy.bad_community", community=community)
    folder = key_folder()
    project = _inside_project(folder)
    if project is not None:
        raise PrivacyError(key="privacy.key_in_project", folder=folder, project=project, variable=HOME_ENV)
    path = folder / f"{community}.key"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another run created it a moment ago: use theirs
        else:
            with os.fdopen(handle, "w", encoding="ascii") as key_file:
                key_file.write(secrets.token_hex(32) + "\n")
    try:
        text = path.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as exc:
        raise PrivacyError(key="privacy.unreadable_key", path=path, reason=type(exc).__name__) from None
    return _secret_from_text(text, str(path))


def pseudonym(value: str, *, secret: bytes, namespace: str = "") -> str:
    """Return the keyed pseudonym ("r-" + 12 hex digits) of one identifier."""
    digest = hmac.new(secret, f"{namespace}\x1f{value}".encode(), hashlib.sha256).hexdigest()
    return "r-" + digest[:PSEUDONYM_HEX]


def pseudonymise(ids: pd.Series, *, secret: bytes, namespace: str = "") -> pd.Series:
    """Return the keyed pseudonym of each id (missing stays missing); the input is unchanged.

    ``namespace`` separates id spaces: response ids restart at 1 in every survey, so they
    are keyed with the survey, while participant tokens are keyed on their own so the same
    person keeps the same pseudonym next round.
    """
    values = [
        pd.NA if pd.isna(v) or str(v) == "" else pseudonym(str(v), secret=secret, namespace=namespace)
        for v in ids.tolist()
    ]
    return pd.Series(values, index=ids.index, name=ids.name, dtype="string")


# environment variables whose values must never appear in an output, log or notebook
CREDENTIAL_VARIABLES = ("LIMESURVEY_PASSWORD", SECRET_ENV)


def credential_values(
    environ: Mapping[str, str] | None = None, *, secrets_in_use: tuple[bytes, ...] = ()
) -> dict[str, set[str]]:
    """Return the credentials known to this run, as scan values of kind ``credential``.

    The LimeSurvey password and the community secret from the environment, and the hex
    form of any community key in use. Feed them to ``scan_outputs`` with the personal
    values; session keys are never written, so they need no entry here.
    """
    environ = os.environ if environ is None else environ
    found = {environ[name] for name in CREDENTIAL_VARIABLES if environ.get(name, "").strip()}
    found |= {secret.hex() for secret in secrets_in_use}
    return {"credential": {value for value in found if len(value) >= 4}}
