"""Privacy by default: the allow-list, pseudonyms, small-group rules, redaction and the output scan.

The report stage calls these; nothing here prints. See each module for the details:
``keys`` (secret, pseudonyms), ``public`` (allow-list, personal values), ``redact``,
``suppress`` (small groups), ``tables`` (formula-safe CSV/XLSX, HTML escaping), ``scan``.
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
    assert_clean,
    merge_values,
    output_files,
    scan_outputs,
    summary_line,
)
from pipeline.privacy.suppress import (
    SUPPRESSED_MARKER,
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
