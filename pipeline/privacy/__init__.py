"""Privacy by default: the allow-list, pseudonyms, small-group rules, redaction and the output scan.

The rules a facilitator signs off (each is enforced here, not left to the notebooks):

- Only questions listed in ``[privacy] reportable`` (plus the semantic role columns) leave
  the round; system fields (token, ipaddr, refurl, seed, startlanguage, lastpage), dates
  (unless ``include_dates``, then as days), file uploads and ``[questions] personal`` never.
- Response ids become keyed pseudonyms (HMAC-SHA256 with a per-community key kept outside
  the repository), the same for one person in every round.
- An initiative's own figure needs ``min_initiative_answers`` answers (never fewer than 2;
  3 by default, so no respondent can work out a colleague's answer from a mean and their
  own); a breakdown by a respondent attribute needs ``min_group_size`` (5) per group.
  Held-back cells get complements, so no total minus the others gives them away.
- Quotes are redacted (e-mail, phone, links, addresses, bank account and citizen service
  numbers, the participants' and listed names, and Dutch first names from a name list,
  ``firstnames``) and never carry a person, pseudonym or role; the initiative only where
  the round allows it.
- Every written file is scanned for every personal value of the raw export, for e-mail,
  phone, IBAN and BSN patterns and for credentials; any finding stops the run.

Modules: ``keys`` (secret, pseudonyms), ``public`` (allow-list, personal values),
``redact``, ``firstnames``, ``suppress`` (small groups, quotes), ``tables`` (formula-safe CSV/XLSX, HTML
escaping), ``scan``, ``patterns`` (shared regular expressions). Nothing here prints.
"""

from __future__ import annotations

from pipeline.privacy.keys import (
    community_secret,
    credential_values,
    key_folder,
    pseudonym,
    pseudonymise,
)
from pipeline.privacy.public import (
    check_reportable,
    personal_names,
    personal_values,
    public_columns,
    public_responses,
    response_pseudonyms,
    text_columns,
)
from pipeline.privacy.redact import PLACEHOLDERS, load_names, redact, redact_texts
from pipeline.privacy.scan import (
    Finding,
    Scanner,
    assert_clean,
    merge_values,
    output_files,
    scan_outputs,
    summary_line,
)
from pipeline.privacy.suppress import (
    SUPPRESSED_MARKER,
    FigureState,
    Quotes,
    SuppressedTable,
    breakdown,
    check_privacy_settings,
    initiative_aspects,
    initiative_breakdown,
    initiative_figures_allowed,
    initiative_note,
    public_quotes,
)
from pipeline.privacy.tables import (
    FORMULA_STARTS,
    html_text,
    neutralise_formula,
    neutralise_formulas,
    write_public_csv,
    write_public_xlsx,
)

__all__ = [
    "FORMULA_STARTS",
    "FigureState",
    "PLACEHOLDERS",
    "SUPPRESSED_MARKER",
    "Finding",
    "Quotes",
    "SuppressedTable",
    "assert_clean",
    "breakdown",
    "check_privacy_settings",
    "check_reportable",
    "community_secret",
    "credential_values",
    "html_text",
    "initiative_aspects",
    "initiative_breakdown",
    "initiative_figures_allowed",
    "initiative_note",
    "key_folder",
    "load_names",
    "merge_values",
    "neutralise_formula",
    "neutralise_formulas",
    "Scanner",
    "output_files",
    "personal_names",
    "personal_values",
    "pseudonym",
    "pseudonymise",
    "public_columns",
    "public_quotes",
    "public_responses",
    "redact",
    "redact_texts",
    "response_pseudonyms",
    "scan_outputs",
    "summary_line",
    "text_columns",
    "write_public_csv",
    "write_public_xlsx",
]
